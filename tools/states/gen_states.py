#!/usr/bin/env python3
"""Generate states.yaml (pacta reference data: states) from Natural Earth.

Pipeline
  1. `node topo2geo.js 50m build/countries-50m.geojson` converts the npm
     package world-atlas (Natural Earth 4.1.0 admin-0 countries, TopoJSON)
     to GeoJSON with topojson-client.
  2. This script picks the states in STATES below, merges the Natural Earth
     units each one is made of (dependencies, de-jure adjustments), unwraps
     rings that cross the antimeridian, simplifies all states together with a
     topology-preserving coverage simplification (shared borders stay
     shared), drops small islands, snaps to a 0.01 degree grid, clips at
     +/-180 degrees, and writes states.yaml.
  3. It then re-reads states.yaml with yaml.safe_load and validates it (see
     validate()); a failed hard check exits non-zero.

Usage
  npm ci
  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
  .venv/bin/python gen_states.py                 # writes states.yaml + checks
  .venv/bin/python gen_states.py --check-only    # only validates states.yaml

Options --crimea and --kosovo switch the two contested assignments (see
README.md). Output is deterministic: same inputs, same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
from collections import defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "rules", "data", "states.yaml")
BUILD = os.path.join(HERE, "build")

SCALE = "50m"            # world-atlas countries-50m.json (110m drops microstates)
TOLERANCE_DEG = 0.02     # shapely.coverage_simplify tolerance (degrees)
GRID_DEG = 0.01          # output grid: coordinates rounded to 2 decimals
MIN_PART_KM2 = 10.0      # polygon parts smaller than this are dropped
                         # (never a state's largest part or its capital's part)
MIN_STATE_KM2 = 20.0     # states smaller than this (Monaco, Vatican) get no
                         # territory: the 0.01 deg grid cannot represent them
CAPITAL_SLACK_KM = 3.0   # a capital may lie outside its polygon by at most this
                         # (coastal capitals vs. the 1:50m coastline), see README

ALLOWED_REGIONS = [
    "western_europe", "northern_europe", "southern_europe", "eastern_europe",
    "south_caucasus", "central_asia", "north_america", "middle_east", "east_asia",
]

# ---------------------------------------------------------------------------
# Hand-written attribute table.
#   id, name, Natural Earth sources, in_europe, regions, capital (name, lat, lon)
# Sources are world-atlas feature ids (ISO 3166-1 numeric, as strings) or
# "name:<NE name>" for the features that have no id (Kosovo, N. Cyprus).
# The first source is the state's own admin-0 unit; the others are merged in
# (dependencies and de-jure adjustments, documented in README.md).
# ---------------------------------------------------------------------------
WE, NE_, SE, EE = "western_europe", "northern_europe", "southern_europe", "eastern_europe"
SC, CA, NA, ME, EA = "south_caucasus", "central_asia", "north_america", "middle_east", "east_asia"

STATES = [
    # --- Europe -------------------------------------------------------------
    ("ALB", "Albania", ["008"], True, [SE], ("Tirana", 41.328, 19.819)),
    ("AND", "Andorra", ["020"], True, [SE], ("Andorra la Vella", 42.507, 1.522)),
    ("AUT", "Austria", ["040"], True, [WE], ("Vienna", 48.208, 16.372)),
    ("BEL", "Belgium", ["056"], True, [WE], ("Brussels", 50.847, 4.352)),
    ("BGR", "Bulgaria", ["100"], True, [EE], ("Sofia", 42.698, 23.322)),
    ("BIH", "Bosnia and Herzegovina", ["070"], True, [SE], ("Sarajevo", 43.856, 18.413)),
    ("BLR", "Belarus", ["112"], True, [EE], ("Minsk", 53.902, 27.562)),
    ("CHE", "Switzerland", ["756"], True, [WE], ("Bern", 46.948, 7.447)),
    ("CYP", "Cyprus", ["196", "name:N. Cyprus"], True, [SE], ("Nicosia", 35.172, 33.365)),
    ("CZE", "Czech Republic", ["203"], True, [EE], ("Prague", 50.075, 14.438)),
    ("DEU", "Germany", ["276"], True, [WE], ("Berlin", 52.520, 13.405)),
    ("DNK", "Denmark", ["208", "304", "234"], True, [NE_], ("Copenhagen", 55.676, 12.568)),
    ("ESP", "Spain", ["724"], True, [SE], ("Madrid", 40.417, -3.704)),
    ("EST", "Estonia", ["233"], True, [NE_, EE], ("Tallinn", 59.437, 24.745)),
    ("FIN", "Finland", ["246", "248"], True, [NE_], ("Helsinki", 60.170, 24.938)),
    ("FRA", "France", ["250", "666", "876", "663", "652", "258", "540", "260"], True, [WE],
     ("Paris", 48.857, 2.352)),
    ("GBR", "United Kingdom", ["826", "832", "831", "833", "060", "238", "239", "086", "654",
                               "612", "660", "136", "092", "796", "500"], True, [NE_],
     ("London", 51.507, -0.128)),
    ("GRC", "Greece", ["300"], True, [SE], ("Athens", 37.984, 23.728)),
    ("HRV", "Croatia", ["191"], True, [SE], ("Zagreb", 45.815, 15.982)),
    ("HUN", "Hungary", ["348"], True, [EE], ("Budapest", 47.498, 19.040)),
    ("IRL", "Ireland", ["372"], True, [NE_], ("Dublin", 53.350, -6.260)),
    ("ISL", "Iceland", ["352"], True, [NE_], ("Reykjavik", 64.147, -21.942)),
    ("ITA", "Italy", ["380"], True, [SE], ("Rome", 41.893, 12.483)),
    ("LIE", "Liechtenstein", ["438"], True, [WE], ("Vaduz", 47.141, 9.521)),
    ("LTU", "Lithuania", ["440"], True, [NE_, EE], ("Vilnius", 54.687, 25.279)),
    ("LUX", "Luxembourg", ["442"], True, [WE], ("Luxembourg", 49.612, 6.130)),
    ("LVA", "Latvia", ["428"], True, [NE_, EE], ("Riga", 56.949, 24.106)),
    ("MCO", "Monaco", ["492"], True, [WE], ("Monaco", 43.738, 7.424)),
    ("MDA", "Moldova", ["498"], True, [EE], ("Chisinau", 47.011, 28.864)),
    ("MKD", "North Macedonia", ["807"], True, [SE], ("Skopje", 41.998, 21.425)),
    ("MLT", "Malta", ["470"], True, [SE], ("Valletta", 35.899, 14.514)),
    ("MNE", "Montenegro", ["499"], True, [SE], ("Podgorica", 42.441, 19.263)),
    ("NLD", "Netherlands", ["528", "533", "531", "534"], True, [WE], ("Amsterdam", 52.373, 4.893)),
    ("NOR", "Norway", ["578"], True, [NE_], ("Oslo", 59.913, 10.752)),
    ("POL", "Poland", ["616"], True, [EE], ("Warsaw", 52.230, 21.012)),
    ("PRT", "Portugal", ["620"], True, [SE], ("Lisbon", 38.722, -9.139)),
    ("ROU", "Romania", ["642"], True, [EE], ("Bucharest", 44.426, 26.103)),
    ("RUS", "Russia", ["643"], True, [EE], ("Moscow", 55.756, 37.617)),
    ("SMR", "San Marino", ["674"], True, [SE], ("San Marino", 43.936, 12.447)),
    ("SRB", "Serbia", ["688"], True, [SE], ("Belgrade", 44.787, 20.457)),
    ("SVK", "Slovakia", ["703"], True, [EE], ("Bratislava", 48.149, 17.107)),
    ("SVN", "Slovenia", ["705"], True, [SE], ("Ljubljana", 46.056, 14.506)),
    ("SWE", "Sweden", ["752"], True, [NE_], ("Stockholm", 59.329, 18.069)),
    ("TUR", "Turkey", ["792"], True, [SE, ME], ("Ankara", 39.933, 32.860)),
    ("UKR", "Ukraine", ["804"], True, [EE], ("Kyiv", 50.450, 30.524)),
    ("VAT", "Vatican City", ["336"], True, [SE], ("Vatican City", 41.904, 12.453)),
    ("XKX", "Kosovo", ["name:Kosovo"], True, [SE], ("Pristina", 42.663, 21.166)),
    # --- South Caucasus -----------------------------------------------------
    ("ARM", "Armenia", ["051"], True, [SC], ("Yerevan", 40.179, 44.499)),
    ("AZE", "Azerbaijan", ["031"], True, [SC], ("Baku", 40.409, 49.867)),
    ("GEO", "Georgia", ["268"], True, [SC], ("Tbilisi", 41.715, 44.827)),
    # --- Central Asia -------------------------------------------------------
    ("KAZ", "Kazakhstan", ["398"], False, [CA], ("Astana", 51.169, 71.449)),
    ("KGZ", "Kyrgyzstan", ["417"], False, [CA], ("Bishkek", 42.875, 74.570)),
    ("TJK", "Tajikistan", ["762"], False, [CA], ("Dushanbe", 38.560, 68.787)),
    ("TKM", "Turkmenistan", ["795"], False, [CA], ("Ashgabat", 37.960, 58.326)),
    ("UZB", "Uzbekistan", ["860"], False, [CA], ("Tashkent", 41.300, 69.240)),
    # --- beyond Europe ------------------------------------------------------
    ("USA", "United States", ["840", "630", "316", "580", "850", "016"], False, [NA],
     ("Washington, D.C.", 38.895, -77.036)),
    ("CAN", "Canada", ["124"], False, [NA], ("Ottawa", 45.421, -75.697)),
    ("CHN", "China", ["156", "344", "446"], False, [EA], ("Beijing", 39.904, 116.407)),
    ("MNG", "Mongolia", ["496"], False, [EA], ("Ulaanbaatar", 47.886, 106.906)),
    ("PRK", "North Korea", ["408"], False, [EA], ("Pyongyang", 39.039, 125.763)),
    ("JPN", "Japan", ["392"], False, [EA], ("Tokyo", 35.690, 139.692)),
    ("IRN", "Iran", ["364"], False, [ME], ("Tehran", 35.689, 51.389)),
    ("IRQ", "Iraq", ["368"], False, [ME], ("Baghdad", 33.315, 44.366)),
    ("SYR", "Syria", ["760"], False, [ME], ("Damascus", 33.514, 36.277)),
]

# Partly or arguably European: whether each is a "European state" is a reading
# (rules/schema/defs.pacta, `in_europe_by`); `in_europe` records the usual answer.
PARTLY_EUROPEAN = {"ARM", "AZE", "CYP", "GEO", "KAZ", "TUR"}
FORMER_USSR = {"ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LVA", "LTU", "MDA",
               "RUS", "TJK", "TKM", "UKR", "UZB"}
NPT_NWS = {"USA", "RUS", "GBR", "FRA", "CHN"}

D = dt.date
# NATO accession dates (domain brief; FIN/SWE from the task brief).
NATO = {}
for ids, day in [
    ("BEL CAN DNK FRA ISL ITA LUX NLD NOR PRT GBR USA", D(1949, 4, 4)),
    ("GRC TUR", D(1952, 2, 18)),
    ("DEU", D(1955, 5, 6)),          # Federal Republic of Germany (West Germany)
    ("ESP", D(1982, 5, 30)),
    ("CZE HUN POL", D(1999, 3, 12)),
    ("BGR EST LVA LTU ROU SVK SVN", D(2004, 3, 29)),
    ("ALB HRV", D(2009, 4, 1)),
    ("MNE", D(2017, 6, 5)),
    ("MKD", D(2020, 3, 27)),
    ("FIN", D(2023, 4, 4)),
    ("SWE", D(2024, 3, 7)),
]:
    for i in ids.split():
        NATO[i] = day

# EU: date of accession to the European Communities (the EU, established
# 1 Nov 1993, continued the same membership). Until = last day of membership.
EU = {}
for ids, day in [
    ("BEL FRA DEU ITA LUX NLD", D(1958, 1, 1)),
    ("DNK IRL GBR", D(1973, 1, 1)),
    ("GRC", D(1981, 1, 1)),
    ("ESP PRT", D(1986, 1, 1)),
    ("AUT FIN SWE", D(1995, 1, 1)),
    ("CYP CZE EST HUN LVA LTU MLT POL SVK SVN", D(2004, 5, 1)),
    ("BGR ROU", D(2007, 1, 1)),
    ("HRV", D(2013, 7, 1)),
]:
    for i in ids.split():
        EU[i] = day
EU_UNTIL = {"GBR": D(2020, 1, 31)}

# CSTO = parties to the Collective Security Treaty (signed 15 May 1992, in
# force 20 Apr 1994; the organisation's charter followed in 2002-2003).
CSTO = {
    "RUS": [(D(1994, 4, 20), None)],
    "ARM": [(D(1994, 4, 20), None)],   # participation frozen 2024: not an end
    "BLR": [(D(1994, 4, 20), None)],
    "KAZ": [(D(1994, 4, 20), None)],
    "KGZ": [(D(1994, 4, 20), None)],
    "TJK": [(D(1994, 4, 20), None)],
    "AZE": [(D(1994, 4, 20), D(1999, 4, 2))],
    "GEO": [(D(1994, 4, 20), D(1999, 4, 2))],
    "UZB": [(D(1994, 4, 20), D(1999, 4, 2)), (D(2006, 8, 16), D(2012, 12, 20))],
}

# Natural Earth (de facto) draws Crimea inside Russia. By default it is
# assigned to Ukraine (de jure; UN GA resolution 68/262). This box catches
# the Crimean peninsula part of Russia's multipolygon and nothing else.
CRIMEA_BOX = (32.3, 44.2, 36.66, 46.3)


def memberships(sid):
    out = []
    if sid in NATO:
        out.append({"org": "NATO", "since": NATO[sid]})
    if sid in EU:
        m = {"org": "EU", "since": EU[sid]}
        if sid in EU_UNTIL:
            m["until"] = EU_UNTIL[sid]
        out.append(m)
    for since, until in CSTO.get(sid, []):
        m = {"org": "CSTO", "since": since}
        if until:
            m["until"] = until
        out.append(m)
    return out


# ---------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------
def km2(geom):
    """Approximate area in km^2 (equirectangular scaling at each part's latitude)."""
    total = 0.0
    for p in getattr(geom, "geoms", [geom]):
        if p.is_empty:
            continue
        lat = p.centroid.y
        total += p.area * 111.32 * 110.57 * math.cos(math.radians(lat))
    return total


def unwrap_ring(coords):
    """Make a ring continuous in longitude: a step of more than 180 degrees
    is an antimeridian crossing, so shift the rest of the ring by 360."""
    out = [tuple(coords[0])]
    off = 0.0
    for (x0, _), (x1, y1) in zip(coords, coords[1:]):
        d = x1 - x0
        if d > 180:
            off -= 360
        elif d < -180:
            off += 360
        out.append((x1 + off, y1))
    if off != 0:
        raise ValueError("ring encircles a pole; not supported")
    return out


def unwrap(geom):
    from shapely.geometry import Polygon, MultiPolygon, Point
    from shapely import affinity
    polys = []
    for p in getattr(geom, "geoms", [geom]):
        shell = Polygon(unwrap_ring(list(p.exterior.coords)))
        holes = []
        for r in p.interiors:
            h = unwrap_ring(list(r.coords))
            for k in (0, 360, -360):
                if shell.contains(Point(h[0][0] + k, h[0][1])) or k == -360:
                    holes.append([(x + k, y) for x, y in h])
                    break
        polys.append(Polygon(shell.exterior.coords, holes))
    return MultiPolygon(polys)


def clip_antimeridian(geom):
    """Cut a geometry in extended longitudes into pieces inside [-180, 180]."""
    from shapely.geometry import box
    from shapely import affinity
    pieces = []
    for k in (-1, 0, 1):
        piece = geom.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90))
        if not piece.is_empty:
            pieces.append(affinity.translate(piece, xoff=-360 * k))
    return pieces


def polygons_of(geoms):
    from shapely.geometry import Polygon, MultiPolygon, GeometryCollection
    out = []
    for g in geoms:
        if isinstance(g, Polygon):
            if not g.is_empty and g.area > 0:
                out.append(g)
        elif isinstance(g, (MultiPolygon, GeometryCollection)):
            out.extend(polygons_of(g.geoms))
    return out


def haversine_km(lon1, lat1, lon2, lat2):
    import numpy as np
    r = 6371.0088
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * r * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def deviation_km(a, b):
    """Distances (km) from the vertices of a's boundary to b's boundary."""
    import numpy as np
    import shapely
    pts = shapely.points(shapely.get_coordinates(a.boundary))
    if len(pts) == 0 or b.is_empty:
        return np.array([])
    lines = shapely.shortest_line(pts, b.boundary)
    c = shapely.get_coordinates(lines).reshape(-1, 2, 2)
    return haversine_km(c[:, 0, 0], c[:, 0, 1], c[:, 1, 0], c[:, 1, 1])


def build_geometry(args, log):
    import numpy as np
    import shapely
    from shapely.geometry import shape, MultiPolygon, Point, Polygon, box
    from shapely.ops import unary_union
    from shapely.geometry.polygon import orient

    os.makedirs(BUILD, exist_ok=True)
    gj = os.path.join(BUILD, f"countries-{SCALE}.geojson")
    subprocess.run(["node", os.path.join(HERE, "topo2geo.js"), SCALE, gj], check=True)
    with open(gj) as f:
        fc = json.load(f)
    meta = fc.get("metadata", {})

    by_key = {}
    for ft in fc["features"]:
        if ft.get("id") is not None:
            by_key[str(ft["id"])] = ft
        by_key["name:" + ft["properties"]["name"]] = ft

    sources = {sid: list(src) for sid, _, src, *_ in STATES}
    if args.kosovo == "SRB":
        sources["SRB"] += sources.pop("XKX")

    used = set()
    raw = {}
    for sid, src in sources.items():
        parts = []
        for key in src:
            ft = by_key[key]
            used.add(ft["properties"]["name"])
            parts.append(unwrap(shape(ft["geometry"])))
        raw[sid] = parts

    # Crimea: Natural Earth 4.1.0 has it as a separate part of Russia.
    if args.crimea == "UKR":
        rus = raw["RUS"][0]
        cb = box(*CRIMEA_BOX)
        crimea = [p for p in rus.geoms if cb.contains(p.representative_point())]
        if len(crimea) != 1 or not 2.5 < crimea[0].area < 3.5:
            sys.exit(f"Crimea split failed: {len(crimea)} parts")
        raw["RUS"][0] = MultiPolygon([p for p in rus.geoms if p not in crimea])
        raw["UKR"].append(MultiPolygon(crimea))
        log.append(f"Crimea part moved RUS -> UKR ({km2(crimea[0]):.0f} km2)")

    ids = list(raw)
    merged = [unary_union(raw[sid]) for sid in ids]
    original = dict(zip(ids, merged))

    # Land neighbours in the source data that are not in the set.
    core = {s[0] for s in STATES if s[3] or set(s[4]) & {SC, CA}}
    missing_nb = defaultdict(set)
    allsrc = {}
    for ft in fc["features"]:
        try:
            allsrc[ft["properties"]["name"]] = unwrap(shape(ft["geometry"]))
        except ValueError:  # Antarctica encircles the pole; it neighbours nothing here
            pass
    for sid in ids:
        if sid not in core:
            continue
        g = original[sid]
        for name, h in allsrc.items():
            if name not in used and g.intersects(h):
                missing_nb[sid].add(name)

    valid = bool(np.all(shapely.coverage_is_valid(np.array(merged, dtype=object))))
    log.append(f"source coverage valid for coverage_simplify: {valid}")
    simplified = shapely.coverage_simplify(np.array(merged, dtype=object), TOLERANCE_DEG)

    caps = {s[0]: Point(s[5][2], s[5][1]) for s in STATES}
    result, report = {}, {}
    for sid, g in zip(ids, simplified):
        if km2(original[sid]) < MIN_STATE_KM2:
            result[sid] = []
            report[sid] = {"omitted_km2": km2(original[sid])}
            log.append(f"{sid}: {km2(original[sid]):.1f} km2 < {MIN_STATE_KM2:g} km2, territory omitted")
            continue
        parts = polygons_of([g])
        cap = caps.get(sid)
        keep, dropped = [], []
        largest = max(parts, key=lambda p: p.area) if parts else None
        for p in parts:
            if km2(p) >= MIN_PART_KM2 or p is largest or (cap and p.contains(cap)):
                keep.append(p)
            else:
                dropped.append(p)
        g2 = shapely.set_precision(MultiPolygon(keep), GRID_DEG) if keep else None
        pieces = polygons_of(clip_antimeridian(g2)) if g2 is not None and not g2.is_empty else []
        pieces = polygons_of([shapely.set_precision(p, GRID_DEG) for p in pieces])
        pieces = [orient(p, 1.0) for p in pieces]  # RFC 7946: exterior CCW
        pieces.sort(key=lambda p: -p.area)
        result[sid] = pieces
        # accuracy: compare with the unsimplified source (same parts kept)
        orig_wrapped = MultiPolygon(polygons_of(clip_antimeridian(original[sid])))
        final = MultiPolygon(pieces) if pieces else None
        r = {"dropped_parts": len(dropped), "dropped_km2": sum(km2(p) for p in dropped)}
        if final is not None:
            # reference = source parts that were kept, without enclave holes
            # under MIN_PART_KM2 (e.g. the Vatican hole in Italy collapses on the grid)
            kept_orig = MultiPolygon([
                Polygon(p.exterior, [h for h in p.interiors if km2(Polygon(h)) >= MIN_PART_KM2])
                for p in orig_wrapped.geoms if p.intersects(final)])
            dev = np.concatenate([deviation_km(kept_orig, final), deviation_km(final, kept_orig)])
            r.update(max_km=float(dev.max()), p95_km=float(np.percentile(dev, 95)),
                     mean_km=float(dev.mean()),
                     area_err=(km2(final) - km2(kept_orig)) / km2(kept_orig),
                     vertices=int(sum(len(shapely.get_coordinates(p)) for p in pieces)))
        report[sid] = r
    return result, report, missing_nb, meta


# ---------------------------------------------------------------------------
# YAML output (hand-written for a stable, line-oriented layout)
# ---------------------------------------------------------------------------
def fnum(v, nd=2):
    s = f"{v:.{nd}f}".rstrip("0")
    if s.endswith("."):
        s += "0"
    return "0.0" if s in ("-0.0", "-0") else s


def ystr(s):
    return s if yaml.safe_load(s) == s and ":" not in s and "#" not in s else json.dumps(s)


def ring_str(ring):
    return "[" + ", ".join(f"[{fnum(x)}, {fnum(y)}]" for x, y in ring) + "]"


def write_yaml(path, geoms, report, args, meta, log):
    wa = json.load(open(os.path.join(HERE, "node_modules", "world-atlas", "package.json")))
    tc = json.load(open(os.path.join(HERE, "node_modules", "topojson-client", "package.json")))
    L = []
    L.append("# Reference data: states. Generated by gen_states.py; do not edit by hand.")
    L.append(f"# Territory: Natural Earth {meta.get('natural_earth', '4.1.0')} admin-0 countries "
             f"(public domain), 1:{SCALE.replace('m', ' million')} scale,")
    L.append(f"#   via npm world-atlas@{wa['version']} countries-{SCALE}.json, converted with "
             f"topojson-client@{tc['version']}.")
    L.append(f"#   Coverage-simplified (tolerance {TOLERANCE_DEG} deg, shared borders kept), parts under "
             f"{MIN_PART_KM2:g} km2 dropped,")
    L.append(f"#   coordinates snapped to a {GRID_DEG} deg grid ([lon, lat], 2 decimals), "
             "split at the antimeridian (no ring crosses +/-180).")
    L.append(f"#   Crimea assigned to {args.crimea}; Kosovo "
             + ("as XKX." if args.kosovo == "XKX" else "merged into SRB."))
    L.append("# Attributes (names, regions, memberships, capitals, flags): hand-written table in "
             "gen_states.py; sources and choices in README.md.")
    L.append("# Dates are ISO 8601 (YAML dates). Membership `until` = membership ended; absent = "
             "still a member.")
    L.append("include_only: true   # reference data for scenarios to include; never judged on its own")
    L.append("State:")
    for sid, name, src, in_eu, regions, (cname, lat, lon) in sorted(STATES, key=lambda s: s[0]):
        if args.kosovo == "SRB" and sid == "XKX":
            continue
        L.append(f"  - id: {sid}")
        L.append(f"    name: {ystr(name)}")
        L.append(f"    in_europe: {'true' if in_eu else 'false'}")
        if sid in PARTLY_EUROPEAN:
            L.append("    partly_european: true")
        L.append(f"    regions: [{', '.join(regions)}]")
        L.append(f"    former_ussr: {'true' if sid in FORMER_USSR else 'false'}")
        L.append(f"    npt_nws: {'true' if sid in NPT_NWS else 'false'}")
        ms = memberships(sid)
        if ms:
            L.append("    memberships:")
            for m in ms:
                extra = f", until: {m['until'].isoformat()}" if "until" in m else ""
                L.append(f"      - {{ org: {m['org']}, since: {m['since'].isoformat()}{extra} }}")
        else:
            L.append("    memberships: []")
        L.append(f"    capital: {{ lat: {fnum(lat, 3)}, lon: {fnum(lon, 3)} }}   # {cname}")
        polys = geoms.get(sid) or []
        if polys:
            L.append("    territory:")
            L.append("      type: MultiPolygon")
            L.append("      coordinates:")
            for p in polys:
                rings = [ring_str(p.exterior.coords)] + [ring_str(r.coords) for r in p.interiors]
                L.append("        - [" + ", ".join(rings) + "]")
        else:
            L.append("    # territory omitted: the state collapses at this scale/grid; use `capital`")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


# ---------------------------------------------------------------------------
# Validation of the written file (independent of shapely for the hard checks)
# ---------------------------------------------------------------------------
BRIEF_NATO = {  # transcribed separately from the domain brief + task brief
    "1949-04-04": "BEL CAN DNK FRA ISL ITA LUX NLD NOR PRT GBR USA",
    "1952-02-18": "GRC TUR", "1955-05-06": "DEU", "1982-05-30": "ESP",
    "1999-03-12": "CZE HUN POL", "2004-03-29": "BGR EST LVA LTU ROU SVK SVN",
    "2009-04-01": "ALB HRV", "2017-06-05": "MNE", "2020-03-27": "MKD",
    "2023-04-04": "FIN", "2024-03-07": "SWE",
}
BRIEF_FORMER_USSR = ("Armenia Azerbaijan Belarus Estonia Georgia Kazakhstan Kyrgyzstan Latvia "
                     "Lithuania Moldova Russia Tajikistan Turkmenistan Ukraine Uzbekistan").split()


def point_in_ring(x, y, ring):
    inside = False
    n = len(ring) - 1  # closed ring
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[i + 1]
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xi:
                inside = not inside
    return inside


def point_in_multipolygon(x, y, mp):
    for poly in mp:
        if point_in_ring(x, y, poly[0]) and not any(point_in_ring(x, y, h) for h in poly[1:]):
            return True
    return False


def km_to_ring(x, y, ring):
    """Shortest distance (km) from (lon x, lat y) to a ring, equirectangular at y."""
    kx, ky = 111.32 * math.cos(math.radians(y)), 110.57
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        ax, ay = (x1 - x) * kx, (y1 - y) * ky
        bx, by = (x2 - x) * kx, (y2 - y) * ky
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def ring_area(ring):
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))


def validate(path):
    errors, notes = [], []
    size = os.path.getsize(path)
    with open(path) as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict) or not isinstance(data.get("State"), list):
        return [f"top level must be a mapping with a `State` list"], notes, {}
    states = data["State"]
    seen = set()
    stats = {"states": len(states), "bytes": size, "with_territory": 0, "polygons": 0,
             "rings": 0, "positions": 0}
    for s in states:
        sid = s.get("id")
        for k in ("id", "name", "regions", "capital", "in_europe", "former_ussr", "npt_nws",
                  "memberships"):
            if k not in s:
                errors.append(f"{sid}: missing {k}")
        if not (isinstance(sid, str) and len(sid) == 3 and sid.isupper()):
            errors.append(f"bad id {sid!r}")
        if sid in seen:
            errors.append(f"duplicate id {sid}")
        seen.add(sid)
        if not isinstance(s.get("name"), str) or not s.get("name"):
            errors.append(f"{sid}: bad name")
        regs = s.get("regions") or []
        if not regs or not set(regs) <= set(ALLOWED_REGIONS):
            errors.append(f"{sid}: bad regions {regs}")
        for k in ("in_europe", "former_ussr", "npt_nws"):
            if not isinstance(s.get(k), bool):
                errors.append(f"{sid}: {k} not a bool")
        cap = s.get("capital") or {}
        lat, lon = cap.get("lat"), cap.get("lon")
        if not (isinstance(lat, float) and isinstance(lon, float) and -90 <= lat <= 90
                and -180 <= lon <= 180):
            errors.append(f"{sid}: bad capital {cap}")
        for m in s.get("memberships") or []:
            if m.get("org") not in ("NATO", "EU", "CSTO") or not isinstance(m.get("since"), dt.date):
                errors.append(f"{sid}: bad membership {m}")
            if "until" in m and not (isinstance(m["until"], dt.date) and m["until"] > m["since"]):
                errors.append(f"{sid}: bad until {m}")
            if set(m) - {"org", "since", "until"}:
                errors.append(f"{sid}: unknown membership keys {m}")
        terr = s.get("territory")
        if terr is None:
            notes.append(f"{sid}: no territory (capital only)")
            continue
        stats["with_territory"] += 1
        if terr.get("type") != "MultiPolygon" or not isinstance(terr.get("coordinates"), list):
            errors.append(f"{sid}: territory must be a MultiPolygon")
            continue
        for pi, poly in enumerate(terr["coordinates"]):
            stats["polygons"] += 1
            for ri, ring in enumerate(poly):
                stats["rings"] += 1
                stats["positions"] += len(ring)
                where = f"{sid} polygon {pi} ring {ri}"
                if len(ring) < 4:
                    errors.append(f"{where}: fewer than 4 positions")
                if ring[0] != ring[-1]:
                    errors.append(f"{where}: not closed")
                for x, y in ring:
                    if not (-180 <= x <= 180 and -90 <= y <= 90):
                        errors.append(f"{where}: position out of range {[x, y]}")
                        break
                if any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:])):
                    errors.append(f"{where}: edge jumps across the antimeridian")
                if max(p[0] for p in ring) - min(p[0] for p in ring) >= 180:
                    errors.append(f"{where}: ring spans 180 degrees of longitude or more")
                a = ring_area(ring)
                if a == 0:
                    errors.append(f"{where}: zero area")
                elif (a > 0) != (ri == 0):
                    errors.append(f"{where}: wrong winding (RFC 7946: exterior CCW, holes CW)")
        if not point_in_multipolygon(lon, lat, terr["coordinates"]):
            d = min(km_to_ring(lon, lat, r) for poly in terr["coordinates"] for r in poly)
            msg = f"{sid}: capital ({lat}, {lon}) lies {d:.1f} km outside its territory polygon"
            if d <= CAPITAL_SLACK_KM:
                notes.append(msg + f" (within the {CAPITAL_SLACK_KM:g} km slack: coastline scale)")
            else:
                errors.append(msg)

    # capital inside another state's territory?
    for s in states:
        c = s["capital"]
        for t in states:
            if t is not s and t.get("territory") and point_in_multipolygon(
                    c["lon"], c["lat"], t["territory"]["coordinates"]):
                notes.append(f"{s['id']}: capital also falls inside {t['id']}'s polygon")

    # domain cross-checks against the brief
    nato = {s["id"]: m["since"].isoformat() for s in states for m in s.get("memberships", [])
            if m["org"] == "NATO"}
    expect = {i: d for d, ids in BRIEF_NATO.items() for i in ids.split()}
    if nato != expect:
        errors.append(f"NATO dates differ from the brief: {set(nato.items()) ^ set(expect.items())}")
    fu = sorted(s["name"] for s in states if s.get("former_ussr"))
    if fu != sorted(BRIEF_FORMER_USSR):
        errors.append(f"former_ussr differs from the brief: {fu}")
    nws = sorted(s["id"] for s in states if s.get("npt_nws"))
    if nws != ["CHN", "FRA", "GBR", "RUS", "USA"]:
        errors.append(f"npt_nws wrong: {nws}")
    if size > 2_000_000:
        errors.append(f"file is {size} bytes, over 2 MB")

    # geometry validity (informative, shapely)
    try:
        from shapely.geometry import shape
        import shapely
        for s in states:
            if s.get("territory"):
                g = shape(s["territory"])
                if not g.is_valid:
                    notes.append(f"{s['id']}: territory not OGC-valid: {shapely.is_valid_reason(g)}")
    except ImportError:
        pass
    return errors, notes, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--crimea", choices=["UKR", "RUS"], default="UKR",
                    help="assign Crimea to Ukraine (de jure, default) or Russia (Natural Earth de facto)")
    ap.add_argument("--kosovo", choices=["XKX", "SRB"], default="XKX",
                    help="Kosovo as its own entry XKX (default) or merged into Serbia")
    ap.add_argument("--out", default=OUT, help="output path (default: rules/data/states.yaml)")
    ap.add_argument("--check-only", action="store_true", help="only validate the existing states.yaml")
    ap.add_argument("--report", default=os.path.join(BUILD, "report.json"),
                    help="where to write the accuracy/neighbour report (JSON)")
    args = ap.parse_args()

    if not args.check_only:
        log = []
        geoms, report, missing_nb, meta = build_geometry(args, log)
        write_yaml(args.out, geoms, report, args, meta, log)
        for line in log:
            print(line)
        print("\nper-state geometry (vertices, deviation from source km: max / p95, area error, dropped parts)")
        for sid in sorted(report):
            r = report[sid]
            if "max_km" in r:
                print(f"  {sid}: {r['vertices']:6d} v  max {r['max_km']:5.2f}  p95 {r['p95_km']:5.2f}  "
                      f"area {100 * r['area_err']:+6.2f}%  dropped {r['dropped_parts']} "
                      f"({r['dropped_km2']:.0f} km2)")
            else:
                print(f"  {sid}: no territory")
        print("\nland neighbours (source data) of European/Caucasus/Central Asian states not in the set:")
        for sid in sorted(missing_nb):
            print(f"  {sid}: {', '.join(sorted(missing_nb[sid]))}")
        os.makedirs(os.path.dirname(args.report), exist_ok=True)
        with open(args.report, "w") as f:
            json.dump({"per_state": report,
                       "missing_neighbours": {k: sorted(v) for k, v in missing_nb.items()}},
                      f, indent=1, sort_keys=True)

    errors, notes, stats = validate(args.out)
    print(f"\nvalidate {args.out}: {stats}")
    for n in notes:
        print("  note:", n)
    for e in errors:
        print("  ERROR:", e)
    print(f"{len(errors)} errors, {len(notes)} notes")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
