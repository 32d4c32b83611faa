//! `--anonymize`: replace account ids consistently everywhere in a snapshot (ARNs, URLs,
//! policies), so a snapshot can be shared without naming accounts.

use crate::model::Snapshot;
use std::collections::BTreeMap;

/// Replaces every account id of the snapshot (scanned accounts and any 12-digit account
/// field of an ARN) with `000000000001`, `000000000002`, ... in sorted order. The same id
/// always maps to the same replacement within one snapshot.
pub fn anonymize(snapshot: &Snapshot) -> Snapshot {
    let text = serde_json::to_string(snapshot).expect("snapshot serialises");
    let mut ids: Vec<String> = snapshot.scan.accounts.clone();
    ids.extend(arn_accounts(&text));
    ids.sort();
    ids.dedup();
    let map: BTreeMap<&str, String> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), format!("{:012}", i + 1)))
        .collect();
    let out = replace_ids(&text, &map);
    let mut s: Snapshot = serde_json::from_str(&out).expect("anonymised snapshot parses");
    s.scan.anonymized = true;
    s
}

/// 12-digit account fields of ARNs in `text`.
fn arn_accounts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("arn:") {
        let parts: Vec<&str> = text[i..].splitn(6, ':').collect();
        if parts.len() == 6 {
            let acct = parts[4];
            if acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit()) {
                out.push(acct.to_string());
            }
        }
    }
    out
}

/// Replaces whole 12-digit runs that are in `map` (never parts of longer numbers).
fn replace_ids(text: &str, map: &BTreeMap<&str, String>) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let run = &text[i..j];
            match map.get(run) {
                Some(r) => out.push_str(r),
                None => out.push_str(run),
            }
            i = j;
        } else {
            let ch = text[i..].chars().next().expect("char boundary");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_accounts_consistently_and_only_whole_ids() {
        let s = crate::demo::demo_snapshot().unwrap();
        let a = anonymize(&s);
        let text = serde_json::to_string(&a).unwrap();
        assert!(!text.contains("111122223333"));
        assert!(!text.contains("999988887777"));
        assert!(a.scan.anonymized);
        assert_eq!(a.resources.len(), s.resources.len());
        // Same structure: the graph derives the same number of edges.
        let e1 = crate::graph::Topology::from_inventory(&s.resources).edge_count();
        let e2 = crate::graph::Topology::from_inventory(&a.resources).edge_count();
        assert_eq!(e1, e2);
        let m: BTreeMap<&str, String> = [("111122223333", "000000000001".to_string())].into();
        assert_eq!(
            replace_ids("x 1111222233334 111122223333:", &m),
            "x 1111222233334 000000000001:"
        );
    }
}
