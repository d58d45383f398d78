#!/usr/bin/env bash
# The order-effect experiment of ADBench.md: the same GMM column measured alone in a fresh process and after another
# size in the same process (gmm-one --after), the old in-process table (`gmm --pairs`) both ways, and the default
# runtime against DOTNET_TieredCompilation=0, alternated so that the machine's changing load hits both sides alike.
#   order-effect.sh [REPEATS]      (Release build of ../../AutoDiffGen.ADBench first)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dll="${ADBENCH_DLL:-$here/../../AutoDiffGen.ADBench/bin/Release/net10.0/AutoDiffGen.ADBench.dll}"
repeats=${1:-4}
one() { dotnet "$dll" gmm-one "$@" | tail -n 1 | grep -o 'seconds=[0-9.E-]*' | cut -d= -f2; }
# The old table prints one row per size; column 7 (generated) of the last row, in its own unit.
table() { dotnet "$dll" gmm --n 1000 --pairs "$1" | tail -n 1 | awk -F'|' '{gsub(/ /, "", $7); print $7}'; }
echo "# order effect: start $(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\t%s\t%s\n' variant value load
for r in $(seq "$repeats"); do
    for v in A B C D E F G H I J K L; do
        case $v in
            A) x=$(one --d 10 --k 5 --n 1000 --column generated); name="generated (10,5) alone" ;;
            B) x=$(one --d 10 --k 5 --n 1000 --column generated --after 2,5); name="generated (10,5) after (2,5)" ;;
            C) x=$(table 10,5); name="old table: generated (10,5) first" ;;
            D) x=$(table 2,5,10,5); name="old table: generated (10,5) after (2,5)" ;;
            E) x=$(one --d 20 --k 5 --n 1000 --column objective); name="objective (20,5) alone" ;;
            F) x=$(one --d 20 --k 5 --n 1000 --column objective --after 2,5); name="objective (20,5) after (2,5)" ;;
            G) x=$(one --d 20 --k 5 --n 1000 --column manual); name="hand-written C# gradient (20,5) alone" ;;
            H) x=$(one --d 20 --k 5 --n 1000 --column manual --after 2,5); name="hand-written C# gradient (20,5) after (2,5)" ;;
            I) x=$(one --d 64 --k 5 --n 1000 --column objective); name="objective (64,5) default runtime" ;;
            J) x=$(DOTNET_TieredCompilation=0 one --d 64 --k 5 --n 1000 --column objective); name="objective (64,5) TieredCompilation=0" ;;
            K) x=$(one --d 64 --k 5 --n 1000 --column generated); name="generated (64,5) default runtime" ;;
            L) x=$(DOTNET_TieredCompilation=0 one --d 64 --k 5 --n 1000 --column generated); name="generated (64,5) TieredCompilation=0" ;;
        esac
        printf '%s\t%s\t%s\n' "$name" "$x" "$(cut -d' ' -f1 /proc/loadavg)"
    done
done
echo "# order effect: end $(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
