//! The human format: rustc-style reports rendered by codespan-reporting.
//! A finding labels the fact in the scenario (primary) and the clause in
//! the rule file (secondary) in one report.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, LabelStyle, Severity};
use codespan_reporting::term::{self, Config, termcolor::Buffer};

use super::diagnostic::{Diagnostic, Level};
use super::excerpt::View;
use super::{RunReport, Summary};
use crate::eval::{Finding, Verdict};
use crate::plan::Program;
use crate::span::{FileId, Sources, Span};

/// Renders diagnostics and findings; `color` adds ANSI colours.
pub struct Human<'a> {
    pub sources: &'a Sources,
    pub color: bool,
}

impl Human<'_> {
    fn emit(&self, d: CsDiagnostic<FileId>) -> String {
        let d = escaped(d);
        // Most findings have the plainest shape, written without codespan.
        if !self.color
            && let Some(text) = super::plain::render(self.sources, &d)
        {
            return text;
        }
        let mut buffer = if self.color { Buffer::ansi() } else { Buffer::no_color() };
        let config = Config::default();
        // Labels on very long lines (one-line JSON scenarios) show a window.
        let (view, d) = View::of(self.sources, d);
        match term::emit_to_write_style(&mut buffer, &config, &view, &d) {
            Ok(()) => String::from_utf8_lossy(buffer.as_slice()).into_owned(),
            Err(e) => format!("{}: {} (could not show the source: {e})\n", severity_word(d.severity), d.message),
        }
    }

    pub fn diagnostic(&self, d: &Diagnostic) -> String {
        let severity = if d.level == Level::Error { Severity::Error } else { Severity::Warning };
        let labels = d
            .labels
            .iter()
            .map(|l| {
                let style = if l.primary { LabelStyle::Primary } else { LabelStyle::Secondary };
                CsLabel::new(style, l.span.file, l.span.range()).with_message(l.message.clone())
            })
            .collect();
        let cs = CsDiagnostic::new(severity)
            .with_code(d.code.clone())
            .with_message(d.message.clone())
            .with_labels(labels)
            .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect());
        self.emit(cs)
    }

    pub fn finding(&self, program: &Program, f: &Finding) -> String {
        let Some(clause) = program.clauses.get(f.clause) else {
            return String::new();
        };
        let severity = match &f.verdict {
            Verdict::Violation { .. } => Severity::Error,
            Verdict::Indeterminate { .. } => Severity::Warning,
            Verdict::Waived { .. } => Severity::Note,
            Verdict::Review => Severity::Help,
        };
        let word = f.verdict.name();
        let mut labels: Vec<CsLabel<FileId>> = f
            .subjects
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let style = if i == 0 { LabelStyle::Primary } else { LabelStyle::Secondary };
                let text = if i == 0 { f.message.clone() } else { format!("{} `{}`", s.entity, s.id) };
                CsLabel::new(style, s.span.file, first_line(self.sources, s.span).range()).with_message(text)
            })
            .collect();
        let rule_label = format!("clause {} (article {})", clause.id, clause.article);
        let rule_style = if labels.is_empty() { LabelStyle::Primary } else { LabelStyle::Secondary };
        labels.push(
            CsLabel::new(rule_style, clause.rule_span.file, first_line(self.sources, clause.rule_span).range())
                .with_message(rule_label),
        );
        let mut notes = Vec::new();
        match &f.verdict {
            Verdict::Violation { overdue_since: Some(d) } => notes.push(format!("overdue since {d}")),
            Verdict::Waived { label, by, exception } => {
                let name = label.clone().unwrap_or_else(|| self.sources.snippet(*exception).to_string());
                let fact =
                    by.as_ref().map(|b| format!(" by {} `{}` ({})", b.entity, b.id, self.sources.locate(b.span)));
                notes.push(format!("waived: {name}{}", fact.unwrap_or_default()));
            }
            Verdict::Indeterminate { kind, reason, at, fact } => {
                notes.push(format!("cannot decide ({}): {reason}", kind.code()));
                labels.push(CsLabel::secondary(at.file, at.range()).with_message(needs(*kind)));
                // The fact lacking the value, unless it is the subject already shown.
                let subject = f.subjects.first().map(|s| s.span);
                if let Some(fact) = fact.filter(|x| !subject.is_some_and(|s| s.same_place(x))) {
                    labels.push(
                        CsLabel::secondary(fact.file, first_line(self.sources, fact).range())
                            .with_message("this fact lacks it"),
                    );
                }
            }
            _ => {}
        }
        if !f.held.is_empty() {
            notes.push(format!("held {}", crate::eval::show_held(&f.held)));
        }
        notes.extend(f.sources());
        if f.message.is_empty() && f.subjects.is_empty() {
            notes.push(String::new());
        }
        let cs = CsDiagnostic::new(severity)
            .with_code(clause.qualified_id.clone())
            .with_message(format!("{word}: {}", clause.title))
            .with_labels(labels)
            .with_notes(notes.into_iter().filter(|n| !n.is_empty()).collect());
        self.emit(cs)
    }
}

/// Every text of a diagnostic that may come from a file, escaped for the
/// terminal (source lines are escaped by the excerpt view).
fn escaped(d: CsDiagnostic<FileId>) -> CsDiagnostic<FileId> {
    let esc = |s: String| crate::escape::terminal(&s).into_owned();
    CsDiagnostic {
        severity: d.severity,
        code: d.code.map(esc),
        message: esc(d.message),
        labels: d.labels.into_iter().map(|l| CsLabel { message: esc(l.message), ..l }).collect(),
        notes: d.notes.into_iter().map(esc).collect(),
    }
}

/// How much a human report says around the findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// With several scenarios, a header and a summary line for each.
    #[default]
    Normal,
    /// Findings and the final summary only: no headers, no pending lines.
    Quiet,
}

/// A whole run: rule diagnostics, then each scenario's diagnostics and
/// findings, then the summary line. Returns (stdout text, stderr text).
/// The same bytes as [`rules_part`], then [`scenario`] for each, then
/// [`ending`]: what `pacta check` prints as scenarios finish.
pub fn run(report: &RunReport<'_>, color_out: bool, color_err: bool) -> (String, String) {
    let (mut out, mut err) = (String::new(), rules_part(report, color_err));
    let several = report.scenarios.len() > 1;
    let mut shown = Shown::default();
    for r in &report.scenarios {
        let (o, e) = scenario(report.program, r, several, Detail::Normal, (color_out, color_err), &mut shown);
        out.push_str(&o);
        err.push_str(&e);
    }
    out.push_str(&ending(report));
    (out, err)
}

/// The rule files' diagnostics (warnings: errors stop the run before).
pub fn rules_part(report: &RunReport<'_>, color: bool) -> String {
    diagnostics(report.rules, &report.diagnostics, color)
}

/// Diagnostics located in `sources`, one after the other, each shown once.
pub fn diagnostics(sources: &Sources, diags: &[super::Diagnostic], color: bool) -> String {
    shown_once(sources, diags, color, &mut Shown::default())
}

/// The diagnostics already shown in a run: one that reads the same as an
/// earlier one (an error in a file several scenarios include, a lint
/// reached twice) is not shown again.
pub type Shown = std::collections::HashSet<String>;

/// [`diagnostics`], leaving out those in `shown` and adding the others.
pub fn shown_once(sources: &Sources, diags: &[super::Diagnostic], color: bool, shown: &mut Shown) -> String {
    let h = Human { sources, color };
    diags.iter().map(|d| h.diagnostic(d)).filter(|text| shown.insert(text.clone())).collect()
}

/// One scenario: its errors (stderr), and its findings and pending
/// obligations (stdout); among several, between a header naming it and a
/// summary line of its own.
pub fn scenario(
    program: &Program,
    r: &super::ScenarioResult,
    several: bool,
    detail: Detail,
    (color_out, color_err): (bool, bool),
    shown: &mut Shown,
) -> (String, String) {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_scenario(program, r, several, detail, color_out, &mut out);
    (String::from_utf8_lossy(&out).into_owned(), scenario_errors(r, color_err, shown))
}

/// The errors of a scenario (few: they go to stderr whole) not shown
/// before in the run.
pub fn scenario_errors(r: &super::ScenarioResult, color: bool, shown: &mut Shown) -> String {
    shown_once(&r.sources, &r.diagnostics, color, shown)
}

/// The stdout part of [`scenario`], written a finding at a time: a large
/// scenario's findings run to tens of megabytes.
pub fn write_scenario(
    program: &Program,
    r: &super::ScenarioResult,
    several: bool,
    detail: Detail,
    color: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let framed = several && detail == Detail::Normal;
    if framed {
        writeln!(out, "=== {}", crate::escape::terminal(&r.name))?;
    }
    let o = Human { sources: &r.sources, color };
    for f in r.evaluation.iter().flat_map(|e| &e.findings) {
        out.write_all(o.finding(program, f).as_bytes())?;
    }
    if let Some(e) = &r.evaluation
        && detail == Detail::Normal
    {
        out.write_all(pending_lines(program, &e.pending).as_bytes())?;
    }
    if framed {
        let mut s = Summary { scenarios: 1, clauses: program.clauses.len(), ..Summary::default() };
        s.add(r);
        let line = match &r.evaluation {
            Some(_) => summary_line(&s),
            None => "not judged: see the errors above\n".to_string(),
        };
        writeln!(out, "{}: {line}", crate::escape::terminal(&r.name))?;
    }
    Ok(())
}

/// The summary line of the whole run, and why it fails when that is not obvious.
pub fn ending(report: &RunReport<'_>) -> String {
    format!("{}{}", summary_line(&report.summary()), outcome_line(report))
}

/// Why a run without violations still fails, when it does: what failed it
/// and how to accept it.
fn outcome_line(report: &RunReport<'_>) -> String {
    let s = report.summary();
    match report.outcome() {
        super::Outcome::Undecided => format!(
            "undecided: {} could not be decided (exit code 4); `--fail-on violation` accepts them\n",
            count(s.indeterminate, "verdict")
        ),
        super::Outcome::Failed if s.violations == 0 => {
            let mut why = Vec::new();
            if report.fail_on.review && s.review > 0 {
                why.push(format!("{} for review", count(s.review, "finding")));
            }
            if report.fail_on.warning && s.warnings > 0 {
                why.push(count(s.warnings, "warning"));
            }
            format!("failed: {} (--fail-on {})\n", why.join(" and "), report.fail_on.names())
        }
        _ => String::new(),
    }
}

/// Pending obligations grouped by clause and deadline, for every format.
pub(super) struct PendingGroup<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub due: crate::eval::Deadline,
    pub subjects: Vec<String>,
}

impl PendingGroup<'_> {
    /// `ALB; BEL; BGR and 27 more`.
    pub fn named(&self) -> String {
        const NAMED: usize = 3;
        let mut named = self.subjects.iter().take(NAMED).cloned().collect::<Vec<_>>().join("; ");
        if self.subjects.len() > NAMED {
            named.push_str(&format!(" and {} more", self.subjects.len() - NAMED));
        }
        named
    }

    /// `t/2.3 (Emergency hotlines): 30 obligations due 2022-05-30, not met yet: ALB; BEL; BGR and 27 more`.
    pub fn line(&self) -> String {
        let what = count(self.subjects.len(), "obligation");
        format!("{} ({}): {what} due {}, not met yet: {}", self.id, self.title, self.due, self.named())
    }
}

pub(super) fn pending_groups<'p, 'e>(
    program: &'p Program,
    pending: impl IntoIterator<Item = &'e crate::eval::Pending>,
) -> Vec<PendingGroup<'p>> {
    let mut groups: Vec<((usize, crate::eval::Deadline), Vec<String>)> = Vec::new();
    for p in pending {
        let subject = crate::eval::subject_key(&p.subjects);
        match groups.iter_mut().find(|(key, _)| *key == (p.clause, p.due)) {
            Some((_, subjects)) => subjects.push(subject),
            None => groups.push(((p.clause, p.due), vec![subject])),
        }
    }
    groups
        .into_iter()
        .map(|((clause, due), subjects)| {
            let (id, title) =
                program.clauses.get(clause).map_or(("?", ""), |c| (c.qualified_id.as_str(), c.title.as_str()));
            PendingGroup { id, title, due, subjects }
        })
        .collect()
}

/// One line per clause and deadline, naming the first few subjects:
/// `pending: t/2.3 (Emergency hotlines): 30 obligations due 2022-05-30, not met yet: ALB; BEL; BGR and 27 more`
fn pending_lines(program: &Program, pending: &[crate::eval::Pending]) -> String {
    let mut out = String::new();
    for g in pending_groups(program, pending) {
        out.push_str(&crate::escape::terminal(&format!("pending: {}", g.line())));
        out.push('\n');
    }
    out
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Bug => "bug",
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
        Severity::Help => "help",
    }
}

/// The first line of a span: a fact's `- id: …` line, a rule's `forbid …`.
pub(crate) fn first_line(sources: &Sources, span: Span) -> Span {
    let text = sources.snippet(span);
    let mut len = text.find('\n').unwrap_or(text.len());
    // A YAML comment after the fact's first key is not part of the fact.
    if let Some(hash) = text[..len].find(" #") {
        len = hash;
    }
    let trimmed = text[..len].trim_end().len();
    Span::new(span.file, span.start as usize, span.start as usize + trimmed.max(1).min(text.len().max(1)))
}

/// `12 clauses, 340 facts: 3 violations, 1 waived, 0 indeterminate, 2 for review`.
pub fn summary_line(s: &Summary) -> String {
    let scen = if s.scenarios == 1 { String::new() } else { format!("{}, ", count(s.scenarios, "scenario")) };
    // Errors stop a scenario before it is judged: the counts then cover less
    // than was asked, which the line must not hide.
    let errors = if s.errors > 0 { format!("; {} (see above)", count(s.errors, "error")) } else { String::new() };
    let left_out = if s.left_out > 0 {
        format!("; {} below the minimum confidence left out", count(s.left_out, "fact"))
    } else {
        String::new()
    };
    format!(
        "{scen}{}, {}: {}, {} waived, {} indeterminate, {} for review{}{left_out}{errors}{}\n",
        count(s.clauses, "clause"),
        count(s.facts, "fact"),
        count(s.violations, "violation"),
        s.waived,
        s.indeterminate,
        s.review,
        if s.pending > 0 { format!(" ({} pending)", count(s.pending, "obligation")) } else { String::new() },
        s.period.map_or_else(String::new, |(from, to)| format!(", from {from} to {to}"))
    )
}

/// `1 clause`, `2 clauses`, `0 treaties`: every count a report prints goes
/// through here, so that no line says `1 scenarios`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {}", plural(noun)) }
}

/// The verb after a count: `1 fact … was`, `2 facts … were`.
pub fn were(n: usize) -> &'static str {
    if n == 1 { "was" } else { "were" }
}

/// The plural of a noun the reports count: `treaty` → `treaties` (a
/// consonant before the final `y`), else an `s` (`day` → `days`,
/// `rule file` → `rule files`). Only the rules those nouns need.
pub fn plural(noun: &str) -> String {
    let mut last = noun.chars().rev();
    match (last.next(), last.next()) {
        (Some('y'), Some(before)) if !"aeiou".contains(before) => format!("{}ies", &noun[..noun.len() - 1]),
        _ => format!("{noun}s"),
    }
}

/// The label on the expression an indeterminate verdict could not settle.
fn needs(kind: crate::eval::Unknown) -> &'static str {
    use crate::eval::Unknown;
    match kind {
        Unknown::Estimate => "the estimate's range straddles this",
        Unknown::Unrecorded => "the facts this reads are not all recorded",
        Unknown::Deadline => "this deadline may or may not have passed",
        Unknown::Undecided => "the reading leaves this open",
        Unknown::NoDate => "this needs an evaluation date",
        Unknown::Arithmetic => "this cannot be computed",
        _ => "this needs a value",
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_are_singular_for_one_and_plural_otherwise() {
        assert_eq!(count(1, "treaty"), "1 treaty");
        assert_eq!(count(2, "treaty"), "2 treaties");
        assert_eq!(count(0, "definition"), "0 definitions");
        assert_eq!(count(1, "scenario"), "1 scenario");
        assert_eq!(count(3, "day"), "3 days");
        assert_eq!(count(2, "rule file"), "2 rule files");
    }
}
