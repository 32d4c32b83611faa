//! JavaScript and TypeScript handlers (placeholder until the JS analyser lands).

use super::tree::CodeTree;
use super::{Effect, NotAnalysed};

/// Analyses a Node.js handler setting (`file.export`).
pub fn analyse(_code: &CodeTree, _setting: &str) -> Result<Vec<Effect>, NotAnalysed> {
    Err(NotAnalysed::Runtime("nodejs".into()))
}
