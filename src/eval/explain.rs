//! Explanations: how a verdict was reached, built from the trace of the
//! evaluation that reached it (see [`super::trace`]). For each step of the
//! judgement (the condition, the obligation and its deadline, each
//! exception) the conditions evaluated, the value each took, the facts each
//! read, and for scans the facts that decided them; for a violation, what
//! would make it comply; for an indeterminate verdict, what each value of
//! the unknown would give.

use super::context::Ctx;
use super::trace::TraceNode;
use super::verdict::{Subject, Verdict};
use crate::ast::{BinOp, RuleKind};
use crate::span::Span;
use crate::value::Value;

/// Which verdicts to explain.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A clause id (`4.1`) or qualified id (`nato_russia_2021/4.1`).
    pub clause: Option<String>,
    /// Only bindings with a subject of this id; bindings that hold are then
    /// explained too.
    pub subject: Option<String>,
}

/// What judging one binding came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Judgement {
    /// The condition is false: the clause does not apply, so it holds.
    Holds,
    /// The obligation is met.
    Met,
    /// The obligation is not met, but its deadline has not passed.
    Pending,
    Finding(Verdict),
}

impl Judgement {
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    pub fn kind(&self) -> super::VerdictKind {
        match self {
            Judgement::Holds | Judgement::Met => super::VerdictKind::Holds,
            Judgement::Pending => super::VerdictKind::Pending,
            Judgement::Finding(v) => v.kind(),
        }
    }
}

/// The part of a clause a step evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Where,
    Ensure,
    Due,
    /// The clause's exception with this index.
    Unless(usize),
}

/// A step as traced, before rendering.
#[derive(Debug, Clone)]
pub(super) struct Step {
    pub role: Role,
    pub nodes: Vec<TraceNode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Index into `Program::clauses`.
    pub clause: usize,
    pub subjects: Vec<Subject>,
    pub judgement: Judgement,
    pub steps: Vec<ExplainedStep>,
    /// For a violation: changes that would each make it comply.
    pub comply: Vec<String>,
    /// For an indeterminate verdict: what each value of the unknown gives.
    pub alternatives: Vec<String>,
    /// The derivation is cut: it recorded `trace::MAX_TRACE_NODES` nodes.
    pub cut: bool,
    /// Judging a period: the day this derivation is of (the first day of
    /// an interval the verdict held), and every interval it held.
    pub on: Option<crate::calendar::Date>,
    pub held: Vec<super::Held>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedStep {
    pub role: Role,
    /// `where`, `ensure`, `due`, `unless "consent of all parties"`.
    pub label: String,
    pub nodes: Vec<Node>,
}

/// One evaluated condition, call or scan, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The expression as written in the rule file.
    pub text: String,
    pub span: Span,
    /// The value it took, or `unknown: <reason>`.
    pub value: String,
    /// Whether it could be evaluated.
    pub known: bool,
    /// Facts whose fields it read.
    pub reads: Vec<Subject>,
    /// For scans: the facts (or items) that decided the result: those
    /// summed or counted, the witness of `exists`, the counterexample of `all`.
    pub decisive: Vec<Subject>,
    /// Decisive candidates beyond those listed.
    pub decisive_more: usize,
    /// For a comparison whose sides were both evaluated: the value of each
    /// and the operator (`2000`, `>`, `1000`), so that a reader sees why.
    pub compared: Option<Compared>,
    pub children: Vec<Node>,
}

/// The two sides of a comparison, as values, and its operator.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub left: String,
    pub op: &'static str,
    pub right: String,
}

impl Ctx<'_> {
    pub(super) fn explanation(
        &self,
        clause: usize,
        subjects: Vec<Subject>,
        judgement: Judgement,
        steps: Vec<Step>,
    ) -> Explanation {
        let c = &self.program.clauses[clause];
        let comply = match &judgement {
            Judgement::Finding(Verdict::Violation { .. }) => self.comply(c, &steps),
            _ => Vec::new(),
        };
        let alternatives = match &judgement {
            Judgement::Finding(Verdict::Indeterminate { .. }) => self.alternatives(c, &steps),
            _ => Vec::new(),
        };
        let steps = steps
            .iter()
            .map(|s| ExplainedStep {
                role: s.role,
                label: step_label(c, s.role),
                nodes: s.nodes.iter().map(|n| self.node(n)).collect(),
            })
            .collect();
        Explanation { clause, subjects, judgement, steps, comply, alternatives, cut: false, on: None, held: Vec::new() }
    }

    fn node(&self, n: &TraceNode) -> Node {
        let subject = |v: &Value| self.subject(v, n.span);
        Node {
            text: expression_text(self.sources.snippet(n.span)),
            span: n.span,
            value: self.value_text(&n.value),
            known: n.value.is_ok(),
            reads: n.reads.iter().map(|r| subject(&Value::Fact(*r))).collect(),
            decisive: n.decisive.iter().map(subject).collect(),
            decisive_more: n.decisive_more,
            compared: match (&n.compare, &n.operands) {
                (Some((op, _, _)), Some((l, r))) => {
                    Some(Compared { left: self.render_short(l), op: op.symbol(), right: self.render_short(r) })
                }
                _ => None,
            },
            children: self.children(n),
        }
    }

    /// A node's children, with nested `and`s (or `or`s) under an `and` (an
    /// `or`) spliced in: `a and b and c` lists three conditions, not a
    /// left-leaning chain of pairs.
    fn children(&self, n: &TraceNode) -> Vec<Node> {
        let mut out = Vec::new();
        for c in &n.children {
            if n.and.is_some() && c.and == n.and && c.reads.is_empty() {
                out.extend(self.children(c));
            } else {
                out.push(self.node(c));
            }
        }
        // Conjunctions run cheapest first; show them as written.
        if n.and.is_some() {
            out.sort_by_key(|c| (c.span.file, c.span.start));
        }
        out
    }

    fn value_text(&self, v: &Result<Value, super::EvalError>) -> String {
        match v {
            Ok(v) => self.render_short(v),
            Err(e) => format!("unknown: {}", e.reason),
        }
    }

    /// Each true conjunct of the condition, negated, is one way to comply;
    /// each exception is another.
    fn comply(&self, c: &crate::plan::Clause, steps: &[Step]) -> Vec<String> {
        let mut out = Vec::new();
        if c.kind == RuleKind::Require {
            if let Some(ensure) = &c.ensure {
                out.push(format!("make `{}` hold", expression_text(self.sources.snippet(ensure.span))));
            }
        } else {
            for n in conjuncts(steps, Role::Where) {
                if matches!(n.value, Ok(Value::Bool(true))) {
                    out.push(self.negation(n));
                }
            }
        }
        for x in &c.exceptions {
            let label = x.label.as_deref().map_or_else(String::new, |l| format!(" ({l})"));
            out.push(format!("meet the exception{label}: `{}`", expression_text(self.sources.snippet(x.cond.span))));
        }
        out
    }

    /// What would make a true conjunct false, with the value that decides.
    fn negation(&self, n: &TraceNode) -> String {
        let text = expression_text(self.sources.snippet(n.span));
        match (&n.compare, &n.operands) {
            (Some((op, lhs, _)), Some((l, r))) => match negated(*op) {
                Some(neg) => format!(
                    "`{}` {neg} {} (it is {})",
                    expression_text(self.sources.snippet(*lhs)),
                    self.render_short(r),
                    self.render_short(l)
                ),
                None => format!("`{text}` false"),
            },
            _ => format!("`{text}` false"),
        }
    }

    /// For an unknown that decided the verdict: the verdict under each value.
    fn alternatives(&self, c: &crate::plan::Clause, steps: &[Step]) -> Vec<String> {
        let Some(last) = steps.last() else { return Vec::new() };
        let applies = if c.exceptions.is_empty() { "violation" } else { "violation, unless an exception applies" };
        match last.role {
            Role::Where => {
                let parts = conjuncts(steps, Role::Where);
                let unknown: Vec<&TraceNode> = parts.iter().copied().filter(|n| n.value.is_err()).collect();
                let others_true = parts.iter().all(|n| n.value.is_err() || matches!(n.value, Ok(Value::Bool(true))));
                match unknown.as_slice() {
                    [one] if others_true => {
                        let text = expression_text(self.sources.snippet(one.span));
                        let rule = if c.kind == RuleKind::Require { "the obligation applies" } else { applies };
                        if let Some(ends) = estimate_ends(one, rule) {
                            return ends;
                        }
                        vec![format!("if `{text}` is true: {rule}"), format!("if `{text}` is false: holds")]
                    }
                    _ => Vec::new(),
                }
            }
            Role::Ensure | Role::Due => vec![
                "if the obligation is met: holds".to_string(),
                format!("if it is not: {applies} (once the deadline, if any, has passed)"),
            ],
            Role::Unless(i) => {
                let label = step_label(c, Role::Unless(i));
                vec![format!("if `{label}` applies: waived"), "if it does not: violation".to_string()]
            }
        }
    }
}

/// For a comparison left unknown by an estimate on one side: the verdict at
/// each end of the range (`at 480: holds`, `at 500: violation`).
fn estimate_ends(n: &TraceNode, rule: &str) -> Option<Vec<String>> {
    let (op, _, _) = n.compare?;
    let (l, r) = n.operands.as_ref()?;
    let (low, high, left) = match (l, r) {
        (Value::Estimate(_), Value::Estimate(_)) => return None,
        (Value::Estimate(e), _) => (&e.low, &e.high, true),
        (_, Value::Estimate(e)) => (&e.low, &e.high, false),
        _ => return None,
    };
    let verdict = |end: &Value| {
        let (a, b) = if left { (end, r) } else { (l, end) };
        match super::ops::apply(op, a, b) {
            Ok(Value::Bool(true)) => Some(rule.to_string()),
            Ok(Value::Bool(false)) => Some("holds".to_string()),
            _ => None,
        }
    };
    if *high == Value::Int(i64::MAX) {
        // A count over facts not all recorded: the recorded, or more.
        return Some(vec![
            format!("with the {low} recorded: {}", verdict(low)?),
            format!("with more: {}", verdict(high)?),
        ]);
    }
    Some(vec![
        format!("at {low}, the low end of the estimate: {}", verdict(low)?),
        format!("at {high}, the high end: {}", verdict(high)?),
    ])
}

/// The conjuncts of a step's condition: its top node, split at every `and`.
fn conjuncts(steps: &[Step], role: Role) -> Vec<&TraceNode> {
    fn split<'n>(n: &'n TraceNode, out: &mut Vec<&'n TraceNode>) {
        if n.and == Some(true) && !n.children.is_empty() {
            n.children.iter().for_each(|c| split(c, out));
        } else {
            out.push(n);
        }
    }
    let mut out = Vec::new();
    for s in steps.iter().filter(|s| s.role == role) {
        s.nodes.iter().for_each(|n| split(n, &mut out));
    }
    out.sort_by_key(|n| (n.span.file, n.span.start));
    out
}

/// An expression's source text on one line, without comments.
fn expression_text(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let code = strip_comment(line);
        for word in code.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// A line up to a `//` comment (not one inside a string).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

fn negated(op: BinOp) -> Option<&'static str> {
    Some(match op {
        BinOp::Gt => "<=",
        BinOp::Ge => "<",
        BinOp::Lt => ">=",
        BinOp::Le => ">",
        BinOp::Eq => "!=",
        BinOp::Ne => "==",
        _ => return None,
    })
}

fn step_label(c: &crate::plan::Clause, role: Role) -> String {
    match role {
        Role::Where => "where".into(),
        Role::Ensure => "ensure".into(),
        Role::Due => "due".into(),
        Role::Unless(i) => match c.exceptions.get(i).and_then(|x| x.label.as_deref()) {
            Some(label) => format!("unless \"{label}\""),
            None => "unless".into(),
        },
    }
}
