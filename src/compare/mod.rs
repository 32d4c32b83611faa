//! What changed between two snapshots: resources added, removed and changed (field by
//! field), message-flow edges added and removed, findings new, resolved and unchanged, and
//! coverage cells that became or stopped being gaps.
//!
//! Owns: the comparison only. Not for: loading, linting or formatting (`commands::diff`
//! and `report::diff` do those).

use crate::graph::Edge;
use crate::lint::Finding;
use crate::model::{CoverageCell, Inventory, ListVisitor, Resource};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One resource as the diff names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ResourceKey {
    /// Type name (`sqs_queue`, ...).
    pub resource_type: String,
    /// ARN.
    pub arn: String,
    /// Name.
    pub name: String,
}

/// One field that differs, by path (`redrive.max_receive_count`, `targets[0].arn`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Where in the resource.
    pub path: String,
    /// The old value (`null` when the field was absent).
    pub old: Value,
    /// The new value (`null` when the field is gone).
    pub new: Value,
}

/// A resource present on both sides with different content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceChange {
    /// The resource.
    #[serde(flatten)]
    pub resource: ResourceKey,
    /// The fields that differ, in path order.
    pub fields: Vec<FieldChange>,
}

/// An edge as the diff names it (settings changes show up as resource changes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EdgeKey {
    /// Source node.
    pub from: String,
    /// Target node.
    pub to: String,
    /// Relationship (`subscription`, `event_source_mapping`, ...).
    pub kind: String,
    /// How work crosses it (`async`, `poll`, `on_failure`, ...).
    pub invocation: String,
    /// The configuring object, when there is one.
    pub via: Option<String>,
}

impl EdgeKey {
    fn of(e: &Edge) -> EdgeKey {
        EdgeKey {
            from: e.from.clone(),
            to: e.to.clone(),
            kind: e.kind.as_str().to_string(),
            invocation: e.invocation.as_str().to_string(),
            via: e.via.clone(),
        }
    }
}

/// Everything that differs between OLD and NEW.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SnapshotDiff {
    /// Resources only in NEW.
    pub resources_added: Vec<ResourceKey>,
    /// Resources only in OLD whose (account, region, service) NEW did collect.
    pub resources_removed: Vec<ResourceKey>,
    /// Resources only in OLD whose cell is a coverage gap in NEW: not seen, not known gone.
    pub resources_not_collected: Vec<ResourceKey>,
    /// Resources in both with different content.
    pub resources_changed: Vec<ResourceChange>,
    /// Resources in both, identical.
    pub resources_unchanged: usize,
    /// Edges only in NEW.
    pub edges_added: Vec<EdgeKey>,
    /// Edges only in OLD, between resources NEW collected.
    pub edges_removed: Vec<EdgeKey>,
    /// Edges only in OLD with an end NEW could not collect (a coverage gap).
    pub edges_not_collected: Vec<EdgeKey>,
    /// Findings only in NEW (by fingerprint).
    pub findings_new: Vec<Finding>,
    /// Findings only in OLD, on resources NEW collected.
    pub findings_resolved: Vec<Finding>,
    /// Findings only in OLD, on resources NEW could not collect (a coverage gap): not
    /// known to be fixed.
    pub findings_not_assessed: Vec<Finding>,
    /// Findings in both.
    pub findings_unchanged: Vec<Finding>,
    /// Coverage cells that are gaps in NEW but were not in OLD.
    pub gaps_new: Vec<CoverageCell>,
    /// Coverage cells that were gaps in OLD and are not in NEW.
    pub gaps_closed: Vec<CoverageCell>,
}

impl SnapshotDiff {
    /// True when nothing differs (unchanged findings aside).
    pub fn is_empty(&self) -> bool {
        self.resources_added.is_empty()
            && self.resources_removed.is_empty()
            && self.resources_not_collected.is_empty()
            && self.resources_changed.is_empty()
            && self.edges_added.is_empty()
            && self.edges_removed.is_empty()
            && self.findings_new.is_empty()
            && self.findings_resolved.is_empty()
            && self.findings_not_assessed.is_empty()
            && self.gaps_new.is_empty()
            && self.gaps_closed.is_empty()
    }
}

/// One side of a comparison.
pub struct Side<'a> {
    /// The inventory.
    pub inventory: &'a Inventory,
    /// The coverage cells.
    pub coverage: &'a [CoverageCell],
    /// The topology's edges.
    pub edges: Vec<&'a Edge>,
    /// The findings.
    pub findings: &'a [Finding],
}

/// Compares `old` with `new`.
pub fn diff(old: &Side, new: &Side) -> SnapshotDiff {
    let (before, after) = (documents(old.inventory), documents(new.inventory));
    let new_gaps = gap_cells(new.coverage);
    let mut out = SnapshotDiff::default();
    for (arn, doc) in &after {
        match before.get(arn) {
            None => out.resources_added.push(doc.key.clone()),
            Some(old_doc) if old_doc.json == doc.json => out.resources_unchanged += 1,
            Some(old_doc) => {
                let mut fields = Vec::new();
                field_changes("", &old_doc.json, &doc.json, &mut fields);
                out.resources_changed.push(ResourceChange {
                    resource: doc.key.clone(),
                    fields,
                });
            }
        }
    }
    let mut uncollected = BTreeSet::new();
    for (arn, doc) in &before {
        if after.contains_key(arn) {
            continue;
        }
        if new_gaps.contains_key(&doc.cell) {
            uncollected.insert(arn.clone());
            out.resources_not_collected.push(doc.key.clone());
        } else {
            out.resources_removed.push(doc.key.clone());
        }
    }
    for list in [
        &mut out.resources_added,
        &mut out.resources_removed,
        &mut out.resources_not_collected,
    ] {
        list.sort();
    }
    out.resources_changed
        .sort_by(|a, b| a.resource.cmp(&b.resource));

    let edge_set =
        |s: &Side| -> BTreeSet<EdgeKey> { s.edges.iter().map(|e| EdgeKey::of(e)).collect() };
    let (old_edges, new_edges) = (edge_set(old), edge_set(new));
    out.edges_added = new_edges.difference(&old_edges).cloned().collect();
    let (not_collected, removed): (Vec<EdgeKey>, Vec<EdgeKey>) = old_edges
        .difference(&new_edges)
        .cloned()
        .partition(|e| uncollected.contains(&e.from) || uncollected.contains(&e.to));
    out.edges_removed = removed;
    out.edges_not_collected = not_collected;

    let prints =
        |f: &[Finding]| -> BTreeSet<String> { f.iter().map(|x| x.fingerprint.clone()).collect() };
    let (old_prints, new_prints) = (prints(old.findings), prints(new.findings));
    for f in new.findings {
        if old_prints.contains(&f.fingerprint) {
            out.findings_unchanged.push(f.clone());
        } else {
            out.findings_new.push(f.clone());
        }
    }
    for f in old.findings {
        if new_prints.contains(&f.fingerprint) {
            continue;
        }
        let related_uncollected = f
            .related_arn
            .as_ref()
            .is_some_and(|a| uncollected.contains(a));
        if uncollected.contains(&f.resource_arn) || related_uncollected {
            out.findings_not_assessed.push(f.clone());
        } else {
            out.findings_resolved.push(f.clone());
        }
    }
    for list in [
        &mut out.findings_new,
        &mut out.findings_resolved,
        &mut out.findings_not_assessed,
        &mut out.findings_unchanged,
    ] {
        list.sort_by(|a, b| {
            (b.severity, &a.rule_id, &a.resource_arn).cmp(&(
                a.severity,
                &b.rule_id,
                &b.resource_arn,
            ))
        });
    }

    let old_gaps = gap_cells(old.coverage);
    out.gaps_new = new_gaps
        .iter()
        .filter(|(k, _)| !old_gaps.contains_key(*k))
        .map(|(_, c)| c.clone())
        .collect();
    out.gaps_closed = old_gaps
        .iter()
        .filter(|(k, _)| !new_gaps.contains_key(*k))
        .map(|(_, c)| c.clone())
        .collect();
    out
}

/// (account, region, service) of a coverage cell; `global` for IAM's region.
type Cell = (String, String, String);

/// The gap cells of `coverage`, by cell.
fn gap_cells(coverage: &[CoverageCell]) -> BTreeMap<Cell, CoverageCell> {
    coverage
        .iter()
        .filter(|c| c.is_gap())
        .map(|c| {
            (
                (c.account.clone(), c.region.clone(), c.service.clone()),
                c.clone(),
            )
        })
        .collect()
}

/// One resource as JSON, with the coverage cell that collects it.
struct Document {
    key: ResourceKey,
    cell: Cell,
    json: Value,
}

/// Every resource of `inventory` as JSON, by ARN.
fn documents(inventory: &Inventory) -> BTreeMap<String, Document> {
    struct Collect(BTreeMap<String, Document>);
    impl ListVisitor for Collect {
        fn visit<R>(&mut self, _field: &'static str, items: &[R])
        where
            R: Resource + Serialize + serde::de::DeserializeOwned,
        {
            for r in items {
                let arn = r.arn();
                // ARN service names are the coverage cells' service names.
                let service = crate::model::Arn::parse(&arn)
                    .map(|a| a.service)
                    .unwrap_or_default();
                let region = match r.region() {
                    region if region.is_empty() => "global".to_string(),
                    region => region,
                };
                let doc = Document {
                    key: ResourceKey {
                        resource_type: R::TYPE.to_string(),
                        arn: arn.clone(),
                        name: r.name(),
                    },
                    cell: (r.account(), region, service),
                    json: serde_json::to_value(r).expect("resources serialise"),
                };
                self.0.insert(arn, doc);
            }
        }
    }
    let mut c = Collect(BTreeMap::new());
    inventory.visit_lists(&mut c);
    c.0
}

/// Appends the differences between `old` and `new` under `path`: objects key by key, lists
/// of the same length item by item, anything else as one change.
fn field_changes(path: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let (x, y) = (
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                );
                field_changes(&join(k), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                field_changes(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ => out.push(FieldChange {
            path: path.to_string(),
            old: old.clone(),
            new: new.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_changes_walk_objects_and_equal_length_lists() {
        let old = json!({"a": 1, "b": {"c": [1, 2], "d": "x"}, "e": [1], "gone": true});
        let new = json!({"a": 1, "b": {"c": [1, 3], "d": "y"}, "e": [1, 2], "added": 5});
        let mut out = Vec::new();
        field_changes("", &old, &new, &mut out);
        let paths: Vec<&str> = out.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["added", "b.c[1]", "b.d", "e", "gone"]);
        assert_eq!(out[0].old, Value::Null);
        assert_eq!(out[3].new, json!([1, 2]));
    }
}
