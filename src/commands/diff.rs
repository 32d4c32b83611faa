//! `watershed diff OLD NEW`: what changed between two snapshots, with every rule run on both.

use super::assess::{assess, rules_and_config};
use super::output::emit;
use crate::cli::DiffArgs;
use crate::compare::{Side, diff};
use crate::error::Result;
use crate::report::diff::{self as render, DiffFormat};
use crate::source;

/// Exit code when `--fail-on-new` finds a new finding at or above its severity.
pub const EXIT_NEW_FINDINGS: i32 = 1;

/// Runs `diff`.
pub fn run(args: &DiffArgs) -> Result<i32> {
    let (rules, config) = rules_and_config(&args.rules_dirs, args.config.as_deref())?;
    let selected: Vec<&crate::lint::Rule> = rules.iter().collect();
    let side = |spec: &str| {
        let snapshot = source::load_spec(spec)?;
        let code = source::code_source_for(Some(spec), args.code_dir.as_deref(), None)?;
        assess(snapshot, &code, &selected, &config)
    };
    let (old, new) = (side(&args.old)?, side(&args.new)?);
    let d = diff(
        &Side {
            inventory: &old.snapshot.resources,
            coverage: &old.snapshot.coverage,
            edges: old.topology.edges().collect(),
            findings: &old.findings,
        },
        &Side {
            inventory: &new.snapshot.resources,
            coverage: &new.snapshot.coverage,
            edges: new.topology.edges().collect(),
            findings: &new.findings,
        },
    );
    emit(&render::render(&d, args.format), args.output.as_deref())?;
    if args.output.is_some() || args.format != DiffFormat::Table {
        eprintln!("{}", render::summary_line(&d));
    }
    let failing = args
        .fail_on_new
        .is_some_and(|threshold| d.findings_new.iter().any(|f| f.severity >= threshold));
    Ok(if failing { EXIT_NEW_FINDINGS } else { 0 })
}
