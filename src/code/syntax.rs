//! Small tree-sitter helpers shared by the language analysers.

use tree_sitter::{Node, Parser, Tree};

/// Parses `source` as `language`.
pub fn parse(language: super::Language, source: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&language.grammar()).ok()?;
    parser.parse(source, None)
}

/// The text of `node`.
pub fn text<'a>(node: Node<'_>, source: &'a str) -> &'a str {
    node.utf8_text(source.as_bytes()).unwrap_or_default()
}

/// 1-based line and column of `node`.
pub fn position(node: Node<'_>) -> (u32, u32) {
    let p = node.start_position();
    (p.row as u32 + 1, p.column as u32 + 1)
}

/// The named children of `node`.
pub fn children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Every descendant of `node` (pre-order), not descending into nodes for which `stop`
/// holds (they are still yielded).
pub fn descendants<'t>(node: Node<'t>, stop: &dyn Fn(Node<'t>) -> bool) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        out.push(n);
        if n != node && stop(n) {
            continue;
        }
        let mut kids = children(n);
        kids.reverse();
        stack.extend(kids);
    }
    out
}

/// The value of a string literal node (quotes removed; f-string / template parts kept as
/// written), or `None` when `node` is not a string.
pub fn string_value(node: Node<'_>, source: &str) -> Option<String> {
    match node.kind() {
        "string" | "template_string" | "concatenated_string" => {
            let t = text(node, source);
            let t = t.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let q = ["\"\"\"", "'''", "\"", "'", "`"]
                .into_iter()
                .find(|q| t.starts_with(q) && t.ends_with(q) && t.len() >= 2 * q.len());
            Some(match q {
                Some(q) => t[q.len()..t.len() - q.len()].to_string(),
                None => t.to_string(),
            })
        }
        _ => None,
    }
}

/// Shortens code for an effect's detail: one line, at most 120 characters.
pub fn snippet(code: &str) -> String {
    let one: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 120 {
        let cut: String = one.chars().take(117).collect();
        format!("{cut}...")
    } else {
        one
    }
}
