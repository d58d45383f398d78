#!/usr/bin/env bash
# Makes TorchSharp-cpu 0.107.0's native library load on a machine whose libstdc++ predates GCC 13 (Debian 12).
#
# Usage: fix-torchsharp-native.sh OUTPUT_DIR
#   Patches every libLibTorchSharp.so found under OUTPUT_DIR (a build output, never the NuGet cache).
#   The benchmark project runs it after every build (target PatchTorchSharpNative in its .csproj).
#
# Why: libLibTorchSharp.so is built with GCC 13 and requires the version GLIBCXX_3.4.32 of libstdc++.so.6, for one
# symbol only: std::ios_base_library_init() (_ZSt21ios_base_library_initv), through which GCC 13 initialises the
# standard streams. Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the loader refuses the library
# ("version `GLIBCXX_3.4.32' not found") and TorchSharp cannot start. Older libstdc++ initialises the streams
# itself, so the call is safely a no-op there. On each copy the script:
#   1. clears the version of that one symbol (patchelf --clear-symbol-version), so it binds to any definition;
#   2. adds a NEEDED entry for libadg_ios_base_library_init.so, built here from ios_base_library_init_stub.cpp and
#      put beside the library (its RUNPATH has $ORIGIN), which defines the function as a no-op;
#   3. marks the GLIBCXX_3.4.32 requirement in .gnu.version_r weak (VER_FLG_WEAK, weaken_verneed.py), so the
#      loader no longer insists on the missing version.
# Does nothing when the machine's libstdc++ already has GLIBCXX_3.4.32, or on anything but Linux. Idempotent.
# Installs patchelf (and g++ if needed) from Debian when missing; that needs root, or sudo.
set -euo pipefail

OUT="${1:?usage: fix-torchsharp-native.sh OUTPUT_DIR}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION=GLIBCXX_3.4.32
SYMBOL=_ZSt21ios_base_library_initv
STUB=libadg_ios_base_library_init.so
say() { echo "fix-torchsharp-native: $*"; }

if [ "$(uname -s)" != Linux ]; then
  exit 0
fi

libstdcxx="$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')"
if [ -z "$libstdcxx" ]; then
  for candidate in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6; do
    if [ -e "$candidate" ]; then libstdcxx="$candidate"; break; fi
  done
fi
if [ -z "$libstdcxx" ]; then
  say "no libstdc++.so.6 found; nothing to do"
  exit 0
fi
# grep -a finds the version string without binutils' strings (installed later with g++ if needed).
if grep -qaF "$VERSION" "$libstdcxx"; then
  say "$libstdcxx has $VERSION; no patch needed"
  exit 0
fi

mapfile -t libs < <(find "$OUT" -name libLibTorchSharp.so -type f 2>/dev/null)
if [ "${#libs[@]}" -eq 0 ]; then
  say "no libLibTorchSharp.so under $OUT; nothing to do"
  exit 0
fi

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      say "'$*' is missing and installing it needs root: run  apt-get install -y $*  and build again" >&2
      exit 1
    fi
  fi
  say "installing $* from Debian"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v patchelf >/dev/null || apt_install patchelf
command -v g++ >/dev/null || apt_install g++
command -v readelf >/dev/null || apt_install binutils
command -v python3 >/dev/null || apt_install python3

for lib in "${libs[@]}"; do
  dir="$(dirname "$lib")"
  if [ ! -e "$dir/$STUB" ] || [ "$HERE/ios_base_library_init_stub.cpp" -nt "$dir/$STUB" ]; then
    g++ -shared -fPIC -O2 -o "$dir/$STUB.tmp" "$HERE/ios_base_library_init_stub.cpp"
    mv -f "$dir/$STUB.tmp" "$dir/$STUB"
  fi
  if patchelf --print-needed "$lib" | grep -qx "$STUB" \
     && readelf -V "$lib" | grep -q "Name: $VERSION  Flags: WEAK"; then
    say "$lib already patched"
    continue
  fi
  # Patch a private copy, then move it over: the output file may be a hard link into the NuGet cache.
  tmp="$lib.patching"
  cp -f "$lib" "$tmp"
  patchelf --clear-symbol-version "$SYMBOL" "$tmp"
  patchelf --print-needed "$tmp" | grep -qx "$STUB" || patchelf --add-needed "$STUB" "$tmp"
  python3 "$HERE/weaken_verneed.py" "$tmp" "$VERSION" >/dev/null
  mv -f "$tmp" "$lib"
  say "patched $lib"
done
