//! The module graph (import cycles, what each module sees), the depth
//! of definition calls, and the unused-definition lint.

use std::collections::BTreeSet;

use super::error::CheckErrorKind;
use super::scope::Checker;

/// Reports import cycles and computes each module's visible set.
pub(super) fn check_imports(cx: &mut Checker<'_>) {
    let n = cx.rules.modules.len();
    let mut state = vec![Mark::New; n];
    let mut stack: Vec<(usize, Option<crate::span::Span>)> = Vec::new();
    for m in 0..n {
        visit(cx, m, &mut state, &mut stack);
    }
    for m in 0..n {
        cx.visible[m] = reachable(cx, m);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    New,
    Active,
    Done,
}

/// Depth-first walk; `stack` holds each active module with the import that
/// leads out of it. A cycle is reported at the import where it starts, in
/// the module reached first.
fn visit(cx: &mut Checker<'_>, m: usize, state: &mut [Mark], stack: &mut Vec<(usize, Option<crate::span::Span>)>) {
    if state[m] != Mark::New {
        return;
    }
    state[m] = Mark::Active;
    stack.push((m, None));
    let edges = cx.rules.imports.get(m).cloned().unwrap_or_default();
    for (target, span) in edges {
        if let Some(top) = stack.last_mut() {
            top.1 = Some(span);
        }
        if state[target] == Mark::Active {
            let start = stack.iter().position(|&(x, _)| x == target).unwrap_or(0);
            let mut names: Vec<String> = stack[start..].iter().map(|&(x, _)| cx.module_name(x)).collect();
            names.push(cx.module_name(target));
            let at = stack[start].1.unwrap_or(span);
            cx.error(CheckErrorKind::ImportCycle { path: names.join(" → ") }, at);
        } else {
            visit(cx, target, state, stack);
        }
    }
    stack.pop();
    state[m] = Mark::Done;
}

/// Modules with every import before its importer, so that the first
/// declaration of a name is the one a file imports, not the file itself.
pub(super) fn dependency_order(cx: &Checker<'_>) -> Vec<usize> {
    let n = cx.rules.modules.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    fn walk(cx: &Checker<'_>, m: usize, seen: &mut [bool], order: &mut Vec<usize>) {
        if seen[m] {
            return;
        }
        seen[m] = true;
        for (t, _) in cx.rules.imports.get(m).map(Vec::as_slice).unwrap_or(&[]) {
            walk(cx, *t, seen, order);
        }
        order.push(m);
    }
    for m in 0..n {
        walk(cx, m, &mut seen, &mut order);
    }
    order
}

fn reachable(cx: &Checker<'_>, from: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::from([from]);
    let mut todo = vec![from];
    while let Some(m) = todo.pop() {
        for (t, _) in cx.rules.imports.get(m).map(Vec::as_slice).unwrap_or(&[]) {
            if seen.insert(*t) {
                todo.push(*t);
            }
        }
    }
    seen
}

/// Warns about definitions that no clause, parameter or party list reaches,
/// directly or through other definitions.
pub(super) fn unused_defs(cx: &mut Checker<'_>) {
    let mut reached: BTreeSet<usize> = BTreeSet::new();
    let mut todo: Vec<usize> = cx.def_roots.iter().copied().collect();
    while let Some(d) = todo.pop() {
        if reached.insert(d) {
            todo.extend(cx.def_refs.get(d).into_iter().flatten().copied());
        }
    }
    for i in 0..cx.def_asts.len() {
        if !reached.contains(&i) {
            let (name, span) = (cx.def_asts[i].1.name.name.clone(), cx.def_asts[i].1.name.span);
            cx.error(CheckErrorKind::UnusedDef { name }, span);
        }
    }
}

/// Warns of each treaty parameter nothing reads.
pub(super) fn unused_params(cx: &mut Checker<'_>) {
    let unread: Vec<(String, crate::span::Span)> = (cx.program.params.iter().enumerate())
        .filter(|(i, _)| !cx.params_read.contains(i))
        .map(|(_, p)| (p.name.clone(), p.span))
        .collect();
    for (name, span) in unread {
        cx.error(CheckErrorKind::UnusedParam { name }, span);
    }
}

/// Definitions calling definitions at most this deep: evaluation recurses
/// once a call (and the checker once a definition it has not seen), so a
/// chain of thousands would overflow the stack. The bundled library's
/// deepest chain is 4.
pub const MAX_CALL_DEPTH: usize = 64;

/// Reports each definition at which a chain of calls first grows past
/// [`MAX_CALL_DEPTH`]. Heights are computed bottom-up with an explicit
/// stack; a cycle (reported elsewhere) counts as no call.
pub(super) fn call_depth(cx: &mut Checker<'_>) {
    let n = cx.def_asts.len();
    let mut height: Vec<Option<usize>> = vec![None; n];
    let mut active = vec![false; n];
    for root in 0..n {
        let mut stack = vec![root];
        while let Some(&d) = stack.last() {
            if height[d].is_some() {
                stack.pop();
                continue;
            }
            active[d] = true;
            let refs = cx.def_refs.get(d).into_iter().flatten();
            let todo: Vec<usize> = refs.copied().filter(|&r| height[r].is_none() && !active[r]).collect();
            if todo.is_empty() {
                let below = cx.def_refs.get(d).into_iter().flatten().filter_map(|&r| height[r]).max();
                height[d] = Some(below.map_or(1, |h| h + 1));
                active[d] = false;
                stack.pop();
            } else {
                stack.extend(todo);
            }
        }
    }
    for (d, h) in height.iter().enumerate() {
        if *h == Some(MAX_CALL_DEPTH + 1) {
            let (name, span) = (cx.def_asts[d].1.name.name.clone(), cx.def_asts[d].1.name.span);
            cx.error(CheckErrorKind::CallTooDeep { name, depth: MAX_CALL_DEPTH + 1, limit: MAX_CALL_DEPTH }, span);
        }
    }
}
