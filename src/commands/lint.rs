//! `watershed lint`: run the rule catalog over a snapshot or live scan.

use super::output::emit;
use crate::cli::LintArgs;
use crate::error::{Error, Result};
use crate::lint::baseline::Baseline;
use crate::lint::suppress::{self, Config};
use crate::lint::{Finding, Rule, Selection, engine};
use crate::model::Snapshot;
use crate::report::findings::{self, LintReport};
use crate::source;
use crate::sql::Catalog;
use std::path::Path;

/// Exit code when findings at or above `--fail-on` remain.
pub const EXIT_FINDINGS: i32 = 1;

/// The default project configuration file.
pub const CONFIG_FILE: &str = ".watershed.toml";

/// The project configuration: `--config FILE`, else `.watershed.toml` when present.
pub fn load_config(explicit: Option<&Path>) -> Result<Config> {
    match explicit {
        Some(p) => Ok(Config::load(p)?),
        None if Path::new(CONFIG_FILE).exists() => Ok(Config::load(Path::new(CONFIG_FILE))?),
        None => Ok(Config::default()),
    }
}

/// Everything a lint run found, before formatting.
pub struct Outcome {
    /// Findings that remain.
    pub findings: Vec<Finding>,
    /// Findings held back by tags or the configuration.
    pub suppressed: Vec<suppress::Suppressed>,
    /// Warnings for the user (expired suppressions).
    pub warnings: Vec<String>,
}

/// Runs `rules` (already selected) over `snapshot` with `config`'s options and
/// suppressions. Used by `lint` and by anything else that needs findings.
pub fn lint_snapshot(
    snapshot: &Snapshot,
    catalog: &Catalog,
    rules: &[&Rule],
    config: &Config,
    selection: &Selection,
) -> Result<Outcome> {
    let resources = snapshot.resources.resources();
    let runtime = super::runtime()?;
    let all = runtime.block_on(engine::run(catalog, rules, selection, &resources))?;
    let today = chrono::Utc::now().date_naive();
    let (findings, suppressed, warnings) = suppress::apply(all, config, &resources, today);
    Ok(Outcome {
        findings,
        suppressed,
        warnings,
    })
}

/// Runs `lint`.
pub fn run(args: &LintArgs) -> Result<i32> {
    let (catalog_rules, config) =
        super::assess::rules_and_config(&args.rules_dirs, args.config.as_deref())?;
    let baseline = args
        .baseline
        .as_deref()
        .map(Baseline::load)
        .transpose()
        .map_err(Error::Usage)?;
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        min_severity: args.min_severity,
        options: config.rules.clone(),
    };
    for pattern in args.select.iter().chain(&args.ignore) {
        if !catalog_rules.iter().any(|r| r.matches(pattern)) {
            return Err(Error::Usage(format!(
                "`{pattern}` matches no rule (see `watershed rules list`)"
            )));
        }
    }
    let rules = selection.apply(&catalog_rules);

    let started = std::time::Instant::now();
    let snapshot = source::load(&args.source)?;
    let loaded = started.elapsed();
    let mut catalog = Catalog::new(&snapshot)?;
    catalog.add_code(&snapshot, Some(&source::code_source(&args.source)?))?;
    let tables = started.elapsed();
    let outcome = lint_snapshot(&snapshot, &catalog, &rules, &config, &selection)?;
    tracing::info!(
        "{} resources: loaded in {:.2?}, tables in {:.2?}, {} rules in {:.2?}",
        snapshot.resources.len(),
        loaded,
        tables - loaded,
        rules.len(),
        started.elapsed() - tables
    );
    for w in &outcome.warnings {
        eprintln!("warning: {w}");
    }

    if let Some(path) = &args.write_baseline {
        let b = Baseline::of(&outcome.findings);
        write_json(path, &b)?;
        eprintln!(
            "wrote a baseline of {} finding(s) to {}",
            b.findings.len(),
            path.display()
        );
        return Ok(0);
    }
    let (findings, baselined) = match &baseline {
        Some(b) => b.filter_new(outcome.findings),
        None => (outcome.findings, 0),
    };
    let report = LintReport {
        findings: &findings,
        suppressed: &outcome.suppressed,
        baselined,
        rules: &rules,
        resources: snapshot.resources.len(),
    };
    if args.format == findings::FindingsFormat::Parquet {
        let dir = args.output.as_deref().ok_or_else(|| {
            Error::Usage("--format parquet writes files: give the folder with -o DIR".into())
        })?;
        let suppressed: Vec<Finding> = outcome
            .suppressed
            .iter()
            .map(|s| s.finding.clone())
            .collect();
        catalog.add(
            "findings",
            "one finding (after suppressions and baseline)",
            &findings,
        )?;
        catalog.add(
            "suppressed_findings",
            "one finding held back by a tag or the configuration",
            &suppressed,
        )?;
        let files = super::runtime()?
            .block_on(crate::sql::export::export_tables(
                &catalog,
                &["findings", "suppressed_findings"],
                dir,
            ))
            .map_err(Error::Usage)?;
        eprint!("{}", crate::sql::export::summary(&files));
    } else {
        let text = findings::render(&report, args.format).map_err(Error::Usage)?;
        emit(&text, args.output.as_deref())?;
    }
    if args.output.is_some() || args.format != findings::FindingsFormat::Table {
        eprintln!("{}", report.summary_line());
    }
    let failing = args
        .fail_on
        .is_some_and(|threshold| findings.iter().any(|f| f.severity >= threshold));
    Ok(if failing { EXIT_FINDINGS } else { 0 })
}

fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).expect("serialises");
    text.push('\n');
    emit(&text, Some(path))
}
