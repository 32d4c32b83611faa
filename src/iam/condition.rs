//! Condition evaluation for the keys the wiring depends on.
//!
//! A request context knows a fixed set of keys ([`DETERMINED_KEYS`]): for those, a value in
//! the context is the request's value and no value means the request does not carry the key,
//! so `...IfExists`, `Null` and the negated operators behave as IAM documents them. A clause on
//! any other key, or with an operator outside the string, ARN, `Bool` and `Null` families, is
//! [`Truth::Unknown`]: the statement's decision becomes `conditional`, never a silent allow or
//! deny.

use super::policy::ConditionClause;
use super::wildcard::{arn_match, wildcard_match};
use std::collections::HashMap;

/// Keys whose presence and value the evaluator knows for every request it builds.
pub const DETERMINED_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:securetransport",
    "aws:principalservicename",
];

/// Three-valued result of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// The condition holds for the request.
    True,
    /// It does not.
    False,
    /// It cannot be decided from what the evaluator knows.
    Unknown,
}

impl Truth {
    fn of(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// The request's condition keys (lower-cased) and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    values: HashMap<String, Vec<String>>,
}

impl Context {
    /// A context for a call made over TLS (every AWS service and SDK call is).
    pub fn new() -> Context {
        let mut c = Context::default();
        c.set("aws:SecureTransport", "true");
        c
    }

    /// The shared context of a role's own call: TLS, no source keys.
    pub fn role_call() -> &'static Context {
        static CONTEXT: std::sync::LazyLock<Context> = std::sync::LazyLock::new(Context::new);
        &CONTEXT
    }

    /// Sets `key` (any case) to one value.
    pub fn set(&mut self, key: &str, value: &str) -> &mut Context {
        self.values
            .insert(key.to_ascii_lowercase(), vec![value.to_string()]);
        self
    }

    /// A context for a service principal acting for `source_arn` in `source_account`.
    pub fn for_source(
        service: Option<&str>,
        source_arn: Option<&str>,
        source_account: Option<&str>,
    ) -> Context {
        let mut c = Context::new();
        if let Some(s) = service {
            c.set("aws:PrincipalServiceName", s);
        }
        if let Some(arn) = source_arn.filter(|s| !s.is_empty()) {
            c.set("aws:SourceArn", arn);
        }
        if let Some(acct) = source_account.filter(|s| !s.is_empty()) {
            c.set("aws:SourceAccount", acct);
            c.set("aws:SourceOwner", acct);
        }
        c
    }

    fn get(&self, key: &str) -> Option<&[String]> {
        self.values
            .get(key)
            .map(Vec::as_slice)
            .filter(|v| !v.is_empty())
    }
}

/// Every clause of a statement must hold: any false clause makes it false, else any unknown
/// one makes it unknown.
pub fn evaluate_all(clauses: &[ConditionClause], ctx: &Context) -> Truth {
    let mut out = Truth::True;
    for c in clauses {
        match evaluate(c, ctx) {
            Truth::False => return Truth::False,
            Truth::Unknown => out = Truth::Unknown,
            Truth::True => {}
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum SetOp {
    Single,
    AnyValue,
    AllValues,
}

/// Evaluates one clause.
pub fn evaluate(c: &ConditionClause, ctx: &Context) -> Truth {
    let (set_op, op) = split_prefix(&c.operator);
    let (op, if_exists) = match op.len().checked_sub("IfExists".len()) {
        // `get`: the offset may fall inside a multi-byte character (found by fuzzing).
        Some(n)
            if op
                .get(n..)
                .is_some_and(|s| s.eq_ignore_ascii_case("IfExists")) =>
        {
            (&op[..n], true)
        }
        _ => (op, false),
    };
    if !DETERMINED_KEYS.contains(&c.key.as_str()) {
        return Truth::Unknown;
    }
    let present = ctx.get(&c.key);
    if op.eq_ignore_ascii_case("Null") {
        let want_absent = c.values.iter().any(|v| v.eq_ignore_ascii_case("true"));
        return Truth::of(present.is_none() == want_absent);
    }
    let Some((matcher, negated)) = matcher_of(op) else {
        return Truth::Unknown;
    };
    let Some(values) = present else {
        return Truth::of(match set_op {
            SetOp::AllValues => true,
            SetOp::AnyValue => false,
            SetOp::Single => if_exists || negated,
        });
    };
    let matches = |v: &String| c.values.iter().any(|cv| matcher(cv, v));
    Truth::of(match (set_op, negated) {
        (SetOp::Single | SetOp::AnyValue, false) => values.iter().any(matches),
        (SetOp::Single, true) => !values.iter().any(matches),
        (SetOp::AnyValue, true) => values.iter().any(|v| !matches(v)),
        (SetOp::AllValues, false) => values.iter().all(matches),
        (SetOp::AllValues, true) => values.iter().all(|v| !matches(v)),
    })
}

fn split_prefix(op: &str) -> (SetOp, &str) {
    for (prefix, set) in [
        ("ForAnyValue:", SetOp::AnyValue),
        ("ForAllValues:", SetOp::AllValues),
    ] {
        // `get`, not indexing: an operator from a policy may hold any character, and a
        // byte offset inside one must not panic (found by fuzzing).
        if op
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            return (set, &op[prefix.len()..]);
        }
    }
    (SetOp::Single, op)
}

type Matcher = fn(&str, &str) -> bool;

/// The value test of an operator and whether the operator is negated.
fn matcher_of(op: &str) -> Option<(Matcher, bool)> {
    let m: (Matcher, bool) = match op.to_ascii_lowercase().as_str() {
        "stringequals" => (|p, v| p == v, false),
        "stringnotequals" => (|p, v| p == v, true),
        "stringequalsignorecase" => (|p, v| p.eq_ignore_ascii_case(v), false),
        "stringnotequalsignorecase" => (|p, v| p.eq_ignore_ascii_case(v), true),
        "stringlike" => (|p, v| wildcard_match(p, v, false), false),
        "stringnotlike" => (|p, v| wildcard_match(p, v, false), true),
        "arnequals" | "arnlike" => (arn_match, false),
        "arnnotequals" | "arnnotlike" => (arn_match, true),
        "bool" => (|p, v| p.eq_ignore_ascii_case(v), false),
        _ => return None,
    };
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operator_prefixes_split_on_any_text() {
        assert!(matches!(
            split_prefix("ForAllValues:StringEquals"),
            (SetOp::AllValues, "StringEquals")
        ));
        assert!(matches!(
            split_prefix("forAnyValue:StringLike"),
            (SetOp::AnyValue, "StringLike")
        ));
        // A multi-byte character where the prefix would end (found by fuzzing).
        assert!(matches!(
            split_prefix("ForAllValuesƱtringEquals"),
            (SetOp::Single, "ForAllValuesƱtringEquals")
        ));
        assert!(matches!(split_prefix("Ʊ"), (SetOp::Single, "Ʊ")));
    }

    #[test]
    fn an_operator_ending_inside_a_multibyte_character_is_unknown_not_a_panic() {
        let c = ConditionClause {
            operator: "StringEquals㕇fExists".into(),
            key: "aws:sourceaccount".into(),
            values: vec!["1".into()],
        };
        assert_eq!(evaluate(&c, &Context::new()), Truth::Unknown);
    }
}
