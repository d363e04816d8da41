//! Clause 4.1 of draft B by hand: the scenario's raw shape as plain serde
//! structs, read by serde-saphyr or serde_json, references resolved to
//! indices, and the clause as hash joins. What a user would write instead
//! of pacta; `article4.rs` times it against pacta's evaluation, `pacta-e2e`
//! (`end_to_end.rs`) against the whole `pacta check` command.

use std::collections::HashMap;

use pacta::calendar::{Date, parse_date};

/// The raw shape of a scenario, as plain serde structs. Every field is
/// read, as pacta reads it, though the baseline needs only some.
#[allow(dead_code)]
pub mod raw {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Scenario {
        pub description: Option<String>,
        pub as_of: String,
        #[serde(rename = "State", default)]
        pub states: Vec<State>,
        #[serde(rename = "Deployment", default)]
        pub deployments: Vec<Deployment>,
        #[serde(rename = "Consent", default)]
        pub consents: Vec<Consent>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct State {
        pub id: String,
        pub name: String,
        #[serde(default)]
        pub in_europe: bool,
        #[serde(default)]
        pub memberships: Vec<Membership>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Membership {
        pub org: String,
        pub since: String,
        pub until: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Deployment {
        pub id: String,
        pub owner: String,
        pub host: String,
        pub personnel: i64,
        pub since: String,
        pub until: Option<String>,
        pub kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Kind {
        Permanent,
        Rotational,
        Exercise,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Consent {
        pub id: String,
        pub deployment: String,
        pub parties: Vec<String>,
        pub given: String,
    }
}

/// The baseline's input: the raw structs with references resolved to
/// indices and dates parsed, as any hand-written program would hold them.
pub struct World {
    as_of: Date,
    states: Vec<State>,
    deployments: Vec<Deployment>,
    consents: Vec<Consent>,
}

struct State {
    id: String,
    in_europe: bool,
    memberships: Vec<Membership>,
}

struct Membership {
    org: String,
    since: Date,
    until: Option<Date>,
}

struct Deployment {
    id: String,
    owner: u32,
    host: u32,
    personnel: i64,
    since: Date,
    until: Option<Date>,
    /// Exercise presence does not count under article 4 by default.
    exercise: bool,
}

struct Consent {
    deployment: u32,
    parties: Vec<u32>,
    given: Date,
}

fn date(s: &str) -> Date {
    parse_date(s).expect("date")
}

impl World {
    pub fn new(raw: &raw::Scenario) -> World {
        let index = |ids: Vec<&str>| -> HashMap<String, u32> {
            ids.into_iter().enumerate().map(|(i, id)| (id.to_string(), u32::try_from(i).unwrap())).collect()
        };
        let states = index(raw.states.iter().map(|s| s.id.as_str()).collect());
        let deployments = index(raw.deployments.iter().map(|d| d.id.as_str()).collect());
        World {
            as_of: date(&raw.as_of),
            states: raw
                .states
                .iter()
                .map(|s| State {
                    id: s.id.clone(),
                    in_europe: s.in_europe,
                    memberships: s
                        .memberships
                        .iter()
                        .map(|m| Membership {
                            org: m.org.clone(),
                            since: date(&m.since),
                            until: m.until.as_deref().map(date),
                        })
                        .collect(),
                })
                .collect(),
            deployments: raw
                .deployments
                .iter()
                .map(|d| Deployment {
                    id: d.id.clone(),
                    owner: states[&d.owner],
                    host: states[&d.host],
                    personnel: d.personnel,
                    since: date(&d.since),
                    until: d.until.as_deref().map(date),
                    exercise: matches!(d.kind, Some(raw::Kind::Exercise)),
                })
                .collect(),
            consents: raw
                .consents
                .iter()
                .map(|c| Consent {
                    deployment: deployments[&c.deployment],
                    parties: c.parties.iter().map(|p| states[p]).collect(),
                    given: date(&c.given),
                })
                .collect(),
        }
    }
}

/// What clause 4.1 finds: deployment ids, in file order.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome<'a> {
    pub violations: Vec<&'a str>,
    pub waived: Vec<&'a str>,
}

/// Clause 4.1 by hand: the same conditions, in plain loops and hash maps.
pub fn baseline(w: &World) -> Outcome<'_> {
    let baseline = date("1997-05-27");
    let signature = date("2021-12-17");
    let member_of = |s: &State, org: &str, at: Date| {
        s.memberships.iter().any(|m| m.org == org && m.since <= at && m.until.is_none_or(|u| u > at))
    };
    let in_place = |d: &Deployment, at: Date| d.since <= at && d.until.is_none_or(|u| u > at);
    // Bound by article 4: Russia and NATO's members on the baseline date.
    let bound: Vec<bool> = w.states.iter().map(|s| s.id == "RUS" || member_of(s, "NATO", baseline)).collect();
    // The treaty's parties: Russia and NATO's members on signature day.
    let parties: Vec<u32> = w
        .states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.id == "RUS")
        .chain(w.states.iter().enumerate().filter(|(_, s)| member_of(s, "NATO", signature)))
        .map(|(i, _)| u32::try_from(i).unwrap())
        .collect();
    // Personnel stationed per (owner, host), now and on the baseline date.
    let mut now: HashMap<(u32, u32), i64> = HashMap::new();
    let mut then: HashMap<(u32, u32), i64> = HashMap::new();
    for d in w.deployments.iter().filter(|d| !d.exercise) {
        if in_place(d, w.as_of) {
            *now.entry((d.owner, d.host)).or_default() += d.personnel;
        }
        if in_place(d, baseline) {
            *then.entry((d.owner, d.host)).or_default() += d.personnel;
        }
    }
    let mut consents: HashMap<u32, Vec<&Consent>> = HashMap::new();
    for c in &w.consents {
        consents.entry(c.deployment).or_default().push(c);
    }
    let mut out = Outcome { violations: Vec::new(), waived: Vec::new() };
    for (row, d) in w.deployments.iter().enumerate() {
        let pair = (d.owner, d.host);
        let forbidden = bound[d.owner as usize]
            && !d.exercise
            && d.host != d.owner
            && w.states[d.host as usize].in_europe
            && in_place(d, w.as_of)
            && d.since > baseline
            && now.get(&pair).copied().unwrap_or(0) > then.get(&pair).copied().unwrap_or(0);
        if !forbidden {
            continue;
        }
        let consented = consents
            .get(&u32::try_from(row).unwrap())
            .is_some_and(|cs| cs.iter().any(|c| c.given <= d.since && parties.iter().all(|p| c.parties.contains(p))));
        if consented {
            out.waived.push(&d.id);
        } else {
            out.violations.push(&d.id);
        }
    }
    out
}
