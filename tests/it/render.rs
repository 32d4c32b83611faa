//! Snapshot tests (insta) of the graph renderers on small fixtures users can read.

use watershed::graph::failure::failure_paths;
use watershed::graph::{Invocation, Topology};
use watershed::model::Snapshot;
use watershed::report::graph as render;

fn topology(fixture: &str) -> (Topology, Snapshot) {
    let s = Snapshot::load(std::path::Path::new(&format!(
        "fixtures/graph/{fixture}.json"
    )))
    .unwrap();
    (Topology::from_inventory(&s.resources), s)
}

#[test]
fn dot_of_sns_fanout() {
    let (t, _) = topology("sns_subscription");
    insta::assert_snapshot!(
        "dot_sns_subscription",
        render::to_dot(&t.without(&[Invocation::Config]))
    );
}

#[test]
fn mermaid_of_sns_fanout() {
    let (t, _) = topology("sns_subscription");
    insta::assert_snapshot!(
        "mermaid_sns_subscription",
        render::to_mermaid(&t.without(&[Invocation::Config]))
    );
}

#[test]
fn dot_and_mermaid_of_redrive() {
    let (t, _) = topology("sqs_redrive");
    insta::assert_snapshot!("dot_sqs_redrive", render::to_dot(&t));
    insta::assert_snapshot!("mermaid_sqs_redrive", render::to_mermaid(&t));
}

#[test]
fn failure_paths_text_of_rule_targets() {
    let (t, s) = topology("rule_target");
    let paths = failure_paths(&t, &s.resources);
    insta::assert_snapshot!(
        "failure_paths_rule_target",
        render::failure_paths_text(&paths, &t)
    );
}

#[test]
fn demo_focus_mermaid() {
    let s = watershed::demo::demo_snapshot().unwrap();
    let t = Topology::from_inventory(&s.resources);
    let id = t.resolve("video-uploaded").unwrap().id.clone();
    insta::assert_snapshot!(
        "mermaid_demo_video_uploaded",
        render::to_mermaid(&t.neighbourhood(&id, 1).without(&[Invocation::Config]))
    );
}
