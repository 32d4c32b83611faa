//! IAM pattern matching: `*` and `?` wildcards in actions, resources and condition values,
//! and ARN matching component by component (`ArnLike`, resource ARNs).

/// IAM wildcard match: `*` matches any run of characters (also none), `?` exactly one.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if ignore_case {
        return glob_chars(
            &pattern.to_lowercase().chars().collect::<Vec<_>>(),
            &text.to_lowercase().chars().collect::<Vec<_>>(),
        );
    }
    if pattern.is_ascii() && text.is_ascii() {
        return glob(pattern.as_bytes(), text.as_bytes());
    }
    glob_chars(
        &pattern.chars().collect::<Vec<_>>(),
        &text.chars().collect::<Vec<_>>(),
    )
}

fn glob(p: &[u8], t: &[u8]) -> bool {
    glob_by(p, t, b'*', b'?')
}

fn glob_chars(p: &[char], t: &[char]) -> bool {
    glob_by(p, t, '*', '?')
}

/// Iterative glob with one backtrack point (linear for IAM-sized patterns).
fn glob_by<T: Copy + PartialEq>(p: &[T], t: &[T], star: T, one: T) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut back, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != star && (p[pi] == one || p[pi] == t[ti]) {
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
    pattern == "*" || wildcard_match(pattern, action, true)
}

/// Resource match: `*` matches everything; ARNs are compared component by component
/// (partition, service, region, account, resource), each with wildcards, so `arn:aws:sqs:*:1:q`
/// matches any region but `arn:*` patterns still cannot swallow a component boundary wrongly.
/// Text that is not an ARN is matched as a whole, case-sensitively.
pub fn resource_match(pattern: &str, resource: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    arn_match(pattern, resource)
}

/// `ArnLike` / `ArnEquals`: both sides split into the six ARN components (the last keeps its
/// colons), each matched with wildcards, case-sensitively. A pattern with fewer components
/// than the ARN lets its last component's wildcard cover the rest (`arn:aws:sqs:*` style
/// prefixes are not valid ARNs, but `arn:*` is common and means every ARN).
pub fn arn_match(pattern: &str, arn: &str) -> bool {
    if !pattern.starts_with("arn:") || !arn.starts_with("arn:") {
        return wildcard_match(pattern, arn, false);
    }
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    if p.len() < 6 {
        return wildcard_match(pattern, arn, false);
    }
    if a.len() < 6 {
        return false;
    }
    p.iter().zip(&a).all(|(p, a)| wildcard_match(p, a, false))
}
