//! IAM policy evaluation: can each piece of the flow do what the wiring asks of it?
//!
//! Owns: parsing policy documents ([`policy`]), wildcard and ARN matching ([`wildcard`]),
//! condition keys ([`condition`]), one layer's decision ([`eval`]) and the combination of
//! identity, boundary and resource policies over an inventory ([`index`]). Not for: SQL
//! functions (see `sql::iam`) or rules (see `rules/iam`, `rules/perm`).

pub mod asker;
pub mod condition;
pub mod eval;
pub mod index;
pub mod policy;
pub mod wildcard;

#[cfg(test)]
mod tests;

pub use condition::Context;
pub use eval::{Decision, Principal, Verdict};
pub use index::{Access, AccessIndex, Layer, Unknown};
