#!/usr/bin/env python3
"""Per-basic-block profile of one JIT-compiled method: perf samples (perf script ips) mapped onto the JIT's own
disassembly (DOTNET_JitDisasm, whose blocks carry their offsets), using the method's start and size from the
runtime's perf map. Usage: jit-block-profile.py PERF_MAP METHOD_SUBSTRING DISASM IPS [TOP]"""
import re
import sys

perf_map, method, disasm, ips_path = sys.argv[1:5]
top = int(sys.argv[5]) if len(sys.argv) > 5 else 12

start = size = None
for line in open(perf_map):
    addr, length, name = line.split(' ', 2)
    if method in name and '[Optimized' in name:
        start, size = int(addr, 16), int(length, 16)
if start is None:
    sys.exit(f'{method}: not in {perf_map}')

# The listing of the method: blocks G_M000_IGnn with their offsets, and their instructions.
blocks, body, current, inside = [], {}, None, False
for line in open(disasm):
    if line.startswith('; Assembly listing for method'):
        inside = method.replace('::', ':') in line
        continue
    if not inside:
        continue
    m = re.match(r'(G_M\d+_IG\d+):\s+;; offset=0x([0-9A-F]+)', line)
    if m:
        current = m.group(1)
        blocks.append((int(m.group(2), 16), current))
        body[current] = []
    elif current and line.strip() and not line.startswith(';'):
        body[current].append(line.strip())
blocks.sort()

counts, total, hits = {}, 0, 0
for line in open(ips_path):
    count, ip = line.split()
    count, ip = int(count), int(ip, 16)
    total += count
    if start <= ip < start + size:
        hits += count
        name = max((b for b in blocks if b[0] <= ip - start), default=(0, '?'))[1]
        counts[name] = counts.get(name, 0) + count
print(f'{method}: {hits} of {total} samples ({100.0 * hits / max(total, 1):.1f} %) in the method')
for name, count in sorted(counts.items(), key=lambda x: -x[1])[:top]:
    print(f'{100.0 * count / max(hits, 1):5.1f} %  {name} ({len(body.get(name, []))} instructions): ' + ' | '.join(body.get(name, [])))
