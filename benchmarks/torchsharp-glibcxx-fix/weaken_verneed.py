#!/usr/bin/env python3
"""Mark one version requirement of an ELF shared object as weak (VER_FLG_WEAK), in place.

Usage: weaken_verneed.py LIBRARY VERSION_NAME

The dynamic loader refuses to load a library whose .gnu.version_r (SHT_GNU_verneed) section requires a version
that the providing library lacks ("version `GLIBCXX_3.4.32' not found") unless that requirement carries
VER_FLG_WEAK (0x2). Setting the flag turns the fatal error into nothing; it does not touch the symbols, so any
symbol still bound to that version would fail to resolve at load time: clear those symbols' versions first
(patchelf --clear-symbol-version). Idempotent: running it again leaves the file as it is.
Exit codes: 0 patched or already weak, 1 the requirement is not in the file, 2 not an ELF64 little-endian file.
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path: str, version: str) -> int:
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            print(f"{path}: not a 64-bit little-endian ELF file", file=sys.stderr)
            return 2
        e_shoff, = struct.unpack_from("<Q", data, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)

        def section(i):
            # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize
            return struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)

        found = False
        for i in range(e_shnum):
            sh = section(i)
            if sh[1] != SHT_GNU_VERNEED:
                continue
            verneed_off, verneed_count = sh[4], sh[7]
            strtab_off = section(sh[6])[4]

            def name_at(offset):
                start = strtab_off + offset
                return bytes(data[start:data.index(0, start)]).decode("ascii", "replace")

            entry = verneed_off
            for _ in range(verneed_count):
                # Elf64_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next
                _, vn_cnt, _, vn_aux, vn_next = struct.unpack_from("<HHIII", data, entry)
                aux = entry + vn_aux
                for _ in range(vn_cnt):
                    # Elf64_Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
                    _, vna_flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                    if name_at(vna_name) == version:
                        found = True
                        if vna_flags & VER_FLG_WEAK:
                            print(f"{path}: {version} already weak")
                        else:
                            struct.pack_into("<H", data, aux + 4, vna_flags | VER_FLG_WEAK)
                            f.seek(aux + 4)
                            f.write(data[aux + 4:aux + 6])
                            print(f"{path}: {version} marked weak")
                    if vna_next == 0:
                        break
                    aux += vna_next
                if vn_next == 0:
                    break
                entry += vn_next
        if not found:
            print(f"{path}: no requirement of version {version}", file=sys.stderr)
            return 1
        return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1], sys.argv[2]))
