//! `watershed diff` output: text, JSON and Markdown.

use crate::compare::{EdgeKey, SnapshotDiff};
use crate::lint::Finding;
use serde_json::json;
use std::fmt::Write;

/// Output formats of `watershed diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Text: counts, then `+`/`-`/`~` lines.
    Table,
    /// One JSON document: counts and every list.
    Json,
    /// Markdown (pull-request comments, wikis).
    Markdown,
}

/// `resources: 1 added, 1 removed, 2 changed, 80 unchanged; edges: ...; findings: ...`.
pub fn summary_line(d: &SnapshotDiff) -> String {
    format!(
        "resources: {} added, {} removed, {} changed, {} unchanged{}; edges: {} added, {} removed{}; findings: {} new, {} resolved, {} unchanged{}",
        d.resources_added.len(),
        d.resources_removed.len(),
        d.resources_changed.len(),
        d.resources_unchanged,
        match d.resources_not_collected.len() {
            0 => String::new(),
            n => format!(", {n} not collected (coverage gap)"),
        },
        d.edges_added.len(),
        d.edges_removed.len(),
        match d.edges_not_collected.len() {
            0 => String::new(),
            n => format!(", {n} not collected"),
        },
        d.findings_new.len(),
        d.findings_resolved.len(),
        d.findings_unchanged.len(),
        match d.findings_not_assessed.len() {
            0 => String::new(),
            n => format!(", {n} not assessed"),
        },
    )
}

/// The last part of an ARN (other ids whole: URLs, emails): what people recognise.
pub fn short(id: &str) -> &str {
    if !id.starts_with("arn:") {
        return id;
    }
    id.rsplit([':', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(id)
}

fn edge_text(e: &EdgeKey) -> String {
    format!(
        "{} -> {} ({}, {})",
        short(&e.from),
        short(&e.to),
        e.kind,
        e.invocation
    )
}

fn finding_text(f: &Finding) -> String {
    format!(
        "{:<8} {:<8} {}: {}",
        f.severity.as_str().to_uppercase(),
        f.rule_id,
        f.resource_name,
        f.message
    )
}

/// Renders `d` in `format`.
pub fn render(d: &SnapshotDiff, format: DiffFormat) -> String {
    match format {
        DiffFormat::Table => table(d),
        DiffFormat::Json => {
            let doc = json!({
                "summary": {
                    "resources_added": d.resources_added.len(),
                    "resources_removed": d.resources_removed.len(),
                    "resources_changed": d.resources_changed.len(),
                    "resources_unchanged": d.resources_unchanged,
                    "resources_not_collected": d.resources_not_collected.len(),
                    "edges_added": d.edges_added.len(),
                    "edges_removed": d.edges_removed.len(),
                    "edges_not_collected": d.edges_not_collected.len(),
                    "findings_new": d.findings_new.len(),
                    "findings_resolved": d.findings_resolved.len(),
                    "findings_unchanged": d.findings_unchanged.len(),
                    "findings_not_assessed": d.findings_not_assessed.len(),
                    "gaps_new": d.gaps_new.len(),
                    "gaps_closed": d.gaps_closed.len(),
                },
                "diff": d,
            });
            let mut s = serde_json::to_string_pretty(&doc).expect("json serialises");
            s.push('\n');
            s
        }
        DiffFormat::Markdown => markdown(d),
    }
}

fn table(d: &SnapshotDiff) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", summary_line(d));
    if d.is_empty() {
        let _ = writeln!(s, "no differences");
        return s;
    }
    let section = |s: &mut String, title: &str| {
        let _ = writeln!(s, "\n{title}");
    };
    if !(d.resources_added.is_empty()
        && d.resources_removed.is_empty()
        && d.resources_not_collected.is_empty()
        && d.resources_changed.is_empty())
    {
        section(&mut s, "RESOURCES");
        for r in &d.resources_added {
            let _ = writeln!(s, "+ {:<22} {}  {}", r.resource_type, r.name, r.arn);
        }
        for r in &d.resources_removed {
            let _ = writeln!(s, "- {:<22} {}  {}", r.resource_type, r.name, r.arn);
        }
        for r in &d.resources_not_collected {
            let _ = writeln!(
                s,
                "? {:<22} {}  {}  (not collected: coverage gap)",
                r.resource_type, r.name, r.arn
            );
        }
        for c in &d.resources_changed {
            let r = &c.resource;
            let _ = writeln!(s, "~ {:<22} {}  {}", r.resource_type, r.name, r.arn);
            for f in &c.fields {
                let _ = writeln!(s, "    {}: {} -> {}", f.path, f.old, f.new);
            }
        }
    }
    if !(d.edges_added.is_empty() && d.edges_removed.is_empty()) {
        section(&mut s, "EDGES");
        for e in &d.edges_added {
            let _ = writeln!(s, "+ {}", edge_text(e));
        }
        for e in &d.edges_removed {
            let _ = writeln!(s, "- {}", edge_text(e));
        }
    }
    if !(d.findings_new.is_empty()
        && d.findings_resolved.is_empty()
        && d.findings_not_assessed.is_empty())
    {
        section(&mut s, "FINDINGS");
        for f in &d.findings_new {
            let _ = writeln!(s, "new          {}", finding_text(f));
        }
        for f in &d.findings_resolved {
            let _ = writeln!(s, "resolved     {}", finding_text(f));
        }
        for f in &d.findings_not_assessed {
            let _ = writeln!(s, "not assessed {}", finding_text(f));
        }
    }
    if !(d.gaps_new.is_empty() && d.gaps_closed.is_empty()) {
        section(&mut s, "COVERAGE");
        for c in &d.gaps_new {
            let _ = writeln!(
                s,
                "+ gap {}/{}/{}: {:?}",
                c.account, c.region, c.service, c.status
            );
        }
        for c in &d.gaps_closed {
            let _ = writeln!(s, "- gap {}/{}/{}", c.account, c.region, c.service);
        }
    }
    s
}

/// Markdown table cell text: pipes escaped, newlines folded.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(d: &SnapshotDiff) -> String {
    let mut s = String::from("## watershed diff\n\n");
    let _ = writeln!(s, "{}\n", summary_line(d));
    if !(d.findings_new.is_empty()
        && d.findings_resolved.is_empty()
        && d.findings_not_assessed.is_empty())
    {
        s.push_str("### Findings\n\n| change | severity | rule | resource | message |\n|---|---|---|---|---|\n");
        for (change, list) in [
            ("new", &d.findings_new),
            ("resolved", &d.findings_resolved),
            ("not assessed (coverage gap)", &d.findings_not_assessed),
        ] {
            for f in list {
                let _ = writeln!(
                    s,
                    "| {change} | {} | {} | `{}` | {} |",
                    f.severity.as_str(),
                    f.rule_id,
                    cell(&f.resource_name),
                    cell(&f.message)
                );
            }
        }
        s.push('\n');
    }
    if !(d.resources_added.is_empty()
        && d.resources_removed.is_empty()
        && d.resources_not_collected.is_empty()
        && d.resources_changed.is_empty())
    {
        s.push_str("### Resources\n\n| change | type | name | fields |\n|---|---|---|---|\n");
        for r in &d.resources_added {
            let _ = writeln!(s, "| added | {} | `{}` | |", r.resource_type, cell(&r.name));
        }
        for r in &d.resources_removed {
            let _ = writeln!(
                s,
                "| removed | {} | `{}` | |",
                r.resource_type,
                cell(&r.name)
            );
        }
        for r in &d.resources_not_collected {
            let _ = writeln!(
                s,
                "| not collected (coverage gap) | {} | `{}` | |",
                r.resource_type,
                cell(&r.name)
            );
        }
        for c in &d.resources_changed {
            let fields: Vec<String> = c
                .fields
                .iter()
                .map(|f| format!("`{}`: {} → {}", f.path, f.old, f.new))
                .collect();
            let _ = writeln!(
                s,
                "| changed | {} | `{}` | {} |",
                c.resource.resource_type,
                cell(&c.resource.name),
                cell(&fields.join("<br>"))
            );
        }
        s.push('\n');
    }
    if !(d.edges_added.is_empty() && d.edges_removed.is_empty()) {
        s.push_str(
            "### Edges\n\n| change | from | to | kind | invocation |\n|---|---|---|---|---|\n",
        );
        for (change, list) in [("added", &d.edges_added), ("removed", &d.edges_removed)] {
            for e in list {
                let _ = writeln!(
                    s,
                    "| {change} | `{}` | `{}` | {} | {} |",
                    cell(short(&e.from)),
                    cell(short(&e.to)),
                    e.kind,
                    e.invocation
                );
            }
        }
        s.push('\n');
    }
    if !(d.gaps_new.is_empty() && d.gaps_closed.is_empty()) {
        s.push_str("### Coverage\n\n");
        for c in &d.gaps_new {
            let _ = writeln!(
                s,
                "- new gap: {}/{}/{} ({:?})",
                c.account, c.region, c.service, c.status
            );
        }
        for c in &d.gaps_closed {
            let _ = writeln!(s, "- gap closed: {}/{}/{}", c.account, c.region, c.service);
        }
    }
    s
}
