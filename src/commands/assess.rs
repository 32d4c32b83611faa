//! One snapshot assessed: every rule run over it (with the project configuration and the
//! handler code), its topology and failure paths. What `report` and `diff` show.

use super::lint::{lint_snapshot, load_config};
use crate::code::source::CodeSource;
use crate::error::{Error, Result};
use crate::graph::Topology;
use crate::graph::failure::{FailurePath, failure_paths};
use crate::lint::suppress::{Config, Suppressed};
use crate::lint::{Finding, Rule, Selection};
use crate::model::Snapshot;
use crate::sql::Catalog;

/// A snapshot with everything derived from it.
pub struct Assessment {
    /// The snapshot.
    pub snapshot: Snapshot,
    /// Findings that remain after suppressions.
    pub findings: Vec<Finding>,
    /// Findings held back by tags or the configuration.
    pub suppressed: Vec<Suppressed>,
    /// The topology.
    pub topology: Topology,
    /// Where each asynchronous edge's failed events end up.
    pub failure_paths: Vec<FailurePath>,
}

/// The rule catalog (built-in plus `rules_dirs`) and the project configuration (`--config
/// FILE`, else `.watershed.toml` when present), checked against each other.
pub fn rules_and_config(
    rules_dirs: &[std::path::PathBuf],
    config: Option<&std::path::Path>,
) -> Result<(Vec<Rule>, Config)> {
    let rules = crate::lint::rule::catalog(rules_dirs)?;
    let config = load_config(config)?;
    for id in config.rules.keys() {
        if !rules.iter().any(|r| &r.id == id) {
            return Err(Error::Usage(format!(
                "{}: [rules.{id}] names no known rule (see `watershed rules list`)",
                config.path
            )));
        }
    }
    Ok((rules, config))
}

/// Runs `rules` over `snapshot` (handler code from `code`) and derives its graph.
pub fn assess(
    snapshot: Snapshot,
    code: &CodeSource,
    rules: &[&Rule],
    config: &Config,
) -> Result<Assessment> {
    let mut catalog = Catalog::new(&snapshot)?;
    catalog.add_code(&snapshot, Some(code))?;
    let selection = Selection {
        options: config.rules.clone(),
        ..Selection::default()
    };
    let outcome = lint_snapshot(&snapshot, &catalog, rules, config, &selection)?;
    for w in &outcome.warnings {
        eprintln!("warning: {w}");
    }
    let topology = Topology::from_inventory(&snapshot.resources);
    let failure_paths = failure_paths(&topology, &snapshot.resources);
    Ok(Assessment {
        snapshot,
        findings: outcome.findings,
        suppressed: outcome.suppressed,
        topology,
        failure_paths,
    })
}
