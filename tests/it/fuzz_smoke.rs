//! The fuzz targets (`watershed::fuzzing`, run by libFuzzer from `fuzz/`) as a short,
//! deterministic test: each target gets its seed corpus (real inputs from the fixtures),
//! every file under `fuzz/regressions/<target>/` (inputs that once crashed), and a fixed
//! number of mutations of the seeds from a seeded generator, so a run is the same on every
//! machine. A panic fails the test and prints the input's seed and mutation number.

use crate::rng::Rng;
use std::io::Write;
use std::path::Path;
use watershed::fuzzing::TARGETS;

/// Mutations per target.
const MUTATIONS: usize = 600;

/// Tokens that break parsers in interesting ways.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"null",
    b"-1e999",
    b"18446744073709551616",
    b"\\u0000",
    b"\xff\xfe",
    b"*",
    b"?",
    b"${aws:username}",
    b"arn:aws:",
    b"\n",
    b"\t",
    b"REPORT RequestId: ",
    b"START RequestId: ",
    b"Task timed out after ",
    b"\"Next\"",
    b"\"Type\":\"Map\"",
    b"[[",
    b"=",
    b"'''",
    b"PK\x03\x04",
];

/// One mutation of `seed` (`other`: a second seed for splicing).
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let i = rng.below(len + 1);
                v.splice(i..i, t.iter().copied());
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below((len - i).min(64) + 1);
                v.drain(i..i + n);
            }
            3 => v.truncate(rng.below(len + 1)),
            4 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below((len - i).min(256) + 1);
                let part: Vec<u8> = v[i..i + n].to_vec();
                let at = rng.below(len + 1);
                v.splice(at..at, part);
            }
            5 if !other.is_empty() => {
                let cut = rng.below(len + 1);
                let from = rng.below(other.len());
                v.truncate(cut);
                v.extend_from_slice(&other[from..]);
            }
            _ => {
                // A digit run replaced by an extreme number.
                if let Some(i) = v.iter().position(|b| b.is_ascii_digit()) {
                    let n = [&b"0"[..], b"-1", b"99999999999999999999", b"1e308"][rng.below(4)];
                    v.splice(i..i + 1, n.iter().copied());
                }
            }
        }
    }
    v
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A zip holding `files` (name, text).
fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Real inputs for `target`, from the fixtures.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let demo: serde_json::Value =
        serde_json::from_str(watershed::demo::DEMO_SNAPSHOT_JSON).unwrap();
    let docs = |list: &str, field: &str| -> Vec<Vec<u8>> {
        demo["resources"][list]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r.get(field))
            .filter(|v| !v.is_null())
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone().into_bytes(),
                other => other.to_string().into_bytes(),
            })
            .collect()
    };
    match target {
        "snapshot" => {
            let json = read("fixtures/demo/snapshot.json");
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&json).unwrap();
            vec![
                json,
                gz.finish().unwrap(),
                br#"{"format_version":1,"scan":{},"resources":{"sqs_queues":[{"arn":"arn:aws:sqs:us-east-1:1:q","name":"q"}]}}"#.to_vec(),
            ]
        }
        "asl" => docs("state_machines", "definition"),
        "iam_policy" => {
            let mut v = docs("sqs_queues", "policy");
            v.extend(docs("iam_policies", "document"));
            v.extend(docs("sns_topics", "policy"));
            v
        }
        "lambda_logs" => {
            let text =
                String::from_utf8(read("fixtures/telemetry/parser/log_events.ndjson")).unwrap();
            let messages: Vec<String> = text
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["message"].as_str().unwrap().replace('\n', "\\n")
                })
                .collect();
            vec![messages.join("\n").into_bytes()]
        }
        "patterns" => {
            let mut v = docs("event_rules", "event_pattern");
            v.extend(docs("sns_subscriptions", "filter_policy"));
            v
        }
        "code_package" => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/code");
            let mut out = Vec::new();
            for f in ["api_lambda", "clickstream-enricher", "EC2Protect"] {
                let mut files = Vec::new();
                for e in std::fs::read_dir(dir.join(f)).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_file() {
                        let name = p.file_name().unwrap().to_string_lossy().into_owned();
                        files.push((name, std::fs::read(&p).unwrap()));
                    }
                }
                let named: Vec<(&str, Vec<u8>)> =
                    files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
                out.push(zip_of(&named));
            }
            out
        }
        "rule_toml" => [
            "rules/sqs/SQS001.toml",
            "rules/flow/FLOW001.toml",
            "rules/idempotency/IDEM001.toml",
        ]
        .iter()
        .map(|p| read(p))
        .collect(),
        other => panic!("no seeds for {other}"),
    }
}

#[test]
fn every_fuzz_target_survives_its_corpus_and_mutations() {
    for (name, run) in TARGETS {
        let seeds = seeds(name);
        assert!(!seeds.is_empty(), "{name}: no seeds");
        let regressions = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions")
            .join(name);
        let mut inputs: Vec<(String, Vec<u8>)> = seeds
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("seed {i}"), s.clone()))
            .collect();
        if let Ok(dir) = std::fs::read_dir(&regressions) {
            for e in dir {
                let p = e.unwrap().path();
                inputs.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
        for m in 0..MUTATIONS {
            let a = &seeds[m % seeds.len()];
            let b = &seeds[rng.below(seeds.len())];
            inputs.push((format!("mutation {m}"), mutate(&mut rng, a, b)));
        }
        for (label, input) in &inputs {
            let outcome = std::panic::catch_unwind(|| run(input));
            assert!(
                outcome.is_ok(),
                "fuzz target {name} panicked on {label} ({} bytes): {:?}",
                input.len(),
                String::from_utf8_lossy(&input[..input.len().min(300)])
            );
        }
    }
}
