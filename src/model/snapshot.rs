//! The snapshot file: a versioned, redacted JSON record of one or more scans.
//!
//! Layout: `{"format_version": 1, "scan": {...}, "coverage": [...], "resources": {...}}`.
//! Files may be plain JSON or gzip-compressed (detected from the content, any extension).
//! A directory of snapshot files loads as one merged snapshot (multi-account).

use super::Inventory;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The snapshot format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// A snapshot: scan metadata, per-cell coverage and the inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version of the file.
    pub format_version: u32,
    /// What was scanned, when and by which version.
    pub scan: ScanMeta,
    /// One cell per (account, region, service) attempted.
    #[serde(default)]
    pub coverage: Vec<CoverageCell>,
    /// The resources.
    #[serde(default)]
    pub resources: Inventory,
}

/// Scan metadata.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanMeta {
    /// watershed version that wrote the snapshot.
    pub tool_version: String,
    /// `live`, `demo`, `fixture` or `merged`.
    pub source: String,
    /// When the scan started.
    pub started_at: Option<DateTime<Utc>>,
    /// When the scan finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Accounts scanned.
    pub accounts: Vec<String>,
    /// Regions scanned.
    pub regions: Vec<String>,
    /// Services scanned.
    pub services: Vec<String>,
    /// Account ids were replaced consistently (`--anonymize`).
    pub anonymized: bool,
}

/// The outcome of one (account, region, service) cell of a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageCell {
    /// Account id.
    pub account: String,
    /// Region (`global` for IAM).
    pub region: String,
    /// Service (`lambda`, `sqs`, ...).
    pub service: String,
    /// Outcome.
    pub status: CoverageStatus,
    /// The operation that failed, when not ok.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The error message, when not ok.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Resources collected in this cell.
    #[serde(default)]
    pub resources: u64,
}

/// Outcome of a coverage cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageStatus {
    /// Collected completely.
    Ok,
    /// Access denied on at least one required call.
    Denied,
    /// Throttled beyond the retry budget.
    Throttled,
    /// Any other failure (network, malformed response, service not available in region).
    Error,
}

impl CoverageCell {
    /// True when the cell is a gap (anything but ok).
    pub fn is_gap(&self) -> bool {
        self.status != CoverageStatus::Ok
    }
}

/// Why a snapshot could not be loaded or written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The content is not a valid snapshot.
    #[error("{path}:{line}:{column}: malformed snapshot: {message}")]
    Malformed {
        /// The path.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file was written by a newer watershed.
    #[error(
        "{path}: format_version {found} is newer than this watershed ({supported}); upgrade watershed to read it"
    )]
    TooNew {
        /// The path.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// The document has no `format_version`.
    #[error("{path}: not a watershed snapshot (no format_version field)")]
    NotASnapshot {
        /// The path.
        path: PathBuf,
    },
    /// A directory held no snapshot files.
    #[error("{path}: directory contains no snapshot files (*.json, *.json.gz)")]
    EmptyDirectory {
        /// The path.
        path: PathBuf,
    },
}

#[derive(Deserialize)]
struct VersionProbe {
    format_version: Option<u32>,
}

impl Snapshot {
    /// An empty snapshot with fresh metadata.
    pub fn new(source: &str) -> Snapshot {
        Snapshot {
            format_version: FORMAT_VERSION,
            scan: ScanMeta {
                tool_version: env!("CARGO_PKG_VERSION").to_string(),
                source: source.to_string(),
                ..ScanMeta::default()
            },
            coverage: Vec::new(),
            resources: Inventory::default(),
        }
    }

    /// Parses a snapshot from bytes (plain or gzip JSON). `path` is used in errors only.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Snapshot, SnapshotError> {
        let decompressed;
        let json: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_err(|e| SnapshotError::Malformed {
                    path: path.to_path_buf(),
                    line: 1,
                    column: 1,
                    message: format!("gzip data is corrupt or truncated ({e})"),
                })?;
            decompressed = out;
            &decompressed
        } else {
            bytes
        };
        // First pass: syntax and version, so a newer file reports its version rather than
        // whichever field changed.
        let probe: VersionProbe = serde_json::from_slice(json).map_err(|e| malformed(path, &e))?;
        match probe.format_version {
            None => {
                return Err(SnapshotError::NotASnapshot {
                    path: path.to_path_buf(),
                });
            }
            Some(v) if v > FORMAT_VERSION => {
                return Err(SnapshotError::TooNew {
                    path: path.to_path_buf(),
                    found: v,
                    supported: FORMAT_VERSION,
                });
            }
            Some(_) => {}
        }
        serde_json::from_slice(json).map_err(|e| malformed(path, &e))
    }

    /// Loads a snapshot file, or every `*.json`/`*.json.gz` file of a directory merged.
    pub fn load(path: &Path) -> Result<Snapshot, SnapshotError> {
        let io = |source| SnapshotError::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    p.is_file() && (name.ends_with(".json") || name.ends_with(".json.gz"))
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(SnapshotError::EmptyDirectory {
                    path: path.to_path_buf(),
                });
            }
            let snapshots = files
                .iter()
                .map(|f| Snapshot::load(f))
                .collect::<Result<Vec<_>, _>>()?;
            let (merged, conflicts) = Snapshot::merge(snapshots);
            for c in conflicts {
                tracing::warn!("{}: {c}", path.display());
            }
            return Ok(merged);
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Snapshot::from_bytes(&bytes, path)
    }

    /// Merges snapshots: resources de-duplicated by ARN, coverage cells by (account,
    /// region, service), metadata combined. Returns the merged snapshot and what the inputs
    /// disagreed on.
    pub fn merge(snapshots: Vec<Snapshot>) -> (Snapshot, Vec<MergeConflict>) {
        let mut iter = snapshots.into_iter();
        let Some(mut out) = iter.next() else {
            return (Snapshot::new("merged"), Vec::new());
        };
        let mut conflicts = Vec::new();
        let mut merged_any = false;
        for s in iter {
            merged_any = true;
            conflicts.extend(
                out.resources
                    .merge(s.resources)
                    .into_iter()
                    .map(|arn| MergeConflict::Resource { arn }),
            );
            for cell in s.coverage {
                merge_cell(&mut out.coverage, cell, &mut conflicts);
            }
            let m = &mut out.scan;
            m.accounts.extend(s.scan.accounts);
            m.regions.extend(s.scan.regions);
            m.services.extend(s.scan.services);
            m.started_at = match (m.started_at, s.scan.started_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            m.finished_at = match (m.finished_at, s.scan.finished_at) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            m.anonymized |= s.scan.anonymized;
        }
        if merged_any {
            let m = &mut out.scan;
            m.source = "merged".into();
            for list in [&mut m.accounts, &mut m.regions, &mut m.services] {
                *list = list
                    .drain(..)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
            }
        }
        (out, conflicts)
    }

    /// Serialises to pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("snapshot serialises")
    }

    /// Writes the snapshot atomically (temporary file, then rename): gzip when the path ends
    /// in `.gz`. A failed write leaves no partial file behind.
    pub fn write(&self, path: &Path) -> Result<(), SnapshotError> {
        let json = self.to_json();
        let gz = path.extension().is_some_and(|e| e == "gz");
        crate::util::write_atomically(path, |w| {
            if gz {
                let mut enc = flate2::write::GzEncoder::new(w, flate2::Compression::default());
                enc.write_all(json.as_bytes())?;
                enc.finish()?;
            } else {
                w.write_all(json.as_bytes())?;
                w.write_all(b"\n")?;
            }
            Ok(())
        })
        .map_err(|source| SnapshotError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The coverage cells that are gaps.
    pub fn gaps(&self) -> impl Iterator<Item = &CoverageCell> {
        self.coverage.iter().filter(|c| c.is_gap())
    }
}

/// Something merged snapshots disagree on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MergeConflict {
    /// One ARN with different content in two inputs: the first input's is kept.
    Resource {
        /// The ARN.
        arn: String,
    },
    /// One (account, region, service) cell with different outcomes: a collected cell is
    /// kept over a gap, else the first.
    Coverage {
        /// Account.
        account: String,
        /// Region.
        region: String,
        /// Service.
        service: String,
        /// The outcome kept.
        kept: CoverageStatus,
        /// The other outcome.
        other: CoverageStatus,
    },
}

impl std::fmt::Display for MergeConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeConflict::Resource { arn } => {
                write!(f, "{arn} differs between inputs; kept the first")
            }
            MergeConflict::Coverage {
                account,
                region,
                service,
                kept,
                other,
            } => write!(
                f,
                "coverage {account}/{region}/{service}: {kept:?} in one input, {other:?} in another; kept {kept:?}"
            ),
        }
    }
}

/// Adds `cell` to `coverage`, or settles it against the cell already there.
fn merge_cell(
    coverage: &mut Vec<CoverageCell>,
    cell: CoverageCell,
    conflicts: &mut Vec<MergeConflict>,
) {
    let same = |c: &CoverageCell| {
        c.account == cell.account && c.region == cell.region && c.service == cell.service
    };
    let Some(i) = coverage.iter().position(same) else {
        coverage.push(cell);
        return;
    };
    if coverage[i] == cell {
        return;
    }
    let keep_incoming = coverage[i].is_gap() && !cell.is_gap();
    let (kept, other) = if keep_incoming {
        (cell.status, coverage[i].status)
    } else {
        (coverage[i].status, cell.status)
    };
    conflicts.push(MergeConflict::Coverage {
        account: cell.account.clone(),
        region: cell.region.clone(),
        service: cell.service.clone(),
        kept,
        other,
    });
    if keep_incoming {
        coverage[i] = cell;
    }
}

fn malformed(path: &Path, e: &serde_json::Error) -> SnapshotError {
    let full = e.to_string();
    // serde_json appends " at line L column C"; we print the position ourselves.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let message = if e.is_eof() {
        format!("{message} (the file ends early: truncated?)")
    } else {
        message
    };
    SnapshotError::Malformed {
        path: path.to_path_buf(),
        line: e.line().max(1),
        column: e.column().max(1),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sqs::SqsQueue;

    fn sample() -> Snapshot {
        let mut s = Snapshot::new("fixture");
        s.scan.accounts = vec!["111122223333".into()];
        s.scan.regions = vec!["us-east-1".into()];
        s.coverage.push(CoverageCell {
            account: "111122223333".into(),
            region: "us-east-1".into(),
            service: "sqs".into(),
            status: CoverageStatus::Denied,
            operation: Some("sqs:ListQueues".into()),
            message: Some("AccessDenied".into()),
            resources: 0,
        });
        s.resources.sqs_queues.push(SqsQueue {
            arn: "arn:aws:sqs:us-east-1:111122223333:q".into(),
            name: "q".into(),
            visibility_timeout_seconds: 30,
            ..Default::default()
        });
        s
    }

    #[test]
    fn round_trips_plain_and_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let s = sample();
        for name in ["a.json", "b.json.gz"] {
            let p = dir.path().join(name);
            s.write(&p).unwrap();
            assert_eq!(Snapshot::load(&p).unwrap(), s, "{name}");
        }
        let raw = std::fs::read(dir.path().join("b.json.gz")).unwrap();
        assert_eq!(&raw[..2], &[0x1f, 0x8b]);
    }

    #[test]
    fn truncated_file_reports_position() {
        let json = sample().to_json();
        let cut = &json.as_bytes()[..json.len() / 2];
        let err = Snapshot::from_bytes(cut, Path::new("s.json")).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, SnapshotError::Malformed { .. }), "{msg}");
        assert!(msg.starts_with("s.json:"), "{msg}");
        assert!(msg.contains("truncated"), "{msg}");
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn newer_version_is_refused_by_number() {
        let json = sample()
            .to_json()
            .replacen("\"format_version\": 1", "\"format_version\": 7", 1);
        let err = Snapshot::from_bytes(json.as_bytes(), Path::new("s.json")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.json: format_version 7 is newer than this watershed (1); upgrade watershed to read it"
        );
    }

    #[test]
    fn wrong_type_reports_line_and_column() {
        let json = sample().to_json().replace(
            "\"visibility_timeout_seconds\": 30",
            "\"visibility_timeout_seconds\": \"x\"",
        );
        let err = Snapshot::from_bytes(json.as_bytes(), Path::new("s.json")).unwrap_err();
        match err {
            SnapshotError::Malformed { line, message, .. } => {
                assert!(line > 1);
                assert!(message.contains("invalid type"), "{message}");
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn non_snapshot_json_is_named() {
        let err = Snapshot::from_bytes(b"{\"a\":1}", Path::new("x.json")).unwrap_err();
        assert!(matches!(err, SnapshotError::NotASnapshot { .. }));
    }

    #[test]
    fn directory_merges_accounts_and_coverage() {
        let dir = tempfile::tempdir().unwrap();
        let a = sample();
        let mut b = sample();
        b.scan.accounts = vec!["444455556666".into()];
        b.coverage[0].account = "444455556666".into();
        b.resources.sqs_queues[0].arn = "arn:aws:sqs:us-east-1:444455556666:q".into();
        a.write(&dir.path().join("a.json")).unwrap();
        b.write(&dir.path().join("b.json.gz")).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let m = Snapshot::load(dir.path()).unwrap();
        assert_eq!(m.scan.source, "merged");
        assert_eq!(m.scan.accounts, vec!["111122223333", "444455556666"]);
        assert_eq!(m.coverage.len(), 2);
        assert_eq!(m.resources.sqs_queues.len(), 2);
    }

    #[test]
    fn merge_reports_conflicts_and_keeps_first() {
        let a = sample();
        let mut b = sample();
        b.resources.sqs_queues[0].visibility_timeout_seconds = 60;
        let (m, conflicts) = Snapshot::merge(vec![a, b]);
        assert_eq!(
            conflicts,
            vec![MergeConflict::Resource {
                arn: "arn:aws:sqs:us-east-1:111122223333:q".into()
            }]
        );
        assert_eq!(m.resources.sqs_queues[0].visibility_timeout_seconds, 30);
    }

    #[test]
    fn empty_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Snapshot::load(dir.path()),
            Err(SnapshotError::EmptyDirectory { .. })
        ));
    }
}
