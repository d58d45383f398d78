#!/usr/bin/env bash
# ADBench's GMM side by side: AutoDiffGen's generated C# gradient against ADBench's Manual C++ gradient and ADOL-C,
# g++ -O3 -march=native, same data, same timing rule, every (size, column) in a fresh process. See ADBench.md.
#
#   benchmarks/adbench-side-by-side.sh              # n = 1,000 (whole d × K grid) and n = 10,000 (ADBench's sizes), 3 repeats
#   benchmarks/adbench-side-by-side.sh --quick      # 4 + 2 sizes, 2 repeats (a few minutes)
#   benchmarks/adbench-side-by-side.sh --n 1000 --pairs 2,5,64,5 --repeat 5
#
# Any argument is passed to `AutoDiffGen.ADBench side-by-side` (--n, --pairs, --quick, --repeat, --no-adolc,
# --adolc-max-ops, --budget). Installs what it needs on Debian 12 (g++, make, libadolc-dev; as root or with sudo);
# the .NET 10 SDK must be on PATH. The tables go to stdout and to benchmarks/adbench-cpp/build/side-by-side.md, the
# per-process figures to benchmarks/adbench-cpp/build/side-by-side.tsv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cpp="$here/adbench-cpp"

need=()
command -v g++ > /dev/null || need+=(g++)
command -v make > /dev/null || need+=(make)
[ -f /usr/include/adolc/adolc.h ] || need+=(libadolc-dev)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing ${need[*]} with apt-get" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2
fi
command -v dotnet > /dev/null || { echo "The .NET 10 SDK (dotnet) must be on PATH." >&2; exit 1; }

echo "Building the C++ side ($(g++ --version | head -n 1))" >&2
make -s -C "$cpp" -j2 >&2
echo "Building the C# side (Release)" >&2
dotnet build -c Release "$here/AutoDiffGen.ADBench" -nologo -v quiet >&2

mkdir -p "$cpp/build"
dotnet "$here/AutoDiffGen.ADBench/bin/Release/net10.0/AutoDiffGen.ADBench.dll" side-by-side \
    --cpp "$cpp/build/adbench-gmm" --raw "$cpp/build/side-by-side.tsv" "$@" | tee "$cpp/build/side-by-side.md"
