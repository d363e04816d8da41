//! One fuzzed expression (the input, as UTF-8) spliced into the `where` of
//! a two-binding clause of a fixed rule file, which is checked and, if it
//! checks, evaluated on a fixed scenario, twice: with the planner's indexes
//! and memo tables and the compiled path, and with plain loops
//! (`check::check_unplanned`) judged by the interpreter alone. Must never
//! panic, and the two evaluations must give the same findings. Reaches the
//! evaluator and planner with expressions the `rules` target rarely gets to
//! type-check.

use crate::common;

const HEAD: &str = r#"enum Region { eastern_europe, western_europe }
record Membership { org: text, since: date, until: date? }
entity State {
  name: text
  in_europe: bool = false
  regions: list<Region> = []
  memberships: list<Membership> = []
  capital: point?
  territory: geometry?
}
entity Deployment { owner: State, host: State, personnel: int, since: date, until: date?, strength: decimal = 1.0 }
entity Consent { deployment: Deployment, parties: list<State>, given: date }
entity Launcher { owner: State, position: point, range_km: decimal }
treaty t "fuzz" {
  parties [s: State where s.in_europe]
  param cutoff: date = 2000-01-01
  param limit: int = 100
  param reach: decimal = 500.0
  param region: Region = Region::eastern_europe
}
def member_of(s: State, org: text, at: date): bool =
  exists m in s.memberships where m.org == org and m.since <= at and (not (m has until) or m.until > at)
def level(o: State, h: State): int = sum p.personnel for p: Deployment where p.owner == o and p.host == h
article 1 "fuzz" {
  clause 1.1 "fuzz" {
    forbid d: Deployment, s: State where d.host == s and (
"#;

const TAIL: &str = r#"
    )
    unless "consented": exists c: Consent where c.deployment == d and c.given <= d.since
    message "{d.id} in {s.name}: {level(d.owner, s)}"
  }
}
"#;

const SCENARIO: &str = r#"as_of: 2022-01-15
State:
  - { id: RUS, name: Russia, in_europe: true, regions: [eastern_europe], capital: { lat: 55.756, lon: 37.617 } }
  - id: USA
    name: United States
    memberships: [{ org: NATO, since: 1949-04-04 }]
    capital: { lat: 38.895, lon: -77.037 }
  - id: POL
    name: Poland
    in_europe: true
    regions: [eastern_europe]
    memberships: [{ org: NATO, since: 1999-03-12 }]
    territory: { type: Polygon, coordinates: [[[14.1, 49.0], [24.1, 49.0], [24.1, 54.8], [14.1, 54.8], [14.1, 49.0]]] }
  - id: DEU
    name: Germany
    in_europe: true
    regions: [western_europe]
    memberships: [{ org: NATO, since: 1955-05-06 }, { org: EU, since: 1958-01-01, until: 2100-01-01 }]
    capital: { lat: 52.520, lon: 13.405 }
    territory: { type: Polygon, coordinates: [[[6.0, 47.3], [15.0, 47.3], [15.0, 55.0], [6.0, 55.0], [6.0, 47.3]]] }
Deployment:
  - { id: us-pol, owner: USA, host: POL, personnel: 1100, since: 2017-04-01 }
  - { id: us-deu, owner: USA, host: DEU, personnel: 35000, since: 1955-05-06, strength: 2.5 }
  - { id: deu-pol, owner: DEU, host: POL, personnel: 0, since: 2018-01-01, until: 2023-01-01 }
  - { id: rus-rus, owner: RUS, host: RUS, personnel: -5, since: 2022-01-15 }
Consent:
  - { id: c1, deployment: deu-pol, parties: [RUS, POL], given: 2017-12-01 }
Launcher:
  - { id: l1, owner: RUS, position: { lat: 54.7, lon: 20.5 }, range_km: 480.0 }
  - { id: l2, owner: USA, position: { lat: 0.0, lon: 180.0 }, range_km: 0.0 }
"#;

pub fn run(data: &[u8]) {
    run_with(data, None);
}

/// [`run`] with a step budget per clause ([`pacta::eval::Options::max_steps`]).
pub fn run_with(data: &[u8], max_steps: Option<u64>) {
    let Ok(expr) = std::str::from_utf8(data) else { return };
    common::planned_vs_unplanned(&format!("{HEAD}{expr}{TAIL}"), SCENARIO, max_steps);
}
