#!/usr/bin/env python3
"""Builds the fuzzers' seed corpora and fixtures from the repository.

- corpus/rules/: every *.pacta under rules/ and tests/.
- corpus/scenario/: every *.yaml under examples/ and tests/.
- corpus/rules_and_eval/: the `where` conditions and other expressions of
  those rule files, one per seed, plus a few hand-written ones.
- corpus/one_binding/: conditions written for the one-binding clause of
  fuzz_targets/harness/one_binding.rs (`forbid d: Deployment where ...`),
  in the shapes the compiled path's prefilter handles: kernels (a field of
  `d` compared with a value that does not depend on it, or with another
  field), lifted conjuncts (reading `d` only through up to three reference,
  enum or boolean fields), and the rest (scans, arithmetic, `if`).
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

# For the one_binding target: `d` is a Deployment (see its HEAD).
ONE_BINDING = [
    "true",
    "d.personnel > limit",
    "d.since >= cutoff and d.personnel > 0",
    "(d.until ?? as_of + 1 day) > as_of and d.since > cutoff - 10 years",
    "d.host != d.owner and d.kind == Kind::garrison",
    "d.kind == kind and d.host.in_europe",
    "d.owner.nato and not d.host.nato",
    "allied(d.owner, d.host) and d.personnel >= 100",
    "level(d.owner, d.host) > 1000 and d.active",
    "d.active and d.flagged and d.kind != Kind::exercise",
    "d.lead == d.owner or d.lead == State::USA",
    "d.tier == Kind::rotation and d.since < 2010-01-01",
    "eastern(d.host) and d.kind in [Kind::garrison, Kind::rotation] and d.personnel > 50",
    "d.host in parties and d.owner.region == region",
    "d.host == State::POL and d.owner != State::USA and d.until > as_of",
    "d.strength > ceiling and d.host.rank > 3",
    "d.host.region == Region::eastern_europe and d.owner.rank < 5 and d.lead.nato",
    "d.owner in d.host.neighbours and d.personnel != 0",
    "exists x: Deployment where x.owner == d.host and x.host == d.owner",
    "(count x: Deployment where x.host == d.host and x.kind == d.kind) > 3 and d.since > cutoff",
    "d has until and d.until < d.since",
    "d.note == \"n20\" or d.personnel == 36",
    "if d.active then d.personnel > limit else d.flagged",
    "d.personnel > limit and d.since > cutoff and d.owner != d.host and d.kind != Kind::advisory"
    " and d.host.in_europe and allied(d.owner, d.host)",
    "d.owner.nato and d.host.nato and d.lead.nato and d.tier == Kind::garrison",
    "d.owner == d.host or d.active == false",
    "(sum x.personnel for x: Deployment where x.owner == d.owner) > 5000 and d.host.nato",
    "d.personnel * 2 > limit and (d.flagged ?? true)",
    "d.since <= as_of and (d.until ?? 2100-01-01) >= cutoff and d.host.nato != d.owner.nato",
    "not d.active or d.kind == Kind::advisory and d.personnel < 0",
    "d.kind == d.tier and d.lead != d.host",
    "level(d.owner, d.host) > level(d.host, d.owner) and d.personnel > limit and d.flagged == true",
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
    for e in ONE_BINDING:
        put("one_binding", e.encode())


if __name__ == "__main__":
    main()
