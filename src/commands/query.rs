//! `watershed query`: SQL over the tables of a snapshot.

use super::output::emit;
use super::telemetry_source;
use crate::cli::QueryArgs;
use crate::error::{Error, Result};
use crate::report::rows::{self, RowsFormat};
use crate::source;
use crate::sql::{Catalog, SqlError};
use std::io::{BufRead, IsTerminal, Write};

/// Runs `query`.
pub fn run(args: &QueryArgs) -> Result<i32> {
    let saved = crate::sql::saved::embedded().map_err(Error::Usage)?;
    if args.list_saved {
        let mut text = String::new();
        for q in &saved {
            let params: Vec<String> = q
                .params
                .iter()
                .map(|(p, d)| match d {
                    Some(d) => format!("{p}={d}"),
                    None => format!("{p} (required)"),
                })
                .collect();
            text.push_str(&format!("{:<22} {}", q.name, q.description));
            if !params.is_empty() {
                text.push_str(&format!(" [{}]", params.join(", ")));
            }
            text.push('\n');
        }
        emit(&text, args.output.as_deref())?;
        return Ok(0);
    }
    let saved_sql = match &args.saved {
        None => None,
        Some(name) => Some(render_saved(&saved, name, &args.params)?),
    };
    let snapshot = source::load(&args.source)?;
    let mut catalog = Catalog::new(&snapshot)?;
    catalog.add_code(&snapshot, Some(&source::code_source(&args.source)?))?;
    let runtime = super::runtime()?;
    let mut live = None;
    if telemetry_source::is_live(&args.source) {
        let source = runtime.block_on(telemetry_source::live_source(
            &snapshot,
            &args.source.live,
            &args.window,
        ))?;
        catalog.add_live_telemetry(source.clone())?;
        live = Some(source);
    } else if let Some(dir) = &args.source.telemetry {
        let telemetry =
            crate::telemetry::Telemetry::read_without_logs(dir).map_err(Error::Usage)?;
        catalog.add_metrics_and_traces(&telemetry)?;
        let logs = crate::telemetry::log_tables::read(dir).map_err(Error::Usage)?;
        catalog.add_log_tables(logs)?;
    }
    if !args.no_findings {
        add_findings(&snapshot, &mut catalog, args.config.as_deref())?;
    }
    if args.format == RowsFormat::Parquet {
        return export_parquet(&catalog, args, saved_sql.as_deref(), &runtime);
    }
    if args.tables {
        emit(
            &tables_listing(&catalog, args.format)?,
            args.output.as_deref(),
        )?;
        return Ok(0);
    }
    let outcome = match saved_sql.as_ref().or(args.sql.as_ref()) {
        Some(sql) => runtime
            .block_on(execute(&catalog, sql, args.format))
            .and_then(|text| emit(&text, args.output.as_deref())),
        None => runtime.block_on(prompt(&catalog, args.format, &saved)),
    };
    if let Some(source) = &live
        && (outcome.is_ok() || source.stats.totals().calls > 0)
    {
        telemetry_source::report_calls(source);
    }
    outcome.map(|_| 0)
}

/// `--format parquet -o DIR`: the statement's rows as `DIR/result.parquet` (a saved query:
/// `DIR/<name>.parquet`), or without one every table as `DIR/<table>.parquet`.
fn export_parquet(
    catalog: &Catalog,
    args: &QueryArgs,
    saved_sql: Option<&str>,
    runtime: &tokio::runtime::Runtime,
) -> Result<i32> {
    use crate::sql::export;
    let dir = args.output.as_deref().ok_or_else(|| {
        Error::Usage("--format parquet writes files: give the folder with -o DIR".into())
    })?;
    if args.tables {
        return Err(Error::Usage(
            "--tables lists tables; to export them all, drop --tables and the SQL".into(),
        ));
    }
    let files = match (saved_sql, &args.sql) {
        (Some(sql), _) => {
            let name = args.saved.as_deref().unwrap_or("result");
            vec![runtime.block_on(export::export_query(catalog, sql, name, dir))]
        }
        (None, Some(sql)) => {
            vec![runtime.block_on(export::export_query(catalog, sql, "result", dir))]
        }
        (None, None) => match runtime.block_on(export::export_tables(catalog, &[], dir)) {
            Ok(files) => files.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        },
    };
    let files = files
        .into_iter()
        .collect::<std::result::Result<Vec<_>, String>>()
        .map_err(Error::Usage)?;
    eprint!("{}", export::summary(&files));
    Ok(0)
}

/// Runs the built-in rules (with the project configuration's options and suppressions)
/// and registers what they find as the `findings` table.
fn add_findings(
    snapshot: &crate::model::Snapshot,
    catalog: &mut Catalog,
    config: Option<&std::path::Path>,
) -> Result<()> {
    let rules = crate::lint::rule::catalog(&[])?;
    let config = super::lint::load_config(config)?;
    let selection = crate::lint::Selection {
        options: config.rules.clone(),
        ..Default::default()
    };
    let selected = selection.apply(&rules);
    let outcome = super::lint::lint_snapshot(snapshot, catalog, &selected, &config, &selection)?;
    catalog.add(
        "findings",
        "one finding of the built-in rules (suppressed ones excluded)",
        &outcome.findings,
    )?;
    Ok(())
}

/// Plans and runs one statement and renders its rows.
pub async fn execute(catalog: &Catalog, sql: &str, format: RowsFormat) -> Result<String> {
    let df = catalog.ctx.sql(sql).await.map_err(SqlError::from)?;
    let schema = df.schema().inner().clone();
    let batches = df.collect().await.map_err(SqlError::from)?;
    rows::render(&schema, &batches, format).map_err(|e| Error::Usage(e.to_string()))
}

fn tables_listing(catalog: &Catalog, format: RowsFormat) -> Result<String> {
    let batch = crate::sql::arrow_rows::to_batch(&catalog.tables_rows()).map_err(Error::Usage)?;
    rows::render(&batch.schema(), &[batch], format).map_err(|e| Error::Usage(e.to_string()))
}

/// Reads statements from stdin, one per `;` (or per line without one at end of input),
/// printing each result; errors are printed and the prompt goes on when interactive.
/// The SQL of saved query `name` with `params` (`name=value` each) in place.
fn render_saved(
    saved: &[crate::sql::saved::SavedQuery],
    name: &str,
    params: &[impl AsRef<str>],
) -> Result<String> {
    let q = saved.iter().find(|q| q.name == name).ok_or_else(|| {
        Error::Usage(format!(
            "no saved query `{name}` (watershed query --list-saved lists them)"
        ))
    })?;
    let mut values = std::collections::BTreeMap::new();
    for p in params {
        let (k, v) = p.as_ref().split_once('=').ok_or_else(|| {
            Error::Usage(format!("--param {}: write it as name=value", p.as_ref()))
        })?;
        values.insert(k.trim().to_string(), v.to_string());
    }
    q.render(&values).map_err(Error::Usage)
}

/// What the prompt's dot-commands do.
const DOT_HELP: &str = ".tables                 the tables, what a row is, row counts
.schema TABLE           the columns of TABLE
.saved                  the saved queries
.saved NAME [k=v ...]   run a saved query
.format table|json|csv  the output format from now on
.help                   this list
";

/// Runs one dot-command line; returns the new output format.
async fn dot_command(
    catalog: &Catalog,
    line: &str,
    format: RowsFormat,
    saved: &[crate::sql::saved::SavedQuery],
) -> Result<RowsFormat> {
    let mut words = line.split_whitespace();
    let command = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    match (command, rest.as_slice()) {
        (".tables", []) => emit(&tables_listing(catalog, format)?, None)?,
        (".schema", [table]) => {
            let sql = format!(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '{}' ORDER BY ordinal_position",
                table.replace('\'', "''")
            );
            emit(&execute(catalog, &sql, format).await?, None)?;
        }
        (".saved", []) => {
            let text: String = saved
                .iter()
                .map(|q| format!("{:<22} {}\n", q.name, q.description))
                .collect();
            emit(&text, None)?;
        }
        (".saved", [name, params @ ..]) => {
            let sql = render_saved(saved, name, params)?;
            emit(&execute(catalog, &sql, format).await?, None)?;
        }
        (".format", [f]) => {
            return match *f {
                "table" => Ok(RowsFormat::Table),
                "json" => Ok(RowsFormat::Json),
                "csv" => Ok(RowsFormat::Csv),
                other => Err(Error::Usage(format!(
                    ".format {other}: use table, json or csv"
                ))),
            };
        }
        (".help", []) => emit(DOT_HELP, None)?,
        _ => {
            return Err(Error::Usage(format!(
                "unknown command `{line}` (.help lists the commands)"
            )));
        }
    }
    Ok(format)
}

/// The words Tab completion offers: tables, their columns and the saved queries.
async fn vocabulary(
    catalog: &Catalog,
    saved: &[crate::sql::saved::SavedQuery],
) -> super::repl::Vocabulary {
    let mut columns = Vec::new();
    let sql = "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'";
    if let Ok(batches) = crate::sql::run_query(catalog, sql).await {
        for b in &batches {
            let (t, c) = (b.column(0), b.column(1));
            for i in 0..b.num_rows() {
                let cell = |a: &datafusion::arrow::array::ArrayRef| {
                    datafusion::arrow::util::display::array_value_to_string(a, i)
                        .unwrap_or_default()
                };
                columns.push((cell(t), cell(c)));
            }
        }
    }
    super::repl::Vocabulary {
        tables: catalog.tables.iter().map(|t| t.name.clone()).collect(),
        columns,
        saved: saved.iter().map(|q| q.name.clone()).collect(),
    }
}

/// The terminal prompt: line editing, history, multi-line statements and completion.
async fn interactive_prompt(
    catalog: &Catalog,
    mut format: RowsFormat,
    saved: &[crate::sql::saved::SavedQuery],
) -> Result<()> {
    use rustyline::error::ReadlineError;
    let helper = super::repl::QueryHelper {
        vocabulary: vocabulary(catalog, saved).await,
    };
    let config = rustyline::Config::builder()
        .auto_add_history(true)
        .max_history_size(5_000)
        .map_err(|e| Error::Usage(format!("prompt: {e}")))?
        .build();
    let mut editor: rustyline::Editor<
        super::repl::QueryHelper,
        rustyline::history::DefaultHistory,
    > = rustyline::Editor::with_config(config)
        .map_err(|e| Error::Usage(format!("cannot start the prompt: {e}")))?;
    editor.set_helper(Some(helper));
    let history = super::repl::history_path();
    if let Some(h) = &history {
        // A first session has no history yet.
        let _ = editor.load_history(h);
    }
    eprintln!("watershed SQL: statements end with `;`, Tab completes, .help lists the commands");
    loop {
        match editor.readline("sql> ") {
            Ok(text) => {
                let text = text.trim();
                if text.starts_with('.') {
                    match dot_command(catalog, text, format, saved).await {
                        Ok(f) => format = f,
                        Err(e) => eprintln!("error: {e}"),
                    }
                    continue;
                }
                for statement in text.split(';') {
                    run_one(catalog, statement, format, true).await?;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(Error::Usage(format!("prompt: {e}"))),
        }
    }
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = editor.save_history(h) {
            eprintln!(
                "warning: cannot save the prompt history to {}: {e}",
                h.display()
            );
        }
    }
    Ok(())
}

async fn prompt(
    catalog: &Catalog,
    mut format: RowsFormat,
    saved: &[crate::sql::saved::SavedQuery],
) -> Result<()> {
    let interactive = std::io::stdin().is_terminal();
    if interactive && std::io::stderr().is_terminal() {
        return interactive_prompt(catalog, format, saved).await;
    }
    let mut pending = String::new();
    let show_prompt = |pending: &str| {
        if interactive {
            eprint!("{}", if pending.is_empty() { "sql> " } else { "...> " });
            let _ = std::io::stderr().flush();
        }
    };
    show_prompt(&pending);
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| Error::Usage(format!("cannot read stdin: {e}")))?;
        if pending.trim().is_empty() && line.trim_start().starts_with('.') {
            match dot_command(catalog, line.trim(), format, saved).await {
                Ok(f) => format = f,
                // At a prompt a typo should not end the session.
                Err(e) if interactive => eprintln!("error: {e}"),
                Err(e) => return Err(e),
            }
            show_prompt(&pending);
            continue;
        }
        pending.push_str(&line);
        pending.push('\n');
        while let Some(end) = pending.find(';') {
            let statement: String = pending.drain(..=end).collect();
            run_one(
                catalog,
                statement.trim_end_matches(';'),
                format,
                interactive,
            )
            .await?;
        }
        if pending.trim().is_empty() {
            pending.clear();
        }
        show_prompt(&pending);
    }
    if !pending.trim().is_empty() {
        run_one(catalog, &pending, format, interactive).await?;
    }
    Ok(())
}

async fn run_one(
    catalog: &Catalog,
    statement: &str,
    format: RowsFormat,
    interactive: bool,
) -> Result<()> {
    if statement.trim().is_empty() {
        return Ok(());
    }
    match execute(catalog, statement, format).await {
        Ok(text) => emit(&text, None),
        // At a prompt a typo should not end the session.
        Err(e) if interactive => {
            eprintln!("error: {e}");
            Ok(())
        }
        Err(e) => Err(e),
    }
}
