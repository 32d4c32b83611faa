//! Lambda deployment packages (zip) read safely: entry-count, size and ratio limits, paths
//! that would escape the package refused, and only source text kept.

use super::tree::{CodeTree, MAX_FILE_BYTES, MAX_FILES};
use std::io::Read;

/// Largest package accepted (Lambda's own limit for a direct upload is 50 MB zipped and
/// 250 MB unzipped).
pub const MAX_PACKAGE_BYTES: u64 = 100 * 1024 * 1024;
/// Most entries a package may list.
pub const MAX_ENTRIES: usize = 50_000;
/// Most bytes of source text extracted from one package.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest ratio of uncompressed to compressed size for one entry (zip bombs go far beyond).
pub const MAX_RATIO: u64 = 200;

/// Why a package was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PackageError {
    /// Over [`MAX_PACKAGE_BYTES`].
    #[error("package is {0} bytes, over the {MAX_PACKAGE_BYTES}-byte limit")]
    TooLarge(u64),
    /// Not a zip archive, or a damaged one.
    #[error("package is not a readable zip archive: {0}")]
    NotZip(String),
    /// Over [`MAX_ENTRIES`].
    #[error("package lists {0} entries, over the {MAX_ENTRIES}-entry limit")]
    TooManyEntries(usize),
    /// An entry whose path leaves the package folder (zip slip).
    #[error("package entry `{0}` escapes the package folder; refusing the package")]
    EscapingPath(String),
    /// An entry that inflates far beyond its compressed size, or past the limits.
    #[error("package entry `{0}` inflates beyond the limits (a zip bomb?); refusing the package")]
    Bomb(String),
    /// More source files than [`MAX_FILES`].
    #[error("package holds more than {MAX_FILES} source files")]
    TooManyFiles,
}

/// The source files of a zip package.
pub fn extract(bytes: &[u8]) -> Result<CodeTree, PackageError> {
    if bytes.len() as u64 > MAX_PACKAGE_BYTES {
        return Err(PackageError::TooLarge(bytes.len() as u64));
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| PackageError::NotZip(e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(PackageError::TooManyEntries(archive.len()));
    }
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| PackageError::NotZip(e.to_string()))?;
        let name = entry.name().replace('\\', "/");
        if name.starts_with('/')
            || name.split('/').any(|seg| seg == "..")
            || name.contains(':')
            || entry.enclosed_name().is_none()
        {
            return Err(PackageError::EscapingPath(name));
        }
        if entry.is_dir()
            || super::Language::of(&name).is_none()
            || name
                .split('/')
                .any(|seg| seg == "node_modules" || seg.starts_with('.'))
        {
            continue;
        }
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        if declared > MAX_FILE_BYTES {
            continue;
        }
        if declared / compressed > MAX_RATIO && declared > 1024 * 1024 {
            return Err(PackageError::Bomb(name));
        }
        // Never trust the declared size: read at most one byte past it.
        let mut buf = Vec::with_capacity(declared as usize);
        (&mut entry)
            .take(declared + 1)
            .read_to_end(&mut buf)
            .map_err(|e| PackageError::NotZip(e.to_string()))?;
        if buf.len() as u64 > declared {
            return Err(PackageError::Bomb(name));
        }
        total += buf.len() as u64;
        if total > MAX_SOURCE_BYTES {
            return Err(PackageError::Bomb(name));
        }
        // Binary files with a source extension are skipped, not analysed.
        let Ok(text) = String::from_utf8(buf) else {
            continue;
        };
        if files.len() >= MAX_FILES {
            return Err(PackageError::TooManyFiles);
        }
        files.push((name, text));
    }
    Ok(CodeTree::from_files(files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in entries {
            w.start_file(
                *name,
                SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
            )
            .unwrap();
            w.write_all(body).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn keeps_source_text_and_skips_the_rest() {
        let z = zip_of(&[
            (
                "lambda_function.py",
                b"def lambda_handler(e, c):\n    return 1\n",
            ),
            ("lib/db.py", b"X = 1\n"),
            ("node_modules/x/index.js", b"module.exports = 1\n"),
            ("data.bin", &[0, 159, 146, 150]),
            ("binary.py", &[0xff, 0xfe, 0x00]),
        ]);
        let tree = extract(&z).unwrap();
        let paths: Vec<&str> = tree.paths().collect();
        assert_eq!(paths, ["lambda_function.py", "lib/db.py"]);
    }

    #[test]
    fn refuses_escaping_paths_garbage_and_bombs() {
        let z = zip_of(&[("../../etc/cron.d/x.py", b"print(1)\n")]);
        assert_eq!(
            extract(&z).unwrap_err(),
            PackageError::EscapingPath("../../etc/cron.d/x.py".into())
        );
        let z = zip_of(&[("/abs/app.py", b"print(1)\n")]);
        assert!(matches!(extract(&z), Err(PackageError::EscapingPath(_))));
        assert!(matches!(
            extract(b"this is not a zip archive at all"),
            Err(PackageError::NotZip(_))
        ));
        // 2 MiB of zeros deflate to a few KiB: past the ratio limit.
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file(
            "bomb.py",
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        w.write_all(&vec![b' '; 2 * 1024 * 1024]).unwrap();
        let z = w.finish().unwrap().into_inner();
        assert_eq!(
            extract(&z).unwrap_err(),
            PackageError::Bomb("bomb.py".into())
        );
    }
}
