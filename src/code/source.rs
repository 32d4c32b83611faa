//! Where a function's code comes from: the demo estate's embedded handlers, or a folder
//! (`--code-dir DIR`: one sub-folder per function name, or a `watershed-code.toml` mapping
//! names to folders), and the analysis of one function from it.

use super::tree::CodeTree;
use super::{Effect, NotAnalysed};
use crate::model::lambda::LambdaFunction;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_demo_code.rs"));

/// The package cache: `explicit`, else `$XDG_CACHE_HOME/watershed/packages`, else
/// `~/.cache/watershed/packages`, else a folder under the system temp dir.
pub fn default_cache(explicit: Option<&Path>) -> PathBuf {
    crate::util::cache_dir(explicit, "packages")
}

/// The mapping file a code folder may hold.
pub const MAPPING_FILE: &str = "watershed-code.toml";

/// Where handler code is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeSource {
    /// The demo estate's handlers, embedded in the binary.
    Demo,
    /// A folder of per-function folders (or a mapping file).
    Dir(PathBuf),
    /// Code given in memory (rule fixtures): function name → path → text.
    Files(BTreeMap<String, BTreeMap<String, String>>),
    /// Deployment packages cached by CodeSha256 (`scan --download-code`).
    Cache(PathBuf),
}

/// The mapping file: `[functions]` name = "folder relative to the mapping file".
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Mapping {
    #[serde(default)]
    functions: BTreeMap<String, String>,
}

/// One effect of one function: a row of the `handler_effects` table.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EffectRow {
    /// Function ARN.
    pub function_arn: String,
    /// Function name.
    pub function_name: String,
    /// Source file in the package.
    pub file: String,
    /// 1-based line.
    pub line: i64,
    /// 1-based column.
    pub column: i64,
    /// Effect kind (`aws_call`, `additive_write`, ...).
    pub kind: String,
    /// IAM service prefix, for AWS effects.
    pub service: Option<String>,
    /// API operation, for AWS effects.
    pub operation: Option<String>,
    /// IAM action, for AWS effects.
    pub iam_action: Option<String>,
    /// The call as written (shortened).
    pub detail: String,
}

impl FunctionCode {
    /// The effects as table rows.
    pub fn rows(&self) -> Vec<EffectRow> {
        self.effects
            .iter()
            .map(|e| EffectRow {
                function_arn: self.function_arn.clone(),
                function_name: self.function_name.clone(),
                file: e.file.clone(),
                line: e.line as i64,
                column: e.column as i64,
                kind: e.kind.as_str().to_string(),
                service: e.service.clone(),
                operation: e.operation.clone(),
                iam_action: e.iam_action.clone(),
                detail: e.detail.clone(),
            })
            .collect()
    }
}

/// Whether a function's code was analysed: a row of the `code_analysis` table.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AnalysisRow {
    /// Function ARN.
    pub function_arn: String,
    /// Function name.
    pub function_name: String,
    /// `analysed`, `not_analysed` or `no_code`.
    pub status: String,
    /// Why not analysed, or where code was missing.
    pub reason: Option<String>,
    /// Number of effects found.
    pub effects: i64,
}

/// Analyses every function of `inv` from `source` (none: every function is `no_code`).
pub fn analyse_all(
    inv: &crate::model::Inventory,
    source: Option<&CodeSource>,
) -> Result<(Vec<EffectRow>, Vec<AnalysisRow>), String> {
    let mut effects = Vec::new();
    let mut status = Vec::new();
    for f in &inv.lambda_functions {
        let a = match source {
            Some(s) => s.analyse(f)?,
            None => FunctionCode {
                function_arn: f.arn.clone(),
                function_name: f.name.clone(),
                status: "no_code".into(),
                reason: Some("no handler code was given (--code-dir DIR)".into()),
                effects: Vec::new(),
            },
        };
        effects.extend(a.rows());
        status.push(AnalysisRow {
            function_arn: a.function_arn,
            function_name: a.function_name,
            status: a.status,
            reason: a.reason,
            effects: a.effects.len() as i64,
        });
    }
    Ok((effects, status))
}

/// The outcome of analysing one function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionCode {
    /// Function ARN.
    pub function_arn: String,
    /// Function name.
    pub function_name: String,
    /// `analysed`, `not_analysed` or `no_code`.
    pub status: String,
    /// Why not analysed, or where the code was missing.
    pub reason: Option<String>,
    /// The effects, when analysed.
    pub effects: Vec<Effect>,
}

impl CodeSource {
    /// The code of function `f`, or `None` when this source has none for it.
    pub fn tree(&self, f: &LambdaFunction) -> Result<Option<CodeTree>, String> {
        let name = f.name.as_str();
        match self {
            CodeSource::Demo => {
                let files: Vec<(String, String)> = EMBEDDED_DEMO_CODE
                    .iter()
                    .filter(|(f, _, _)| *f == name)
                    .map(|(_, p, t)| (p.to_string(), t.to_string()))
                    .collect();
                Ok((!files.is_empty()).then(|| CodeTree::from_files(files)))
            }
            CodeSource::Files(map) => Ok(map.get(name).map(|files| {
                CodeTree::from_files(files.iter().map(|(p, t)| (p.clone(), t.clone())))
            })),
            CodeSource::Cache(dir) => {
                let Some(sha) = f.code_sha256.as_deref() else {
                    return Ok(None);
                };
                let path = super::download::cache_path(dir, sha);
                if !path.is_file() {
                    return Ok(None);
                }
                let mut tree = package_tree(&path)?;
                // Python layers put importable modules under python/ (on sys.path as /opt/python).
                for layer in &f.layers {
                    let lp = super::download::layer_cache_path(dir, &layer.arn);
                    if !lp.is_file() {
                        continue;
                    }
                    let layer_tree = package_tree(&lp)?;
                    for p in layer_tree.paths() {
                        if let (Some(rel), Some(text)) =
                            (p.strip_prefix("python/"), layer_tree.get(p))
                        {
                            tree.add_missing(rel.to_string(), text.to_string());
                        }
                    }
                }
                Ok(Some(tree))
            }
            CodeSource::Dir(dir) => {
                let folder = match mapping(dir)?.functions.get(name) {
                    Some(rel) => dir.join(rel),
                    None => dir.join(name),
                };
                if folder.is_dir() {
                    return CodeTree::read_dir(&folder)
                        .map(Some)
                        .map_err(|e| e.to_string());
                }
                // A folder of packages: `<name>.zip` (CI artifacts).
                let zip = dir.join(format!("{name}.zip"));
                if folder.extension().is_some_and(|e| e == "zip") && folder.is_file() {
                    return package_tree(&folder).map(Some);
                }
                if zip.is_file() {
                    return package_tree(&zip).map(Some);
                }
                Ok(None)
            }
        }
    }

    /// Analyses `f` from this source.
    pub fn analyse(&self, f: &LambdaFunction) -> Result<FunctionCode, String> {
        let mut out = FunctionCode {
            function_arn: f.arn.clone(),
            function_name: f.name.clone(),
            status: "analysed".into(),
            reason: None,
            effects: Vec::new(),
        };
        let not_analysed = |mut out: FunctionCode, why: NotAnalysed| {
            out.status = "not_analysed".into();
            out.reason = Some(why.to_string());
            out
        };
        if f.package_type.eq_ignore_ascii_case("Image") {
            return Ok(not_analysed(out, NotAnalysed::ContainerImage));
        }
        let (Some(runtime), Some(handler)) = (f.runtime.as_deref(), f.handler.as_deref()) else {
            return Ok(not_analysed(out, NotAnalysed::NoHandler));
        };
        let tree = match self.tree(f) {
            Ok(t) => t,
            // A refused package (zip slip, bomb, not a zip) is this function's problem only.
            Err(why) => {
                out.status = "not_analysed".into();
                out.reason = Some(why);
                return Ok(out);
            }
        };
        let Some(tree) = tree else {
            out.status = "no_code".into();
            out.reason = Some(match self {
                CodeSource::Demo => "the demo has no code for this function".to_string(),
                CodeSource::Files(_) => "no code given for this function".to_string(),
                CodeSource::Dir(d) => format!(
                    "no folder {} (or {}.zip) under {}",
                    f.name,
                    f.name,
                    d.display()
                ),
                CodeSource::Cache(d) => format!(
                    "no package for CodeSha256 {} in {} (scan with --download-code, or pass --code-dir)",
                    f.code_sha256.as_deref().unwrap_or("?"),
                    d.display()
                ),
            });
            return Ok(out);
        };
        match super::analyse(&tree, runtime, handler) {
            Ok(effects) => out.effects = effects,
            Err(why) => out = not_analysed(out, why),
        }
        Ok(out)
    }
}

fn mapping(dir: &Path) -> Result<Mapping, String> {
    let path = dir.join(MAPPING_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            format!(
                "{}: {}",
                path.display(),
                e.to_string().lines().next().unwrap_or_default()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Mapping::default()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The source files of the zip package at `path`.
fn package_tree(path: &Path) -> Result<CodeTree, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    super::package::extract(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}
