//! `watershed graph`: render the topology or its failure paths.

use super::output::emit;
use crate::cli::{GraphArgs, GraphFormat};
use crate::error::{Error, Result};
use crate::graph::failure::failure_paths;
use crate::graph::{Invocation, Topology};
use crate::report::graph as render;
use crate::source;

/// Runs `graph`.
pub fn run(args: &GraphArgs) -> Result<i32> {
    let snapshot = source::load(&args.source)?;
    let full = Topology::from_inventory(&snapshot.resources);
    let topology = match &args.focus {
        Some(q) => {
            let id = full.resolve(q).map_err(Error::Usage)?.id.clone();
            full.neighbourhood(&id, args.depth)
        }
        None => full.clone(),
    };
    let text = if args.failure_paths {
        let mut paths = failure_paths(&full, &snapshot.resources);
        if args.focus.is_some() {
            paths.retain(|p| topology.node(&p.from).is_some() && topology.node(&p.to).is_some());
        }
        match args.format {
            Some(GraphFormat::Json) => pretty(&render::failure_paths_json(&paths)),
            None | Some(GraphFormat::Text) => render::failure_paths_text(&paths, &full),
            Some(other) => {
                return Err(Error::Usage(format!(
                    "--failure-paths prints text or json, not {other:?}; drop --format or use --format json"
                )));
            }
        }
    } else {
        let drawn = if args.all_edges {
            topology.clone()
        } else {
            topology.without(&[Invocation::Config])
        };
        match args.format.unwrap_or(GraphFormat::Dot) {
            GraphFormat::Dot => render::to_dot(&drawn),
            GraphFormat::Mermaid => render::to_mermaid(&drawn),
            GraphFormat::Json => pretty(&render::to_json(&topology)),
            GraphFormat::Svg => render::to_svg(&drawn),
            GraphFormat::Text => {
                return Err(Error::Usage(
                    "--format text is for --failure-paths; use dot, mermaid, json or svg".into(),
                ));
            }
        }
    };
    emit(&text, args.output.as_deref())?;
    Ok(0)
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("json serialises");
    s.push('\n');
    s
}
