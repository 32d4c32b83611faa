//! The report as Markdown (wikis, pull-request comments), with the topology as a Mermaid
//! graph.

use super::{GroupCount, ReportModel, SeverityCounts};
use crate::graph::Invocation;
use crate::lint::Severity;
use crate::report::diff::{cell, short};
use std::fmt::Write;

fn severity_header(first: &str, with_resources: bool) -> String {
    let mut s = format!("| {first} |");
    let mut rule = String::from("|---|");
    if with_resources {
        s.push_str(" resources |");
        rule.push_str("---:|");
    }
    for sev in Severity::ALL_DESC {
        let _ = write!(s, " {} |", sev.as_str());
        rule.push_str("---:|");
    }
    s.push_str(" total |\n");
    rule.push_str("---:|\n");
    s + &rule
}

fn counts(c: &SeverityCounts) -> String {
    let mut s = String::new();
    for n in c.0 {
        let _ = write!(s, " {n} |");
    }
    let _ = write!(s, " **{}** |", c.total());
    s
}

fn groups(title: &str, list: &[GroupCount], with_resources: bool) -> String {
    let mut s = severity_header(title, with_resources);
    for g in list {
        let _ = write!(s, "| {} |", cell(&g.group));
        if with_resources {
            let _ = write!(s, " {} |", g.resources);
        }
        s.push_str(&counts(&g.findings));
        s.push('\n');
    }
    s
}

/// Renders `m` as Markdown.
pub fn render(m: &ReportModel) -> String {
    let mut s = format!("# {}\n\n", m.title);
    let _ = writeln!(
        s,
        "Source `{}`, accounts {}, regions {}; generated {} by watershed {}.\n",
        m.scan.source,
        m.scan.accounts.join(", "),
        m.scan.regions.join(", "),
        m.generated_at,
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        s,
        "**{} resources, {} findings** ({}), {} rules run, {} suppressed; {} coverage gap(s); {} failure path(s) drop events.\n",
        m.resources,
        m.severity.total(),
        Severity::ALL_DESC
            .iter()
            .map(|sev| format!("{} {}", m.severity.get(*sev), sev.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        m.rules_run,
        m.suppressed,
        m.gaps.len(),
        m.dropped_paths.len()
    );

    s.push_str("## Scope and coverage\n\n");
    let _ = writeln!(
        s,
        "{} of {} (account, region, service) cells collected. Services: {}.\n",
        m.coverage_cells - m.gaps.len(),
        m.coverage_cells,
        m.scan.services.join(", ")
    );
    if !m.gaps.is_empty() {
        s.push_str("| account | region | service | status | operation | message |\n|---|---|---|---|---|---|\n");
        for c in &m.gaps {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {:?} | {} | {} |",
                c.account,
                c.region,
                c.service,
                c.status,
                cell(c.operation.as_deref().unwrap_or("")),
                cell(c.message.as_deref().unwrap_or(""))
            );
        }
        s.push('\n');
    }

    s.push_str("## Findings by service\n\n");
    s.push_str(&groups("service", &m.by_service, false));
    s.push_str("\n## By account and region\n\n");
    s.push_str(&groups("account / region", &m.by_location, true));

    s.push_str("\n## Topology\n\n```mermaid\n");
    s.push_str(&crate::report::graph::to_mermaid(
        &m.topology.without(&[Invocation::Config]),
    ));
    s.push_str("```\n\n");

    s.push_str("## Failure paths that drop events\n\n");
    if m.dropped_paths.is_empty() {
        s.push_str("None.\n\n");
    } else {
        s.push_str("| from | to | edge | what happens to a failed event |\n|---|---|---|---|\n");
        for p in &m.dropped_paths {
            let _ = writeln!(
                s,
                "| `{}` | `{}` | {} | {} |",
                cell(short(&p.from)),
                cell(short(&p.to)),
                p.kind,
                cell(&p.stages.join("; "))
            );
        }
        s.push('\n');
    }

    if let Some(d) = &m.changes {
        s.push_str("## Changes since the previous snapshot\n\n");
        // The diff's own Markdown, one heading level down.
        let body = crate::report::diff::render(d, crate::report::diff::DiffFormat::Markdown);
        for line in body.lines().skip(1) {
            if line.starts_with('#') {
                s.push('#');
            }
            s.push_str(line);
            s.push('\n');
        }
    }

    s.push_str("## Findings by rule\n\n");
    for g in &m.rule_groups {
        let _ = writeln!(
            s,
            "### {} {}: {} ({} finding(s))\n\n{}\n\n**Fix (console):** {}\n\n**Fix (infrastructure as code):** {}\n",
            g.severity.as_str().to_uppercase(),
            g.id,
            g.title,
            g.findings.len(),
            g.rationale,
            g.remediation_console,
            g.remediation_iac
        );
        s.push_str("| severity | resource | account / region | message |\n|---|---|---|---|\n");
        for f in &g.findings {
            let _ = writeln!(
                s,
                "| {} | `{}` | {} / {} | {} |",
                f.severity.as_str(),
                cell(&f.resource_name),
                f.account,
                if f.region.is_empty() {
                    "global"
                } else {
                    &f.region
                },
                cell(&f.message)
            );
        }
        s.push('\n');
    }

    s.push_str("## Framework view\n\n");
    for fw in &m.frameworks {
        let _ = writeln!(
            s,
            "### {}\n\n| control | status | checks | rules | findings |\n|---|---|---|---|---:|",
            fw.name
        );
        for c in &fw.controls {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                c.id,
                c.status.label(),
                cell(&c.title),
                c.rules.join(", "),
                c.findings
            );
        }
        s.push('\n');
    }
    s
}
