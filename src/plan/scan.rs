//! Planning scans: hoisting, indexes and memo tables. (Placeholder pass:
//! leaves every scan as a plain loop.)

use super::Program;

pub fn plan_program(program: Program) -> Program {
    program
}
