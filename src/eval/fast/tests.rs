//! The compiler's rewrites on hand-built nodes: each must keep the value
//! the unrewritten node computes (the case runner checks whole rule files).

use super::compile::{Node, fold};
use super::scalar::Scalar;
use super::select::{Kernels, Within};
use crate::eval::logic::Connective::{self, And, Implies, Or};
use crate::plan::Op;

fn b(v: bool) -> Node<'static> {
    Node::Const(Scalar::Bool(v))
}

fn field(slot: usize, field: usize) -> Node<'static> {
    Node::SlotField { slot, field }
}

fn cmp(op: Op, lhs: Node<'static>, rhs: Node<'static>) -> Node<'static> {
    Node::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }
}

fn kleene(op: Connective, lhs: Node<'static>, rhs: Node<'static>) -> Node<'static> {
    Node::Kleene { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }
}

fn shown(n: &Node<'_>) -> String {
    format!("{n:?}")
}

#[test]
fn a_constant_that_cannot_decide_leaves_the_other_operand() {
    // `x or false` is x; `x and true` is x; `x implies false` is `not x`.
    assert_eq!(shown(&fold(kleene(Or, field(0, 1), b(false)))), shown(&field(0, 1)));
    assert_eq!(shown(&fold(kleene(And, field(0, 1), b(true)))), shown(&field(0, 1)));
    assert_eq!(shown(&fold(kleene(Implies, field(0, 1), b(false)))), shown(&Node::Not(Box::new(field(0, 1)))));
    // `false or x` is x.
    assert_eq!(shown(&fold(kleene(Or, b(false), field(0, 2)))), shown(&field(0, 2)));
}

#[test]
fn a_deciding_constant_decides_whatever_the_other_operand() {
    // Under Kleene logic `unknown or true` is true and `unknown and false`
    // is false, so the other operand is not needed even if it would fail.
    let unknown = || cmp(Op::Lt, field(0, 4), Node::Const(Scalar::Missing));
    assert_eq!(shown(&fold(kleene(Or, unknown(), b(true)))), shown(&b(true)));
    assert_eq!(shown(&fold(kleene(And, unknown(), b(false)))), shown(&b(false)));
    assert_eq!(shown(&fold(kleene(Implies, b(false), unknown()))), shown(&b(true)));
    assert_eq!(shown(&fold(Node::Conjunction(vec![unknown(), b(false), field(0, 1)]))), shown(&b(false)));
}

#[test]
fn conjunctions_flatten_and_drop_true_conjuncts() {
    let inner = Node::Conjunction(vec![field(0, 1), field(0, 2)]);
    let folded = fold(Node::Conjunction(vec![inner, b(true), field(0, 3)]));
    assert_eq!(shown(&folded), shown(&Node::Conjunction(vec![field(0, 1), field(0, 2), field(0, 3)])));
    assert_eq!(shown(&fold(Node::Conjunction(vec![b(true), field(0, 1)]))), shown(&field(0, 1)));
    assert_eq!(shown(&fold(Node::Conjunction(vec![b(true), b(true)]))), shown(&b(true)));
}

#[test]
fn operators_on_constants_fold_unless_they_fail() {
    let sum = cmp(Op::Add, Node::Const(Scalar::Int(2)), Node::Const(Scalar::Int(3)));
    assert_eq!(shown(&fold(sum)), shown(&Node::Const(Scalar::Int(5))));
    // An overflow stays an operator, which gives up when run, so the
    // interpreter reports it.
    let overflow = cmp(Op::Add, Node::Const(Scalar::Int(i64::MAX)), Node::Const(Scalar::Int(1)));
    assert!(matches!(fold(overflow), Node::Binary { .. }));
    // A missing operand is an unknown, not a value.
    let missing = cmp(Op::Eq, Node::Const(Scalar::Missing), Node::Const(Scalar::Int(1)));
    assert!(matches!(fold(missing), Node::Binary { .. }));
}

#[test]
fn kernels_are_comparisons_of_the_facts_own_fields() {
    let cond = Node::Conjunction(vec![
        cmp(Op::Gt, field(0, 3), Node::Const(Scalar::Int(7))),
        cmp(Op::Ne, field(0, 1), field(0, 0)),
        // Reads another slot: set while the clause is judged, so not a kernel
        // of a clause; a scan's outer slots are set before it runs.
        cmp(Op::Le, field(0, 3), Node::Slot(5)),
        // Not a comparison, but reads the fact through one field only: a
        // clause lifts it (computed once per value of the field).
        Node::Not(Box::new(field(0, 2))),
        // Two constants: nothing of the fact.
        cmp(Op::Eq, Node::Const(Scalar::Int(1)), Node::Const(Scalar::Int(1))),
    ]);
    let clause = Kernels::split(&cond, 0, Within::Clause { scratch: 6 });
    assert_eq!(clause.kernels.len(), 2);
    assert!(clause.fixed.is_empty());
    assert_eq!(clause.lifted.len(), 1);
    assert!(matches!(&clause.rest, Some(Node::Conjunction(rest)) if rest.len() == 2));
    let scan = Kernels::split(&cond, 0, Within::Scan);
    assert_eq!(scan.kernels.len(), 3);
    assert!(scan.lifted.is_empty(), "a scan's conjuncts are not lifted");
    assert_eq!(scan.fixed.len(), 1, "slot 5 is read once per run of the scan");
}

#[test]
fn dates_in_messages_print_as_their_display() {
    for (y, m, d) in [(1, 1, 1), (999, 12, 31), (1997, 5, 27), (2022, 10, 9), (9999, 12, 31)] {
        let date = crate::calendar::Date::new(y, m, d).unwrap_or_default();
        let mut out = String::new();
        assert!(super::push_date(&mut out, date));
        assert_eq!(out, date.to_string());
    }
    let mut out = String::new();
    assert!(!super::push_date(&mut out, crate::calendar::Date::new(-1, 1, 1).unwrap_or_default()) && out.is_empty());
}

#[test]
fn numbers_in_messages_print_as_their_display() {
    for n in [0, 7, -7, 10, 1_000_000, i64::MAX, i64::MIN, -1_234_567_890] {
        let mut out = String::from("x");
        super::push_int(&mut out, n);
        assert_eq!(out, format!("x{n}"));
    }
}

#[test]
fn a_conjunct_is_lifted_when_it_reads_the_fact_only_through_its_fields() {
    use super::lift::{as_slots, fields_read};
    let call = |args| Node::Call { def: 0, args };
    // `f(d.owner, 1) and d.owner.x`: one field, read twice.
    let one = Node::Kleene {
        op: Connective::And,
        lhs: Box::new(call(vec![field(0, 1), Node::Const(Scalar::Int(1))])),
        rhs: Box::new(Node::Field { base: Box::new(field(0, 1)), field: 4 }),
    };
    assert_eq!(fields_read(&one, 0), Some(vec![1]));
    let lifted = shown(&as_slots(&one, 0, &[1], 9));
    assert_eq!(lifted.matches("Slot(9)").count(), 2, "{lifted}");
    assert!(!lifted.contains("SlotField"), "{lifted}");
    // `f(d.host, d.owner) > f(d.owner, d.host)`: two fields, each to its own
    // scratch slot, in field order.
    let two = cmp(Op::Gt, call(vec![field(0, 2), field(0, 1)]), call(vec![field(0, 1), field(0, 2)]));
    assert_eq!(fields_read(&two, 0), Some(vec![1, 2]));
    let lifted = shown(&as_slots(&two, 0, &[1, 2], 9));
    assert_eq!((lifted.matches("Slot(9)").count(), lifted.matches("Slot(10)").count()), (2, 2), "{lifted}");
    // However many fields: their domains decide whether it is tabulated.
    let four = Node::Conjunction((1..=4).map(|f| field(0, f)).collect());
    assert_eq!(fields_read(&four, 0), Some(vec![1, 2, 3, 4]));
    // The whole fact, another slot, or nothing of the fact.
    assert_eq!(fields_read(&call(vec![Node::Slot(0)]), 0), None);
    assert_eq!(fields_read(&cmp(Op::Eq, field(0, 1), Node::Slot(3)), 0), None);
    assert_eq!(fields_read(&cmp(Op::Eq, field(0, 1), field(3, 1)), 0), None);
    assert_eq!(fields_read(&Node::Const(Scalar::Bool(true)), 0), None);
}
