//! Graph renderers: DOT, Mermaid, JSON and SVG (laid out in-process), plus failure paths
//! as text and JSON.

use crate::graph::failure::{FailurePath, StageOutcome};
use crate::graph::{Edge, EdgeKind, Invocation, Node, NodeKind, Topology};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Parallel edges with the same endpoints and kind, drawn as one.
struct Bundle<'a> {
    edge: &'a Edge,
    count: usize,
}

fn bundles(t: &Topology) -> Vec<Bundle<'_>> {
    let mut order: Vec<(String, String, EdgeKind)> = Vec::new();
    let mut map: HashMap<(String, String, EdgeKind), Bundle> = HashMap::new();
    for e in t.edges() {
        let key = (e.from.clone(), e.to.clone(), e.kind);
        match map.get_mut(&key) {
            Some(b) => b.count += 1,
            None => {
                order.push(key.clone());
                map.insert(key, Bundle { edge: e, count: 1 });
            }
        }
    }
    order
        .into_iter()
        .map(|k| map.remove(&k).expect("bundle exists"))
        .collect()
}

fn edge_label(b: &Bundle) -> String {
    if b.count > 1 {
        format!("{} ×{}", b.edge.kind.as_str(), b.count)
    } else {
        b.edge.kind.as_str().to_string()
    }
}

fn node_label(n: &Node) -> String {
    let mut label = format!("{}\n{}", n.name, n.kind.as_str());
    if n.cross_account {
        label.push_str(&format!("\n(account {})", n.account));
    } else if n.external {
        label.push_str("\n(external)");
    }
    label
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn dot_shape(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::SqsQueue
        | NodeKind::KinesisStream
        | NodeKind::DynamodbStream
        | NodeKind::FirehoseStream => "cylinder",
        NodeKind::SnsTopic | NodeKind::EventBus => "hexagon",
        NodeKind::LambdaFunction => "box",
        NodeKind::StateMachine => "component",
        NodeKind::EventRule | NodeKind::SchedulerSchedule | NodeKind::GlueTrigger => "diamond",
        NodeKind::S3Bucket => "folder",
        NodeKind::IamRole => "note",
        NodeKind::HttpEndpoint | NodeKind::Email | NodeKind::Sms | NodeKind::SaasApplication => {
            "ellipse"
        }
        _ => "box",
    }
}

fn dot_edge_style(inv: Invocation) -> &'static str {
    match inv {
        Invocation::Sync => "style=solid",
        Invocation::Async => "style=bold",
        Invocation::Poll => "style=solid, arrowhead=vee",
        Invocation::OnFailure => "style=dashed, color=red, fontcolor=red",
        Invocation::Config => "style=dotted, color=gray40, fontcolor=gray40",
    }
}

/// Graphviz DOT.
pub fn to_dot(t: &Topology) -> String {
    let mut out = String::from(
        "digraph watershed {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=white];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
    );
    for n in t.nodes() {
        let style = if n.external {
            ", style=\"filled,dashed\", fillcolor=gray95"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\", shape={}{}];",
            dot_escape(&n.id),
            dot_escape(&node_label(n)),
            dot_shape(n.kind),
            style
        );
    }
    for b in bundles(t) {
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\", {}];",
            dot_escape(&b.edge.from),
            dot_escape(&b.edge.to),
            dot_escape(&edge_label(&b)),
            dot_edge_style(b.edge.invocation)
        );
    }
    out.push_str("}\n");
    out
}

fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;").replace('\n', "<br/>")
}

/// Mermaid flowchart.
pub fn to_mermaid(t: &Topology) -> String {
    let mut out = String::from("flowchart LR\n");
    let ids: HashMap<&str, String> = t
        .nodes()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), format!("n{i}")))
        .collect();
    for n in t.nodes() {
        let label = mermaid_text(&node_label(n));
        let id = &ids[n.id.as_str()];
        let shape = match n.kind {
            NodeKind::SqsQueue
            | NodeKind::KinesisStream
            | NodeKind::DynamodbStream
            | NodeKind::FirehoseStream => format!("{id}[(\"{label}\")]"),
            NodeKind::SnsTopic | NodeKind::EventBus => format!("{id}{{{{\"{label}\"}}}}"),
            NodeKind::LambdaFunction => format!("{id}(\"{label}\")"),
            NodeKind::EventRule | NodeKind::SchedulerSchedule | NodeKind::GlueTrigger => {
                format!("{id}{{\"{label}\"}}")
            }
            NodeKind::HttpEndpoint
            | NodeKind::Email
            | NodeKind::Sms
            | NodeKind::SaasApplication => format!("{id}([\"{label}\"])"),
            _ => format!("{id}[\"{label}\"]"),
        };
        let _ = writeln!(out, "  {shape}");
    }
    for b in bundles(t) {
        let arrow = match b.edge.invocation {
            Invocation::OnFailure | Invocation::Config => "-.->",
            Invocation::Async => "==>",
            _ => "-->",
        };
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            ids[b.edge.from.as_str()],
            mermaid_text(&edge_label(&b)),
            ids[b.edge.to.as_str()]
        );
    }
    let externals: Vec<&str> = t
        .nodes()
        .filter(|n| n.external)
        .map(|n| ids[n.id.as_str()].as_str())
        .collect();
    if !externals.is_empty() {
        out.push_str("  classDef external stroke-dasharray: 5 5,fill:#f4f4f4\n");
        let _ = writeln!(out, "  class {} external", externals.join(","));
    }
    out
}

/// JSON: nodes, edges and a summary of counts.
pub fn to_json(t: &Topology) -> serde_json::Value {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for e in t.edges() {
        *kinds.entry(e.kind.as_str()).or_default() += 1;
    }
    json!({
        "summary": {
            "nodes": t.node_count(),
            "edges": t.edge_count(),
            "external_nodes": t.nodes().filter(|n| n.external).count(),
            "edge_kinds": kinds,
        },
        "nodes": t.nodes().collect::<Vec<_>>(),
        "edges": t.edges().collect::<Vec<_>>(),
    })
}

/// SVG, laid out in-process with layout-rs (no Graphviz needed). Each node's group carries
/// `id="node-<n>"`, `class="ws-node"` and `data-arn`, so reports can link to it.
pub fn to_svg(t: &Topology) -> String {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::color::Color;
    use layout::core::geometry::Point;
    use layout::core::style::{LineStyleKind, StyleAttr};
    use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
    use layout::topo::layout::VisualGraph;

    let mut vg = VisualGraph::new(Orientation::LeftToRight);
    let mut handles = HashMap::new();
    for (i, n) in t.nodes().enumerate() {
        let fill = match n.kind {
            _ if n.external => "#f0f0f0",
            NodeKind::LambdaFunction => "#fde9d9",
            NodeKind::SqsQueue | NodeKind::SnsTopic | NodeKind::EventBus => "#e2efda",
            NodeKind::StateMachine
            | NodeKind::EventRule
            | NodeKind::SchedulerSchedule
            | NodeKind::Pipe => "#ddebf7",
            _ => "#ffffff",
        };
        let look = StyleAttr::new(Color::fast("black"), 1, Color::from_name(fill), 4, 12);
        let shape = ShapeKind::new_box(&node_label(n));
        let props = format!(
            "id=\"node-{i}\" class=\"ws-node ws-{}\" data-arn=\"{}\"",
            n.kind.as_str(),
            xml_attr(&n.id)
        );
        let el = Element::create_with_properties(
            shape,
            look,
            Orientation::LeftToRight,
            Point::new(120., 50.),
            props,
        );
        handles.insert(n.id.clone(), vg.add_node(el));
    }
    for b in bundles(t) {
        let (style, color) = match b.edge.invocation {
            Invocation::OnFailure => (LineStyleKind::Dashed, "red"),
            Invocation::Config => (LineStyleKind::Dotted, "gray"),
            _ => (LineStyleKind::Normal, "black"),
        };
        let look = StyleAttr::new(Color::fast(color), 1, None, 0, 10);
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            style,
            &edge_label(&b),
            &look,
            &None,
            &None,
        );
        vg.add_edge(arrow, handles[&b.edge.from], handles[&b.edge.to]);
    }
    let mut svg = SVGWriter::new();
    if vg.num_nodes() > 0 {
        vg.do_it(false, false, false, &mut svg);
    }
    svg.finalize()
}

fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Failure paths as text, the dropped ones first.
pub fn failure_paths_text(paths: &[FailurePath], t: &Topology) -> String {
    let name = |id: &str| {
        t.node(id)
            .map(|n| n.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let dropped = paths.iter().filter(|p| p.dropped).count();
    let mut out = format!("{} failure paths, {} drop events\n", paths.len(), dropped);
    let mut sorted: Vec<&FailurePath> = paths.iter().collect();
    sorted.sort_by_key(|p| !p.dropped);
    for p in sorted {
        let verdict = if p.dropped {
            "DROPPED"
        } else if p
            .stages
            .iter()
            .any(|s| matches!(s.outcome, StageOutcome::Unknown { .. }))
        {
            "unknown"
        } else {
            "captured"
        };
        let _ = writeln!(
            out,
            "\n{verdict:<8} {} --{}--> {}",
            name(&p.from),
            p.kind.as_str(),
            name(&p.to)
        );
        let _ = writeln!(out, "         {} -> {}", p.from, p.to);
        for s in &p.stages {
            let _ = writeln!(out, "  {:<10} {}", s.stage, s.describe());
        }
    }
    out
}

/// Failure paths as JSON.
pub fn failure_paths_json(paths: &[FailurePath]) -> serde_json::Value {
    json!({
        "summary": {"paths": paths.len(), "dropped": paths.iter().filter(|p| p.dropped).count()},
        "failure_paths": paths,
    })
}
