//! Command-line parsing and dispatch. No AWS call, SQL or formatting lives here: each
//! subcommand's work is in `commands`.

use crate::commands;
use crate::error::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// watershed: read AWS accounts as event flows.
#[derive(Debug, Parser)]
#[command(
    name = "watershed",
    version,
    about = "Read AWS accounts as event flows: inventory, topology graph, lint rules and SQL.",
    long_about = "watershed collects the serverless and application-integration resources of AWS \
accounts, derives who triggers whom and where failed events go, lints the wiring, and answers SQL \
over all of it. Every command runs offline on a snapshot (--snapshot FILE|DIR|demo).",
    after_help = "Examples:\n  watershed graph --snapshot demo --format mermaid\n  watershed graph --snapshot demo --failure-paths\n  watershed scan --help"
)]
pub struct Cli {
    /// Log verbosity: -v info, -vv debug (logs go to stderr).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Where the inventory comes from.
#[derive(Debug, Clone, Args, Default)]
pub struct SourceArgs {
    /// Snapshot to read: a file (.json or .json.gz), a directory of them (merged), or `demo`
    /// for the embedded demo estate. Without it, the command scans live.
    #[arg(long, value_name = "FILE|DIR|demo")]
    pub snapshot: Option<String>,
    /// Handler code for code analysis: one folder per function name, or a
    /// `watershed-code.toml` mapping names to folders (default with `--snapshot demo`: the
    /// demo's embedded code).
    #[arg(long, value_name = "DIR", global = true)]
    pub code_dir: Option<PathBuf>,
    /// Telemetry: a folder written by `watershed record` (`log_events.ndjson` and the metric
    /// and X-Ray files), `demo` for the demo estate's recorded hour, or `live` to fetch from
    /// CloudWatch and X-Ray as queries need it (filters pushed into the calls, log events
    /// cached as Parquet). Fills the log, invocation, metric and trace tables.
    #[arg(long, value_name = "DIR", global = true)]
    pub telemetry: Option<PathBuf>,
    #[command(flatten)]
    /// Live-scan flags, used when no snapshot is given.
    pub live: LiveArgs,
}

/// The time window of live telemetry and what a live fetch may cost.
#[derive(Debug, Clone, Args)]
pub struct WindowArgs {
    /// Look back this far (`15m`, `1h`, `2d`): from now for live telemetry, from the latest
    /// recorded event for a recorded folder (triage).
    #[arg(long, default_value = "1h", value_name = "DURATION")]
    pub since: String,
    /// Window start instead of --since: RFC 3339 (`2026-11-29T11:00:00Z`) or epoch ms.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Window end (default: now): RFC 3339 or epoch ms.
    #[arg(long, value_name = "TIME", requires = "from")]
    pub to: Option<String>,
    /// Fetch without asking, even when the estimate is above --max-calls.
    #[arg(long)]
    pub yes: bool,
    /// API calls one table scan may make without confirmation.
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub max_calls: usize,
    /// A log scan with a `message LIKE '%term%'` filter estimated above N FilterLogEvents
    /// calls runs as a Logs Insights query instead (server-side scan, billed per GB).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub insights_above: usize,
    /// Live telemetry only for what events can reach from this resource (name or ARN)
    /// along the graph's message-flow edges: "everything downstream of topic X".
    #[arg(long, value_name = "TARGET")]
    pub downstream_of: Option<String>,
    /// Where fetched log events are kept (default: $XDG_CACHE_HOME/watershed/telemetry or
    /// ~/.cache/watershed/telemetry).
    #[arg(long, value_name = "DIR")]
    pub telemetry_cache: Option<PathBuf>,
}

/// Flags that select live AWS targets (AWS CLI conventions).
#[derive(Debug, Clone, Args, Default)]
pub struct LiveArgs {
    /// Named profile (else AWS_PROFILE or the default chain; SSO profiles work).
    #[arg(long, env = "AWS_PROFILE", hide_env_values = true)]
    pub profile: Option<String>,
    /// Region for single-region use (else AWS_REGION or the profile's).
    #[arg(long)]
    pub region: Option<String>,
    /// Regions to scan: a comma-separated list, or `all` for the account's enabled regions.
    #[arg(long, value_delimiter = ',')]
    pub regions: Vec<String>,
    /// Services to scan (default: all), e.g. `lambda,sqs,sns`.
    #[arg(long, value_delimiter = ',')]
    pub services: Vec<String>,
    /// Assume this role before scanning (repeat to scan several accounts).
    #[arg(long = "role-arn", value_name = "ARN")]
    pub role_arns: Vec<String>,
    /// External id for --role-arn.
    #[arg(long)]
    pub external_id: Option<String>,
    /// Enumerate the organisation's accounts and assume this role name in each.
    #[arg(long, value_name = "NAME")]
    pub org_role: Option<String>,
    /// Download each Lambda function's deployment package (GetFunction, then the package
    /// itself) into the code cache while scanning, for handler-code analysis.
    #[arg(long)]
    pub download_code: bool,
    /// With --download-code, also download the functions' layers (GetLayerVersionByArn), so
    /// modules a Python layer provides are followed.
    #[arg(long, requires = "download_code")]
    pub layers: bool,
    /// The package cache (default: $XDG_CACHE_HOME/watershed/packages or
    /// ~/.cache/watershed/packages); packages are kept by CodeSha256.
    #[arg(long, value_name = "DIR")]
    pub code_cache: Option<PathBuf>,
    /// Endpoint override for emulators (else AWS_ENDPOINT_URL).
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
}

impl LiveArgs {
    /// The caller's connection: profile, region and endpoint override.
    pub fn connection(&self) -> crate::collect::client::AwsTarget {
        crate::collect::client::AwsTarget {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            ..Default::default()
        }
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Collect the inventory of live accounts into a snapshot file.
    #[command(
        after_help = "Examples:\n  watershed scan --profile prod --regions us-east-1,eu-west-1 -o prod.json.gz\n  watershed scan --role-arn arn:aws:iam::111122223333:role/Audit --regions all -o org.json\n  watershed scan --endpoint-url http://127.0.0.1:5000 --region us-east-1 -o local.json"
    )]
    Scan(ScanArgs),
    /// Draw the topology: who triggers whom, and where failed events go.
    #[command(
        after_help = "Examples:\n  watershed graph --snapshot demo --format mermaid\n  watershed graph --snapshot demo --format svg -o estate.svg\n  watershed graph --snapshot demo --focus video-uploaded --depth 2 --format dot\n  watershed graph --snapshot demo --failure-paths"
    )]
    Graph(GraphArgs),
    /// Run the lint rules over a snapshot or live scan.
    #[command(
        after_help = "Examples:\n  watershed lint --snapshot demo\n  watershed lint --snapshot demo --fail-on high --format sarif -o watershed.sarif\n  watershed lint --snapshot demo --select SQS,FLOW001 --min-severity medium --format json\n  watershed lint --snapshot prod.json --write-baseline .watershed-baseline.json\n  watershed lint --snapshot prod.json --baseline .watershed-baseline.json --fail-on low"
    )]
    Lint(LintArgs),
    /// SQL over the inventory, findings and telemetry (no SQL: interactive prompt).
    #[command(
        after_help = "Examples:\n  watershed query --snapshot demo \"SELECT name, runtime FROM lambda_functions\"\n  watershed query --snapshot demo --tables\n  watershed query --snapshot demo --format csv \"SELECT * FROM edges WHERE invocation = 'async'\"\n  echo \"SELECT count(*) FROM resources\" | watershed query --snapshot demo"
    )]
    Query(QueryArgs),
    /// One-screen incident view of a resource: neighbourhood, health, errors, traces.
    #[command(
        after_help = "Example:\n  watershed triage --snapshot demo transcode-720p --since 1h"
    )]
    Triage(TriageArgs),
    /// Self-contained HTML or Markdown compliance report.
    #[command(
        after_help = "Examples:\n  watershed report demo -o report.html\n  watershed report today.json.gz --previous last-week.json.gz -o report.html\n  watershed report --profile prod --regions all --format markdown -o report.md"
    )]
    Report(ReportArgs),
    /// Compare two snapshots: resources, edges and findings added or removed.
    #[command(
        after_help = "Examples:\n  watershed diff last-week.json.gz today.json.gz\n  watershed diff old.json new.json --format markdown -o diff.md\n  watershed diff baseline.json current.json --fail-on-new high"
    )]
    Diff(DiffArgs),
    /// Merge per-account snapshots into one.
    #[command(
        after_help = "Examples:\n  watershed merge prod.json.gz staging.json.gz -o org.json.gz\n  watershed merge scans/ extra.json -o org.json --strict"
    )]
    Merge(MergeArgs),
    /// Handler-code effects of one function, with file:line.
    #[command(
        after_help = "Examples:\n  watershed code --snapshot demo api_lambda\n  watershed code --snapshot prod.json --code-dir ./services orders-consumer --format json"
    )]
    Code(CodeArgs),
    /// IAM decision and deciding statements for principal, action, resource.
    #[command(
        name = "explain-access",
        after_help = "PRINCIPAL is a role (ARN or name), a service principal (events.amazonaws.com), a resource\nthat runs as a role (function, state machine, pipe, schedule, Glue job, Firehose stream: its\nexecution role is used), or a resource that calls others as its service (EventBridge rule, SNS\ntopic, S3 bucket, API, user pool: its service principal, with aws:SourceArn and\naws:SourceAccount set to it). RESOURCE is an ARN, `*`, or a resource name from the snapshot.\n\nExamples:\n  watershed explain-access --snapshot demo EC2StartStopLambdaRole ec2:StopInstances '*'\n  watershed explain-access --snapshot demo orders-consumer mq:DescribeBroker orders-broker\n  watershed explain-access --snapshot demo EC2Start-morning lambda:InvokeFunction EC2Start\n  watershed explain-access --snapshot demo sns.amazonaws.com sqs:SendMessage video-transcode-720p --source-arn arn:aws:sns:us-east-1:111122223333:video-uploaded --format json"
    )]
    ExplainAccess(ExplainAccessArgs),
    /// List the rules or explain one.
    #[command(
        after_help = "Examples:\n  watershed rules list\n  watershed rules list --format json\n  watershed rules explain SQS001"
    )]
    Rules(RulesArgs),
    /// Print (and with --follow, tail) functions' or log groups' events, redacted.
    #[command(
        after_help = "Example:\n  watershed logs api_lambda --since 15m --filter ERROR --follow"
    )]
    Logs(LogsArgs),
    /// Record a snapshot plus telemetry (redacted) for fixtures and bug reports.
    #[command(after_help = "Example:\n  watershed record --since 1h -o ./recording")]
    Record(RecordArgs),
    /// Print the read-only IAM policy watershed itself needs (generated from its allowlist).
    #[command(
        name = "iam-policy",
        after_help = "Examples:\n  watershed iam-policy > watershed-readonly.json\n  aws iam create-policy --policy-name watershed-readonly --policy-document file://watershed-readonly.json"
    )]
    IamPolicy(IamPolicyArgs),
}

/// Arguments of `scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    /// Targets.
    pub live: LiveArgs,
    /// Output snapshot file (`.json` or `.json.gz`); with `--format parquet`, the folder
    /// that gets one Parquet file per table.
    #[arg(short, long, value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
    /// Output format: the snapshot as JSON, or every inventory table (resources, edges,
    /// coverage, IAM statements, ...) as Parquet files in the `-o` folder.
    #[arg(long, value_enum, default_value = "json")]
    pub format: ScanFormat,
    /// Exit 3 when any (account, region, service) cell could not be collected.
    #[arg(long)]
    pub strict: bool,
    /// Maximum API calls in flight.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Print API calls per service and operation, retries, throttles and wall time.
    #[arg(long)]
    pub stats: bool,
    /// Replace account ids consistently in the output.
    #[arg(long)]
    pub anonymize: bool,
    /// Record every API exchange into DIR (no request headers; secrets redacted from
    /// responses), to attach to a bug report.
    #[arg(long, value_name = "DIR")]
    pub record_http: Option<PathBuf>,
    /// Answer every API call from recordings in DIR (made with --record-http) instead of AWS.
    #[arg(long, value_name = "DIR")]
    pub replay_http: Option<PathBuf>,
}

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// The snapshot file.
    Json,
    /// One Parquet file per table, in the `-o` folder.
    Parquet,
}

/// Graph output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart (renders in GitHub and GitLab Markdown).
    Mermaid,
    /// Nodes, edges with settings, and a summary.
    Json,
    /// SVG picture, laid out in-process (no Graphviz needed).
    Svg,
    /// Human-readable text (failure paths).
    Text,
}

/// Arguments of `graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    /// Source.
    pub source: SourceArgs,
    /// Output format (default: dot; text for --failure-paths).
    #[arg(long, value_enum)]
    pub format: Option<GraphFormat>,
    /// Only the neighbourhood of this resource (ARN or unique name).
    #[arg(long, value_name = "ARN|NAME")]
    pub focus: Option<String>,
    /// Hops from --focus, in both directions.
    #[arg(long, default_value_t = 2, requires = "focus")]
    pub depth: usize,
    /// Instead of the graph, list for each asynchronous edge where a failed event ends up
    /// (DLQ, destination, or dropped after N attempts and how long).
    #[arg(long)]
    pub failure_paths: bool,
    /// Also draw execution roles, log groups and identity links (always in json).
    #[arg(long)]
    pub all_edges: bool,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    /// Source.
    pub source: SourceArgs,
    /// The SQL to run. Without it, statements are read from stdin (one per `;`), with a
    /// prompt when stdin is a terminal.
    pub sql: Option<String>,
    /// List the tables with what a row is and how many rows they hold, then exit.
    #[arg(long, conflicts_with = "sql")]
    pub tables: bool,
    /// Run the saved query NAME (see --list-saved) instead of SQL.
    #[arg(long, value_name = "NAME", conflicts_with = "sql")]
    pub saved: Option<String>,
    /// A saved query's parameter, `name=value` (repeatable).
    #[arg(long = "param", value_name = "K=V", requires = "saved")]
    pub params: Vec<String>,
    /// List the saved queries with their parameters, then exit.
    #[arg(long, conflicts_with = "sql")]
    pub list_saved: bool,
    /// Do not run the rules to fill the `findings` table (faster on huge snapshots).
    #[arg(long)]
    pub no_findings: bool,
    /// Project configuration for the `findings` table (default: `.watershed.toml` when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::report::rows::RowsFormat,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    /// Live telemetry window.
    pub window: WindowArgs,
}

/// Arguments of `lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    #[command(flatten)]
    /// Source.
    pub source: SourceArgs,
    /// Also load the rules in DIR (`*.toml`, recursively); a rule with a built-in id
    /// replaces the built-in one.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
    /// Run only these rules (ids or prefixes, comma-separated: `SQS,FLOW001`).
    #[arg(long, value_delimiter = ',', value_name = "ID,..")]
    pub select: Vec<String>,
    /// Skip these rules (ids or prefixes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "ID,..")]
    pub ignore: Vec<String>,
    /// Drop findings below this severity.
    #[arg(long, value_enum, value_name = "SEV")]
    pub min_severity: Option<crate::lint::Severity>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::report::findings::FindingsFormat,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, value_name = "SEV")]
    pub fail_on: Option<crate::lint::Severity>,
    /// Report only findings not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the current findings to FILE as a baseline (then exit 0).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Project configuration: rule options and suppressions (default: `.watershed.toml`
    /// in the current directory, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Arguments of `rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: RulesAction,
    /// Also load the rules in DIR.
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rules_dirs: Vec<PathBuf>,
}

/// `rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List every rule: id, severity, service, title.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: RulesListFormat,
    },
    /// Explain one rule: rationale, remediation, options, SQL, references.
    Explain {
        /// Rule id.
        id: String,
    },
    /// Check rules against their fixtures (`<DIR>/<ID>.json`: where each fires, with the
    /// exact findings, and a compliant twin where it must not). Exit 1 when one fails.
    Test {
        /// Rules to test (ids or prefixes; default all).
        #[arg(value_delimiter = ',')]
        select: Vec<String>,
        /// Directory of fixture files.
        #[arg(long, value_name = "DIR", default_value = "fixtures/rules")]
        fixtures: PathBuf,
    },
}

/// Formats of `rules list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesListFormat {
    /// A text table.
    Table,
    /// Every rule with all its metadata.
    Json,
}

/// Arguments of `iam-policy`.
#[derive(Debug, Args)]
pub struct IamPolicyArgs {
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    #[command(flatten)]
    /// Live targets.
    pub live: LiveArgs,
    #[command(flatten)]
    /// The window to record.
    pub window: WindowArgs,
    /// The folder to write `snapshot.json` and the telemetry files into.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

/// Arguments of `logs`.
#[derive(Debug, Args)]
pub struct LogsArgs {
    #[command(flatten)]
    /// Live targets.
    pub live: LiveArgs,
    /// Function names, or log group names (starting with `/`).
    #[arg(value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    /// Start this far back (`15m`, `1h`, `2d`).
    #[arg(long, default_value = "10m", value_name = "DURATION")]
    pub since: String,
    /// Only events matching this CloudWatch Logs filter pattern (e.g. `ERROR`, `"Task timed out"`).
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,
    /// Keep polling and print new events as they arrive (late events included, each once).
    #[arg(long)]
    pub follow: bool,
    /// Time between polls with --follow (`5s`, `1m`).
    #[arg(long, default_value = "5s", value_name = "DURATION")]
    pub interval: String,
    /// Stop after this many polls (tests, scripts).
    #[arg(long, hide = true)]
    pub polls: Option<u64>,
}

/// Arguments of `triage`.
#[derive(Debug, Args)]
pub struct TriageArgs {
    #[command(flatten)]
    /// Source.
    pub source: SourceArgs,
    /// The resource: name or ARN (function, queue, topic, rule, API, state machine, ...).
    #[arg(value_name = "TARGET")]
    pub target: String,
    #[command(flatten)]
    /// Telemetry window.
    pub window: WindowArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::commands::triage::TriageFormat,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `code`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    #[command(flatten)]
    /// Source.
    pub source: SourceArgs,
    /// The function: name or ARN.
    #[arg(value_name = "FUNCTION")]
    pub function: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::report::rows::RowsFormat,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `explain-access`.
#[derive(Debug, Args)]
pub struct ExplainAccessArgs {
    #[command(flatten)]
    /// Source.
    pub source: SourceArgs,
    /// Who asks: role ARN or name, service principal, or a resource (see below).
    #[arg(value_name = "PRINCIPAL")]
    pub principal: String,
    /// The action, `service:Action` (`sqs:ReceiveMessage`).
    #[arg(value_name = "ACTION")]
    pub action: String,
    /// The resource: ARN, `*`, or a resource name from the snapshot.
    #[arg(value_name = "RESOURCE")]
    pub resource: String,
    /// aws:SourceArn of a service principal's request (default: the resource given as PRINCIPAL).
    #[arg(long, value_name = "ARN")]
    pub source_arn: Option<String>,
    /// aws:SourceAccount of a service principal's request (default: the source ARN's account).
    #[arg(long, value_name = "ACCOUNT")]
    pub source_account: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::report::access::AccessFormat,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The snapshot to report on: a file, a directory of them, or `demo` (same as
    /// --snapshot; without either, a live scan).
    #[arg(value_name = "SOURCE", conflicts_with = "snapshot")]
    pub input: Option<String>,
    #[command(flatten)]
    /// Source.
    pub source: SourceArgs,
    /// An earlier snapshot: the report adds new, resolved and unchanged findings and the
    /// resources added and removed since.
    #[arg(long, value_name = "OLD")]
    pub previous: Option<String>,
    /// Output format (default: markdown for a `.md` output, else html).
    #[arg(long, value_enum)]
    pub format: Option<crate::report::page::PageFormat>,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also load the rules in DIR (as `lint --rules`).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
    /// Project configuration: rule options and suppressions (default: `.watershed.toml`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Arguments of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The snapshots: files (`.json`, `.json.gz`), directories of them, or `demo`.
    #[arg(value_name = "SNAPSHOT", required = true)]
    pub inputs: Vec<String>,
    /// The merged snapshot (`.json` or `.json.gz`), written atomically.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Exit 1 when the inputs disagree (a resource or a coverage cell differs).
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier snapshot: a file, a directory of them, or `demo`.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The later snapshot.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::report::diff::DiffFormat,
    /// Exit 1 when NEW has a finding OLD did not, at or above this severity.
    #[arg(long, value_enum, value_name = "SEV")]
    pub fail_on_new: Option<crate::lint::Severity>,
    /// Also load the rules in DIR (as `lint --rules`).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
    /// Project configuration: rule options and suppressions (default: `.watershed.toml`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Handler code for the code rules (as `lint --code-dir`), used for both sides.
    #[arg(long, value_name = "DIR")]
    pub code_dir: Option<PathBuf>,
    /// Write to FILE instead of stdout (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs the parsed command; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Scan(args) => commands::scan::run(&args),
        Command::Graph(args) => commands::graph::run(&args),
        Command::Lint(args) => commands::lint::run(&args),
        Command::Query(args) => commands::query::run(&args),
        Command::Triage(args) => commands::triage::run(&args),
        Command::Report(args) => commands::report::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Merge(args) => commands::merge::run(&args),
        Command::Code(args) => commands::code::run(&args),
        Command::ExplainAccess(args) => commands::explain_access::run(&args),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Record(args) => commands::record::run(&args),
        Command::Logs(args) => commands::logs::run(&args),
        Command::IamPolicy(args) => commands::iam_policy::run(&args),
    }
}
