//! Sorting a group binding's members by key. Members come from the group's
//! comprehension (planned like any scan: hoisted, indexed), one at a time,
//! so that a member whose condition or key is unknown is set apart with
//! its reason instead of making every group unknown: such a member *may*
//! belong to a group, and the clause then judges that group both without
//! and with it (`eval/clause.rs`).

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::context::{Ctx, Slot};
use super::error::{EvalError, Unknown};
use crate::plan::Group;
use crate::value::Value;

/// The groups of one binding, in the order of their first member (fact
/// order), so findings come out in a stable order.
pub(super) struct Groups {
    pub groups: Vec<Members>,
    /// Members whose key is not wholly known, with the parts that are:
    /// each may belong to any group whose key agrees with those.
    pub unplaced: Vec<(Vec<Option<Value>>, Value, EvalError)>,
}

/// One group: its key, the members known to belong, and those whose
/// condition is unknown (with why).
pub(super) struct Members {
    pub key: Vec<Value>,
    pub certain: Vec<Value>,
    pub possible: Vec<(Value, EvalError)>,
}

/// The groups by key: indexes into [`Groups::groups`], hashed by key.
struct KeyTable {
    table: HashTable<usize>,
    hasher: DefaultHashBuilder,
}

impl Groups {
    fn place(&mut self, by_key: &mut KeyTable, key: Vec<Value>, member: Value, doubt: Option<EvalError>) {
        let hash = by_key.hasher.hash_one(&key);
        let groups = &mut self.groups;
        let at = match by_key.table.find(hash, |&i| groups.get(i).is_some_and(|g| g.key == key)) {
            Some(&i) => i,
            None => {
                let hasher = &by_key.hasher;
                by_key
                    .table
                    .insert_unique(hash, groups.len(), |&i| groups.get(i).map_or(0, |g| hasher.hash_one(&g.key)));
                groups.push(Members { key, certain: Vec::new(), possible: Vec::new() });
                groups.len() - 1
            }
        };
        if let Some(group) = groups.get_mut(at) {
            match doubt {
                None => group.certain.push(member),
                Some(why) => group.possible.push((member, why)),
            }
        }
    }

    /// The members that may belong to `group` without being known to.
    pub fn possible<'g>(&'g self, group: &'g Members) -> impl Iterator<Item = (&'g Value, &'g EvalError)> {
        let unplaced = self.unplaced.iter().filter(|(partial, ..)| may_join(partial, &group.key));
        group.possible.iter().map(|(m, why)| (m, why)).chain(unplaced.map(|(_, m, why)| (m, why)))
    }
}

impl Ctx<'_> {
    pub(super) fn groups(&self, g: &Group, frame: &mut Vec<Slot>) -> Result<Groups, EvalError> {
        let Some(scan) = g.scan() else {
            return Err(EvalError::new(Unknown::Internal, "a group without members", g.members.span));
        };
        let mut out = Groups { groups: Vec::new(), unplaced: Vec::new() };
        let mut by_key = KeyTable { table: HashTable::new(), hasher: DefaultHashBuilder::default() };
        self.each_candidate(scan, frame, |member, held, frame| {
            let doubt = match held {
                Ok(false) => return,
                Ok(true) => None,
                Err(e) => Some(e),
            };
            let (key, unknown) = self.group_key(g, frame);
            match key.iter().cloned().collect::<Option<Vec<Value>>>() {
                Some(whole) => out.place(&mut by_key, whole, member, doubt),
                None => {
                    let why = doubt.or(unknown).unwrap_or_else(|| internal(g));
                    out.unplaced.push((key, member, why));
                }
            }
        })?;
        Ok(out)
    }

    /// The key of the member bound at the group's scan slot, each part
    /// `None` where it is missing, unknown or a range; with the first such
    /// part's reason.
    fn group_key(&self, g: &Group, frame: &mut Vec<Slot>) -> (Vec<Option<Value>>, Option<EvalError>) {
        let mut doubt = None;
        let key = g
            .keys
            .iter()
            .map(|e| match self.present(e, frame) {
                Ok(v) if v.is_plain() => Some(v),
                Ok(v) => {
                    let text = self.sources.snippet(e.span);
                    let why = format!("`{text}` is `{}`, not one value: its group is unknown", self.render(&v));
                    doubt.get_or_insert(EvalError::new(Unknown::Estimate, why, e.span));
                    None
                }
                Err(err) => {
                    doubt.get_or_insert(err);
                    None
                }
            })
            .collect();
        (key, doubt)
    }
}

fn internal(g: &Group) -> EvalError {
    EvalError::new(Unknown::Internal, "a group key unknown without a reason", g.members.span)
}

/// Whether a member with the known parts `partial` may belong to the group
/// with key `key`.
pub(super) fn may_join(partial: &[Option<Value>], key: &[Value]) -> bool {
    partial.iter().zip(key).all(|(p, k)| p.as_ref().is_none_or(|p| p == k))
}
