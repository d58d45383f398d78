#!/usr/bin/env bash
# Per-basic-block CPU profile of one C# column of the side-by-side (Linux perf, cpu-clock sampling), for the
# analysis in ../../ADBench.md. Needs perf (Debian: linux-perf) and a Release build of ../../AutoDiffGen.ADBench.
#   jit-block-profile.sh COLUMN D K N METHOD     e.g.  jit-block-profile.sh generated 64 5 1000 Gmm::ObjectiveBackward
set -euo pipefail
column=$1 d=$2 k=$3 n=$4 method=$5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dll="${ADBENCH_DLL:-$here/../../AutoDiffGen.ADBench/bin/Release/net10.0/AutoDiffGen.ADBench.dll}"
work="$(mktemp -d)"
short="${method##*::}"; short="${short%%(*}"
# W^X off so perf sees the code at its executable address; the perf map gives the method's address and size.
DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapEnabled=3 DOTNET_JitDisasm="$short" DOTNET_JitStdOutFile="$work/disasm.txt" \
    perf record -q -e cpu-clock -F 4000 -o "$work/perf.data" -- \
    dotnet "$dll" gmm-one --d "$d" --k "$k" --n "$n" --column "$column" --budget 2 > "$work/out.txt" 2>&1 & pid=$!
wait $pid
child=$(perf script -i "$work/perf.data" -F pid 2>/dev/null | sort | uniq -c | sort -rn | awk 'NR==1{print $2}')
perf script -i "$work/perf.data" -F ip 2>/dev/null | sort | uniq -c | awk '{print $1, $2}' > "$work/ips.txt"
grep -h "seconds=" "$work/out.txt" | tail -n 1
python3 "$here/jit-block-profile.py" "/tmp/perf-$child.map" "$method" "$work/disasm.txt" "$work/ips.txt"
rm -rf "$work" "/tmp/perf-$child.map" "/tmp/perfinfo-$child.map"
