//! GitHub Actions workflow commands (`--format github`): one annotation per
//! error, finding and pending obligation, at the fact in the scenario,
//! errors first and each level capped at what GitHub shows, then a notice
//! with the totals.
//! `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::message`.

use std::fmt::Write as _;

use super::RunReport;
use super::diagnostic::{Diagnostic, Level};
use crate::escape;
use crate::eval::Verdict;
use crate::span::{Sources, Span};

/// GitHub shows at most 10 error and 10 warning annotations per step (and
/// a few more notices): beyond that they are dropped without a word. Each
/// level is capped here, and one notice says how many were left out.
pub const PER_LEVEL: usize = 10;

/// One workflow command, before capping.
struct Annotation {
    /// `error`, `warning` or `notice`, in that order of importance.
    level: &'static str,
    text: String,
}

pub fn run(report: &RunReport<'_>) -> String {
    let mut all = Vec::new();
    let summary = report.summary();
    if summary.left_out > 0 {
        let n = summary.left_out;
        let text = format!(
            "{} below the minimum confidence {} left out",
            super::human::count(n, "fact"),
            super::human::were(n)
        );
        all.push(Annotation { level: "notice", text: own(&text) });
    }
    if let Some((from, to)) = summary.period {
        all.push(Annotation {
            level: "notice",
            text: own(&format!("verdicts that held on any day from {from} to {to}")),
        });
    }
    for d in &report.diagnostics {
        all.push(diagnostic(report.rules, d));
    }
    for r in &report.scenarios {
        all.extend(r.diagnostics.iter().map(|d| diagnostic(&r.sources, d)));
        for f in r.evaluation.iter().flat_map(|e| &e.findings) {
            all.extend(finding(report, r, f));
        }
        for g in super::human::pending_groups(report.program, r.evaluation.iter().flat_map(|e| &e.pending)) {
            let title = format!("{} (pending): {}", g.id, g.title);
            let message = format!(
                "{} due {}, not met yet: {}",
                super::human::count(g.subjects.len(), "obligation"),
                g.due,
                g.named()
            );
            let mut text = String::new();
            line(&mut text, &r.sources, None, &title, &message);
            all.push(Annotation { level: "notice", text });
        }
    }
    capped(all, &summary, report.outcome())
}

/// Errors first, then warnings, then notices, each level capped; a last
/// notice gives the totals and where the rest is.
fn capped(mut all: Vec<Annotation>, s: &super::Summary, outcome: super::Outcome) -> String {
    let rank = |level: &str| ["error", "warning", "notice"].iter().position(|l| *l == level).unwrap_or(3);
    all.sort_by_key(|a| rank(a.level));
    let mut shown = [0usize; 4];
    let mut left = 0;
    let mut out = String::new();
    for a in &all {
        let n = &mut shown[rank(a.level)];
        if *n < PER_LEVEL {
            *n += 1;
            let _ = write!(out, "::{}{}", a.level, a.text);
        } else {
            left += 1;
        }
    }
    let more = if left > 0 {
        format!(
            " {} {} not shown (GitHub shows {PER_LEVEL} per level); the step summary or `--format json` has them all.",
            super::human::count(left, "more annotation"),
            super::human::were(left)
        )
    } else {
        String::new()
    };
    let count = super::human::count;
    let totals = format!(
        "{}: {}, {} indeterminate, {} for review, {} pending, {}, {}.{more}",
        outcome.name(),
        count(s.violations, "violation"),
        s.indeterminate,
        s.review,
        s.pending,
        count(s.errors, "error"),
        count(s.warnings, "warning")
    );
    let _ = write!(out, "::notice{}", own(&totals));
    out
}

/// A notice of pacta's own, at no location.
fn own(message: &str) -> String {
    let mut text = String::new();
    line(&mut text, &Sources::new(), None, "pacta", message);
    text
}

fn finding(report: &RunReport<'_>, r: &super::ScenarioResult, f: &crate::eval::Finding) -> Option<Annotation> {
    let c = report.program.clauses.get(f.clause)?;
    let level = match f.verdict {
        Verdict::Violation { .. } => "error",
        Verdict::Indeterminate { .. } => "warning",
        Verdict::Waived { .. } | Verdict::Review => "notice",
    };
    let at = f.subjects.first().map_or(c.rule_span, |s| s.span);
    let title = format!("{} ({}): {}", c.qualified_id, f.verdict.name(), c.title);
    let mut message = escape::terminal(&f.message).into_owned();
    if let Verdict::Indeterminate { kind, reason, .. } = &f.verdict {
        message.push_str(&format!("\ncannot decide ({}): {}", kind.code(), escape::terminal(reason)));
    }
    if !f.held.is_empty() {
        message.push_str(&format!(" (held {})", crate::eval::show_held(&f.held)));
    }
    for s in f.sources() {
        message.push_str(&format!("\n{}", escape::terminal(&s)));
    }
    let mut text = String::new();
    line(&mut text, &r.sources, Some(at), &title, &message);
    Some(Annotation { level, text })
}

fn diagnostic(sources: &Sources, d: &Diagnostic) -> Annotation {
    let level = if d.level == Level::Error { "error" } else { "warning" };
    // The line break before the help is the report's; any in the texts
    // (from files) are shown escaped.
    let message = match &d.help {
        Some(h) => format!("{}\nhelp: {}", escape::terminal(&d.message), escape::terminal(h)),
        None => escape::terminal(&d.message).into_owned(),
    };
    let mut text = String::new();
    line(&mut text, sources, d.span(), &d.code, &message);
    Annotation { level, text }
}

/// ` file=…,line=…,title=…::message` and a line break: a command without its name.
fn line(out: &mut String, sources: &Sources, at: Option<Span>, title: &str, message: &str) {
    let mut props = Vec::new();
    if let Some((file, span)) = at.and_then(|s| sources.get(s.file).map(|f| (f, s))) {
        let start = file.line_col(span.start as usize);
        let end = file.line_col(span.end as usize);
        props.push(format!("file={}", property(&file.name)));
        props.push(format!("line={},col={},endLine={},endColumn={}", start.line, start.col, end.line, end.col));
    }
    props.push(format!("title={}", property(title)));
    let _ = writeln!(out, " {}::{}", props.join(","), data(message));
}

/// Escaping for the message part of a workflow command: GitHub's own
/// escapes for `%`, CR and LF; any other control character (ESC would
/// colour or rewrite the log) shown escaped.
fn data(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    escape::terminal(&s).into_owned()
}

/// Escaping for a property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
