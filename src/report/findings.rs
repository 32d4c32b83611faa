//! Lint results in every output format: table (grouped by severity), json, ndjson, csv,
//! SARIF 2.1.0, JUnit XML and Markdown.

use crate::lint::suppress::Suppressed;
use crate::lint::{Finding, Rule, Severity};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Output formats of `watershed lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FindingsFormat {
    /// Text tables grouped by severity, with counts.
    Table,
    /// One JSON document: summary, findings, suppressed findings.
    Json,
    /// One finding per line.
    Ndjson,
    /// CSV with a header row.
    Csv,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF consumers).
    Sarif,
    /// JUnit XML: a test suite per rule, a test case per finding.
    Junit,
    /// Markdown (pull-request comments, wikis).
    Markdown,
    /// `findings.parquet` (and `suppressed_findings.parquet`) in the `-o` folder.
    Parquet,
}

/// Everything a lint run produced.
pub struct LintReport<'a> {
    /// Findings to report (after suppressions and baseline).
    pub findings: &'a [Finding],
    /// Findings held back by a tag or the configuration file.
    pub suppressed: &'a [Suppressed],
    /// Findings held back because the baseline has them.
    pub baselined: usize,
    /// The rules that ran.
    pub rules: &'a [&'a Rule],
    /// Resources in the snapshot.
    pub resources: usize,
}

impl LintReport<'_> {
    fn counts(&self) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for f in self.findings {
            *counts.entry(f.severity).or_insert(0) += 1;
        }
        counts
    }

    /// `12 findings: 1 critical, 3 high (2 suppressed, 4 in baseline); 80 rules over 145 resources`.
    pub fn summary_line(&self) -> String {
        let counts = self.counts();
        let parts: Vec<String> = Severity::ALL_DESC
            .iter()
            .filter_map(|s| counts.get(s).map(|n| format!("{n} {}", s.as_str())))
            .collect();
        let n = self.findings.len();
        let mut line = format!("{n} finding{}", if n == 1 { "" } else { "s" });
        if !parts.is_empty() {
            line.push_str(": ");
            line.push_str(&parts.join(", "));
        }
        let mut held = Vec::new();
        if !self.suppressed.is_empty() {
            held.push(format!("{} suppressed", self.suppressed.len()));
        }
        if self.baselined > 0 {
            held.push(format!("{} in baseline", self.baselined));
        }
        if !held.is_empty() {
            line.push_str(&format!(" ({})", held.join(", ")));
        }
        line.push_str(&format!(
            "; {} rules over {} resources",
            self.rules.len(),
            self.resources
        ));
        line
    }
}

/// Renders `report` in `format`.
///
/// Parquet is not text: it is written to a folder (`commands::lint`), and asking this
/// function for it is an error.
pub fn render(report: &LintReport, format: FindingsFormat) -> Result<String, String> {
    Ok(match format {
        FindingsFormat::Table => table(report),
        FindingsFormat::Json => pretty(&json_doc(report)),
        FindingsFormat::Ndjson => report
            .findings
            .iter()
            .map(|f| serde_json::to_string(f).expect("findings serialise") + "\n")
            .collect(),
        FindingsFormat::Csv => csv(report),
        FindingsFormat::Sarif => pretty(&sarif(report)),
        FindingsFormat::Junit => junit(report),
        FindingsFormat::Markdown => markdown(report),
        FindingsFormat::Parquet => {
            return Err("parquet output is written to a folder: use -o DIR".into());
        }
    })
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("json serialises");
    s.push('\n');
    s
}

/// The resource as people name it: `name (type)`, or the ARN when not in the inventory.
fn resource_label(f: &Finding) -> String {
    if f.resource_name.is_empty() {
        f.resource_arn.clone()
    } else {
        format!("{} ({})", f.resource_name, f.resource_type)
    }
}

fn table(report: &LintReport) -> String {
    let mut out = String::new();
    for sev in Severity::ALL_DESC {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "{} ({})\n",
            sev.as_str().to_uppercase(),
            group.len()
        ));
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(["rule", "resource", "region", "message"]);
        for f in group {
            t.add_row([
                f.rule_id.clone(),
                resource_label(f),
                f.region.clone(),
                f.message.clone(),
            ]);
        }
        out.push_str(&t.to_string());
        out.push_str("\n\n");
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    out
}

fn json_doc(report: &LintReport) -> Value {
    let counts: serde_json::Map<String, Value> = Severity::ALL_DESC
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                json!(report.findings.iter().filter(|f| f.severity == *s).count()),
            )
        })
        .collect();
    json!({
        "summary": {
            "findings": report.findings.len(),
            "by_severity": counts,
            "suppressed": report.suppressed.len(),
            "baselined": report.baselined,
            "rules": report.rules.len(),
            "resources": report.resources,
        },
        "findings": report.findings,
        "suppressed": report.suppressed,
    })
}

const CSV_HEADER: [&str; 12] = [
    "severity",
    "rule_id",
    "title",
    "service",
    "resource_arn",
    "resource_type",
    "resource_name",
    "account",
    "region",
    "message",
    "related_arn",
    "fingerprint",
];

fn csv(report: &LintReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).expect("in-memory write");
    for f in report.findings {
        w.write_record([
            f.severity.as_str(),
            &f.rule_id,
            &f.title,
            &f.service,
            &f.resource_arn,
            &f.resource_type,
            &f.resource_name,
            &f.account,
            &f.region,
            &f.message,
            f.related_arn.as_deref().unwrap_or(""),
            &f.fingerprint,
        ])
        .expect("in-memory write");
    }
    String::from_utf8(w.into_inner().expect("in-memory flush")).expect("csv of utf-8 is utf-8")
}

/// SARIF level of a severity.
fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` score of a severity (CVSS-like, 0-10).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// Rule help as Markdown: rationale, remediation, references.
fn rule_help_markdown(r: &Rule) -> String {
    let mut md = format!(
        "{}\n\n**Console:** {}\n\n**Infrastructure as code:** {}\n",
        r.rationale.trim(),
        r.remediation.console.trim(),
        r.remediation.iac.trim()
    );
    if !r.references.is_empty() {
        md.push_str("\n**References:**\n");
        for link in &r.references {
            md.push_str(&format!("- {link}\n"));
        }
    }
    md
}

/// The artifact a finding is attached to: `aws/<account>/<region>/<type>/<name>`, since
/// cloud resources have no file; the ARN is the logical location.
fn sarif_uri(f: &Finding) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let name = if f.resource_name.is_empty() {
        clean(&f.resource_arn)
    } else {
        clean(&f.resource_name)
    };
    let region = if f.region.is_empty() {
        "global"
    } else {
        &f.region
    };
    let kind = if f.resource_type.is_empty() {
        "resource"
    } else {
        &f.resource_type
    };
    format!(
        "aws/{}/{}/{}/{}",
        clean(&f.account),
        clean(region),
        kind,
        name
    )
}

fn sarif(report: &LintReport) -> Value {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            let mut tags = vec![r.service.clone(), "security".to_string()];
            for (framework, ids) in &r.frameworks {
                for id in ids {
                    tags.push(format!("{framework}:{id}"));
                }
            }
            let mut rule = json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.rationale.trim() },
                "help": {
                    "text": format!("{}\nConsole: {}\nIaC: {}", r.rationale.trim(), r.remediation.console.trim(), r.remediation.iac.trim()),
                    "markdown": rule_help_markdown(r),
                },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": {
                    "tags": tags,
                    "precision": "high",
                    "security-severity": security_severity(r.severity),
                    "severity": r.severity.as_str(),
                },
            });
            if let Some(uri) = r.references.first() {
                rule["helpUri"] = json!(uri);
            }
            rule
        })
        .collect();
    let index: BTreeMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule_id,
                "level": sarif_level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": sarif_uri(f) },
                        "region": { "startLine": 1 },
                    },
                    "logicalLocations": [{
                        "fullyQualifiedName": f.resource_arn,
                        "name": if f.resource_name.is_empty() { f.resource_arn.clone() } else { f.resource_name.clone() },
                        "kind": "resource",
                    }],
                }],
                "partialFingerprints": { "watershedFingerprint/v1": f.fingerprint },
                "properties": {
                    "resource_arn": f.resource_arn,
                    "resource_type": f.resource_type,
                    "account": f.account,
                    "region": f.region,
                    "severity": f.severity.as_str(),
                },
            });
            if let Some(i) = index.get(f.rule_id.as_str()) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(related) = &f.related_arn {
                result["relatedLocations"] = json!([{
                    "id": 1,
                    "logicalLocations": [{ "fullyQualifiedName": related, "kind": "resource" }],
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "watershed",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/watershed-dev/watershed",
                    "rules": rules,
                }
            },
            "results": results,
            "columnKind": "utf16CodeUnits",
        }]
    })
}

fn junit(report: &LintReport) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |w: &mut Writer<Vec<u8>>, e: Event| w.write_event(e).expect("in-memory write");
    write(
        &mut w,
        Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)),
    );
    let failures = report.findings.len();
    let tests: usize = report
        .rules
        .iter()
        .map(|r| {
            report
                .findings
                .iter()
                .filter(|f| f.rule_id == r.id)
                .count()
                .max(1)
        })
        .sum();
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "watershed lint"));
    root.push_attribute(("tests", tests.to_string().as_str()));
    root.push_attribute(("failures", failures.to_string().as_str()));
    write(&mut w, Event::Start(root));
    for rule in report.rules {
        let mine: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.rule_id == rule.id)
            .collect();
        let mut suite = BytesStart::new("testsuite");
        let suite_name = format!("{}: {}", rule.id, rule.title);
        suite.push_attribute(("name", suite_name.as_str()));
        suite.push_attribute(("tests", mine.len().max(1).to_string().as_str()));
        suite.push_attribute(("failures", mine.len().to_string().as_str()));
        write(&mut w, Event::Start(suite));
        if mine.is_empty() {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("classname", rule.id.as_str()));
            case.push_attribute(("name", "no findings"));
            write(&mut w, Event::Empty(case));
        }
        for f in mine {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("classname", rule.id.as_str()));
            case.push_attribute(("name", f.resource_arn.as_str()));
            write(&mut w, Event::Start(case));
            let mut failure = BytesStart::new("failure");
            failure.push_attribute(("message", f.message.as_str()));
            failure.push_attribute(("type", f.severity.as_str()));
            write(&mut w, Event::Start(failure));
            let body = format!(
                "{} [{}] {}\nresource: {}\n{}",
                f.rule_id,
                f.severity.as_str(),
                f.title,
                f.resource_arn,
                f.related_arn
                    .as_deref()
                    .map(|r| format!("related: {r}\n"))
                    .unwrap_or_default()
            );
            write(&mut w, Event::Text(BytesText::new(&body)));
            write(&mut w, Event::End(BytesEnd::new("failure")));
            write(&mut w, Event::End(BytesEnd::new("testcase")));
        }
        write(&mut w, Event::End(BytesEnd::new("testsuite")));
    }
    write(&mut w, Event::End(BytesEnd::new("testsuites")));
    let mut s = String::from_utf8(w.into_inner()).expect("xml of utf-8 is utf-8");
    s.push('\n');
    s
}

/// Escapes text for a Markdown table cell.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &LintReport) -> String {
    let counts = report.counts();
    let mut out = String::from("# watershed lint\n\n");
    out.push_str(&format!("{}\n\n", report.summary_line()));
    out.push_str("| severity | findings |\n|---|---:|\n");
    for s in Severity::ALL_DESC {
        out.push_str(&format!(
            "| {} | {} |\n",
            s.as_str(),
            counts.get(&s).copied().unwrap_or(0)
        ));
    }
    for s in Severity::ALL_DESC {
        let group: Vec<&Finding> = report.findings.iter().filter(|f| f.severity == s).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {} ({})\n\n", s.as_str(), group.len()));
        out.push_str("| rule | resource | region | message |\n|---|---|---|---|\n");
        for f in group {
            out.push_str(&format!(
                "| {} {} | `{}` | {} | {} |\n",
                f.rule_id,
                md_cell(&f.title),
                md_cell(&f.resource_arn),
                md_cell(&f.region),
                md_cell(&f.message)
            ));
        }
    }
    out
}
