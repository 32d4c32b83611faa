//! `explain-access` output: the decision, each evaluated policy layer and the statements
//! that decided it, as text or JSON.

use crate::iam::{Access, Unknown, Verdict};
use serde::Serialize;

/// Output format of `explain-access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccessFormat {
    /// Readable text.
    Text,
    /// One JSON object.
    Json,
}

/// One explained access question.
#[derive(Debug, Clone, Serialize)]
pub struct AccessReport {
    /// `allow`, `deny`, `implicit_deny`, `conditional` or `unknown`.
    pub decision: String,
    /// Who asks (role ARN or service principal).
    pub principal: String,
    /// The resource that runs as the role, when one was named.
    pub via: Option<String>,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// Condition keys set for the request.
    pub context: std::collections::BTreeMap<String, String>,
    /// Every policy document read to answer.
    pub policies_read: Vec<String>,
    /// Each evaluated policy layer.
    pub layers: Vec<LayerReport>,
    /// Why the answer is limited or unknown.
    pub notes: Vec<String>,
}

/// One layer (identity, boundary, resource policy).
#[derive(Debug, Clone, Serialize)]
pub struct LayerReport {
    /// `identity`, `boundary` or `resource`.
    pub layer: String,
    /// The layer's own decision.
    pub decision: Verdict,
    /// The statements that made it.
    pub statements: Vec<StatementReport>,
}

/// One deciding statement.
#[derive(Debug, Clone, Serialize)]
pub struct StatementReport {
    /// Where it lives (`inline policy `p` of arn:...`).
    pub policy: String,
    /// Kind of policy.
    pub kind: String,
    /// Position in the document.
    pub index: usize,
    /// `Sid`.
    pub sid: Option<String>,
    /// The statement as written.
    pub statement: serde_json::Value,
}

impl AccessReport {
    /// The report of an answered or unanswerable question.
    pub fn new(
        principal: String,
        via: Option<String>,
        action: &str,
        resource: &str,
        context: std::collections::BTreeMap<String, String>,
        policies_read: Vec<String>,
        answer: Result<Access, Unknown>,
    ) -> AccessReport {
        let (decision, layers, notes) = match answer {
            Ok(a) => (
                a.verdict.as_str().to_string(),
                a.layers
                    .into_iter()
                    .map(|l| LayerReport {
                        layer: l.name.to_string(),
                        decision: l.decision.verdict,
                        statements: l
                            .decision
                            .deciding
                            .iter()
                            .map(|s| StatementReport {
                                policy: s.source.to_string(),
                                kind: s.source.kind.as_str().to_string(),
                                index: s.index,
                                sid: s.sid.clone(),
                                statement: s.json.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
                a.notes,
            ),
            Err(u) => ("unknown".to_string(), Vec::new(), vec![u.to_string()]),
        };
        AccessReport {
            decision,
            principal,
            via,
            action: action.to_string(),
            resource: resource.to_string(),
            context,
            policies_read,
            layers,
            notes,
        }
    }

    /// Renders the report.
    pub fn render(&self, format: AccessFormat) -> String {
        match format {
            AccessFormat::Json => {
                let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
                s.push('\n');
                s
            }
            AccessFormat::Text => self.text(),
        }
    }

    fn text(&self) -> String {
        use std::fmt::Write;
        let headline = match self.decision.as_str() {
            "allow" => "ALLOWED",
            "deny" => "DENIED (explicit deny)",
            "implicit_deny" => "DENIED (no statement allows it)",
            "conditional" => "CONDITIONAL (depends on a condition watershed cannot decide)",
            _ => "UNKNOWN",
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{headline}: {} {} on {}",
            self.principal, self.action, self.resource
        );
        if let Some(v) = &self.via {
            let _ = writeln!(out, "  principal: execution role of {v}");
        }
        for (k, v) in &self.context {
            let _ = writeln!(out, "  {k} = {v}");
        }
        if !self.policies_read.is_empty() {
            let _ = writeln!(out, "  policies read: {}", self.policies_read.join("; "));
        }
        for l in &self.layers {
            let name = match l.layer.as_str() {
                "identity" => "identity policies (inline and attached)",
                "boundary" => "permissions boundary",
                _ => "resource policy",
            };
            let what = match l.decision {
                Verdict::Allow => "allow",
                Verdict::Deny => "deny",
                Verdict::ImplicitDeny => "no statement allows it",
                Verdict::Conditional => "conditional",
            };
            let _ = writeln!(out, "\n{name}: {what}");
            for s in &l.statements {
                let sid = s
                    .sid
                    .as_deref()
                    .map(|s| format!(" (Sid {s})"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {} statement {}{sid}:", s.policy, s.index);
                let _ = writeln!(out, "    {}", s.statement);
            }
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for n in &self.notes {
                let _ = writeln!(out, "note: {n}");
            }
        }
        out
    }
}
