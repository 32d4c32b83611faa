//! The local cache of fetched log events: Parquet files per log group and filter pattern,
//! with an index of the time ranges already fetched, so a repeated query makes no API call
//! for a range it has seen. Ranges that end within the settle delay of "now" are kept but
//! not marked covered (late events may still arrive); reading de-duplicates by event id.

use super::lambda_logs::LogEvent;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

/// How long after an event's time CloudWatch may still ingest it: ranges newer than this
/// are fetched again next time.
pub const SETTLE_MS: i64 = 5 * 60_000;

/// One log group and filter pattern in one account and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    /// Account id.
    pub account: String,
    /// Region.
    pub region: String,
    /// Log group name.
    pub group: String,
    /// Filter pattern (None: every event).
    pub pattern: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    group: String,
    pattern: Option<String>,
    /// Fetched and settled ranges, inclusive, sorted and merged.
    covered: Vec<(i64, i64)>,
    /// Parquet files, each with the range it holds.
    files: Vec<(String, i64, i64)>,
}

/// The cache folder.
#[derive(Debug, Clone)]
pub struct LogCache {
    root: PathBuf,
}

/// The default telemetry cache: `$XDG_CACHE_HOME/watershed/telemetry` (or
/// `~/.cache/watershed/telemetry`).
pub fn default_dir(explicit: Option<&Path>) -> PathBuf {
    crate::util::cache_dir(explicit, "telemetry")
}

impl LogCache {
    /// A cache in `root`.
    pub fn new(root: PathBuf) -> LogCache {
        LogCache { root }
    }

    fn dir(&self, key: &CacheKey) -> PathBuf {
        let mut h = Sha256::new();
        h.update(key.group.as_bytes());
        h.update([0]);
        h.update(key.pattern.as_deref().unwrap_or_default().as_bytes());
        let digest = h.finalize();
        let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        self.root.join(&key.account).join(&key.region).join(name)
    }

    fn index(&self, key: &CacheKey) -> Result<Index, String> {
        let path = self.dir(key).join("index.json");
        match std::fs::read_to_string(&path) {
            Ok(t) => serde_json::from_str(&t).map_err(|e| {
                format!(
                    "telemetry cache {}: {e} (delete the folder)",
                    path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Index {
                group: key.group.clone(),
                pattern: key.pattern.clone(),
                ..Default::default()
            }),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// The parts of `[start, end]` not fetched yet.
    pub fn missing(&self, key: &CacheKey, start: i64, end: i64) -> Result<Vec<(i64, i64)>, String> {
        Ok(subtract((start, end), &self.index(key)?.covered))
    }

    /// Keeps `events`, fetched for `[start, end]`; the range counts as covered up to
    /// `now - SETTLE_MS`.
    pub fn store(
        &self,
        key: &CacheKey,
        start: i64,
        end: i64,
        now: i64,
        events: &[LogEvent],
    ) -> Result<(), String> {
        let dir = self.dir(key);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mut index = self.index(key)?;
        let name = format!("{start}-{end}-{}.parquet", index.files.len());
        write_parquet(&dir.join(&name), events)?;
        index.files.push((name, start, end));
        let settled = end.min(now - SETTLE_MS);
        if settled >= start {
            index.covered.push((start, settled));
            index.covered = merge(std::mem::take(&mut index.covered));
        }
        let text = serde_json::to_string_pretty(&index).map_err(|e| e.to_string())?;
        crate::util::write_atomically(&dir.join("index.json"), |w| {
            w.write_all(text.as_bytes())?;
            Ok(())
        })
        .map_err(|e| format!("cannot write the telemetry cache index: {e}"))
    }

    /// The cached events of `[start, end]`, each event once.
    pub fn load(&self, key: &CacheKey, start: i64, end: i64) -> Result<Vec<LogEvent>, String> {
        let index = self.index(key)?;
        let dir = self.dir(key);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (name, s, e) in &index.files {
            if *e < start || *s > end {
                continue;
            }
            for ev in read_parquet(&dir.join(name))? {
                if ev.timestamp >= start && ev.timestamp <= end && seen.insert(ev.event_id.clone())
                {
                    out.push(ev);
                }
            }
        }
        out.sort_by(|a, b| (a.timestamp, &a.event_id).cmp(&(b.timestamp, &b.event_id)));
        Ok(out)
    }
}

fn write_parquet(path: &Path, events: &[LogEvent]) -> Result<(), String> {
    let batch = crate::sql::arrow_rows::to_batch(events)?;
    crate::sql::export::write_parquet(path, batch.schema(), &[batch]).map(|_| ())
}

fn read_parquet(path: &Path) -> Result<Vec<LogEvent>, String> {
    let fail = |e: String| {
        format!(
            "telemetry cache {}: {e} (delete the folder)",
            path.display()
        )
    };
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| fail(e.to_string()))?;
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| fail(e.to_string()))?;
        let mut rows: Vec<LogEvent> =
            serde_arrow::from_record_batch(&batch).map_err(|e| fail(e.to_string()))?;
        out.append(&mut rows);
    }
    Ok(out)
}

/// Sorts and merges overlapping or touching ranges.
fn merge(mut ranges: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    ranges.sort();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `range` minus the sorted, merged `covered` ranges.
fn subtract(range: (i64, i64), covered: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let (mut from, end) = range;
    let mut out = Vec::new();
    for &(s, e) in covered {
        if e < from || s > end {
            continue;
        }
        if s > from {
            out.push((from, s - 1));
        }
        from = from.max(e + 1);
        if from > end {
            return out;
        }
    }
    if from <= end {
        out.push((from, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_subtract() {
        assert_eq!(
            merge(vec![(5, 9), (0, 4), (20, 30)]),
            vec![(0, 9), (20, 30)]
        );
        assert_eq!(
            subtract((0, 100), &[(10, 20), (50, 60)]),
            vec![(0, 9), (21, 49), (61, 100)]
        );
        assert_eq!(subtract((12, 18), &[(10, 20)]), vec![]);
        assert_eq!(subtract((0, 5), &[]), vec![(0, 5)]);
    }

    #[test]
    fn stored_ranges_are_served_without_refetching() {
        let dir = tempfile::tempdir().unwrap();
        let cache = LogCache::new(dir.path().to_path_buf());
        let key = CacheKey {
            account: "1".into(),
            region: "r".into(),
            group: "/aws/lambda/f".into(),
            pattern: None,
        };
        let ev = |t: i64, id: &str| LogEvent {
            log_group: "/aws/lambda/f".into(),
            timestamp: t,
            event_id: id.into(),
            message: format!("m{t}"),
            ..Default::default()
        };
        let now = 10_000_000;
        cache
            .store(&key, 0, 1_000, now, &[ev(10, "a"), ev(900, "b")])
            .unwrap();
        assert_eq!(cache.missing(&key, 0, 2_000).unwrap(), vec![(1_001, 2_000)]);
        // The recent part is fetched again, and events seen twice are read once.
        cache
            .store(&key, 1_001, now, now, &[ev(1_500, "c"), ev(now - 1, "d")])
            .unwrap();
        cache
            .store(&key, now - SETTLE_MS + 1, now, now, &[ev(now - 1, "d")])
            .unwrap();
        let got = cache.load(&key, 0, now).unwrap();
        let ids: Vec<&str> = got.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(
            cache.missing(&key, 0, now).unwrap(),
            vec![(now - SETTLE_MS + 1, now)]
        );
        let other = CacheKey {
            pattern: Some("\"ERROR\"".into()),
            ..key
        };
        assert_eq!(cache.missing(&other, 0, 5).unwrap(), vec![(0, 5)]);
    }
}
