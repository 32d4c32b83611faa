//! The one integration-test binary (every test binary links the whole SDK).

mod cli;
mod code_corpus;
mod code_download;
mod e2e_compute;
mod e2e_data_iam;
mod e2e_estate;
mod e2e_faults;
mod e2e_iam_wiring;
mod e2e_messaging;
mod e2e_record;
mod e2e_scan;
mod e2e_sqs;
mod e2e_streams_apis;
mod emulator;
mod explain_access;
mod failure_paths;
mod fuzz_smoke;
mod graph_edges;
mod json_schema;
mod lint;
mod properties;
mod read_only_audit;
mod render;
mod report;
mod secrets_audit;
mod xray_replay;
