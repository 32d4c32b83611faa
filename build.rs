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

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));

    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(
        &rules,
        &|p| p.extension().is_some_and(|e| e == "toml"),
        &mut files,
    );
    files.sort();
    let mut code = String::from(
        "/// Rule files embedded at build time: (path, text).\npub static EMBEDDED_RULES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            rel(f, &root),
            f.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded_rules.rs"), code).expect("OUT_DIR is writable");

    let queries = root.join("queries");
    println!("cargo:rerun-if-changed=queries");
    let mut files = Vec::new();
    collect(
        &queries,
        &|p| p.extension().is_some_and(|e| e == "sql"),
        &mut files,
    );
    files.sort();
    let mut code = String::from(
        "/// Saved queries embedded at build time: (file name, text).\npub static EMBEDDED_QUERIES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            rel(f, &queries),
            f.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded_queries.rs"), code).expect("OUT_DIR is writable");

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
