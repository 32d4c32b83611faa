//! Redaction at collect time: values that may be secrets never enter the inventory. Before a
//! value is dropped, [`looks_secret`] decides whether its *name* is reported as holding a
//! secret (rules LMB006, API007, GLU004 read those names).

/// The marker stored instead of a dropped value.
pub const REDACTED: &str = "<redacted>";

/// The marker a recording stores instead of a dropped value that looked like a secret, so a
/// replayed scan flags the same names as the recorded one.
pub const REDACTED_SECRET: &str = "<redacted-secret>";

const SECRET_NAME_PARTS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
    "AUTH",
    "SIGNING_KEY",
    "CLIENT_SECRET",
    "CONNECTION_STRING",
    "DSN",
];

/// True when a variable name suggests a secret (`DB_PASSWORD`, `stripeApiKey`).
pub fn secret_like_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase().replace(['-', '.'], "_");
    let compact = n.replace('_', "");
    SECRET_NAME_PARTS
        .iter()
        .any(|p| n.contains(p) || compact.contains(&p.replace('_', "")))
}

/// True when a value is a reference to a secret store rather than a secret.
fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.starts_with("arn:aws:secretsmanager:")
        || v.starts_with("arn:aws:ssm:")
        || v.starts_with("{{resolve:")
        || v.starts_with("ssm:")
        || v.starts_with("/")
        || v.is_empty()
        || v == REDACTED
}

/// True when a value has the shape of a credential: AWS access keys, PEM keys, well-known
/// token prefixes, URLs with embedded passwords, or a long high-entropy string.
pub fn secret_like_value(value: &str) -> bool {
    let v = value.trim();
    if v == REDACTED_SECRET {
        return true;
    }
    let b = v.as_bytes();
    let aws_key = b.len() == 20
        && (v.starts_with("AKIA") || v.starts_with("ASIA"))
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let pem = v.contains("-----BEGIN") && v.contains("PRIVATE KEY");
    let prefixed = [
        "ghp_",
        "gho_",
        "github_pat_",
        "xoxb-",
        "xoxp-",
        "sk_live_",
        "rk_live_",
        "AIza",
        "glpat-",
        "eyJ",
    ]
    .iter()
    .any(|p| v.starts_with(p) && v.len() >= 20);
    let url_password = v.contains("://")
        && v.split("://").nth(1).is_some_and(|rest| {
            rest.split('/')
                .next()
                .is_some_and(|authority| authority.contains(':') && authority.contains('@'))
        });
    aws_key || pem || prefixed || url_password || high_entropy(v)
}

/// Shannon entropy check for long opaque tokens: >= 32 characters of a token alphabet
/// (base64, base64url, hex), >= 4 bits per character. Documents, paths, URLs and ARNs use
/// other characters and never match.
fn high_entropy(v: &str) -> bool {
    let token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    if v.len() < 32 || !v.chars().all(token_char) || v.contains("//") {
        return false;
    }
    let mut counts = std::collections::HashMap::new();
    for c in v.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let len = v.chars().count() as f64;
    let entropy: f64 = counts
        .values()
        .map(|&n| {
            let p = n as f64 / len;
            -p * p.log2()
        })
        .sum();
    entropy >= 4.0
}

/// Decides whether the (name, value) pair holds a secret: a secret-looking value, or a
/// secret-looking name with a literal (non-reference) value.
pub fn looks_secret(name: &str, value: &str) -> bool {
    // A flag (`ConfirmationWasAuthenticated=true`) is no secret whatever its name says.
    let flag = value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false");
    secret_like_value(value) || (secret_like_name(name) && !is_reference(value) && !flag)
}

/// Splits variables into (sorted names, sorted names holding secrets); values are dropped.
pub fn names_and_secrets<'a>(
    vars: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut secrets = Vec::new();
    for (k, v) in vars {
        names.push(k.clone());
        if looks_secret(k, v) {
            secrets.push(k.clone());
        }
    }
    names.sort();
    secrets.sort();
    (names, secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_secrets_by_name_and_value() {
        let cases = [
            ("DB_PASSWORD", "hunter2", true),
            (
                "DB_PASSWORD",
                "arn:aws:secretsmanager:us-east-1:1:secret:db",
                false,
            ),
            ("DB_PASSWORD", "", false),
            ("TABLE_NAME", "orders", false),
            ("SOMETHING", "AKIAIOSFODNN7EXAMPLE", true),
            (
                "SOMETHING",
                "postgres://app:s3cret@db.example.com/app",
                true,
            ),
            (
                "SOMETHING",
                "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                true,
            ),
            ("SOMETHING", "q8J2mX9vL4pR7sT1wZ6yB3nC5dF0gH2kE8aQ", true),
            ("SOMETHING", "https://api.example.com/v1/items", false),
            (
                "EventPattern",
                r#"{"source":["app.orders"],"detail-type":["OrderPlaced","OrderShipped"]}"#,
                false,
            ),
            (
                "Url",
                "jdbc:postgresql://db.internal.example.com:5432/sales_reporting",
                false,
            ),
            (
                "Path",
                "s3://analytics-raw-111122223333/events/year=2026/month=11/",
                false,
            ),
            ("LOG_LEVEL", "INFO", false),
            ("stripeApiKey", "abc", true),
            ("ConfirmationWasAuthenticated", "true", false),
        ];
        for (n, v, want) in cases {
            assert_eq!(looks_secret(n, v), want, "{n}={v}");
        }
    }

    #[test]
    fn names_and_secrets_drop_values() {
        let vars: std::collections::HashMap<String, String> = [
            ("B".to_string(), "1".to_string()),
            ("API_TOKEN".to_string(), "x-123".to_string()),
        ]
        .into();
        let (names, secrets) = names_and_secrets(&vars);
        assert_eq!(names, vec!["API_TOKEN", "B"]);
        assert_eq!(secrets, vec!["API_TOKEN"]);
    }
}
