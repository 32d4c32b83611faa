//! `watershed report`: the compliance page (HTML or Markdown) of a snapshot or live scan,
//! optionally against a previous snapshot.

use super::assess::{Assessment, assess, rules_and_config};
use super::output::emit;
use crate::cli::ReportArgs;
use crate::compare::{Side, SnapshotDiff, diff};
use crate::error::Result;
use crate::report::page::{self, PageFormat, ReportInput, ReportModel};
use crate::source;

/// The format: `--format`, else from the output's extension (`.md` is Markdown), else HTML.
fn format_of(args: &ReportArgs) -> PageFormat {
    args.format.unwrap_or_else(|| {
        let markdown = args
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .is_some_and(|e| e == "md" || e == "markdown");
        if markdown {
            PageFormat::Markdown
        } else {
            PageFormat::Html
        }
    })
}

fn side(a: &Assessment) -> Side<'_> {
    Side {
        inventory: &a.snapshot.resources,
        coverage: &a.snapshot.coverage,
        edges: a.topology.edges().collect(),
        findings: &a.findings,
    }
}

/// Runs `report`.
pub fn run(args: &ReportArgs) -> Result<i32> {
    let (rules, config) = rules_and_config(&args.rules_dirs, args.config.as_deref())?;
    let selected: Vec<&crate::lint::Rule> = rules.iter().collect();
    let mut source_args = args.source.clone();
    if let Some(spec) = &args.input {
        source_args.snapshot = Some(spec.clone());
    }
    let current = assess(
        source::load(&source_args)?,
        &source::code_source(&source_args)?,
        &selected,
        &config,
    )?;
    let changes: Option<SnapshotDiff> = match &args.previous {
        Some(spec) => {
            let code = source::code_source_for(
                Some(spec),
                args.source.code_dir.as_deref(),
                args.source.live.code_cache.as_deref(),
            )?;
            let previous = assess(source::load_spec(spec)?, &code, &selected, &config)?;
            Some(diff(&side(&previous), &side(&current)))
        }
        None => None,
    };
    let model = ReportModel::build(ReportInput {
        snapshot: &current.snapshot,
        findings: &current.findings,
        suppressed: current.suppressed.len(),
        rules: &selected,
        topology: &current.topology,
        failure_paths: &current.failure_paths,
        changes,
    });
    let text = match format_of(args) {
        PageFormat::Html => page::html::render(&model),
        PageFormat::Markdown => page::markdown::render(&model),
    };
    emit(&text, args.output.as_deref())?;
    if let Some(path) = &args.output {
        eprintln!(
            "wrote {}: {} resources, {} findings, {} coverage gap(s){}",
            path.display(),
            model.resources,
            model.severity.total(),
            model.gaps.len(),
            model
                .changes
                .as_ref()
                .map(|d| format!(
                    "; {} new, {} resolved since the previous snapshot",
                    d.findings_new.len(),
                    d.findings_resolved.len()
                ))
                .unwrap_or_default()
        );
    }
    Ok(0)
}
