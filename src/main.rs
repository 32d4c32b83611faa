//! The `watershed` binary: parse, dispatch, and turn errors into one line and an exit code.

use clap::Parser;
use watershed::cli::{Cli, run};

/// DataFusion's planning and execution allocate many small objects; mimalloc serves them
/// much faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    // The SDK's own warnings (region or credential providers it tried) are noise unless
    // asked for: watershed reports what failed in its own one-line errors and coverage.
    let filter = match cli.verbose {
        0 => "warn,aws_config=error,aws_smithy_runtime=error",
        1 => "info,aws_config=warn",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WATERSHED_LOG")
                .unwrap_or_else(|_| filter.into()),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
