//! Small helpers shared by several modules.

use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes a file atomically: the content goes to a temporary file in the same directory,
/// which is renamed over `path` only after `fill` succeeds. On any error nothing is left
/// behind.
pub fn write_atomically<F>(path: &Path, fill: F) -> std::io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    // Temporary files are created 0600; a finished output file gets ordinary permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `explicit`, else `$XDG_CACHE_HOME/watershed/<name>` (or `~/.cache/watershed/<name>`):
/// the folder of one of watershed's caches.
pub fn cache_dir(explicit: Option<&Path>, name: &str) -> std::path::PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("watershed")
        .join(name)
}

/// `15m`, `1h`, `2d` (minutes, hours, days) in milliseconds.
pub fn duration_ms(text: &str) -> Result<i64, String> {
    let (n, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = n
        .parse()
        .map_err(|_| format!("--since {text}: write a number and m, h or d (e.g. 1h)"))?;
    let unit_ms = match unit {
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(format!("--since {text}: the unit must be m, h or d")),
    };
    Ok(n * unit_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        let r = write_atomically(&p, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn successful_write_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        std::fs::write(&p, "old").unwrap();
        write_atomically(&p, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn durations() {
        assert_eq!(super::duration_ms("15m"), Ok(900_000));
        assert_eq!(super::duration_ms("2d"), Ok(172_800_000));
        assert!(super::duration_ms("soon").is_err());
        assert!(super::duration_ms("5s").is_err());
    }
}
