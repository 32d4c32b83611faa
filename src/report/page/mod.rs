//! The compliance report (`watershed report`): one page with the scan's scope and coverage
//! gaps, counts by severity, service and account/region, the topology, the failure paths
//! that drop events, the findings grouped by rule with their remediation, a framework view
//! (Security Hub FSBP controls, Well-Architected Serverless Lens questions) and, against a
//! previous snapshot, what changed. [`ReportModel`] holds it; `html` and `markdown` render it.

pub mod html;
pub mod markdown;

use crate::compare::SnapshotDiff;
use crate::graph::Topology;
use crate::graph::failure::FailurePath;
use crate::lint::{Finding, Rule, Severity};
use crate::model::{CoverageCell, ScanMeta, Snapshot};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Output formats of `watershed report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PageFormat {
    /// One self-contained HTML file (inline CSS and SVG, no external loads).
    Html,
    /// Markdown with a Mermaid graph (wikis, pull-request comments).
    Markdown,
}

/// Findings per severity, most severe first (`[critical, high, medium, low, info]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts(pub [usize; 5]);

impl SeverityCounts {
    fn add(&mut self, s: Severity) {
        let i = Severity::ALL_DESC
            .iter()
            .position(|x| *x == s)
            .expect("every severity is listed");
        self.0[i] += 1;
    }

    /// The count for `s`.
    pub fn get(&self, s: Severity) -> usize {
        let i = Severity::ALL_DESC
            .iter()
            .position(|x| *x == s)
            .expect("every severity is listed");
        self.0[i]
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// Findings of one group (a service, an account/region).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCount {
    /// The group (`sqs`, `111122223333 / us-east-1`).
    pub group: String,
    /// Resources in it (0 where resources do not belong to a group, e.g. rule services).
    pub resources: usize,
    /// Findings by severity.
    pub findings: SeverityCounts,
}

/// The findings of one rule, with what to do about them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleGroup {
    /// Rule id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Default severity.
    pub severity: Severity,
    /// Service.
    pub service: String,
    /// Why it matters.
    pub rationale: String,
    /// Console fix.
    pub remediation_console: String,
    /// Infrastructure-as-code fix.
    pub remediation_iac: String,
    /// Documentation links.
    pub references: Vec<String>,
    /// The findings, most severe first.
    pub findings: Vec<Finding>,
}

/// Status of one framework control or question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    /// A mapped rule has findings.
    Fail,
    /// Every mapped rule ran and found nothing.
    Pass,
    /// A mapped rule's service was not (completely) scanned.
    NotAssessed,
}

impl ControlStatus {
    /// `FAIL`, `PASS` or `NOT ASSESSED`.
    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::Fail => "FAIL",
            ControlStatus::Pass => "PASS",
            ControlStatus::NotAssessed => "NOT ASSESSED",
        }
    }
}

/// One control of a framework.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Control {
    /// Control id (`SQS.1`, `REL 2`).
    pub id: String,
    /// What it asks, where known.
    pub title: String,
    /// The rules that check it.
    pub rules: Vec<String>,
    /// Findings of those rules.
    pub findings: usize,
    /// Pass, fail or not assessed.
    pub status: ControlStatus,
}

/// One framework's controls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    /// Key in the rule files (`security_hub`).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Controls, by id.
    pub controls: Vec<Control>,
}

/// The frameworks the report shows, with their display names.
pub const FRAMEWORKS: &[(&str, &str)] = &[
    (
        "security_hub",
        "AWS Security Hub: AWS Foundational Security Best Practices",
    ),
    (
        "well_architected_serverless",
        "AWS Well-Architected Framework: Serverless Applications Lens",
    ),
];

/// The Serverless Lens questions.
const LENS_QUESTIONS: &[(&str, &str)] = &[
    (
        "OPS 1",
        "How do you evaluate your serverless application's health?",
    ),
    (
        "OPS 2",
        "How do you approach application lifecycle management?",
    ),
    ("SEC 1", "How do you control access to your serverless API?"),
    (
        "SEC 2",
        "How are you managing security boundaries of your serverless application?",
    ),
    (
        "SEC 3",
        "How do you implement application security in your workload?",
    ),
    ("REL 1", "How are you regulating inbound request rates?"),
    (
        "REL 2",
        "How are you building resiliency into your serverless application?",
    ),
    (
        "PERF 1",
        "How do you optimize your serverless application's performance?",
    ),
    (
        "COST 1",
        "How do you optimize your serverless application's costs?",
    ),
];

/// The coverage service names a rule service stands for (rule services follow the
/// console; coverage cells follow the API).
fn scanned_services(rule_service: &str) -> &'static [&'static str] {
    match rule_service {
        "cognito" => &["cognito-idp", "cognito-identity"],
        "lambda" => &["lambda"],
        "sqs" => &["sqs"],
        "sns" => &["sns"],
        "events" => &["events"],
        "scheduler" => &["scheduler"],
        "pipes" => &["pipes"],
        "states" => &["states"],
        "kinesis" => &["kinesis"],
        "firehose" => &["firehose"],
        "apigateway" => &["apigateway"],
        "glue" => &["glue"],
        "mq" => &["mq"],
        "appflow" => &["appflow"],
        "iam" => &["iam"],
        "s3" => &["s3"],
        "logs" => &["logs"],
        _ => &[],
    }
}

/// A failure path that drops events, for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DroppedPath {
    /// Source node.
    pub from: String,
    /// Consumer node.
    pub to: String,
    /// Edge kind.
    pub kind: String,
    /// Each stage, described.
    pub stages: Vec<String>,
}

/// Everything one report shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportModel {
    /// Page title.
    pub title: String,
    /// When the report was made (RFC 3339).
    pub generated_at: String,
    /// What was scanned.
    pub scan: ScanMeta,
    /// Resources in the snapshot.
    pub resources: usize,
    /// Coverage cells attempted.
    pub coverage_cells: usize,
    /// Cells that are gaps.
    pub gaps: Vec<CoverageCell>,
    /// Rules that ran.
    pub rules_run: usize,
    /// Findings by severity.
    pub severity: SeverityCounts,
    /// Findings by rule service.
    pub by_service: Vec<GroupCount>,
    /// Resources and findings by account and region.
    pub by_location: Vec<GroupCount>,
    /// Findings held back by tags or the configuration.
    pub suppressed: usize,
    /// Rules with findings, most severe first.
    pub rule_groups: Vec<RuleGroup>,
    /// Failure paths that drop events.
    pub dropped_paths: Vec<DroppedPath>,
    /// The framework view.
    pub frameworks: Vec<Framework>,
    /// What changed since `--previous`.
    pub changes: Option<SnapshotDiff>,
    /// Resources with findings: ARN to the most severe one's severity.
    pub worst: BTreeMap<String, Severity>,
    /// The topology (not serialised; the renderers draw it).
    #[serde(skip)]
    pub topology: Topology,
}

/// What the report is built from.
pub struct ReportInput<'a> {
    /// The snapshot.
    pub snapshot: &'a Snapshot,
    /// Its findings (after suppressions).
    pub findings: &'a [Finding],
    /// Findings suppressed.
    pub suppressed: usize,
    /// The rules that ran.
    pub rules: &'a [&'a Rule],
    /// Its topology.
    pub topology: &'a Topology,
    /// Its failure paths.
    pub failure_paths: &'a [FailurePath],
    /// The comparison with a previous snapshot.
    pub changes: Option<SnapshotDiff>,
}

impl ReportModel {
    /// Builds the report of `input`.
    pub fn build(input: ReportInput) -> ReportModel {
        let s = input.snapshot;
        let mut severity = SeverityCounts::default();
        let mut services: BTreeMap<String, SeverityCounts> = BTreeMap::new();
        let mut locations: BTreeMap<String, (usize, SeverityCounts)> = BTreeMap::new();
        let location = |account: &str, region: &str| {
            let region = if region.is_empty() { "global" } else { region };
            format!("{account} / {region}")
        };
        for r in s.resources.resources() {
            locations
                .entry(location(&r.account, &r.region))
                .or_default()
                .0 += 1;
        }
        let mut worst: BTreeMap<String, Severity> = BTreeMap::new();
        for f in input.findings {
            severity.add(f.severity);
            services
                .entry(f.service.clone())
                .or_default()
                .add(f.severity);
            locations
                .entry(location(&f.account, &f.region))
                .or_default()
                .1
                .add(f.severity);
            let w = worst.entry(f.resource_arn.clone()).or_insert(f.severity);
            *w = (*w).max(f.severity);
        }
        let by_service = services
            .into_iter()
            .map(|(group, findings)| GroupCount {
                group,
                resources: 0,
                findings,
            })
            .collect();
        let by_location = locations
            .into_iter()
            .map(|(group, (resources, findings))| GroupCount {
                group,
                resources,
                findings,
            })
            .collect();

        let mut rule_groups: Vec<RuleGroup> = input
            .rules
            .iter()
            .filter_map(|r| {
                let mut findings: Vec<Finding> = input
                    .findings
                    .iter()
                    .filter(|f| f.rule_id == r.id)
                    .cloned()
                    .collect();
                if findings.is_empty() {
                    return None;
                }
                findings.sort_by(|a, b| {
                    (b.severity, &a.resource_name).cmp(&(a.severity, &b.resource_name))
                });
                Some(RuleGroup {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    severity: findings[0].severity,
                    service: r.service.clone(),
                    rationale: r.rationale.trim().to_string(),
                    remediation_console: r.remediation.console.trim().to_string(),
                    remediation_iac: r.remediation.iac.trim().to_string(),
                    references: r.references.clone(),
                    findings,
                })
            })
            .collect();
        rule_groups.sort_by(|a, b| (b.severity, &a.id).cmp(&(a.severity, &b.id)));

        let dropped_paths = input
            .failure_paths
            .iter()
            .filter(|p| p.dropped)
            .map(|p| DroppedPath {
                from: p.from.clone(),
                to: p.to.clone(),
                kind: p.kind.as_str().to_string(),
                stages: p.stages.iter().map(|st| st.describe()).collect(),
            })
            .collect();

        let gaps: Vec<CoverageCell> = s.gaps().cloned().collect();
        let frameworks = frameworks(input.rules, input.findings, s, &gaps);
        let accounts = if s.scan.accounts.is_empty() {
            "no account".to_string()
        } else {
            s.scan.accounts.join(", ")
        };
        ReportModel {
            title: format!("watershed report: {accounts}"),
            generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            scan: s.scan.clone(),
            resources: s.resources.len(),
            coverage_cells: s.coverage.len(),
            gaps,
            rules_run: input.rules.len(),
            severity,
            by_service,
            by_location,
            suppressed: input.suppressed,
            rule_groups,
            dropped_paths,
            frameworks,
            changes: input.changes,
            worst,
            topology: input.topology.clone(),
        }
    }

    /// The anchor of a resource's findings on the page.
    pub fn anchor(arn: &str) -> String {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        arn.hash(&mut h);
        format!("r-{:016x}", h.finish())
    }
}

/// The framework view: each control of [`FRAMEWORKS`] that a rule maps to.
fn frameworks(
    rules: &[&Rule],
    findings: &[Finding],
    snapshot: &Snapshot,
    gaps: &[CoverageCell],
) -> Vec<Framework> {
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *per_rule.entry(f.rule_id.as_str()).or_default() += 1;
    }
    let gap_services: BTreeSet<&str> = gaps.iter().map(|c| c.service.as_str()).collect();
    let scanned: BTreeSet<&str> = snapshot
        .scan
        .services
        .iter()
        .map(String::as_str)
        .chain(snapshot.coverage.iter().map(|c| c.service.as_str()))
        .collect();
    let assessed = |r: &Rule| {
        scanned_services(&r.service)
            .iter()
            .all(|s| scanned.contains(s) && !gap_services.contains(s))
    };
    FRAMEWORKS
        .iter()
        .map(|(key, name)| {
            let mut controls: BTreeMap<&str, Vec<&Rule>> = BTreeMap::new();
            for r in rules {
                for id in r.frameworks.get(*key).into_iter().flatten() {
                    controls.entry(id.as_str()).or_default().push(r);
                }
            }
            let controls = controls
                .into_iter()
                .map(|(id, rules)| {
                    let n: usize = rules
                        .iter()
                        .map(|r| per_rule.get(r.id.as_str()).copied().unwrap_or(0))
                        .sum();
                    let status = if n > 0 {
                        ControlStatus::Fail
                    } else if rules.iter().all(|r| assessed(r)) {
                        ControlStatus::Pass
                    } else {
                        ControlStatus::NotAssessed
                    };
                    let title = LENS_QUESTIONS
                        .iter()
                        .find(|(q, _)| *q == id)
                        .map(|(_, t)| t.to_string())
                        .unwrap_or_else(|| {
                            rules
                                .iter()
                                .map(|r| r.title.as_str())
                                .collect::<Vec<_>>()
                                .join("; ")
                        });
                    Control {
                        id: id.to_string(),
                        title,
                        rules: rules.iter().map(|r| r.id.clone()).collect(),
                        findings: n,
                        status,
                    }
                })
                .collect();
            Framework {
                key: key.to_string(),
                name: name.to_string(),
                controls,
            }
        })
        .collect()
}
