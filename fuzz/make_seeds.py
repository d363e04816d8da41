#!/usr/bin/env python3
"""Builds the fuzzers' seed corpora and fixtures from the repository.

- corpus/rules/: every *.pacta under rules/ and tests/.
- corpus/scenario/: every *.yaml under examples/ and tests/.
- corpus/rules_and_eval/: the `where` conditions and other expressions of
  those rule files, one per seed, plus a few hand-written ones.
- fixtures/: what fuzzed scenarios may include, at the paths the examples
  use relative to fixtures/examples/fuzz.yaml: rules/data/states.yaml cut
  down (each territory replaced by the bounding boxes of its three largest
  polygons: 780 kB -> about 30 kB), rules/data/systems.yaml and
  examples/data/*.yaml as they are.

Seeds are files under 100 kB, named by content hash. Run from anywhere:
    python3 fuzz/make_seeds.py
"""
import hashlib
import re
import shutil
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
MAX = 100_000


def files(pattern, *dirs):
    for d in dirs:
        for p in sorted((ROOT / d).rglob(pattern)):
            if p.is_file() and p.stat().st_size <= MAX and "target" not in p.parts:
                yield p


def put(corpus, data):
    out = FUZZ / "corpus" / corpus
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def cut_states(text):
    """Replaces each `- [[[lon, lat], ...]]` polygon line of a territory by
    its bounding box, keeping a state's three largest polygons."""
    out, polys = [], []

    def flush():
        polys.sort(key=lambda p: -len(p[1]))
        for indent, pts in polys[:3]:
            xs, ys = [x for x, _ in pts], [y for _, y in pts]
            a, b, c, d = min(xs), min(ys), max(xs), max(ys)
            box = [[a, b], [c, b], [c, d], [a, d], [a, b]]
            out.append(indent + "- [[" + ", ".join(f"[{x}, {y}]" for x, y in box) + "]]")
        polys.clear()

    for line in text.splitlines():
        m = re.match(r"^(\s+)- \[\[\[", line)
        if m:
            pts = [(float(x), float(y)) for x, y in re.findall(r"\[(-?[\d.]+), (-?[\d.]+)\]", line)]
            polys.append((m.group(1), pts))
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out) + "\n"


def fixtures():
    fx = FUZZ / "fixtures"
    (fx / "rules/data").mkdir(parents=True, exist_ok=True)
    (fx / "examples/data").mkdir(parents=True, exist_ok=True)
    states = (ROOT / "rules/data/states.yaml").read_text()
    (fx / "rules/data/states.yaml").write_text(cut_states(states))
    shutil.copy(ROOT / "rules/data/systems.yaml", fx / "rules/data/systems.yaml")
    for p in sorted((ROOT / "examples/data").glob("*.yaml")):
        shutil.copy(p, fx / "examples/data" / p.name)


EXPRS = [
    "true",
    "d.personnel > limit",
    "level(d.owner, s) > 1000 and not member_of(s, \"NATO\", cutoff)",
    "exists l: Launcher where distance_km(l.position, s.territory) <= reach",
    "(d.until ?? as_of + 1 day) > as_of and d.since > cutoff - 10 years",
    "count c: Consent where d in [x: Deployment where x.host == s] > 0",
    "sum x.strength * 2.0 for x: Deployment where x.owner == d.owner > 3.0",
    "region in s.regions or s in parties",
    "if d has until then d.until > cutoff else d.personnel / 1 != 0",
]


def main():
    fixtures()
    for p in files("*.pacta", "rules", "tests"):
        text = p.read_bytes()
        put("rules", text)
        # Expressions after `where`/`ensure`/`=` up to the end of the line.
        for m in re.finditer(rb"(?:where|ensure|=)\s+([^\n]+)", text):
            put("rules_and_eval", m.group(1).strip())
    for p in files("*.yaml", "examples", "tests"):
        put("scenario", p.read_bytes())
    for e in EXPRS:
        put("rules_and_eval", e.encode())


if __name__ == "__main__":
    main()
