//! `watershed rules list|explain`.

use super::output::emit;
use crate::cli::{RulesAction, RulesArgs, RulesListFormat};
use crate::error::{Error, Result};
use crate::lint::fixture;
use crate::lint::rule::{self, Rule};

/// Runs `rules`.
pub fn run(args: &RulesArgs) -> Result<i32> {
    let rules = rule::catalog(&args.rules_dirs)?;
    match &args.action {
        RulesAction::List { format } => {
            let text = match format {
                RulesListFormat::Table => list_table(&rules),
                RulesListFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&rules).expect("rules serialise");
                    s.push('\n');
                    s
                }
            };
            emit(&text, None)?;
        }
        RulesAction::Explain { id } => {
            let rule = rules
                .iter()
                .find(|r| r.id.eq_ignore_ascii_case(id))
                .ok_or_else(|| {
                    Error::Usage(format!("no rule `{id}` (see `watershed rules list`)"))
                })?;
            emit(&explain(rule), None)?;
        }
        RulesAction::Test { select, fixtures } => return test(&rules, select, fixtures),
    }
    Ok(0)
}

/// `rules test`: each selected rule against its fixture; exit 1 when one fails.
fn test(rules: &[Rule], select: &[String], dir: &std::path::Path) -> Result<i32> {
    let chosen: Vec<&Rule> = rules
        .iter()
        .filter(|r| select.is_empty() || select.iter().any(|p| r.matches(p)))
        .collect();
    if chosen.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` matches no rule",
            select.join(",")
        )));
    }
    let runtime = super::runtime()?;
    let mut failed = 0;
    for rule in &chosen {
        let outcome =
            fixture::load(dir, &rule.id).and_then(|f| runtime.block_on(fixture::check(rule, &f)));
        match outcome {
            Ok(()) => println!("ok    {}", rule.id),
            Err(e) => {
                failed += 1;
                println!("FAIL  {}: {e}", rule.id);
            }
        }
    }
    println!("{} passed, {failed} failed", chosen.len() - failed);
    Ok(if failed > 0 { 1 } else { 0 })
}

fn list_table(rules: &[Rule]) -> String {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_header(["id", "severity", "service", "title"]);
    for r in rules {
        t.add_row([
            r.id.as_str(),
            r.severity.as_str(),
            r.service.as_str(),
            r.title.as_str(),
        ]);
    }
    format!("{t}\n{} rules\n", rules.len())
}

/// The full text of one rule, for people.
pub fn explain(r: &Rule) -> String {
    let mut out = format!(
        "{} [{}] {}\nservice: {}\nsource: {}\n\nWhy\n{}\n\nFix in the console\n{}\n\nFix in infrastructure as code\n{}\n",
        r.id,
        r.severity.as_str(),
        r.title,
        r.service,
        r.source,
        r.rationale.trim(),
        r.remediation.console.trim(),
        r.remediation.iac.trim()
    );
    if !r.options.is_empty() {
        out.push_str("\nOptions (set in .watershed.toml under [rules.");
        out.push_str(&r.id);
        out.push_str("])\n");
        for (name, o) in &r.options {
            out.push_str(&format!("  {name} = {} : {}\n", o.default, o.description));
        }
    }
    if !r.frameworks.is_empty() {
        out.push_str("\nFrameworks\n");
        for (f, ids) in &r.frameworks {
            out.push_str(&format!("  {f}: {}\n", ids.join(", ")));
        }
    }
    if !r.references.is_empty() {
        out.push_str("\nReferences\n");
        for link in &r.references {
            out.push_str(&format!("  {link}\n"));
        }
    }
    out.push_str("\nSQL\n");
    out.push_str(r.sql.trim());
    out.push('\n');
    out
}
