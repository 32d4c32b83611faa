//! IAM pattern matching: `*` and `?` wildcards in actions, resources and condition values,
//! and ARN matching component by component (`ArnLike`, resource ARNs).

/// IAM wildcard match: `*` matches any run of characters (also none), `?` exactly one.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        let (p, t) = (pattern.as_bytes(), text.as_bytes());
        return if ignore_case {
            glob_by(p, t, b'*', b'?', |a, b| a.eq_ignore_ascii_case(&b))
        } else {
            glob_by(p, t, b'*', b'?', |a, b| a == b)
        };
    }
    let chars = |s: &str| -> Vec<char> {
        if ignore_case {
            s.to_lowercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    glob_by(&chars(pattern), &chars(text), '*', '?', |a, b| a == b)
}

/// Iterative glob with one backtrack point (linear for IAM-sized patterns).
fn glob_by<T: Copy + PartialEq>(
    p: &[T],
    t: &[T],
    star: T,
    one: T,
    eq: impl Fn(T, T) -> bool,
) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut back, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != star && (p[pi] == one || eq(p[pi], t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == star {
            back = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = back {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == star)
}

/// Action match: case-insensitive, `*` alone matching every action.
pub fn action_match(pattern: &str, action: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if !has_wildcard(pattern) {
        return pattern.eq_ignore_ascii_case(action);
    }
    wildcard_match(pattern, action, true)
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Resource match: `*` matches everything; ARNs are compared component by component (see
/// [`arn_match`]). Text that is not an ARN is matched as a whole, case-sensitively.
pub fn resource_match(pattern: &str, resource: &str) -> bool {
    pattern == "*" || arn_match(pattern, resource)
}

/// `ArnLike` / `ArnEquals`: both sides split into the six ARN components (the last keeps its
/// colons), each matched with wildcards, case-sensitively, so a wildcard never spans a
/// component boundary. A pattern that is not a full ARN (`arn:*`) is matched as a whole.
pub fn arn_match(pattern: &str, arn: &str) -> bool {
    if !has_wildcard(pattern) {
        return pattern == arn;
    }
    let full = |s: &str| s.starts_with("arn:") && s.matches(':').count() >= 5;
    if !full(pattern) {
        return wildcard_match(pattern, arn, false);
    }
    if !full(arn) {
        return false;
    }
    pattern
        .splitn(6, ':')
        .zip(arn.splitn(6, ':'))
        .all(|(p, a)| wildcard_match(p, a, false))
}
