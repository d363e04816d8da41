#!/usr/bin/env python3
"""Prints the medians of the article4 bench (criterion's estimates.json) as
the markdown tables of docs/performance.md: load pacta vs raw, eval pacta vs
baseline, their ratios and the growth from one size to the next.

    python3 benches/summarize.py [CRITERION_DIR]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion, else target/criterion.
"""

import json
import os
import sys
from pathlib import Path


def median_ns(root, group, name, facts):
    path = root / group / name / str(facts) / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"]


def fmt(ns):
    if ns is None:
        return "–"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}" if ns / scale < 100 else f"{ns / scale:.0f} {unit}"
    return f"{ns:.0f} ns"


def ratio(a, b):
    return "–" if a is None or b is None else f"{a / b:.2f}×"


def table(root, suffix, sizes):
    for kind, other, label in (("load", "raw", "raw serde-saphyr"), ("eval", "baseline", "baseline")):
        group = kind + suffix
        rows = [(n, median_ns(root, group, "pacta", n), median_ns(root, group, other, n)) for n in sizes]
        if all(p is None and o is None for _, p, o in rows):
            continue
        # The load's diagnostic: raw serde-saphyr with every node located.
        spans = [median_ns(root, group, "raw-spanned", n) for n in sizes] if kind == "load" else []
        extra = any(x is not None for x in spans)
        print(f"\n`{group}` (median of 10 runs)\n")
        head = f"| facts | pacta | {label} | pacta / {other} | pacta growth | {other} growth |"
        print(head + (" raw, spanned | pacta / spanned |" if extra else ""))
        print("|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if extra else ""))
        previous = None
        for i, (n, p, o) in enumerate(rows):
            growth_p = ratio(p, previous[1]) if previous else ""
            growth_o = ratio(o, previous[2]) if previous else ""
            line = f"| {n:,} | {fmt(p)} | {fmt(o)} | {ratio(p, o)} | {growth_p} | {growth_o} |"
            if extra:
                line += f" {fmt(spans[i])} | {ratio(p, spans[i])} |"
            print(line)
            previous = (n, p, o)


def main():
    if len(sys.argv) > 1:
        root = Path(sys.argv[1])
    else:
        root = Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "criterion"
    sizes = sorted(
        {int(d.name) for g in root.glob("*/pacta") for d in g.iterdir() if d.name.isdigit()}
    )
    if not sizes:
        sys.exit(f"no article4 results under {root}")
    for suffix in ("", "-cpu"):
        table(root, suffix, sizes)


if __name__ == "__main__":
    main()
