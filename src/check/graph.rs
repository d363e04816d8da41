//! The module graph (import cycles, what each module sees) and the
//! unused-definition lint.

use std::collections::BTreeSet;

use super::error::CheckErrorKind;
use super::scope::Checker;

/// Reports import cycles and computes each module's visible set.
pub(super) fn check_imports(cx: &mut Checker<'_>) {
    let n = cx.rules.modules.len();
    let mut state = vec![Mark::New; n];
    let mut stack = Vec::new();
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

fn visit(cx: &mut Checker<'_>, m: usize, state: &mut [Mark], stack: &mut Vec<usize>) {
    if state[m] != Mark::New {
        return;
    }
    state[m] = Mark::Active;
    stack.push(m);
    let edges = cx.rules.imports.get(m).cloned().unwrap_or_default();
    for (target, span) in edges {
        if state[target] == Mark::Active {
            let start = stack.iter().position(|&x| x == target).unwrap_or(0);
            let mut names: Vec<String> = stack[start..].iter().map(|&x| cx.module_name(x)).collect();
            names.push(cx.module_name(target));
            cx.error(CheckErrorKind::ImportCycle { path: names.join(" → ") }, span);
        } else {
            visit(cx, target, state, stack);
        }
    }
    stack.pop();
    state[m] = Mark::Done;
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

/// Warns about definitions no clause, parameter or other used definition reaches.
pub(super) fn unused_defs(cx: &mut Checker<'_>) {
    for (i, used) in cx.def_used.clone().into_iter().enumerate() {
        if !used {
            if let Some((_, def)) = cx.def_asts.get(i) {
                let (name, span) = (def.name.name.clone(), def.name.span);
                cx.error(CheckErrorKind::UnusedDef { name }, span);
            }
        }
    }
}
