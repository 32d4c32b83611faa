//! The interactive side of `watershed query`: line editing with history kept across
//! sessions, multi-line statements (a statement ends with `;`), and Tab completion of table
//! names, column names, SQL keywords, dot-commands and saved-query names.

use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::path::PathBuf;

/// SQL keywords offered by completion.
const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP BY",
    "ORDER BY",
    "HAVING",
    "LIMIT",
    "JOIN",
    "LEFT JOIN",
    "ON",
    "AND",
    "OR",
    "NOT",
    "IN",
    "LIKE",
    "ILIKE",
    "IS NULL",
    "IS NOT NULL",
    "AS",
    "DISTINCT",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "UNION ALL",
    "WITH",
    "DESC",
    "ASC",
    "approx_percentile_cont",
    "to_timestamp_millis",
    "date_bin",
];

/// The dot-commands.
const DOT_COMMANDS: &[&str] = &[".tables", ".schema", ".saved", ".format", ".help"];

/// What completion can offer.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Table names.
    pub tables: Vec<String>,
    /// (table, column) pairs.
    pub columns: Vec<(String, String)>,
    /// Saved-query names.
    pub saved: Vec<String>,
}

/// The start of the word ending at `pos` and the candidates for it.
pub fn complete(line: &str, pos: usize, v: &Vocabulary) -> (usize, Vec<String>) {
    let before = &line[..pos];
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let word = &before[start..];
    let matches = |cands: &mut dyn Iterator<Item = &str>, prefix: &str| -> Vec<String> {
        let lower = prefix.to_ascii_lowercase();
        let mut out: Vec<String> = cands
            .filter(|c| c.to_ascii_lowercase().starts_with(&lower))
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let trimmed = line.trim_start();
    if trimmed.starts_with('.') {
        let first_end = trimmed.find(' ').unwrap_or(trimmed.len());
        let offset = line.len() - trimmed.len();
        if pos <= offset + first_end {
            return (start, matches(&mut DOT_COMMANDS.iter().copied(), word));
        }
        let list: Vec<&str> = match &trimmed[..first_end] {
            ".saved" => v.saved.iter().map(String::as_str).collect(),
            ".schema" => v.tables.iter().map(String::as_str).collect(),
            ".format" => vec!["table", "json", "csv"],
            _ => Vec::new(),
        };
        return (start, matches(&mut list.into_iter(), word));
    }
    // `alias.col` or `table.col`: columns of that table (of any table for an alias).
    if let Some((qualifier, rest)) = word.rsplit_once('.') {
        let known = v.tables.iter().any(|t| t == qualifier);
        let cols = v
            .columns
            .iter()
            .filter(|(t, _)| !known || t == qualifier)
            .map(|(_, c)| c.as_str());
        return (
            start + qualifier.len() + 1,
            matches(&mut cols.into_iter(), rest),
        );
    }
    if word.is_empty() {
        return (start, Vec::new());
    }
    let all = v
        .tables
        .iter()
        .map(String::as_str)
        .chain(v.columns.iter().map(|(_, c)| c.as_str()))
        .chain(KEYWORDS.iter().copied());
    (start, matches(&mut all.into_iter(), word))
}

/// True when `text` is ready to run: a dot-command, blank, or SQL ending with `;`.
pub fn is_complete(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.starts_with('.') || t.ends_with(';')
}

/// The rustyline helper.
pub struct QueryHelper {
    /// What completion offers.
    pub vocabulary: Vocabulary,
}

impl Completer for QueryHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(complete(line, pos, &self.vocabulary))
    }
}

impl Hinter for QueryHelper {
    type Hint = String;
}

impl Highlighter for QueryHelper {}

impl Validator for QueryHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl Helper for QueryHelper {}

/// Where the prompt's history is kept: `$XDG_STATE_HOME/watershed/query_history` (or
/// `~/.local/state/watershed/query_history`).
pub fn history_path() -> Option<PathBuf> {
    std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .map(|d| d.join("watershed").join("query_history"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary {
            tables: vec!["lambda_invocations".into(), "log_events".into()],
            columns: vec![
                ("lambda_invocations".into(), "duration_ms".into()),
                ("lambda_invocations".into(), "cold_start".into()),
                ("log_events".into(), "log_group".into()),
            ],
            saved: vec!["cold-starts".into(), "timeouts".into()],
        }
    }

    #[test]
    fn completes_tables_columns_keywords_and_commands() {
        let v = vocab();
        assert_eq!(
            complete("SELECT * FROM lam", 17, &v),
            (14, vec!["lambda_invocations".to_string()])
        );
        assert_eq!(complete("select dur", 10, &v).1, vec!["duration_ms"]);
        assert_eq!(complete("sel", 3, &v).1, vec!["SELECT"]);
        assert_eq!(
            complete("SELECT i.co FROM lambda_invocations i", 11, &v),
            (9, vec!["cold_start".to_string()])
        );
        assert_eq!(
            complete("SELECT log_events.l", 19, &v).1,
            vec!["log_group".to_string()]
        );
        assert_eq!(complete(".sch", 4, &v).1, vec![".schema"]);
        assert_eq!(
            complete(".saved ti", 9, &v),
            (7, vec!["timeouts".to_string()])
        );
        assert_eq!(complete(".schema lo", 10, &v).1, vec!["log_events"]);
        assert!(complete("SELECT ", 7, &v).1.is_empty());
    }

    #[test]
    fn statements_continue_until_a_semicolon() {
        assert!(!is_complete("SELECT *\nFROM log_events"));
        assert!(is_complete("SELECT *\nFROM log_events;"));
        assert!(is_complete(".tables"));
        assert!(is_complete("  "));
    }
}
