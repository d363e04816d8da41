//! A seeded generator of large scenarios for article 4 of draft B, in the
//! real scenario format (the same as `examples/baltic-2022.yaml`).
//!
//! A generated file holds, inline, the 64 states of `rules/data/states.yaml`
//! with their names, `in_europe` flags and NATO, EU and CSTO memberships
//! (real dates), but no capitals or territory polygons, so that its size is
//! dominated by the deployments. Then come the deployments and, last, about
//! 1% of consents that name a deployment and a list of parties.
//!
//! The fact count asked for is the total: states + deployments + consents.
//! Proportions follow the real world roughly: just over half of all
//! deployments are on the owner's own territory, about 70% date from before
//! 1997, a quarter have ended; the big military powers own the most. Only a
//! few percent violate clause 4.1.
//!
//! Output depends only on the fact count and the seed (a splitmix64 stream;
//! no `rand`), so a figure can be reproduced from both numbers.
//!
//! Used by `benches/article4.rs`, by the `pacta-gen` example
//! and by `tests/cases/eval.rs`.

use std::io::{self, Write};

/// The states: id, name, in Europe, memberships `(org, since, until)`.
type StateRow = (&'static str, &'static str, bool, &'static [(&'static str, &'static str, Option<&'static str>)]);

const F: bool = false;
const T: bool = true;
const NATO_1949: (&str, &str, Option<&str>) = ("NATO", "1949-04-04", None);
const NATO_2004: (&str, &str, Option<&str>) = ("NATO", "2004-03-29", None);
const NATO_1999: (&str, &str, Option<&str>) = ("NATO", "1999-03-12", None);
const EU_1958: (&str, &str, Option<&str>) = ("EU", "1958-01-01", None);
const EU_2004: (&str, &str, Option<&str>) = ("EU", "2004-05-01", None);
const CSTO: (&str, &str, Option<&str>) = ("CSTO", "1994-04-20", None);
const CSTO_LEFT: (&str, &str, Option<&str>) = ("CSTO", "1994-04-20", Some("1999-04-02"));

/// The attributes of `rules/data/states.yaml` (generated from the same
/// table), without capitals and territories.
const STATES: [StateRow; 64] = [
    ("ALB", "Albania", T, &[("NATO", "2009-04-01", None)]),
    ("AND", "Andorra", T, &[]),
    ("ARM", "Armenia", T, &[CSTO]),
    ("AUT", "Austria", T, &[("EU", "1995-01-01", None)]),
    ("AZE", "Azerbaijan", T, &[CSTO_LEFT]),
    ("BEL", "Belgium", T, &[NATO_1949, EU_1958]),
    ("BGR", "Bulgaria", T, &[NATO_2004, ("EU", "2007-01-01", None)]),
    ("BIH", "Bosnia and Herzegovina", T, &[]),
    ("BLR", "Belarus", T, &[CSTO]),
    ("CAN", "Canada", F, &[NATO_1949]),
    ("CHE", "Switzerland", T, &[]),
    ("CHN", "China", F, &[]),
    ("CYP", "Cyprus", T, &[EU_2004]),
    ("CZE", "Czech Republic", T, &[NATO_1999, EU_2004]),
    ("DEU", "Germany", T, &[("NATO", "1955-05-06", None), EU_1958]),
    ("DNK", "Denmark", T, &[NATO_1949, ("EU", "1973-01-01", None)]),
    ("ESP", "Spain", T, &[("NATO", "1982-05-30", None), ("EU", "1986-01-01", None)]),
    ("EST", "Estonia", T, &[NATO_2004, EU_2004]),
    ("FIN", "Finland", T, &[("NATO", "2023-04-04", None), ("EU", "1995-01-01", None)]),
    ("FRA", "France", T, &[NATO_1949, EU_1958]),
    ("GBR", "United Kingdom", T, &[NATO_1949, ("EU", "1973-01-01", Some("2020-01-31"))]),
    ("GEO", "Georgia", T, &[CSTO_LEFT]),
    ("GRC", "Greece", T, &[("NATO", "1952-02-18", None), ("EU", "1981-01-01", None)]),
    ("HRV", "Croatia", T, &[("NATO", "2009-04-01", None), ("EU", "2013-07-01", None)]),
    ("HUN", "Hungary", T, &[NATO_1999, EU_2004]),
    ("IRL", "Ireland", T, &[("EU", "1973-01-01", None)]),
    ("IRN", "Iran", F, &[]),
    ("IRQ", "Iraq", F, &[]),
    ("ISL", "Iceland", T, &[NATO_1949]),
    ("ITA", "Italy", T, &[NATO_1949, EU_1958]),
    ("JPN", "Japan", F, &[]),
    ("KAZ", "Kazakhstan", F, &[CSTO]),
    ("KGZ", "Kyrgyzstan", F, &[CSTO]),
    ("LIE", "Liechtenstein", T, &[]),
    ("LTU", "Lithuania", T, &[NATO_2004, EU_2004]),
    ("LUX", "Luxembourg", T, &[NATO_1949, EU_1958]),
    ("LVA", "Latvia", T, &[NATO_2004, EU_2004]),
    ("MCO", "Monaco", T, &[]),
    ("MDA", "Moldova", T, &[]),
    ("MKD", "North Macedonia", T, &[("NATO", "2020-03-27", None)]),
    ("MLT", "Malta", T, &[EU_2004]),
    ("MNE", "Montenegro", T, &[("NATO", "2017-06-05", None)]),
    ("MNG", "Mongolia", F, &[]),
    ("NLD", "Netherlands", T, &[NATO_1949, EU_1958]),
    ("NOR", "Norway", T, &[NATO_1949]),
    ("POL", "Poland", T, &[NATO_1999, EU_2004]),
    ("PRK", "North Korea", F, &[]),
    ("PRT", "Portugal", T, &[NATO_1949, ("EU", "1986-01-01", None)]),
    ("ROU", "Romania", T, &[NATO_2004, ("EU", "2007-01-01", None)]),
    ("RUS", "Russia", T, &[CSTO]),
    ("SMR", "San Marino", T, &[]),
    ("SRB", "Serbia", T, &[]),
    ("SVK", "Slovakia", T, &[NATO_2004, EU_2004]),
    ("SVN", "Slovenia", T, &[NATO_2004, EU_2004]),
    ("SWE", "Sweden", T, &[("NATO", "2024-03-07", None), ("EU", "1995-01-01", None)]),
    ("SYR", "Syria", F, &[]),
    ("TJK", "Tajikistan", F, &[CSTO]),
    ("TKM", "Turkmenistan", F, &[]),
    ("TUR", "Turkey", T, &[("NATO", "1952-02-18", None)]),
    ("UKR", "Ukraine", T, &[]),
    ("USA", "United States", F, &[NATO_1949]),
    ("UZB", "Uzbekistan", F, &[("CSTO", "1994-04-20", Some("1999-04-02")), ("CSTO", "2006-08-16", Some("2012-12-20"))]),
    ("VAT", "Vatican City", T, &[]),
    ("XKX", "Kosovo", T, &[]),
];

/// How often each state owns a deployment, relative to the others (1 when
/// not listed): the large militaries station the most forces.
const OWNER_WEIGHTS: [(&str, u32); 16] = [
    ("USA", 24),
    ("RUS", 16),
    ("GBR", 8),
    ("FRA", 8),
    ("DEU", 6),
    ("CHN", 6),
    ("TUR", 5),
    ("ITA", 4),
    ("CAN", 3),
    ("ESP", 3),
    ("NLD", 3),
    ("POL", 3),
    ("JPN", 2),
    ("GRC", 2),
    ("BEL", 2),
    ("UKR", 2),
];

/// The evaluation date written in `as_of:`.
pub const AS_OF: &str = "2022-01-15";
/// Article 4's baseline (27 May 1997), as a comparable `(y, m, d)`.
const BASELINE: (u16, u8, u8) = (1997, 5, 27);
/// Draft B's signature date: the parties are NATO's members then, and Russia.
const SIGNATURE: &str = "2021-12-17";
/// The number of states, which count towards the facts.
pub const STATE_COUNT: usize = STATES.len();

/// splitmix64: small, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; the bias is negligible for small `n`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }
}

/// A calendar date; days stop at 28 so every month is valid.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(u16, u8, u8);

impl Day {
    fn random(rng: &mut Rng, from_year: u16, to_year: u16) -> Day {
        let span = u64::from(to_year - from_year) + 1;
        let year = from_year + u16::try_from(rng.below(span)).unwrap_or(0);
        let month = 1 + u8::try_from(rng.below(12)).unwrap_or(0);
        let day = 1 + u8::try_from(rng.below(28)).unwrap_or(0);
        Day(year, month, day)
    }

    fn after_years(self, rng: &mut Rng, max: u16) -> Day {
        let Day(y, m, _) = self;
        let years = 1 + u16::try_from(rng.below(u64::from(max))).unwrap_or(0);
        let day = 1 + u8::try_from(rng.below(28)).unwrap_or(0);
        Day(y + years, m, day)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// What a generated file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub states: usize,
    pub deployments: usize,
    pub consents: usize,
    pub bytes: usize,
}

impl Summary {
    pub fn facts(&self) -> usize {
        self.states + self.deployments + self.consents
    }
}

/// The smallest fact count [`write`] accepts: the states plus a few dozen
/// deployments.
pub const MIN_FACTS: usize = 100;

/// How a scenario is written: YAML (block style, as the examples are) or
/// JSON (an object per fact, one per line); the same facts either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Yaml,
    Json,
}

/// Generates a scenario of `facts` facts in total (at least [`MIN_FACTS`]).
pub fn generate(facts: usize, seed: u64) -> String {
    generate_as(Style::Yaml, facts, seed)
}

/// [`generate`] in either style.
pub fn generate_as(style: Style, facts: usize, seed: u64) -> String {
    let mut out = Vec::with_capacity(facts.saturating_mul(96));
    // Writing to a Vec cannot fail.
    let _ = write_as(style, &mut out, facts, seed);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes a scenario of `facts` facts in total (fewer than [`MIN_FACTS`] are
/// raised to it) to `out`.
pub fn write<W: Write>(out: &mut W, facts: usize, seed: u64) -> io::Result<Summary> {
    write_as(Style::Yaml, out, facts, seed)
}

/// [`write`] in either style.
pub fn write_as<W: Write>(style: Style, out: &mut W, facts: usize, seed: u64) -> io::Result<Summary> {
    let facts = facts.max(MIN_FACTS);
    let consents = facts / 100;
    let deployments = facts - STATE_COUNT - consents;
    let mut w = Emitter { out: Counting { inner: out, bytes: 0 }, style, first: true, open: false };
    let mut rng = Rng(seed);
    let description = format!("Synthetic scenario for benchmarking article 4 of draft B (seed {seed}).");
    match style {
        Style::Yaml => {
            writeln!(
                w.out,
                "# Generated by pacta-gen --facts {facts} --seed {seed}: {STATE_COUNT} states, \
                 {deployments} deployments, {consents} consents."
            )?;
            writeln!(w.out, "description: {description}\nas_of: {AS_OF}")?;
        }
        Style::Json => write!(w.out, "{{\n  \"description\": \"{description}\",\n  \"as_of\": \"{AS_OF}\"")?,
    }
    states(&mut w)?;
    let candidates = deployments_section(&mut w, &mut rng, deployments)?;
    consents_section(&mut w, &mut rng, consents, &candidates)?;
    w.end()?;
    Ok(Summary { states: STATE_COUNT, deployments, consents, bytes: w.out.bytes })
}

/// A field value as the generator writes it.
enum V<'a> {
    /// Text YAML leaves plain (ids, names, dates).
    Text(&'a str),
    Id(&'a str, usize, usize),
    Date(Day),
    Int(u64),
    Bool(bool),
    /// A list of plain texts, written in flow style.
    Texts(&'a [&'a str]),
}

/// Writes sections of facts in one style.
struct Emitter<'a, W> {
    out: Counting<'a, W>,
    style: Style,
    /// No fact written yet in the current section.
    first: bool,
    /// A section is open (JSON closes it before the next).
    open: bool,
}

impl<W: Write> Emitter<'_, W> {
    fn section(&mut self, name: &str) -> io::Result<()> {
        self.first = true;
        let close = if std::mem::replace(&mut self.open, true) { "\n  ]" } else { "" };
        match self.style {
            Style::Yaml => writeln!(self.out, "{name}:"),
            Style::Json => write!(self.out, "{close},\n  \"{name}\": ["),
        }
    }

    /// One fact: its fields in order, then (for states) its memberships.
    fn fact(&mut self, fields: &[(&str, V<'_>)], memberships: &[Membership]) -> io::Result<()> {
        let json = self.style == Style::Json;
        if json {
            write!(self.out, "{}\n    {{", if self.first { "" } else { "," })?;
        }
        self.first = false;
        for (i, (key, value)) in fields.iter().enumerate() {
            match (json, i) {
                (true, 0) => write!(self.out, "\"{key}\": ")?,
                (true, _) => write!(self.out, ", \"{key}\": ")?,
                (false, 0) => write!(self.out, "  - {key}: ")?,
                (false, _) => write!(self.out, "    {key}: ")?,
            }
            self.value(value)?;
            if !json {
                writeln!(self.out)?;
            }
        }
        if !memberships.is_empty() {
            self.memberships(memberships)?;
        }
        if json {
            write!(self.out, "}}")?;
        }
        Ok(())
    }

    fn value(&mut self, value: &V<'_>) -> io::Result<()> {
        let q = if self.style == Style::Json { "\"" } else { "" };
        match value {
            V::Text(t) => write!(self.out, "{q}{t}{q}"),
            V::Id(prefix, n, width) => write!(self.out, "{q}{prefix}-{n:0width$}{q}"),
            V::Date(d) => write!(self.out, "{q}{d}{q}"),
            V::Int(n) => write!(self.out, "{n}"),
            V::Bool(b) => write!(self.out, "{b}"),
            V::Texts(items) => {
                let sep = format!("{q}, {q}");
                write!(self.out, "[{q}{}{q}]", items.join(&sep))
            }
        }
    }

    fn memberships(&mut self, memberships: &[Membership]) -> io::Result<()> {
        match self.style {
            Style::Yaml => writeln!(self.out, "    memberships:")?,
            Style::Json => write!(self.out, ", \"memberships\": [")?,
        }
        for (i, (org, since, until)) in memberships.iter().enumerate() {
            match (self.style, until) {
                (Style::Yaml, Some(u)) => writeln!(self.out, "      - {{ org: {org}, since: {since}, until: {u} }}")?,
                (Style::Yaml, None) => writeln!(self.out, "      - {{ org: {org}, since: {since} }}")?,
                (Style::Json, until) => {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(self.out, "{sep}{{\"org\": \"{org}\", \"since\": \"{since}\"")?;
                    if let Some(u) = until {
                        write!(self.out, ", \"until\": \"{u}\"")?;
                    }
                    write!(self.out, "}}")?;
                }
            }
        }
        if self.style == Style::Json {
            write!(self.out, "]")?;
        }
        Ok(())
    }

    /// Closes the last section and the document.
    fn end(&mut self) -> io::Result<()> {
        if self.style == Style::Json {
            writeln!(self.out, "\n  ]\n}}")?;
        }
        self.out.flush()
    }
}

type Membership = (&'static str, &'static str, Option<&'static str>);

fn states<W: Write>(w: &mut Emitter<'_, W>) -> io::Result<()> {
    w.section("State")?;
    for (id, name, in_europe, memberships) in STATES {
        let fields = [("id", V::Text(id)), ("name", V::Text(name)), ("in_europe", V::Bool(in_europe))];
        w.fact(&fields, memberships)?;
    }
    Ok(())
}

/// Writes the deployments; returns the rows a consent may be about
/// (deployments abroad since the baseline).
fn deployments_section<W: Write>(w: &mut Emitter<'_, W>, rng: &mut Rng, count: usize) -> io::Result<Vec<u32>> {
    let weights: Vec<u64> = STATES
        .iter()
        .map(|(id, ..)| {
            let weight = OWNER_WEIGHTS.iter().find(|(o, _)| o == id).map_or(1, |(_, w)| *w);
            u64::from(weight)
        })
        .collect();
    let total: u64 = weights.iter().sum();
    let mut candidates = Vec::new();
    w.section("Deployment")?;
    let mut fields = Vec::with_capacity(7);
    for row in 0..count {
        let owner = weighted(rng, &weights, total);
        // Just over half of all deployments are at home.
        let host = if rng.chance(55) {
            owner
        } else {
            let other = rng.index(STATE_COUNT - 1);
            if other >= owner { other + 1 } else { other }
        };
        // Seven in ten date from the Cold War and the years after it.
        let since = if rng.chance(70) { Day::random(rng, 1950, 1996) } else { Day::random(rng, 1997, 2021) };
        let until = rng.chance(25).then(|| since.after_years(rng, 25));
        let personnel = 20 + 10 * rng.below(500);
        fields.clear();
        fields.extend([
            ("id", V::Id("dep", row, 7)),
            ("owner", V::Text(STATES[owner].0)),
            ("host", V::Text(STATES[host].0)),
            ("personnel", V::Int(personnel)),
            ("since", V::Date(since)),
        ]);
        if let Some(until) = until {
            fields.push(("until", V::Date(until)));
        }
        match rng.below(20) {
            0..=4 => fields.push(("kind", V::Text("rotational"))),
            5..=7 => fields.push(("kind", V::Text("exercise"))),
            _ => {}
        }
        w.fact(&fields, &[])?;
        let (y, m, d) = BASELINE;
        if host != owner && since > Day(y, m, d) {
            candidates.push(u32::try_from(row).unwrap_or(u32::MAX));
        }
    }
    Ok(candidates)
}

fn consents_section<W: Write>(
    w: &mut Emitter<'_, W>,
    rng: &mut Rng,
    count: usize,
    candidates: &[u32],
) -> io::Result<()> {
    if candidates.is_empty() || count == 0 {
        return Ok(());
    }
    // The parties of draft B: Russia and NATO's members on signature day.
    let parties: Vec<&str> = std::iter::once("RUS")
        .chain(
            STATES
                .iter()
                .filter(|(_, _, _, ms)| {
                    ms.iter().any(|(org, since, until)| {
                        *org == "NATO" && *since <= SIGNATURE && until.is_none_or(|u| u > SIGNATURE)
                    })
                })
                .map(|(id, ..)| *id),
        )
        .collect();
    w.section("Consent")?;
    for row in 0..count {
        let deployment = candidates[rng.index(candidates.len())];
        let given = Day::random(rng, 1997, 2021);
        // Six in ten have every party's consent; the rest miss one to three.
        let mut listed: Vec<&str> = parties.clone();
        if !rng.chance(60) {
            for _ in 0..=rng.below(3) {
                let gone = rng.index(listed.len());
                listed.remove(gone);
            }
        }
        let fields = [
            ("id", V::Id("con", row, 6)),
            ("deployment", V::Id("dep", deployment as usize, 7)),
            ("given", V::Date(given)),
            ("parties", V::Texts(&listed)),
        ];
        w.fact(&fields, &[])?;
    }
    Ok(())
}

/// An index drawn with the given weights.
fn weighted(rng: &mut Rng, weights: &[u64], total: u64) -> usize {
    let mut pick = rng.below(total);
    for (i, w) in weights.iter().enumerate() {
        if pick < *w {
            return i;
        }
        pick -= w;
    }
    weights.len() - 1
}

/// Counts the bytes written.
struct Counting<'a, W> {
    inner: &'a mut W,
    bytes: usize,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
