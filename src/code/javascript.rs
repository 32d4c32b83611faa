//! JavaScript and TypeScript handlers: AWS SDK v3 (`client.send(new XCommand(..))`,
//! lib-dynamodb, aggregated clients) and v2 (`new AWS.SES().sendEmail(..)`, DocumentClient),
//! fetch/axios/got, nodemailer, Stripe, Twilio, Redis, Powertools and middy guards, followed
//! from the exported handler into same-file functions and local modules.

use super::sdk::{self, CallFacts};
use super::syntax::{children, descendants, parse, snippet, string_value, text};
use super::tree::{CodeTree, join_relative};
use super::{Effect, EffectKind, Language, NotAnalysed};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use tree_sitter::{Node, Tree};

/// How deep calls are followed from the handler.
const MAX_DEPTH: usize = 4;
/// Extensions a module path may take, in lookup order.
const EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "ts", "mts", "cts", "tsx"];

/// What a name is bound to.
#[derive(Debug, Clone, PartialEq)]
enum Binding {
    /// SDK v2 service client (`new AWS.SES()`), by IAM prefix.
    V2Client(String),
    /// SDK v2 `DynamoDB.DocumentClient`.
    V2Document,
    /// SDK v3 bare client (`new SESClient()`, `DynamoDBDocumentClient.from(..)`).
    V3Client(String),
    /// SDK v3 aggregated client (`new SES()`), by IAM prefix.
    V3Aggregated(String),
    /// Redis client.
    Redis,
    /// axios instance.
    Axios,
}

struct File {
    path: String,
    source: String,
    tree: Tree,
}

/// Where a function to walk is: a node range in a file.
type Target = (String, usize, usize);

/// Analyses the handler `setting` (`index.handler`, `src/app.main`).
pub fn analyse(code: &CodeTree, setting: &str) -> Result<Vec<Effect>, NotAnalysed> {
    let (module, export) = setting.rsplit_once('.').ok_or(NotAnalysed::NoHandler)?;
    let mut files: BTreeMap<String, File> = BTreeMap::new();
    let path = EXTENSIONS
        .iter()
        .map(|e| format!("{module}.{e}"))
        .find(|p| code.get(p).is_some())
        .ok_or_else(|| NotAnalysed::MissingFile(format!("{module}.js")))?;
    load(code, &path, &mut files)?;
    let entry = {
        let ctx = Ctx::new(&files[&path]);
        ctx.export(export).map(|n| (n.start_byte(), n.end_byte()))
    };
    let Some((start, end)) = entry else {
        return Err(NotAnalysed::MissingFunction {
            file: path,
            function: export.to_string(),
        });
    };
    let mut out = Vec::new();
    let mut queue: VecDeque<(Target, usize)> = VecDeque::from([((path, start, end), 0)]);
    let mut seen: BTreeSet<Target> = BTreeSet::new();
    let mut module_walked: BTreeSet<String> = BTreeSet::new();
    while let Some((target, depth)) = queue.pop_front() {
        if !seen.insert(target.clone()) {
            continue;
        }
        let (file_path, start, end) = target;
        let mut next: Vec<Follow> = Vec::new();
        // Same-file functions are resolved with this file's context; exports of local
        // modules after the borrow ends (resolving them may load files).
        let mut targets: Vec<Target> = Vec::new();
        let mut modules: Vec<(String, String)> = Vec::new();
        {
            let f = &files[&file_path];
            let ctx = Ctx::new(f);
            if module_walked.insert(file_path.clone()) {
                for n in descendants(f.tree.root_node(), &|n| is_function(n)) {
                    if n.kind() == "call_expression" {
                        ctx.call_effects(n, &mut out);
                    }
                }
            }
            let Some(node) = f.tree.root_node().descendant_for_byte_range(start, end) else {
                continue;
            };
            for n in descendants(node, &|_| false) {
                match n.kind() {
                    "call_expression" => {
                        ctx.call_effects(n, &mut out);
                        next.extend(ctx.follows(n));
                    }
                    "pair" | "shorthand_property_identifier" => ctx.batch_failures(n, &mut out),
                    "decorator" => ctx.decorator(n, &mut out),
                    _ => {}
                }
            }
            if node.kind() == "identifier" {
                next.push(ctx.follow_name(text(node, &f.source)));
            }
            for follow in next {
                match follow {
                    Follow::Local(name) => targets.extend(
                        ctx.function(&name)
                            .map(|n| (file_path.clone(), n.start_byte(), n.end_byte())),
                    ),
                    Follow::Module(module, name) => modules.push((module, name)),
                    Follow::None => {}
                }
            }
        }
        if depth >= MAX_DEPTH {
            continue;
        }
        for (module, name) in modules {
            if let Some(p) = resolve_module(code, &file_path, &module, &mut files)? {
                let f = &files[&p];
                targets.extend(
                    Ctx::new(f)
                        .export(&name)
                        .map(|n| (p.clone(), n.start_byte(), n.end_byte())),
                );
            }
        }
        queue.extend(targets.into_iter().map(|t| (t, depth + 1)));
    }
    Ok(out)
}

fn load(
    code: &CodeTree,
    path: &str,
    files: &mut BTreeMap<String, File>,
) -> Result<bool, NotAnalysed> {
    if files.contains_key(path) {
        return Ok(true);
    }
    let (Some(source), Some(lang)) = (code.get(path), Language::of(path)) else {
        return Ok(false);
    };
    let tree = parse(lang, source).ok_or_else(|| NotAnalysed::Parse(path.to_string()))?;
    files.insert(
        path.to_string(),
        File {
            path: path.to_string(),
            source: source.to_string(),
            tree,
        },
    );
    Ok(true)
}

/// The file of a relative import (`./lib/db`, `../db.js` that is `db.ts` in TypeScript).
fn resolve_module(
    code: &CodeTree,
    from: &str,
    module: &str,
    files: &mut BTreeMap<String, File>,
) -> Result<Option<String>, NotAnalysed> {
    if !module.starts_with('.') {
        return Ok(None);
    }
    let Some(base) = join_relative(from, module) else {
        return Ok(None);
    };
    let stem = base
        .rsplit_once('.')
        .filter(|(_, ext)| EXTENSIONS.contains(ext))
        .map(|(s, _)| s.to_string());
    let mut candidates = vec![base.clone()];
    for s in [Some(base.clone()), stem].into_iter().flatten() {
        candidates.extend(EXTENSIONS.iter().map(|e| format!("{s}.{e}")));
        candidates.extend(EXTENSIONS.iter().map(|e| format!("{s}/index.{e}")));
    }
    for c in candidates {
        if load(code, &c, files)? {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

fn is_function(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "function_declaration"
            | "function_expression"
            | "function"
            | "arrow_function"
            | "generator_function_declaration"
            | "method_definition"
            | "class_body"
    )
}

/// Strips wrappers that do not change what an expression is.
fn unwrap(mut n: Node<'_>) -> Node<'_> {
    while matches!(
        n.kind(),
        "await_expression"
            | "parenthesized_expression"
            | "as_expression"
            | "non_null_expression"
            | "satisfies_expression"
    ) {
        match children(n).into_iter().next() {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

/// A function the analysis may follow.
enum Follow {
    /// A function of the same file.
    Local(String),
    /// An export of a local module.
    Module(String, String),
    /// Nothing to follow.
    None,
}

struct Ctx<'f> {
    file: &'f File,
    /// Local name → (module specifier, imported name or `*` / `default`).
    imports: BTreeMap<String, (String, String)>,
    bindings: BTreeMap<String, Binding>,
    assigned: BTreeMap<String, Node<'f>>,
}

impl<'f> Ctx<'f> {
    fn new(file: &'f File) -> Ctx<'f> {
        let mut ctx = Ctx {
            file,
            imports: BTreeMap::new(),
            bindings: BTreeMap::new(),
            assigned: BTreeMap::new(),
        };
        let all = descendants(file.tree.root_node(), &|_| false);
        for n in &all {
            match n.kind() {
                "import_statement" => ctx.add_import(*n),
                kind @ ("variable_declarator" | "assignment_expression") => {
                    let (target, value) = if kind == "variable_declarator" {
                        ("name", "value")
                    } else {
                        ("left", "right")
                    };
                    if let (Some(t), Some(v)) =
                        (n.child_by_field_name(target), n.child_by_field_name(value))
                    {
                        ctx.add_assignment(t, v);
                    }
                }
                _ => {}
            }
        }
        // Bindings may be built from earlier bindings (`DocumentClient.from(client)`).
        let names: Vec<(String, Node<'f>)> =
            ctx.assigned.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (name, value) in names {
            if let Some(b) = ctx.binding_of(value) {
                ctx.bindings.insert(name, b);
            }
        }
        ctx
    }

    fn src(&self, n: Node<'_>) -> &'f str {
        text(n, &self.file.source)
    }

    fn add_import(&mut self, n: Node<'f>) {
        let Some(source) = n
            .child_by_field_name("source")
            .and_then(|s| string_value(s, &self.file.source))
        else {
            return;
        };
        for clause in children(n)
            .into_iter()
            .filter(|c| c.kind() == "import_clause")
        {
            for c in children(clause) {
                match c.kind() {
                    "identifier" => {
                        self.imports
                            .insert(self.src(c).to_string(), (source.clone(), "default".into()));
                    }
                    "namespace_import" => {
                        if let Some(id) = children(c).into_iter().find(|x| x.kind() == "identifier")
                        {
                            self.imports
                                .insert(self.src(id).to_string(), (source.clone(), "*".into()));
                        }
                    }
                    "named_imports" => {
                        for spec in children(c)
                            .into_iter()
                            .filter(|s| s.kind() == "import_specifier")
                        {
                            let Some(name) = spec.child_by_field_name("name") else {
                                continue;
                            };
                            let alias = spec.child_by_field_name("alias").unwrap_or(name);
                            self.imports.insert(
                                self.src(alias).to_string(),
                                (source.clone(), self.src(name).to_string()),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn add_assignment(&mut self, target: Node<'f>, value: Node<'f>) {
        // const x = require('m') / const { a, b: c } = require('m')
        let v = unwrap(value);
        if v.kind() == "call_expression"
            && v.child_by_field_name("function")
                .is_some_and(|f| self.src(f) == "require")
            && let Some(module) = v
                .child_by_field_name("arguments")
                .and_then(|a| children(a).into_iter().next())
                .and_then(|a| string_value(a, &self.file.source))
        {
            match target.kind() {
                "identifier" => {
                    self.imports
                        .insert(self.src(target).to_string(), (module, "*".into()));
                }
                "object_pattern" => {
                    for p in children(target) {
                        match p.kind() {
                            "shorthand_property_identifier_pattern" => {
                                let name = self.src(p).to_string();
                                self.imports.insert(name.clone(), (module.clone(), name));
                            }
                            "pair_pattern" => {
                                if let (Some(k), Some(val)) =
                                    (p.child_by_field_name("key"), p.child_by_field_name("value"))
                                {
                                    self.imports.insert(
                                        self.src(val).to_string(),
                                        (module.clone(), self.src(k).to_string()),
                                    );
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        self.assigned.insert(self.src(target).to_string(), value);
    }

    /// The SDK module an imported name comes from.
    fn module_of(&self, name: &str) -> Option<&str> {
        self.imports.get(name).map(|(m, _)| m.as_str())
    }

    /// The IAM prefix of an SDK v3 package (`@aws-sdk/client-sesv2` → `ses`).
    fn v3_prefix(module: &str) -> Option<String> {
        if module == "@aws-sdk/lib-dynamodb" {
            return Some("dynamodb".into());
        }
        module
            .strip_prefix("@aws-sdk/client-")
            .map(|s| sdk::iam_prefix(&s.replace('-', "")))
    }

    fn binding_of(&self, value: Node<'_>) -> Option<Binding> {
        let v = unwrap(value);
        match v.kind() {
            "new_expression" => {
                let ctor = v.child_by_field_name("constructor")?;
                let name = self.src(ctor);
                if name.ends_with("DynamoDB.DocumentClient") {
                    return Some(Binding::V2Document);
                }
                if let Some(class) = name.strip_prefix("AWS.") {
                    return Some(Binding::V2Client(sdk::iam_prefix(class)));
                }
                let module = self.module_of(name.split('.').next().unwrap_or(name))?;
                if let Some(prefix) = Self::v3_prefix(module) {
                    return Some(if name.ends_with("Client") {
                        Binding::V3Client(prefix)
                    } else {
                        Binding::V3Aggregated(prefix)
                    });
                }
                if let Some(svc) = module.strip_prefix("aws-sdk/clients/") {
                    return Some(if name.ends_with("DocumentClient") {
                        Binding::V2Document
                    } else {
                        Binding::V2Client(sdk::iam_prefix(svc))
                    });
                }
                match module {
                    "ioredis" | "redis" => Some(Binding::Redis),
                    _ => None,
                }
            }
            "call_expression" => {
                let f = self.src(v.child_by_field_name("function")?);
                let head = f.split('.').next().unwrap_or(f);
                match f {
                    "DynamoDBDocumentClient.from" | "DynamoDBDocument.from" => {
                        Some(Binding::V3Client("dynamodb".into()))
                    }
                    "axios.create" => Some(Binding::Axios),
                    _ if f.ends_with("createClient")
                        && matches!(self.module_of(head), Some("redis")) =>
                    {
                        Some(Binding::Redis)
                    }
                    _ => None,
                }
            }
            "identifier" => self.bindings.get(self.src(v)).cloned(),
            _ => None,
        }
    }

    /// A top-level function of this file by name (declaration or const arrow/function).
    fn function(&self, name: &str) -> Option<Node<'f>> {
        let root = self.file.tree.root_node();
        for n in descendants(root, &|n| is_function(n)) {
            match n.kind() {
                "function_declaration" | "generator_function_declaration"
                    if n.child_by_field_name("name")
                        .is_some_and(|x| self.src(x) == name) =>
                {
                    return Some(n);
                }
                "variable_declarator"
                    if n.child_by_field_name("name")
                        .is_some_and(|x| self.src(x) == name) =>
                {
                    let value = n.child_by_field_name("value")?;
                    return Some(value);
                }
                _ => {}
            }
        }
        None
    }

    /// The node an export of this file stands for: `export const handler = ..`,
    /// `export function handler`, `export { x as handler }`, `exports.handler = ..`,
    /// `module.exports.handler = ..`, `module.exports = { handler }`.
    fn export(&self, name: &str) -> Option<Node<'f>> {
        let root = self.file.tree.root_node();
        for n in children(root) {
            match n.kind() {
                "export_statement" => {
                    if let Some(decl) = n.child_by_field_name("declaration") {
                        match decl.kind() {
                            "function_declaration" | "generator_function_declaration"
                                if decl
                                    .child_by_field_name("name")
                                    .is_some_and(|x| self.src(x) == name) =>
                            {
                                return Some(decl);
                            }
                            "lexical_declaration" | "variable_declaration" => {
                                for d in children(decl)
                                    .into_iter()
                                    .filter(|d| d.kind() == "variable_declarator")
                                {
                                    if d.child_by_field_name("name")
                                        .is_some_and(|x| self.src(x) == name)
                                    {
                                        return d.child_by_field_name("value");
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    for clause in children(n)
                        .into_iter()
                        .filter(|c| c.kind() == "export_clause")
                    {
                        for spec in children(clause) {
                            let Some(local) = spec.child_by_field_name("name") else {
                                continue;
                            };
                            let exported = spec.child_by_field_name("alias").unwrap_or(local);
                            if self.src(exported) == name {
                                return self.function(self.src(local));
                            }
                        }
                    }
                    if name == "default"
                        && let Some(v) = n.child_by_field_name("value")
                    {
                        return Some(v);
                    }
                }
                "expression_statement" => {
                    let Some(a) = children(n)
                        .into_iter()
                        .find(|c| c.kind() == "assignment_expression")
                    else {
                        continue;
                    };
                    let (Some(left), Some(right)) = (
                        a.child_by_field_name("left"),
                        a.child_by_field_name("right"),
                    ) else {
                        continue;
                    };
                    let l = self.src(left);
                    if l == format!("exports.{name}") || l == format!("module.exports.{name}") {
                        return Some(right);
                    }
                    if l == "module.exports" && right.kind() == "object" {
                        for p in children(right) {
                            match p.kind() {
                                "shorthand_property_identifier" if self.src(p) == name => {
                                    return self.function(name);
                                }
                                "pair"
                                    if p.child_by_field_name("key")
                                        .is_some_and(|k| self.src(k) == name) =>
                                {
                                    let v = p.child_by_field_name("value")?;
                                    return if v.kind() == "identifier" {
                                        self.function(self.src(v))
                                    } else {
                                        Some(v)
                                    };
                                }
                                _ => {}
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// What a bare name leads to: a function here, or an import from a local module.
    fn follow_name(&self, name: &str) -> Follow {
        if let Some((module, imported)) = self.imports.get(name) {
            if module.starts_with('.') && imported != "*" {
                return Follow::Module(module.clone(), imported.clone());
            }
            return Follow::None;
        }
        Follow::Local(name.to_string())
    }

    /// The functions a call leads into: its callee and functions passed by name.
    fn follows(&self, call: Node<'_>) -> Vec<Follow> {
        let mut out = Vec::new();
        if let Some(func) = call.child_by_field_name("function") {
            match func.kind() {
                "identifier" => out.push(self.follow_name(self.src(func))),
                "member_expression" => {
                    if let (Some(obj), Some(prop)) = (
                        func.child_by_field_name("object"),
                        func.child_by_field_name("property"),
                    ) && obj.kind() == "identifier"
                        && let Some((module, imported)) = self.imports.get(self.src(obj))
                        && module.starts_with('.')
                        && matches!(imported.as_str(), "*" | "default")
                    {
                        out.push(Follow::Module(module.clone(), self.src(prop).to_string()));
                    }
                }
                _ => {}
            }
        }
        if let Some(args) = call.child_by_field_name("arguments") {
            for a in children(args)
                .into_iter()
                .filter(|a| a.kind() == "identifier")
            {
                out.push(self.follow_name(self.src(a)));
            }
        }
        out
    }

    /// Property names, update expression and item key text of the objects in `args`.
    fn facts(&self, args: Option<Node<'_>>) -> CallFacts {
        let mut facts = CallFacts::default();
        let Some(args) = args else { return facts };
        // Variables are expanded one level, into callbacks too (`entries = records.map(r =>
        // ({ .., MessageDeduplicationId: .. }))`).
        let mut nodes = vec![(args, true)];
        let mut expanded = 0;
        while let Some((node, stop_at_functions)) = nodes.pop() {
            for n in descendants(node, &|n| stop_at_functions && is_function(n)) {
                match n.kind() {
                    "pair" => {
                        let Some(k) = n.child_by_field_name("key") else {
                            continue;
                        };
                        let key = string_value(k, &self.file.source)
                            .unwrap_or_else(|| self.src(k).to_string());
                        if let Some(v) = n.child_by_field_name("value") {
                            match key.as_str() {
                                "UpdateExpression" => facts.update_expression = self.string_of(v),
                                "ConditionExpression" => {
                                    facts.condition_expression = Some(
                                        self.string_of(v)
                                            .unwrap_or_else(|| self.src(v).to_string()),
                                    )
                                }
                                "Item" => facts.item = Some(self.generated_key_text(v)),
                                _ => {}
                            }
                        }
                        facts.keys.push(key);
                    }
                    "shorthand_property_identifier" => {
                        let key = self.src(n).to_string();
                        if let Some(v) = self.assigned.get(&key).copied() {
                            match key.as_str() {
                                "UpdateExpression" => facts.update_expression = self.string_of(v),
                                "Item" => facts.item = Some(self.generated_key_text(v)),
                                _ => {}
                            }
                        }
                        facts.keys.push(key);
                    }
                    "identifier" if expanded < 8 => {
                        if let Some(v) = self.assigned.get(self.src(n)) {
                            let v = unwrap(*v);
                            if matches!(v.kind(), "object" | "array" | "call_expression") {
                                expanded += 1;
                                nodes.push((v, false));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        facts
    }

    fn string_of(&self, v: Node<'_>) -> Option<String> {
        string_value(v, &self.file.source).or_else(|| {
            (v.kind() == "identifier")
                .then(|| self.assigned.get(self.src(v)))
                .flatten()
                .and_then(|r| string_value(unwrap(*r), &self.file.source))
        })
    }

    /// The text of an item's key-like properties, expanded one level through variables.
    fn generated_key_text(&self, item: Node<'_>) -> String {
        let item = match item.kind() {
            "identifier" => self
                .assigned
                .get(self.src(item))
                .map(|n| unwrap(*n))
                .unwrap_or(item),
            _ => item,
        };
        if item.kind() != "object" {
            return self.src(item).to_string();
        }
        let mut out = String::new();
        for p in children(item) {
            let (key, value) = match p.kind() {
                "pair" => (
                    p.child_by_field_name("key").map(|k| {
                        string_value(k, &self.file.source)
                            .unwrap_or_else(|| self.src(k).to_string())
                    }),
                    p.child_by_field_name("value"),
                ),
                "shorthand_property_identifier" => (Some(self.src(p).to_string()), Some(p)),
                _ => continue,
            };
            let (Some(key), Some(value)) = (key, value) else {
                continue;
            };
            if !sdk::key_like(&key) {
                continue;
            }
            out.push_str(self.src(value));
            out.push(' ');
            if let Some(r) = self.assigned.get(self.src(value)) {
                out.push_str(self.src(*r));
                out.push(' ');
            }
        }
        out
    }

    fn effect(
        &self,
        node: Node<'_>,
        kind: EffectKind,
        aws: Option<(&str, &str)>,
        detail: &str,
    ) -> Effect {
        Effect::at(&self.file.path, node, kind, aws, detail.to_string())
    }

    fn aws(
        &self,
        call: Node<'_>,
        prefix: &str,
        op: &str,
        args: Option<Node<'_>>,
        out: &mut Vec<Effect>,
    ) {
        let detail = snippet(self.src(call));
        out.extend(Effect::aws_call(
            &self.file.path,
            call,
            (prefix, op),
            &self.facts(args),
            &detail,
        ));
    }

    /// Effects of one call expression.
    fn call_effects(&self, call: Node<'_>, out: &mut Vec<Effect>) {
        let Some(func) = call.child_by_field_name("function") else {
            return;
        };
        let args = call.child_by_field_name("arguments");
        let first_arg = args.and_then(|a| children(a).into_iter().next());
        let callee = self.src(func);
        let detail = snippet(self.src(call));
        if func.kind() == "member_expression"
            && let (Some(object), Some(prop)) = (
                func.child_by_field_name("object"),
                func.child_by_field_name("property"),
            )
        {
            let method = self.src(prop);
            // v3: client.send(new XCommand({...}))
            if method == "send"
                && let Some(cmd) = first_arg
                    .map(unwrap)
                    .filter(|a| a.kind() == "new_expression")
                && let Some(ctor) = cmd.child_by_field_name("constructor")
                && let Some(op_name) = self.src(ctor).strip_suffix("Command")
            {
                let module = self.module_of(self.src(ctor));
                let prefix =
                    module
                        .and_then(Self::v3_prefix)
                        .or_else(|| match self.binding_of(object) {
                            Some(Binding::V3Client(p) | Binding::V3Aggregated(p)) => Some(p),
                            _ => None,
                        });
                if let Some(prefix) = prefix {
                    let document = module == Some("@aws-sdk/lib-dynamodb");
                    let op = if document {
                        sdk::document_operation(op_name)
                            .unwrap_or(op_name)
                            .to_string()
                    } else {
                        op_name.to_string()
                    };
                    self.aws(
                        call,
                        &prefix,
                        &op,
                        cmd.child_by_field_name("arguments"),
                        out,
                    );
                    return;
                }
            }
            match self.binding_of(object) {
                Some(Binding::V2Client(prefix) | Binding::V3Aggregated(prefix))
                    if !matches!(
                        method,
                        "promise"
                            | "send"
                            | "on"
                            | "makeRequest"
                            | "config"
                            | "destroy"
                            | "getSignedUrl"
                            | "getSignedUrlPromise"
                            | "createPresignedPost"
                            | "middlewareStack"
                    ) =>
                {
                    self.aws(call, &prefix, &sdk::pascal(method), args, out);
                    return;
                }
                Some(Binding::V2Document) => {
                    if let Some(op) = sdk::document_operation(method) {
                        self.aws(call, "dynamodb", op, args, out);
                    }
                    return;
                }
                Some(Binding::Redis)
                    if matches!(
                        method.to_ascii_lowercase().as_str(),
                        "incr"
                            | "incrby"
                            | "incrbyfloat"
                            | "hincrby"
                            | "hincrbyfloat"
                            | "lpush"
                            | "rpush"
                            | "zincrby"
                    ) =>
                {
                    out.push(self.effect(call, EffectKind::AdditiveWrite, None, &detail));
                    return;
                }
                Some(Binding::Axios) if matches!(method, "post" | "put" | "patch") => {
                    let detail = format!("{} {detail}", method.to_ascii_uppercase());
                    out.push(self.effect(call, EffectKind::HttpPost, None, &detail));
                    return;
                }
                _ => {}
            }
            let head = callee.split('.').next().unwrap_or(callee);
            let kind = if matches!(method, "post" | "put" | "patch")
                && matches!(head, "axios" | "got" | "superagent" | "ky")
            {
                Some(EffectKind::HttpPost)
            } else if method == "sendMail" || callee.ends_with("messages.create") {
                Some(EffectKind::Notification)
            } else if callee.ends_with("charges.create")
                || callee.ends_with("paymentIntents.create")
            {
                (!self.facts(args).keys.iter().any(|k| k == "idempotencyKey"))
                    .then_some(EffectKind::Payment)
            } else {
                None
            };
            if let Some(kind) = kind {
                let detail = match kind {
                    EffectKind::HttpPost => format!("{} {detail}", method.to_ascii_uppercase()),
                    _ => detail,
                };
                out.push(self.effect(call, kind, None, &detail));
            }
            return;
        }
        let kind = match callee {
            "fetch" | "axios" | "got" => {
                let facts_method = args.and_then(|a| {
                    descendants(a, &|n| is_function(n))
                        .into_iter()
                        .find_map(|n| {
                            (n.kind() == "pair"
                                && n.child_by_field_name("key").is_some_and(|k| {
                                    self.src(k).trim_matches(['"', '\'']) == "method"
                                }))
                            .then(|| n.child_by_field_name("value"))
                            .flatten()
                            .and_then(|v| self.string_of(v))
                        })
                });
                match facts_method.map(|m| m.to_ascii_uppercase()) {
                    Some(m) if matches!(m.as_str(), "POST" | "PUT" | "PATCH") => {
                        out.push(self.effect(
                            call,
                            EffectKind::HttpPost,
                            None,
                            &format!("{m} {detail}"),
                        ));
                        return;
                    }
                    _ => None,
                }
            }
            "makeIdempotent" | "makeHandlerIdempotent" => Some(EffectKind::IdempotencyGuard),
            "processPartialResponse" | "processPartialResponseSync" => {
                Some(EffectKind::BatchItemFailures)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            out.push(self.effect(call, kind, None, &detail));
        }
    }

    /// `batchItemFailures` returned: a key of an object in a return statement (or an arrow's
    /// expression body).
    fn batch_failures(&self, n: Node<'_>, out: &mut Vec<Effect>) {
        let key = match n.kind() {
            "pair" => n.child_by_field_name("key"),
            _ => Some(n),
        };
        let Some(key) = key else { return };
        let name =
            string_value(key, &self.file.source).unwrap_or_else(|| self.src(key).to_string());
        if name != "batchItemFailures" {
            return;
        }
        let mut p = n.parent();
        while let Some(x) = p {
            if x.kind() == "return_statement" {
                out.push(self.effect(
                    key,
                    EffectKind::BatchItemFailures,
                    None,
                    &snippet(self.src(n)),
                ));
                return;
            }
            if is_function(x) {
                if x.kind() == "arrow_function"
                    && x.child_by_field_name("body")
                        .is_some_and(|b| b.kind() != "statement_block")
                {
                    out.push(self.effect(
                        key,
                        EffectKind::BatchItemFailures,
                        None,
                        &snippet(self.src(n)),
                    ));
                }
                return;
            }
            p = x.parent();
        }
    }

    /// TypeScript `@idempotent(...)` method decorators.
    fn decorator(&self, d: Node<'_>, out: &mut Vec<Effect>) {
        let t = self.src(d).trim_start_matches('@');
        let name = t
            .split('(')
            .next()
            .unwrap_or(t)
            .rsplit('.')
            .next()
            .unwrap_or(t);
        if name == "idempotent" {
            out.push(self.effect(d, EffectKind::IdempotencyGuard, None, &snippet(self.src(d))));
        }
    }
}
