//! What a live telemetry table can push into its API calls: a time range, equality (or IN, or
//! a `LIKE 'prefix%'`) on named text columns, and `LIKE '%term%'` on a message column (a
//! filter-pattern term). Every pushed filter is Inexact: DataFusion still applies it to the
//! rows fetched, so pushing down only ever narrows what is fetched, never the answer.

use datafusion::logical_expr::{BinaryExpr, Expr, Operator, TableProviderFilterPushDown};
use datafusion::scalar::ScalarValue;
use std::collections::BTreeMap;

/// The columns a table pushes down.
#[derive(Debug, Clone, Copy)]
pub struct Pushable {
    /// The time column (epoch milliseconds).
    pub time: &'static str,
    /// Text columns with equality, IN or prefix pushdown.
    pub keys: &'static [&'static str],
    /// The message column whose `LIKE '%term%'` becomes a filter-pattern term.
    pub message: Option<&'static str>,
}

/// The pushed-down part of a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pushdown {
    /// Earliest time, epoch milliseconds (inclusive).
    pub start: Option<i64>,
    /// Latest time, epoch milliseconds (inclusive).
    pub end: Option<i64>,
    /// Allowed values per key column (all filters on one column intersect).
    pub values: BTreeMap<String, Vec<String>>,
    /// Allowed prefixes per key column.
    pub prefixes: BTreeMap<String, Vec<String>>,
    /// Terms the message must contain (all of them).
    pub terms: Vec<String>,
}

impl Pushdown {
    /// True when `value` passes the key filters of `column`.
    pub fn admits(&self, column: &str, value: &str) -> bool {
        self.values
            .get(column)
            .is_none_or(|vs| vs.iter().any(|v| v == value))
            && self
                .prefixes
                .get(column)
                .is_none_or(|ps| ps.iter().any(|p| value.starts_with(p.as_str())))
    }

    /// The CloudWatch Logs filter pattern of the message terms (`"a" "b"`: both).
    pub fn filter_pattern(&self) -> Option<String> {
        (!self.terms.is_empty()).then(|| {
            self.terms
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }
}

fn column_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Column(c) => Some(c.name.as_str()),
        Expr::Cast(c) => column_name(&c.expr),
        Expr::TryCast(c) => column_name(&c.expr),
        _ => None,
    }
}

fn literal(e: &Expr) -> Option<&ScalarValue> {
    match e {
        Expr::Literal(v, _) => Some(v),
        Expr::Cast(c) => literal(&c.expr),
        _ => None,
    }
}

fn int(v: &ScalarValue) -> Option<i64> {
    match v {
        ScalarValue::Int64(Some(x)) => Some(*x),
        ScalarValue::Int32(Some(x)) => Some(*x as i64),
        ScalarValue::UInt64(Some(x)) => i64::try_from(*x).ok(),
        ScalarValue::TimestampMillisecond(Some(x), _) => Some(*x),
        ScalarValue::TimestampSecond(Some(x), _) => Some(x * 1000),
        ScalarValue::TimestampMicrosecond(Some(x), _) => Some(x / 1000),
        ScalarValue::TimestampNanosecond(Some(x), _) => Some(x / 1_000_000),
        _ => None,
    }
}

fn text(v: &ScalarValue) -> Option<&str> {
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::Utf8View(Some(s))
        | ScalarValue::LargeUtf8(Some(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// A `'%term%'` pattern without other wildcards or quotes.
fn contains_term(pattern: &str) -> Option<&str> {
    let inner = pattern.strip_prefix('%')?.strip_suffix('%')?;
    (!inner.is_empty() && !inner.contains(['%', '_', '"', '\\'])).then_some(inner)
}

/// A `'prefix%'` pattern.
fn prefix_of(pattern: &str) -> Option<&str> {
    let inner = pattern.strip_suffix('%')?;
    (!inner.is_empty() && !inner.contains(['%', '_', '\\'])).then_some(inner)
}

/// Applies one filter to `p`; false when it is not pushable.
fn apply(e: &Expr, cols: &Pushable, p: &mut Pushdown) -> bool {
    match e {
        Expr::BinaryExpr(BinaryExpr { left, op, right }) if *op == Operator::And => {
            // Both sides must be pushable for the conjunction to count as pushed.
            let mut trial = p.clone();
            if apply(left, cols, &mut trial) && apply(right, cols, &mut trial) {
                *p = trial;
                true
            } else {
                false
            }
        }
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            let (column, value, op) = match (column_name(left), literal(right)) {
                (Some(c), Some(v)) => (c, v, *op),
                _ => match (literal(left), column_name(right)) {
                    (Some(v), Some(c)) => match op.swap() {
                        Some(o) => (c, v, o),
                        None => return false,
                    },
                    _ => return false,
                },
            };
            if column == cols.time {
                let Some(t) = int(value) else { return false };
                match op {
                    Operator::Gt => narrow_start(p, t + 1),
                    Operator::GtEq => narrow_start(p, t),
                    Operator::Lt => narrow_end(p, t - 1),
                    Operator::LtEq => narrow_end(p, t),
                    Operator::Eq => {
                        narrow_start(p, t);
                        narrow_end(p, t);
                    }
                    _ => return false,
                }
                return true;
            }
            if op == Operator::Eq
                && cols.keys.contains(&column)
                && let Some(v) = text(value)
            {
                restrict(p, column, vec![v.to_string()]);
                return true;
            }
            false
        }
        Expr::InList(list) if !list.negated => {
            let Some(column) = column_name(&list.expr).filter(|c| cols.keys.contains(c)) else {
                return false;
            };
            let values: Option<Vec<String>> = list
                .list
                .iter()
                .map(|e| literal(e).and_then(text).map(str::to_string))
                .collect();
            match values {
                Some(v) => {
                    restrict(p, column, v);
                    true
                }
                None => false,
            }
        }
        Expr::Between(b) if !b.negated && column_name(&b.expr) == Some(cols.time) => {
            match (
                literal(&b.low).and_then(int),
                literal(&b.high).and_then(int),
            ) {
                (Some(lo), Some(hi)) => {
                    narrow_start(p, lo);
                    narrow_end(p, hi);
                    true
                }
                _ => false,
            }
        }
        Expr::Like(l) if !l.negated && !l.case_insensitive && l.escape_char.is_none() => {
            let (Some(column), Some(pattern)) =
                (column_name(&l.expr), literal(&l.pattern).and_then(text))
            else {
                return false;
            };
            if Some(column) == cols.message
                && let Some(term) = contains_term(pattern)
            {
                p.terms.push(term.to_string());
                return true;
            }
            if cols.keys.contains(&column)
                && let Some(prefix) = prefix_of(pattern)
            {
                p.prefixes
                    .entry(column.to_string())
                    .or_default()
                    .push(prefix.to_string());
                return true;
            }
            false
        }
        _ => false,
    }
}

fn narrow_start(p: &mut Pushdown, t: i64) {
    p.start = Some(p.start.map_or(t, |s| s.max(t)));
}

fn narrow_end(p: &mut Pushdown, t: i64) {
    p.end = Some(p.end.map_or(t, |e| e.min(t)));
}

fn restrict(p: &mut Pushdown, column: &str, values: Vec<String>) {
    let entry = p.values.entry(column.to_string());
    match entry {
        std::collections::btree_map::Entry::Vacant(v) => {
            v.insert(values);
        }
        std::collections::btree_map::Entry::Occupied(mut o) => {
            o.get_mut().retain(|v| values.contains(v));
        }
    }
}

/// Which of `filters` are pushed (each Inexact) or not.
pub fn support(filters: &[&Expr], cols: &Pushable) -> Vec<TableProviderFilterPushDown> {
    filters
        .iter()
        .map(|f| {
            if apply(f, cols, &mut Pushdown::default()) {
                TableProviderFilterPushDown::Inexact
            } else {
                TableProviderFilterPushDown::Unsupported
            }
        })
        .collect()
}

/// The pushdown of the pushable `filters`.
pub fn analyse(filters: &[Expr], cols: &Pushable) -> Pushdown {
    let mut p = Pushdown::default();
    for f in filters {
        let mut trial = p.clone();
        if apply(f, cols, &mut trial) {
            p = trial;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::{col, lit};

    const COLS: Pushable = Pushable {
        time: "timestamp",
        keys: &["log_group", "function_name"],
        message: Some("message"),
    };

    #[test]
    fn time_keys_and_terms_are_pushed() {
        let filters = vec![
            col("timestamp").gt_eq(lit(1000i64)),
            lit(2000i64).gt(col("timestamp")),
            col("function_name").in_list(vec![lit("a"), lit("b")], false),
            col("function_name").eq(lit("b")),
            col("message").like(lit("%Task timed out%")),
            col("log_group").like(lit("/aws/lambda/or%")),
        ];
        let refs: Vec<&Expr> = filters.iter().collect();
        assert!(
            support(&refs, &COLS)
                .iter()
                .all(|s| *s == TableProviderFilterPushDown::Inexact)
        );
        let p = analyse(&filters, &COLS);
        assert_eq!((p.start, p.end), (Some(1000), Some(1999)));
        assert_eq!(p.values["function_name"], vec!["b".to_string()]);
        assert_eq!(p.filter_pattern().as_deref(), Some("\"Task timed out\""));
        assert!(p.admits("log_group", "/aws/lambda/orders"));
        assert!(!p.admits("log_group", "/aws/lambda/api"));
    }

    #[test]
    fn other_filters_are_not_pushed() {
        let filters = vec![
            col("message").like(lit("a%b%")),
            col("message").ilike(lit("%x%")),
            col("level").eq(lit("ERROR")),
            col("timestamp").not_eq(lit(5i64)),
            col("function_name")
                .eq(lit("a"))
                .or(col("function_name").eq(lit("b"))),
        ];
        let refs: Vec<&Expr> = filters.iter().collect();
        assert!(
            support(&refs, &COLS)
                .iter()
                .all(|s| *s == TableProviderFilterPushDown::Unsupported)
        );
        assert_eq!(analyse(&filters, &COLS), Pushdown::default());
    }
}
