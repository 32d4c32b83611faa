//! Embeds files in the binary:
//! - every rule file under `rules/`: `$OUT_DIR/embedded_rules.rs`, a list of (path relative to
//!   the crate, file text) pairs;
//! - the saved queries under `queries/`: `$OUT_DIR/embedded_queries.rs`, (file name, text);
//! - the demo estate's handler code under `fixtures/demo/code/<function>/`:
//!   `$OUT_DIR/embedded_demo_code.rs`, a list of (function name, path in its package, text).

use std::path::{Path, PathBuf};

fn collect(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
}

fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .expect("under its base")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Writes `$OUT_DIR/<lower-case name>.rs`: `static NAME: &[(&str, &str)]`, the files of
/// `root/folder` with extension `ext` as (path relative to `names_from`, text).
fn embed_texts(
    root: &Path,
    folder: &str,
    ext: &str,
    names_from: &Path,
    name: &str,
    what: &str,
    out_dir: &Path,
) {
    println!("cargo:rerun-if-changed={folder}");
    let mut files = Vec::new();
    collect(
        &root.join(folder),
        &|p| p.extension().is_some_and(|e| e == ext),
        &mut files,
    );
    files.sort();
    let mut code = format!(
        "/// {what} embedded at build time: (path, text).\npub static {name}: &[(&str, &str)] = &[\n"
    );
    for f in &files {
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            rel(f, names_from),
            f.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    let file = format!("{}.rs", name.to_ascii_lowercase());
    std::fs::write(out_dir.join(file), code).expect("OUT_DIR is writable");
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));

    // Rules keep their path relative to the crate (errors name the file); queries their
    // file name.
    embed_texts(
        &root,
        "rules",
        "toml",
        &root,
        "EMBEDDED_RULES",
        "Rule files",
        &out_dir,
    );
    embed_texts(
        &root,
        "queries",
        "sql",
        &root.join("queries"),
        "EMBEDDED_QUERIES",
        "Saved queries",
        &out_dir,
    );

    let demo = root.join("fixtures/demo/code");
    println!("cargo:rerun-if-changed=fixtures/demo/code");
    let mut files = Vec::new();
    let source = |p: &Path| {
        p.extension()
            .is_some_and(|e| ["py", "js", "mjs", "cjs", "ts"].iter().any(|x| e == *x))
    };
    collect(&demo, &source, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Demo handler code embedded at build time: (function name, path in its package, text).\npub static EMBEDDED_DEMO_CODE: &[(&str, &str, &str)] = &[\n",
    );
    for f in &files {
        let r = rel(f, &demo);
        let (function, path) = r.split_once('/').expect("code/<function>/<file>");
        code.push_str(&format!(
            "    ({function:?}, {path:?}, include_str!({:?})),\n",
            f.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded_demo_code.rs"), code).expect("OUT_DIR is writable");
}
