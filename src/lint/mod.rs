//! Lint: the rule catalog ([`rule`]), the engine that runs rules as SQL over a snapshot's
//! tables ([`engine`]), suppressions ([`suppress`]) and baselines ([`baseline`]).
//!
//! Not for: building tables (see `sql`) or formatting findings (see `report::findings`).

pub mod baseline;
pub mod engine;
pub mod fixture;
pub mod rule;
pub mod suppress;

pub use engine::{Finding, LintError, Selection};
pub use rule::{Rule, Severity};
