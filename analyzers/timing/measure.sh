#!/usr/bin/env bash
# Times the ADG1xxx analyzers on a file of 300 [Differentiable] methods (make-models.py) the way a user's build runs
# them: Release-built analyzers, generator and runtime, `dotnet build -p:ReportAnalyzer=true`, a fresh compile per run.
#
#   analyzers/timing/measure.sh [runs] [methods]                 # this tree's analyzers (default 7 runs, 300 methods)
#   analyzers/timing/measure.sh 7 300 /path/to/Other.Analyzers.dll  # interleave runs with another build (A/B)
#
# Prints every run with the load average at that moment, then the median per analyzer. The machine is shared: compare
# figures only from the same invocation (interleaved A/B runs see the same load).
set -euo pipefail
runs=${1:-7}
methods=${2:-300}
other=${3:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${TIMING_DIR:-/tmp/adg-analyzer-timing}
mkdir -p "$work"
dotnet build "$repo/analyzers/AutoDiffGen.Analyzers" -c Release -v:q -nologo >/dev/null
dotnet build "$repo/generator/AutoDiffGen.Generator" -c Release -v:q -nologo >/dev/null
dotnet build "$repo/runtime/AutoDiffGen.Runtime" -c Release -v:q -nologo >/dev/null
tensors=$(sed -n 's/.*"System.Numerics.Tensors" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props")
this="$repo/analyzers/AutoDiffGen.Analyzers/bin/Release/netstandard2.0/AutoDiffGen.Analyzers.dll"
# Outside the repository, so its Directory.Build.props (warnings as errors) does not apply. The rules stay enabled:
# the compiler does not run an analyzer whose diagnostics are all suppressed.
cat > "$work/Timing.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <AnalyzersDll Condition="'\$(AnalyzersDll)' == ''">$this</AnalyzersDll>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="System.Numerics.Tensors" Version="$tensors" />
    <Reference Include="$repo/runtime/AutoDiffGen.Runtime/bin/Release/net10.0/AutoDiffGen.Runtime.dll" />
    <Analyzer Include="$repo/generator/AutoDiffGen.Generator/bin/Release/netstandard2.0/AutoDiffGen.Generator.dll" />
    <Analyzer Include="\$(AnalyzersDll)" />
  </ItemGroup>
</Project>
PROJ
python3 "$repo/analyzers/timing/make-models.py" "$methods" > "$work/Models.cs"
dotnet restore "$work/Timing.csproj" -v:q >/dev/null
measure() { # $1 = label, $2 = analyzers dll
  touch "$work/Models.cs"
  local load out
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  out=$(dotnet build "$work/Timing.csproj" -c Release --no-restore -nologo -p:ReportAnalyzer=true -p:AnalyzersDll="$2" -v:d 2>&1)
  # ReportAnalyzer prints one line per analyzer type: "<seconds>   <percent>   <type name> (<ids>)".
  echo "$out" | grep -E "^\s+[0-9.<]+\s+[0-9<]+\s+AutoDiffGen\.Analyzers\.[A-Za-z]+Analyzer \(ADG" |
    awk -v label="$1" -v load="$load" '{ v = $1; sub(/</, "", v); n = $3; sub(/.*\./, "", n); sub(/Analyzer$/, "", n); t[n] = v; total += v }
      END { printf "%s  load %s  total %.3f", label, load, total; for (k in t) printf "  %s %.3f", k, t[k]; printf "\n" }'
}
results=$(mktemp)
for run in $(seq 1 "$runs"); do
  measure "this  run $run" "$this" | tee -a "$results"
  if [ -n "$other" ]; then measure "other run $run" "$other" | tee -a "$results"; fi
done
python3 - "$results" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label = line.split()[0]
    for key, value in re.findall(r"(total|[A-Z][A-Za-z]+) ([0-9.]+)", line):
        rows.setdefault(label, {}).setdefault(key, []).append(float(value))
for label, columns in rows.items():
    print(f"median {label}: " + "  ".join(f"{k} {statistics.median(v):.3f}" for k, v in columns.items()))
PY
rm -f "$results"
