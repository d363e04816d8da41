//! Conjuncts that read the bound fact only through one reference field
//! (`bound_by_article_4(d.owner)`, `d.host.in_europe`) depend on the row
//! only through the fact that field names. The prefilter computes them once
//! per referenced fact (64 states, not a million deployments) and tests each
//! row by a look-up, so rows they reject are never bound.
//!
//! The lifted conjunct is the same node with `d.owner` read as the slot
//! itself, which holds the referenced fact (or a missing value) while the
//! table of results is computed: the interpreter's semantics, unchanged.

use super::compile::{List, Node};

/// The one field of `slot` that `n` reads, when it reads that slot only as
/// `slot.field`, reads no other frame slot, and binds none; `None` when it
/// reads no field of the slot or does anything else.
pub(super) fn one_field(n: &Node<'_>, slot: usize) -> Option<usize> {
    let mut found = None;
    visit(n, slot, &mut found)?;
    found
}

fn visit(n: &Node<'_>, slot: usize, found: &mut Option<usize>) -> Option<()> {
    match n {
        Node::Const(_) | Node::Param(_) | Node::AsOf => Some(()),
        Node::SlotField { slot: s, field } if *s == slot => match *found {
            Some(f) if f != *field => None,
            _ => {
                *found = Some(*field);
                Some(())
            }
        },
        Node::Field { base: a, .. } | Node::Has { base: a, .. } | Node::Not(a) | Node::Neg(a) | Node::Id(a) => {
            visit(a, slot, found)
        }
        Node::Kleene { lhs, rhs, .. } | Node::Coalesce(lhs, rhs) | Node::Binary { lhs, rhs, .. } => {
            visit(lhs, slot, found)?;
            visit(rhs, slot, found)
        }
        Node::If { cond, then, otherwise } => {
            visit(cond, slot, found)?;
            visit(then, slot, found)?;
            visit(otherwise, slot, found)
        }
        // A call's body runs in its own frame: only its arguments read ours.
        Node::Conjunction(parts) | Node::Call { args: parts, .. } => {
            parts.iter().try_for_each(|p| visit(p, slot, found))
        }
        Node::In { item, list, .. } => {
            visit(item, slot, found)?;
            match &**list {
                List::Parties(_) => Some(()),
                List::Field(base, _) => visit(base, slot, found),
                List::Slot(_) | List::Interpret(_) => None,
            }
        }
        Node::Slot(_)
        | Node::SlotField { .. }
        | Node::Let { .. }
        | Node::Scan(_)
        | Node::ListScan(_)
        | Node::Interpret(_) => None,
    }
}

/// `n` (accepted by [`one_field`]) with `slot.field` read as `slot`.
pub(super) fn as_slot<'a>(n: &Node<'a>, slot: usize) -> Node<'a> {
    let mut n = n.clone();
    replace(&mut n, slot);
    n
}

fn replace(n: &mut Node<'_>, slot: usize) {
    match n {
        Node::SlotField { slot: s, .. } if *s == slot => *n = Node::Slot(slot),
        Node::Field { base: a, .. } | Node::Has { base: a, .. } | Node::Not(a) | Node::Neg(a) | Node::Id(a) => {
            replace(a, slot)
        }
        Node::Kleene { lhs, rhs, .. } | Node::Coalesce(lhs, rhs) | Node::Binary { lhs, rhs, .. } => {
            replace(lhs, slot);
            replace(rhs, slot);
        }
        Node::If { cond, then, otherwise } => {
            replace(cond, slot);
            replace(then, slot);
            replace(otherwise, slot);
        }
        Node::Conjunction(parts) | Node::Call { args: parts, .. } => parts.iter_mut().for_each(|p| replace(p, slot)),
        Node::In { item, list, .. } => {
            replace(item, slot);
            if let List::Field(base, _) = &mut **list {
                replace(base, slot);
            }
        }
        _ => {}
    }
}
