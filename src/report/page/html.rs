//! The report as one self-contained HTML file: inline CSS, the topology as inline SVG (its
//! nodes link to the resource's findings), no script and nothing loaded from anywhere.

use super::{ControlStatus, GroupCount, ReportModel, SeverityCounts};
use crate::graph::Invocation;
use crate::lint::{Finding, Severity};
use crate::report::diff::short;
use std::collections::BTreeMap;
use std::fmt::Write;

const STYLE: &str = r#"
:root { --crit:#7b1fa2; --high:#c62828; --med:#ef6c00; --low:#f9a825; --info:#546e7a; --ok:#2e7d32; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0; color: #1f2933; background: #f7f8fa; }
header { background: #102a43; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #bcccdc; }
nav { background: #fff; border-bottom: 1px solid #d9e2ec; padding: 8px 32px; position: sticky; top: 0; z-index: 2; }
nav a { margin-right: 16px; color: #243b53; text-decoration: none; font-weight: 600; }
main { padding: 8px 32px 48px; max-width: 1400px; }
section { background: #fff; border: 1px solid #d9e2ec; border-radius: 6px; padding: 16px 20px; margin: 16px 0; }
h2 { margin-top: 0; font-size: 18px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f0f4f8; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f0f4f8; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #d9e2ec; border-radius: 6px; padding: 10px 16px; min-width: 120px; background: #fff; }
.card b { display: block; font-size: 24px; }
.sev { display: inline-block; padding: 1px 7px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; text-transform: uppercase; }
.sev-critical { background: var(--crit); } .sev-high { background: var(--high); } .sev-medium { background: var(--med); }
.sev-low { background: var(--low); color: #222; } .sev-info { background: var(--info); }
.st { font-weight: 700; } .st-fail { color: var(--high); } .st-pass { color: var(--ok); } .st-not_assessed { color: var(--info); }
.gap { color: var(--high); font-weight: 600; }
.ok { color: var(--ok); font-weight: 600; }
.graph { overflow: auto; max-height: 900px; border: 1px solid #e4e7eb; }
.graph svg { display: block; }
.graph text { pointer-events: none; }
.graph a .ws-node rect { cursor: pointer; }
.graph .ws-critical rect { stroke: var(--crit); stroke-width: 4; }
.graph .ws-high rect { stroke: var(--high); stroke-width: 3; }
.graph .ws-medium rect { stroke: var(--med); stroke-width: 3; }
.graph .ws-low rect, .graph .ws-info rect { stroke: var(--low); stroke-width: 2; }
.rule p { margin: 4px 0; }
.muted { color: #627d98; }
details summary { cursor: pointer; }
:target { outline: 3px solid #f0b429; }
"#;

/// HTML text escaping (also for attribute values).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn sev_badge(s: Severity) -> String {
    format!("<span class=\"sev sev-{0}\">{0}</span>", s.as_str())
}

fn counts_cells(c: &SeverityCounts) -> String {
    let mut s = String::new();
    for n in c.0 {
        let _ = write!(
            s,
            "<td class=\"n\">{}</td>",
            if n == 0 { String::new() } else { n.to_string() }
        );
    }
    let _ = write!(s, "<td class=\"n\"><b>{}</b></td>", c.total());
    s
}

fn severity_header() -> String {
    let mut s = String::new();
    for sev in Severity::ALL_DESC {
        let _ = write!(s, "<th class=\"n\">{}</th>", sev.as_str());
    }
    s.push_str("<th class=\"n\">total</th>");
    s
}

fn group_table(title: &str, groups: &[GroupCount], with_resources: bool) -> String {
    let mut s = format!("<table><tr><th>{}</th>", esc(title));
    if with_resources {
        s.push_str("<th class=\"n\">resources</th>");
    }
    s.push_str(&severity_header());
    s.push_str("</tr>");
    for g in groups {
        let _ = write!(s, "<tr><td>{}</td>", esc(&g.group));
        if with_resources {
            let _ = write!(s, "<td class=\"n\">{}</td>", g.resources);
        }
        s.push_str(&counts_cells(&g.findings));
        s.push_str("</tr>");
    }
    s.push_str("</table>");
    s
}

/// The topology SVG with every node that has findings wrapped in a link to them and
/// classed by its worst severity; no XML prolog (it is inline).
fn topology_svg(m: &ReportModel) -> String {
    let drawn = m.topology.without(&[Invocation::Config]);
    let svg = crate::report::graph::to_svg(&drawn);
    let svg = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => return String::new(),
    };
    let svg = svg.replacen("<svg ", "<svg id=\"ws-topology\" role=\"img\" ", 1);
    let mut out = String::with_capacity(svg.len() + 4096);
    let mut rest = svg.as_str();
    while let Some(i) = rest.find("<g id=\"node-") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let open_end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
        let open = &rest[..open_end];
        let arn = attr(open, "data-arn").map(unescape).unwrap_or_default();
        match m.worst.get(&arn) {
            Some(sev) => {
                let close = rest[open_end..]
                    .find("</g>")
                    .map(|c| open_end + c + 4)
                    .unwrap_or(rest.len());
                let n = m
                    .rule_groups
                    .iter()
                    .flat_map(|g| &g.findings)
                    .filter(|f| f.resource_arn == arn)
                    .count();
                let _ = write!(
                    out,
                    "<a href=\"#{}\">{}<title>{}: {n} finding(s), worst {}</title>{}</a>",
                    ReportModel::anchor(&arn),
                    open.replacen(
                        "class=\"ws-node",
                        &format!("class=\"ws-node ws-{}", sev.as_str()),
                        1
                    ),
                    esc(short(&arn)),
                    sev.as_str(),
                    &rest[open_end..close]
                );
                rest = &rest[close..];
            }
            None => {
                out.push_str(open);
                rest = &rest[open_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn finding_rows(findings: &[Finding], with_rule: bool) -> String {
    let mut s = String::from("<table><tr><th>severity</th>");
    if with_rule {
        s.push_str("<th>rule</th>");
    }
    s.push_str("<th>resource</th><th>account / region</th><th>message</th></tr>");
    for f in findings {
        let _ = write!(s, "<tr><td>{}</td>", sev_badge(f.severity));
        if with_rule {
            let _ = write!(s, "<td><a href=\"#rule-{0}\">{0}</a></td>", esc(&f.rule_id));
        }
        let _ = write!(
            s,
            "<td><a href=\"#{}\"><code>{}</code></a></td><td>{} / {}</td><td>{}</td></tr>",
            ReportModel::anchor(&f.resource_arn),
            esc(&f.resource_name),
            esc(&f.account),
            esc(if f.region.is_empty() {
                "global"
            } else {
                &f.region
            }),
            esc(&f.message)
        );
    }
    s.push_str("</table>");
    s
}

/// Renders `m` as one HTML page.
pub fn render(m: &ReportModel) -> String {
    let mut h = String::with_capacity(256 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"generator\" content=\"watershed {}\"><title>{}</title><style>{STYLE}</style></head><body>",
        env!("CARGO_PKG_VERSION"),
        esc(&m.title)
    );
    let scanned = match (&m.scan.started_at, &m.scan.finished_at) {
        (Some(a), Some(b)) => format!("scanned {} to {}", a.to_rfc3339(), b.to_rfc3339()),
        (Some(a), None) => format!("scanned {}", a.to_rfc3339()),
        _ => "scan time unknown".to_string(),
    };
    let _ = write!(
        h,
        "<header><h1>{}</h1><p>{} · source {} · generated {} by watershed {}</p></header>",
        esc(&m.title),
        esc(&scanned),
        esc(&m.scan.source),
        esc(&m.generated_at),
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("<nav><a href=\"#scope\">Scope</a><a href=\"#counts\">Counts</a><a href=\"#topology\">Topology</a><a href=\"#failure-paths\">Failure paths</a>");
    if m.changes.is_some() {
        h.push_str("<a href=\"#changes\">Changes</a>");
    }
    h.push_str("<a href=\"#findings\">Findings</a><a href=\"#resources\">By resource</a><a href=\"#frameworks\">Frameworks</a></nav><main>");

    // Summary cards.
    h.push_str("<section id=\"summary\"><div class=\"cards\">");
    let _ = write!(
        h,
        "<div class=\"card\"><b>{}</b>resources</div><div class=\"card\"><b>{}</b>findings</div>",
        m.resources,
        m.severity.total()
    );
    for sev in Severity::ALL_DESC {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b>{}</div>",
            m.severity.get(sev),
            sev_badge(sev)
        );
    }
    let _ = write!(
        h,
        "<div class=\"card\"><b class=\"{}\">{}</b>coverage gaps</div><div class=\"card\"><b>{}</b>dropping paths</div></div></section>",
        if m.gaps.is_empty() { "ok" } else { "gap" },
        m.gaps.len(),
        m.dropped_paths.len()
    );

    // Scope and coverage.
    h.push_str("<section id=\"scope\"><h2>Scope and coverage</h2><table>");
    let row = |h: &mut String, k: &str, v: &str| {
        let _ = write!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
    };
    row(&mut h, "accounts", &m.scan.accounts.join(", "));
    row(&mut h, "regions", &m.scan.regions.join(", "));
    row(&mut h, "services", &m.scan.services.join(", "));
    row(&mut h, "resources", &m.resources.to_string());
    row(&mut h, "rules run", &m.rules_run.to_string());
    row(&mut h, "suppressed findings", &m.suppressed.to_string());
    row(
        &mut h,
        "coverage",
        &format!(
            "{} of {} (account, region, service) cells collected",
            m.coverage_cells - m.gaps.len(),
            m.coverage_cells
        ),
    );
    h.push_str("</table>");
    if m.gaps.is_empty() {
        h.push_str("<p class=\"ok\">Every cell was collected: the picture below is complete.</p>");
    } else {
        h.push_str("<p class=\"gap\">Coverage gaps: what these cells hold is missing below, and checks on their services are not assessed.</p><table><tr><th>account</th><th>region</th><th>service</th><th>status</th><th>operation</th><th>message</th></tr>");
        for c in &m.gaps {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"gap\">{:?}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.account),
                esc(&c.region),
                esc(&c.service),
                c.status,
                esc(c.operation.as_deref().unwrap_or("")),
                esc(c.message.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>");

    // Counts.
    h.push_str("<section id=\"counts\"><h2>Findings by severity, service and location</h2>");
    let _ = write!(
        h,
        "<table><tr>{}</tr><tr>{}</tr></table>",
        severity_header(),
        counts_cells(&m.severity)
    );
    h.push_str("<h3>By service</h3>");
    h.push_str(&group_table("service", &m.by_service, false));
    h.push_str("<h3>By account and region</h3>");
    h.push_str(&group_table("account / region", &m.by_location, true));
    h.push_str("</section>");

    // Topology.
    let _ = write!(
        h,
        "<section id=\"topology\"><h2>Topology</h2><p class=\"muted\">{} nodes, {} edges. Outlined nodes have findings (colour: the worst); click one to jump to them. Dashed red edges carry failed events.</p><div class=\"graph\">{}</div></section>",
        m.topology.node_count(),
        m.topology.edge_count(),
        topology_svg(m)
    );

    // Failure paths.
    h.push_str("<section id=\"failure-paths\"><h2>Failure paths that drop events</h2>");
    if m.dropped_paths.is_empty() {
        h.push_str("<p class=\"ok\">No asynchronous path drops failed events.</p>");
    } else {
        h.push_str("<table><tr><th>from</th><th>to</th><th>edge</th><th>what happens to a failed event</th></tr>");
        for p in &m.dropped_paths {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(short(&p.from)),
                esc(short(&p.to)),
                esc(&p.kind),
                p.stages
                    .iter()
                    .map(|s| esc(s))
                    .collect::<Vec<_>>()
                    .join("<br>")
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>");

    // Changes.
    if let Some(d) = &m.changes {
        let _ = write!(
            h,
            "<section id=\"changes\"><h2>Changes since the previous snapshot</h2><p>{}</p>",
            esc(&crate::report::diff::summary_line(d))
        );
        for (title, list) in [
            ("New findings", &d.findings_new),
            ("Resolved findings", &d.findings_resolved),
            (
                "Not assessed (their resources fell in a coverage gap)",
                &d.findings_not_assessed,
            ),
        ] {
            let _ = write!(h, "<h3>{} ({})</h3>", esc(title), list.len());
            if !list.is_empty() {
                h.push_str(&finding_rows(list, true));
            }
        }
        let _ = write!(
            h,
            "<h3>Unchanged findings ({})</h3>",
            d.findings_unchanged.len()
        );
        h.push_str("<h3>Resources</h3><table><tr><th>change</th><th>type</th><th>name</th><th>ARN</th></tr>");
        for (change, list) in [
            ("added", &d.resources_added),
            ("removed", &d.resources_removed),
            ("not collected (coverage gap)", &d.resources_not_collected),
        ] {
            for r in list {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                    change,
                    esc(&r.resource_type),
                    esc(&r.name),
                    esc(&r.arn)
                );
            }
        }
        for c in &d.resources_changed {
            let fields: Vec<String> = c
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "<code>{}</code>: {} → {}",
                        esc(&f.path),
                        esc(&f.old.to_string()),
                        esc(&f.new.to_string())
                    )
                })
                .collect();
            let _ = write!(
                h,
                "<tr><td>changed</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.resource.resource_type),
                esc(&c.resource.name),
                fields.join("<br>")
            );
        }
        h.push_str("</table></section>");
    }

    // Findings by rule.
    h.push_str("<section id=\"findings\"><h2>Findings by rule</h2>");
    if m.rule_groups.is_empty() {
        h.push_str("<p class=\"ok\">No findings.</p>");
    }
    for g in &m.rule_groups {
        let _ = write!(
            h,
            "<div class=\"rule\" id=\"rule-{0}\"><h3>{1} {0}: {2} <span class=\"muted\">({3} finding(s), {4})</span></h3><p>{5}</p><p><b>Fix (console):</b> {6}</p><p><b>Fix (infrastructure as code):</b> {7}</p>",
            esc(&g.id),
            sev_badge(g.severity),
            esc(&g.title),
            g.findings.len(),
            esc(&g.service),
            esc(&g.rationale),
            esc(&g.remediation_console),
            esc(&g.remediation_iac)
        );
        if !g.references.is_empty() {
            h.push_str("<p class=\"muted\">References: ");
            let links: Vec<String> = g
                .references
                .iter()
                .map(|r| format!("<a href=\"{0}\" rel=\"noreferrer\">{0}</a>", esc(r)))
                .collect();
            h.push_str(&links.join(" · "));
            h.push_str("</p>");
        }
        h.push_str(&finding_rows(&g.findings, false));
        h.push_str("</div>");
    }
    h.push_str("</section>");

    // Findings by resource (the graph's link targets).
    h.push_str("<section id=\"resources\"><h2>Findings by resource</h2>");
    let mut by_resource: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in m.rule_groups.iter().flat_map(|g| &g.findings) {
        by_resource
            .entry(f.resource_arn.as_str())
            .or_default()
            .push(f);
    }
    for (arn, findings) in by_resource {
        let _ = write!(
            h,
            "<div id=\"{}\"><h3>{} <code>{}</code> <span class=\"muted\">{}</span></h3><ul>",
            ReportModel::anchor(arn),
            sev_badge(m.worst[arn]),
            esc(&findings[0].resource_name),
            esc(arn)
        );
        for f in findings {
            let _ = write!(
                h,
                "<li>{} <a href=\"#rule-{1}\">{1}</a> {2}</li>",
                sev_badge(f.severity),
                esc(&f.rule_id),
                esc(&f.message)
            );
        }
        h.push_str("</ul></div>");
    }
    h.push_str("</section>");

    // Frameworks.
    h.push_str("<section id=\"frameworks\"><h2>Framework view</h2><p class=\"muted\">A control fails when a rule mapped to it has findings, passes when every mapped rule ran on a completely collected service and found nothing, and is not assessed otherwise.</p>");
    for fw in &m.frameworks {
        let (fail, pass, na) = fw
            .controls
            .iter()
            .fold((0, 0, 0), |(f, p, n), c| match c.status {
                ControlStatus::Fail => (f + 1, p, n),
                ControlStatus::Pass => (f, p + 1, n),
                ControlStatus::NotAssessed => (f, p, n + 1),
            });
        let _ = write!(
            h,
            "<h3>{}</h3><p>{fail} failing, {pass} passing, {na} not assessed</p><table><tr><th>control</th><th>status</th><th>checks</th><th>rules</th><th class=\"n\">findings</th></tr>",
            esc(&fw.name)
        );
        for c in &fw.controls {
            let rules: Vec<String> = c
                .rules
                .iter()
                .map(|r| format!("<a href=\"#rule-{0}\">{0}</a>", esc(r)))
                .collect();
            let _ = write!(
                h,
                "<tr><td><b>{}</b></td><td class=\"st st-{}\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&c.id),
                match c.status {
                    ControlStatus::Fail => "fail",
                    ControlStatus::Pass => "pass",
                    ControlStatus::NotAssessed => "not_assessed",
                },
                c.status.label(),
                esc(&c.title),
                rules.join(" "),
                c.findings
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section></main></body></html>\n");
    h
}
