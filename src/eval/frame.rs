//! Frames: the slots an expression reads its variables, arguments and
//! hoisted values from. Both paths build a call's frame here, from a pool
//! of frames reused so that a call allocates nothing; the compiled path's
//! arguments are scalars boxed into the same slots.

use super::context::{Ctx, Slot};
use crate::value::Value;

impl Ctx<'_> {
    /// Runs `body` in a callee frame of at least `size` slots that holds
    /// `args` first, taken from (and returned to) the pool.
    #[inline]
    pub(super) fn in_frame<T>(
        &self,
        size: usize,
        args: impl Iterator<Item = Value>,
        body: impl FnOnce(&mut Vec<Slot>) -> T,
    ) -> T {
        let mut callee = self.frames.borrow_mut().pop().unwrap_or_default();
        callee.extend(args.map(Ok));
        let size = size.max(callee.len());
        callee.resize(size, Ok(Value::Missing));
        let out = body(&mut callee);
        callee.clear();
        self.frames.borrow_mut().push(callee);
        out
    }
}

/// Sets a slot, growing the frame to it (scans bind and hoist past the
/// slots a clause's frame was sized for).
pub(super) fn set(frame: &mut Vec<Slot>, slot: usize, v: Slot) {
    if frame.len() <= slot {
        frame.resize(slot + 1, Ok(Value::Missing));
    }
    frame[slot] = v;
}
