//! `report`, `diff`, `merge` and Parquet export, end to end through the binary: the demo
//! estate, the before/after pair in `fixtures/compare/` (see
//! `scripts/gen-compare-fixtures.py` for what changed), and the HTML page rendered by
//! headless Chromium when it is installed (`scripts/test` installs it; set
//! `WATERSHED_REQUIRE_CHROMIUM=1` to fail instead of skipping without it).

use crate::cli::{stdout_of, watershed};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const BEFORE: &str = "fixtures/compare/before.json";
const AFTER: &str = "fixtures/compare/after.json";

fn lint_json(source: &str) -> Value {
    let out = watershed()
        .args(["lint", "--snapshot", source, "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = watershed().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (change, rule, resource name) of the findings in a diff list.
fn keyed(list: &Value) -> BTreeSet<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource_name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// What `scripts/gen-compare-fixtures.py` changed, as the diff must report it.
#[test]
fn diff_reports_the_fixture_changes_exactly() {
    let v: Value =
        serde_json::from_str(&stdout_of(&["diff", BEFORE, AFTER, "--format", "json"])).unwrap();
    let s = &v["summary"];
    assert_eq!(s["resources_added"], 2, "{s}");
    assert_eq!(s["resources_removed"], 2, "{s}");
    assert_eq!(s["resources_changed"], 2, "{s}");
    assert_eq!(s["resources_not_collected"], 6, "{s}");
    assert_eq!(s["edges_added"], 1, "{s}");
    assert_eq!(s["edges_removed"], 1, "{s}");
    assert_eq!(s["gaps_new"], 1, "{s}");
    let d = &v["diff"];
    assert_eq!(
        keyed(&d["findings_new"]),
        set(&[
            ("PERM005", "invoice-requests"),
            ("SQS007", "invoice-requests"),
            ("FLOW003", "invoice-requests"),
            ("SNS001", "order-events → invoice-requests"),
            ("SQS001", "invoice-requests"),
            ("SQS006", "invoice-requests"),
            ("SNS005", "order-events"),
            ("SQS002", "orders-intake"),
        ])
    );
    assert_eq!(
        keyed(&d["findings_resolved"]),
        set(&[
            ("SQS003", "video-transcode-720p"),
            ("SQS002", "video-transcode-720p"),
            ("LMB012", "transcode-720p"),
            ("SQS007", "legacy-reports"),
            ("FLOW003", "legacy-reports"),
            ("SQS001", "legacy-reports"),
            ("SQS002", "legacy-reports"),
            (
                "SNS001",
                "order-events → https://hooks.partner.example.com/watershed/order-events"
            ),
            ("SNS005", "order-events"),
            ("IAM008", "AWSGlueServiceRole-sales"),
        ])
    );
    // Glue in us-east-1 was denied: its findings are not assessed, not resolved.
    assert_eq!(d["findings_not_assessed"].as_array().unwrap().len(), 11);
    let not_assessed = keyed(&d["findings_not_assessed"]);
    assert!(
        not_assessed
            .iter()
            .all(|(rule, _)| rule.starts_with("GLU") || rule == "FLOW002")
    );
    // Unchanged: everything else the old snapshot had, by fingerprint.
    let before = lint_json(BEFORE)["findings"].as_array().unwrap().len();
    assert_eq!(
        s["findings_unchanged"].as_u64().unwrap() as usize,
        before - 10 - 11
    );
    let changed: Vec<&str> = d["resources_changed"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["fields"].as_array().unwrap())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        [
            "receive_wait_time_seconds",
            "receive_wait_time_seconds",
            "visibility_timeout_seconds"
        ]
    );
    assert_eq!(
        d["edges_added"][0]["to"],
        "arn:aws:sqs:us-east-1:111122223333:invoice-requests"
    );
}

#[test]
fn diff_of_a_snapshot_with_itself_is_empty_and_fail_on_new_sets_the_exit_code() {
    let (code, out, _) = run(&["diff", BEFORE, BEFORE]);
    assert_eq!(code, 0);
    assert!(out.contains("no differences"), "{out}");
    assert_eq!(run(&["diff", BEFORE, AFTER, "--fail-on-new", "high"]).0, 1);
    assert_eq!(
        run(&["diff", BEFORE, AFTER, "--fail-on-new", "critical"]).0,
        0
    );
    // Reversed, the new findings are the resolved ones: exit 0 at high is wrong then.
    assert_eq!(run(&["diff", AFTER, BEFORE, "--fail-on-new", "high"]).0, 1);
    let md = stdout_of(&["diff", BEFORE, AFTER, "--format", "markdown"]);
    assert!(md.starts_with("## watershed diff"), "{md}");
    assert!(
        md.contains("| new | high | PERM005 | `invoice-requests` |"),
        "{md}"
    );
    crate::cli::input_error(&["diff", BEFORE, "/nonexistent.json"]);
}

/// External loads: anything the browser would fetch (a `src`, a stylesheet link, a CSS
/// `url()` or `@import` that is not a fragment, a script).
fn external_loads(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for pat in [
        "src=", "<link", "@import", "<script", "<iframe", "<object", "<embed",
    ] {
        if html.contains(pat) {
            found.push(pat.to_string());
        }
    }
    for (i, _) in html.match_indices("url(") {
        let rest = &html[i + 4..];
        if !rest.starts_with('#') {
            found.push(html[i..(i + 40).min(html.len())].to_string());
        }
    }
    found
}

#[test]
fn demo_report_has_every_section_and_the_lint_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let (code, _, err) = run(&["report", "demo", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        external_loads(&html).is_empty(),
        "{:?}",
        external_loads(&html)
    );
    let lint = lint_json("demo");
    let findings = lint["findings"].as_array().unwrap();
    assert!(html.contains(&format!("<b>{}</b>findings", findings.len())));
    assert!(html.contains("<b>145</b>resources"));
    for sev in ["critical", "high", "medium", "low", "info"] {
        let n = findings.iter().filter(|f| f["severity"] == sev).count();
        assert!(
            html.contains(&format!(
                "<b>{n}</b><span class=\"sev sev-{sev}\">{sev}</span>"
            )),
            "{sev}: {n}"
        );
    }
    // Every rule with findings has its section; every resource with findings its anchor,
    // and every graph link lands on one.
    let rules: BTreeSet<&str> = findings
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    for r in &rules {
        assert!(html.contains(&format!("id=\"rule-{r}\"")), "{r}");
    }
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    let links: Vec<&str> = svg
        .match_indices("<a href=\"#")
        .map(|(i, _)| {
            let rest = &svg[i + 10..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(links.len() > 20, "{} graph links", links.len());
    for l in links {
        assert!(html.contains(&format!("id=\"{l}\"")), "{l} has no target");
    }
    // Coverage gap, dropping failure paths, both frameworks.
    assert!(html.contains("appflow:ListFlows"));
    assert!(html.contains("id=\"failure-paths\""));
    assert!(html.contains("Security Hub"));
    assert!(html.contains("Serverless Applications Lens"));
    assert!(html.contains("<b>SQS.1</b></td><td class=\"st st-fail\">FAIL"));
    // AppFlow was denied: its control cannot pass.
    assert!(!html.contains("<b>AppFlow"));

    let md = stdout_of(&["report", "demo", "--format", "markdown"]);
    assert!(md.contains("```mermaid\nflowchart LR"), "{}", &md[..500]);
    assert!(md.contains(&format!("{} findings**", findings.len())));
    assert!(md.contains("| REL 2 | FAIL |"));
}

/// `report AFTER --previous BEFORE` as HTML in `dir`; checks its summary line.
fn previous_report(dir: &Path) -> PathBuf {
    let path = dir.join("report.html");
    let (code, _, err) = run(&[
        "report",
        AFTER,
        "--previous",
        BEFORE,
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("8 new, 10 resolved"), "{err}");
    path
}

#[test]
fn report_with_previous_shows_new_and_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let path = previous_report(dir.path());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<h3>New findings (8)</h3>"));
    assert!(html.contains("<h3>Resolved findings (10)</h3>"));
    assert!(html.contains("<h3>Not assessed (their resources fell in a coverage gap) (11)</h3>"));
    assert!(html.contains("<td>added</td><td>sqs_queue</td><td>invoice-requests</td>"));
    assert!(html.contains("<td>removed</td><td>sqs_queue</td><td>legacy-reports</td>"));
    assert!(external_loads(&html).is_empty());
    // Glue is denied in the new scan: its Security Hub control is not assessed.
    assert!(html.contains("<b>Glue.4</b></td><td class=\"st st-not_assessed\">NOT ASSESSED"));
    let md_path = dir.path().join("report.md");
    let (code, _, _) = run(&[
        "report",
        "--snapshot",
        AFTER,
        "--previous",
        BEFORE,
        "-o",
        md_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(md.contains("## Changes since the previous snapshot"));
    assert!(md.contains("### Findings"));
}

/// The demo split by region into two snapshots, merged back: the same inventory and
/// coverage, no conflicts, and no difference by `diff`.
#[test]
fn merge_round_trips_a_split_estate_and_reports_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let demo: Value = serde_json::from_str(watershed::demo::DEMO_SNAPSHOT_JSON).unwrap();
    let part = |keep: &dyn Fn(&str) -> bool| {
        let mut v = demo.clone();
        for (_, list) in v["resources"].as_object_mut().unwrap() {
            list.as_array_mut()
                .unwrap()
                .retain(|r| keep(r["arn"].as_str().unwrap_or("")));
        }
        v["coverage"]
            .as_array_mut()
            .unwrap()
            .retain(|c| keep(&format!(":{}:", c["region"].as_str().unwrap())));
        v
    };
    let eu = |arn: &str| arn.contains(":eu-west-1:");
    let a = dir.path().join("eu.json");
    let b = dir.path().join("rest.json");
    std::fs::write(&a, part(&eu).to_string()).unwrap();
    std::fs::write(&b, part(&|arn: &str| !eu(arn)).to_string()).unwrap();
    let merged = dir.path().join("org.json.gz");
    let (code, _, err) = run(&[
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 conflict(s)"), "{err}");
    // Both sides read the demo's handler code, so the code rules agree too.
    let out = stdout_of(&[
        "diff",
        "demo",
        merged.to_str().unwrap(),
        "--code-dir",
        "fixtures/demo/code",
    ]);
    assert!(out.contains("no differences"), "{out}");
    let m = watershed::model::Snapshot::load(&merged).unwrap();
    let d = watershed::demo::demo_snapshot().unwrap();
    assert_eq!(m.resources.len(), d.resources.len());
    assert_eq!(m.coverage.len(), d.coverage.len());
    assert_eq!(m.scan.source, "merged");

    // Conflicts: one queue differs, and a cell is a gap in one input and ok in the other.
    let mut c = demo.clone();
    c["resources"]["sqs_queues"][0]["visibility_timeout_seconds"] = 1.into();
    let i = c["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .position(|x| x["service"] == "appflow" && x["status"] == "denied")
        .unwrap();
    c["coverage"][i]["status"] = "ok".into();
    let conflicting = dir.path().join("conflicting.json");
    std::fs::write(&conflicting, c.to_string()).unwrap();
    let out_path = dir.path().join("conflict.json");
    let (code, _, err) = run(&[
        "merge",
        "demo",
        conflicting.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("video-transcode-1080p differs between inputs"),
        "{err}"
    );
    assert!(
        err.contains("coverage 111122223333/eu-west-1/appflow"),
        "{err}"
    );
    let m = watershed::model::Snapshot::load(&out_path).unwrap();
    assert_eq!(m.gaps().count(), 0, "the collected cell wins over the gap");
    crate::cli::input_error(&["merge", "demo", "-o", out_path.to_str().unwrap()]);
}

/// Rows of every Parquet file in `dir`, read back and counted by DataFusion.
fn parquet_rows(dir: &Path) -> Vec<(String, usize, Vec<String>)> {
    use datafusion::prelude::SessionContext;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let f = std::fs::File::open(&p).unwrap();
            let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
                .unwrap()
                .build()
                .unwrap();
            let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
            let schema = batches.first().map(|b| b.schema()).unwrap_or_else(|| {
                std::sync::Arc::new(datafusion::arrow::datatypes::Schema::empty())
            });
            let columns = schema.fields().iter().map(|f| f.name().clone()).collect();
            let ctx = SessionContext::new();
            let table = datafusion::datasource::MemTable::try_new(schema, vec![batches]).unwrap();
            ctx.register_table("t", std::sync::Arc::new(table)).unwrap();
            let n = runtime.block_on(async {
                let b = ctx
                    .sql("SELECT count(*) FROM t")
                    .await
                    .unwrap()
                    .collect()
                    .await
                    .unwrap();
                datafusion::arrow::array::AsArray::as_primitive::<
                    datafusion::arrow::datatypes::Int64Type,
                >(b[0].column(0))
                .value(0) as usize
            });
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, n, columns)
        })
        .collect()
}

#[test]
fn parquet_export_reads_back_with_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all");
    let (code, _, err) = run(&[
        "query",
        "--snapshot",
        "demo",
        "--format",
        "parquet",
        "-o",
        all.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let tables: Value = serde_json::from_str(&stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--tables",
        "--format",
        "json",
    ]))
    .unwrap();
    let files = parquet_rows(&all);
    assert_eq!(files.len(), tables.as_array().unwrap().len());
    for t in tables.as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        let rows = t["rows"].as_u64().unwrap() as usize;
        let f = files
            .iter()
            .find(|f| f.0 == name)
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(f.1, rows, "{name}");
    }
    let sqs = files.iter().find(|f| f.0 == "sqs_queues").unwrap();
    assert!(
        sqs.2.contains(&"redrive".to_string()),
        "nested columns kept: {:?}",
        sqs.2
    );

    let lint_dir = dir.path().join("lint");
    let (code, _, err) = run(&[
        "lint",
        "--snapshot",
        "demo",
        "--format",
        "parquet",
        "-o",
        lint_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let files = parquet_rows(&lint_dir);
    let n = lint_json("demo")["findings"].as_array().unwrap().len();
    assert_eq!(files[0].0, "findings");
    assert_eq!(files[0].1, n);

    let q = dir.path().join("q");
    let (code, _, err) = run(&[
        "query",
        "--snapshot",
        "demo",
        "--format",
        "parquet",
        "-o",
        q.to_str().unwrap(),
        "SELECT name, timeout_seconds FROM lambda_functions WHERE timeout_seconds > 60",
    ]);
    assert_eq!(code, 0, "{err}");
    let files = parquet_rows(&q);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "result");
    assert_eq!(files[0].2, ["name", "timeout_seconds"]);
    let want: Value = serde_json::from_str(&stdout_of(&[
        "query",
        "--snapshot",
        "demo",
        "--format",
        "json",
        "SELECT name FROM lambda_functions WHERE timeout_seconds > 60",
    ]))
    .unwrap();
    assert_eq!(files[0].1, want.as_array().unwrap().len());
    // Without a folder it is a usage error, and a bad statement writes nothing.
    crate::cli::input_error(&[
        "query",
        "--snapshot",
        "demo",
        "--format",
        "parquet",
        "SELECT 1",
    ]);
    let bad = dir.path().join("bad");
    crate::cli::input_error(&[
        "query",
        "--snapshot",
        "demo",
        "--format",
        "parquet",
        "-o",
        bad.to_str().unwrap(),
        "SELEC 1",
    ]);
    assert!(!bad.join("result.parquet").exists());
}

/// The Chromium binary, when installed.
fn chromium() -> Option<PathBuf> {
    let required = std::env::var("WATERSHED_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1");
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            !required,
            "WATERSHED_REQUIRE_CHROMIUM=1 but no chromium on PATH"
        );
        eprintln!("skipped: chromium not installed");
    }
    found
}

/// The RGB(A) pixels of an 8-bit PNG (what Chromium's screenshots are): zlib-inflated
/// IDAT data with each scanline's filter undone.
fn png_pixels(bytes: &[u8]) -> (usize, usize, usize, Vec<u8>) {
    use std::io::Read;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let (mut i, mut idat) = (8, Vec::new());
    let (mut width, mut height, mut bpp) = (0, 0, 0);
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
        let kind = &bytes[i + 4..i + 8];
        let data = &bytes[i + 8..i + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                assert_eq!(data[8], 8, "8-bit samples");
                bpp = match data[9] {
                    2 => 3,
                    6 => 4,
                    t => panic!("colour type {t}"),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        i += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width * bpp;
    let mut out = vec![0u8; stride * height];
    for y in 0..height {
        let filter = raw[y * (stride + 1)];
        let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let a = if x >= bpp {
                out[y * stride + x - bpp] as i32
            } else {
                0
            };
            let b = if y > 0 {
                out[(y - 1) * stride + x] as i32
            } else {
                0
            };
            let c = if x >= bpp && y > 0 {
                out[(y - 1) * stride + x - bpp] as i32
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("filter {f}"),
            };
            out[y * stride + x] = (line[x] as i32 + predicted) as u8;
        }
    }
    (width, height, bpp, out)
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(chrome) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = previous_report(dir.path());
    let profile = dir.path().join("profile");
    let url = format!("file://{}", html.display());
    let base = |extra: &[&str]| {
        let mut c = std::process::Command::new(&chrome);
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url);
        c.output().unwrap()
    };
    let dom = base(&["--dump-dom"]);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("<title>watershed report: 111122223333</title>"),
        "{}",
        &dom[..300.min(dom.len())]
    );
    assert!(dom.contains("id=\"ws-topology\""));
    assert!(dom.matches("class=\"ws-node").count() > 20);
    assert!(dom.contains("New findings (8)"));

    let png = dir.path().join("shot.png");
    let shot = base(&[
        "--window-size=1280,1600",
        &format!("--screenshot={}", png.display()),
    ]);
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let (w, h, bpp, pixels) = png_pixels(&std::fs::read(&png).unwrap());
    assert_eq!((w, h), (1280, 1600));
    let background = &pixels[(w * (h - 1)) * bpp..(w * (h - 1)) * bpp + bpp];
    let differing = pixels
        .chunks(bpp)
        .filter(|p| p[..3] != background[..3])
        .count();
    let colours: BTreeSet<[u8; 3]> = pixels.chunks(bpp).map(|p| [p[0], p[1], p[2]]).collect();
    assert!(
        differing * 20 > w * h,
        "only {differing} of {} pixels differ from the background",
        w * h
    );
    assert!(
        colours.len() > 50,
        "{} colours: a blank page?",
        colours.len()
    );
}
