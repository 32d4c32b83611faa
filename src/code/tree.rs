//! A function's source files: read from a folder (`--code-dir`, fixtures) or given in
//! memory, with limits so a hostile package cannot exhaust memory.

use std::collections::BTreeMap;
use std::path::Path;

/// Largest source file read (bigger ones are bundles or data, not handlers).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// Most files read from one function's code.
pub const MAX_FILES: usize = 5_000;
/// Deepest folder nesting followed.
const MAX_DEPTH: usize = 12;

/// The source files of one function, by path relative to the package root (`/`-separated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeTree {
    files: BTreeMap<String, String>,
}

/// Why code could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    /// A filesystem error.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// More files than [`MAX_FILES`].
    #[error("{0} holds more than {MAX_FILES} source files; refusing to analyse it")]
    TooManyFiles(String),
}

impl CodeTree {
    /// A tree from `(path, text)` pairs.
    pub fn from_files<I: IntoIterator<Item = (String, String)>>(files: I) -> CodeTree {
        CodeTree {
            files: files.into_iter().collect(),
        }
    }

    /// Reads the source files (`.py`, `.js`, `.mjs`, `.cjs`, `.ts`, `.mts`, `.cts`, `.tsx`)
    /// under `dir`, skipping `node_modules`, hidden folders, symlinks, files over
    /// [`MAX_FILE_BYTES`] and files that are not UTF-8 text.
    pub fn read_dir(dir: &Path) -> Result<CodeTree, CodeError> {
        let mut tree = CodeTree::default();
        tree.walk(dir, dir, 0)?;
        Ok(tree)
    }

    fn walk(&mut self, root: &Path, dir: &Path, depth: usize) -> Result<(), CodeError> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let io = |source| CodeError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .collect::<Result<_, _>>()
            .map_err(io)?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ty = entry.file_type().map_err(io)?;
            let path = entry.path();
            if ty.is_dir() {
                if name.starts_with('.') || name == "node_modules" || name == "__pycache__" {
                    continue;
                }
                self.walk(root, &path, depth + 1)?;
            } else if ty.is_file() && super::Language::of(&name).is_some() {
                let meta = entry.metadata().map_err(io)?;
                if meta.len() > MAX_FILE_BYTES {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if self.files.len() >= MAX_FILES {
                    return Err(CodeError::TooManyFiles(root.display().to_string()));
                }
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                self.files.insert(rel, text);
            }
        }
        Ok(())
    }

    /// Adds `path` unless the tree already has it (a function's own files win over its
    /// layers').
    pub fn add_missing(&mut self, path: String, text: String) {
        self.files.entry(path).or_insert(text);
    }

    /// The text of `path`.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Every path.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// True when no source file was found.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Joins a relative import (`./lib/db`, `../x`) onto the folder of `from`, normalising `.`
/// and `..`; `None` when it climbs above the root.
pub fn join_relative(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}
