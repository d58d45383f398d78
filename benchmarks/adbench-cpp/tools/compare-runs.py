#!/usr/bin/env python3
"""Stability of the side-by-side across runs: for each size, the headline ratios (generated ÷ Manual C++ gradient,
C# ÷ g++ objective) of each run (minimum over its repeats, as the tables), and of each single repeat, so the spread
between passes and between runs can be read off. Usage: compare-runs.py RUN1.tsv RUN2.tsv ..."""
import sys
from collections import defaultdict

runs = []
for path in sys.argv[1:]:
    cells = defaultdict(dict)  # (n, d, k) -> {(repeat, column): seconds}
    for line in open(path):
        if line.startswith('#'):
            continue
        rep, n, d, k, column, seconds = line.split('\t')[:6]
        cells[(int(n), int(d), int(k))][(int(rep), column)] = float(seconds)
    runs.append(cells)

def best(cell, column):
    return min(v for (r, c), v in cell.items() if c == column)

def per_repeat(cell, a, b):
    reps = sorted({r for (r, _) in cell})
    return [cell[(r, a)] / cell[(r, b)] for r in reps if (r, a) in cell and (r, b) in cell]

names = ' | '.join(f'run {i + 1}' for i in range(len(runs)))
print(f'| n | d | K | generated ÷ Manual C++: {names} | per pass (min–max) | C# ÷ g++ objective: {names} | per pass (min–max) |')
print('| ---: | ---: | ---: | ' + ' | '.join(['---:'] * len(runs)) + ' | --- | ' + ' | '.join(['---:'] * len(runs)) + ' | --- |')
for key in runs[0]:
    if not all(key in r for r in runs):
        continue
    g = [best(r[key], 'generated') / best(r[key], 'cpp-manual') for r in runs]
    o = [best(r[key], 'objective') / best(r[key], 'cpp-objective') for r in runs]
    gp = [x for r in runs for x in per_repeat(r[key], 'generated', 'cpp-manual')]
    op = [x for r in runs for x in per_repeat(r[key], 'objective', 'cpp-objective')]
    print(f'| {key[0]} | {key[1]} | {key[2]} | ' + ' | '.join(f'{x:.2f}' for x in g) + f' | {min(gp):.2f}–{max(gp):.2f} | '
          + ' | '.join(f'{x:.2f}' for x in o) + f' | {min(op):.2f}–{max(op):.2f} |')
