//! Python handlers: boto3 clients, resources and tables, requests/httpx/urllib, smtplib,
//! Stripe, Twilio, Redis and Powertools, followed from the handler into same-file functions
//! and local modules.

use super::sdk::{self, CallFacts};
use super::syntax::{children, descendants, parse, snippet, string_value, text};
use super::tree::{CodeTree, join_relative};
use super::{Effect, EffectKind, Language, NotAnalysed};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use tree_sitter::{Node, Tree};

/// How deep calls are followed from the handler.
const MAX_DEPTH: usize = 4;

/// What a name is bound to.
#[derive(Debug, Clone, PartialEq)]
enum Binding {
    /// A boto3 client of this IAM prefix.
    Client(String),
    /// A boto3 resource of this IAM prefix.
    Resource(String),
    /// A DynamoDB `Table`.
    Table,
    /// A Redis client.
    Redis,
    /// An SMTP connection.
    Smtp,
}

/// One parsed file with what the analysis needs from it.
struct File {
    path: String,
    source: String,
    tree: Tree,
}

impl File {
    fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }
}

/// Analyses the handler `setting` (`module.function`, `pkg/mod.function`).
pub fn analyse(code: &CodeTree, setting: &str) -> Result<Vec<Effect>, NotAnalysed> {
    let (module, function) = setting.rsplit_once('.').ok_or(NotAnalysed::NoHandler)?;
    let path = format!("{}.py", module.replace('.', "/"));
    let mut files: BTreeMap<String, File> = BTreeMap::new();
    load(code, &path, &mut files)?.ok_or_else(|| NotAnalysed::MissingFile(path.clone()))?;
    if top_level_function(&files[&path], function).is_none() {
        return Err(NotAnalysed::MissingFunction {
            file: path,
            function: function.to_string(),
        });
    }
    let mut out = Vec::new();
    let mut queue = VecDeque::from([(path.clone(), function.to_string(), 0usize)]);
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut module_walked: BTreeSet<String> = BTreeSet::new();
    while let Some((file_path, name, depth)) = queue.pop_front() {
        if !seen.insert((file_path.clone(), name.clone())) {
            continue;
        }
        let calls = {
            let f = &files[&file_path];
            let ctx = Ctx::new(f);
            if module_walked.insert(file_path.clone()) {
                let top = descendants(f.root(), &|n| is_scope(n));
                for n in top.into_iter().filter(|n| n.kind() == "call") {
                    ctx.call_effects(n, &mut out);
                }
            }
            let Some(def) = top_level_function(f, &name) else {
                continue;
            };
            ctx.decorator_effects(def, &mut out);
            let body = descendants(def, &|_| false);
            let mut callees = Vec::new();
            for n in body {
                match n.kind() {
                    "call" => {
                        ctx.call_effects(n, &mut out);
                        callees.push(ctx.callee(n));
                        callees.extend(ctx.function_arguments(n).into_iter().map(Some));
                    }
                    "pair" => ctx.batch_failures(n, &mut out),
                    _ => {}
                }
            }
            callees
        };
        if depth >= MAX_DEPTH {
            continue;
        }
        for callee in calls.into_iter().flatten() {
            let target = match callee {
                Callee::Local(fname) => Some((file_path.clone(), fname)),
                Callee::Module(module, fname) => {
                    resolve_module(code, &file_path, &module, &mut files)?.map(|p| (p, fname))
                }
            };
            if let Some((p, fname)) = target
                && top_level_function(&files[&p], &fname).is_some()
            {
                queue.push_back((p, fname, depth + 1));
            }
        }
    }
    Ok(out)
}

/// Parses `path` into `files` once; `None` when the tree has no such file.
fn load(
    code: &CodeTree,
    path: &str,
    files: &mut BTreeMap<String, File>,
) -> Result<Option<()>, NotAnalysed> {
    if files.contains_key(path) {
        return Ok(Some(()));
    }
    let Some(source) = code.get(path) else {
        return Ok(None);
    };
    let tree =
        parse(Language::Python, source).ok_or_else(|| NotAnalysed::Parse(path.to_string()))?;
    files.insert(
        path.to_string(),
        File {
            path: path.to_string(),
            source: source.to_string(),
            tree,
        },
    );
    Ok(Some(()))
}

/// Finds the file of a local module imported from `from` (`repo`, `lib.repo`, `.repo`).
fn resolve_module(
    code: &CodeTree,
    from: &str,
    module: &str,
    files: &mut BTreeMap<String, File>,
) -> Result<Option<String>, NotAnalysed> {
    let dots = module.chars().take_while(|c| *c == '.').count();
    let rest = module[dots..].replace('.', "/");
    let mut candidates = Vec::new();
    if dots > 0 {
        let up = "../".repeat(dots - 1);
        if let Some(base) = join_relative(from, &format!("./{up}{rest}")) {
            candidates.push(base);
        }
    } else {
        candidates.push(rest.clone());
        if let Some(base) = join_relative(from, &format!("./{rest}")) {
            candidates.push(base);
        }
    }
    for base in candidates {
        for path in [format!("{base}.py"), format!("{base}/__init__.py")] {
            if load(code, &path, files)?.is_some() {
                return Ok(Some(path));
            }
        }
    }
    Ok(None)
}

/// A module-level `def name` (plain or decorated).
fn top_level_function<'a>(f: &'a File, name: &str) -> Option<Node<'a>> {
    children(f.root()).into_iter().find_map(|n| {
        let def = match n.kind() {
            "function_definition" => n,
            "decorated_definition" => n.child_by_field_name("definition")?,
            _ => return None,
        };
        (def.kind() == "function_definition"
            && def
                .child_by_field_name("name")
                .is_some_and(|id| text(id, &f.source) == name))
        .then_some(def)
    })
}

/// Nodes whose bodies run later, not at import time.
fn is_scope(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "function_definition" | "class_definition" | "lambda"
    )
}

/// A call into code the analysis may follow.
enum Callee {
    /// A function of the same file.
    Local(String),
    /// A function of a local module (module path as imported).
    Module(String, String),
}

/// Per-file knowledge: bindings and imports.
struct Ctx<'f> {
    file: &'f File,
    bindings: BTreeMap<String, Binding>,
    /// Right-hand sides of simple assignments, by target text (last one wins).
    assigned: BTreeMap<String, Node<'f>>,
    /// `import x as y` / `from . import y`: local name → module path.
    modules: BTreeMap<String, String>,
    /// `from m import f as g`: local name → (module, name).
    imported: BTreeMap<String, (String, String)>,
}

impl<'f> Ctx<'f> {
    fn new(file: &'f File) -> Ctx<'f> {
        let mut ctx = Ctx {
            file,
            bindings: BTreeMap::new(),
            assigned: BTreeMap::new(),
            modules: BTreeMap::new(),
            imported: BTreeMap::new(),
        };
        let all = descendants(file.root(), &|_| false);
        for n in &all {
            match n.kind() {
                "assignment" => {
                    let (Some(left), Some(right)) = (
                        n.child_by_field_name("left"),
                        n.child_by_field_name("right"),
                    ) else {
                        continue;
                    };
                    let name = text(left, &file.source).to_string();
                    ctx.assigned.insert(name.clone(), right);
                    if let Some(b) = ctx.binding_of(right) {
                        ctx.bindings.insert(name, b);
                    }
                }
                // `with smtplib.SMTP(...) as smtp:`
                "as_pattern" => {
                    let kids = children(*n);
                    let (Some(value), Some(alias)) = (kids.first(), kids.last()) else {
                        continue;
                    };
                    if let Some(b) = ctx.binding_of(*value) {
                        ctx.bindings
                            .insert(text(*alias, &file.source).to_string(), b);
                    }
                }
                "import_statement" => {
                    for c in children(*n) {
                        let (module, alias) = match c.kind() {
                            "dotted_name" => (text(c, &file.source), text(c, &file.source)),
                            "aliased_import" => match (
                                c.child_by_field_name("name"),
                                c.child_by_field_name("alias"),
                            ) {
                                (Some(m), Some(a)) => {
                                    (text(m, &file.source), text(a, &file.source))
                                }
                                _ => continue,
                            },
                            _ => continue,
                        };
                        ctx.modules.insert(alias.to_string(), module.to_string());
                    }
                }
                "import_from_statement" => {
                    let Some(m) = n.child_by_field_name("module_name") else {
                        continue;
                    };
                    let module = text(m, &file.source).to_string();
                    for c in children(*n).into_iter().filter(|c| *c != m) {
                        let (name, alias) = match c.kind() {
                            "dotted_name" => (text(c, &file.source), text(c, &file.source)),
                            "aliased_import" => match (
                                c.child_by_field_name("name"),
                                c.child_by_field_name("alias"),
                            ) {
                                (Some(x), Some(a)) => {
                                    (text(x, &file.source), text(a, &file.source))
                                }
                                _ => continue,
                            },
                            _ => continue,
                        };
                        // `from . import repo` imports a module; `from repo import save` a name.
                        if module.chars().all(|c| c == '.') {
                            ctx.modules
                                .insert(alias.to_string(), format!("{module}{name}"));
                        } else {
                            ctx.imported
                                .insert(alias.to_string(), (module.clone(), name.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        ctx
    }

    fn src(&self, n: Node<'_>) -> &'f str {
        text(n, &self.file.source)
    }

    /// What a constructor expression makes (`boto3.client('ses')`, `ddb.Table('t')`, ...).
    fn binding_of(&self, expr: Node<'_>) -> Option<Binding> {
        if expr.kind() != "call" {
            return None;
        }
        let func = expr.child_by_field_name("function")?;
        let callee = self.src(func);
        let last = callee.rsplit('.').next().unwrap_or(callee);
        let first_string = expr
            .child_by_field_name("arguments")
            .and_then(|a| children(a).into_iter().next())
            .and_then(|a| string_value(a, &self.file.source))
            .or_else(|| self.keyword_string(expr, "service_name"));
        match last {
            "client" => Some(Binding::Client(sdk::iam_prefix(&first_string?))),
            "resource" => Some(Binding::Resource(sdk::iam_prefix(&first_string?))),
            "Table" => {
                let object = func.child_by_field_name("object")?;
                match self.value_binding(object) {
                    Some(Binding::Resource(p)) if p == "dynamodb" => Some(Binding::Table),
                    _ => None,
                }
            }
            "Redis" | "StrictRedis" | "from_url"
                if callee.contains("redis") || last != "from_url" =>
            {
                Some(Binding::Redis)
            }
            "SMTP" | "SMTP_SSL" => Some(Binding::Smtp),
            _ => None,
        }
    }

    /// The binding an expression evaluates to: a bound name or an inline constructor.
    fn value_binding(&self, expr: Node<'_>) -> Option<Binding> {
        match expr.kind() {
            "identifier" | "attribute" => self.bindings.get(self.src(expr)).cloned(),
            "call" => self.binding_of(expr),
            _ => None,
        }
    }

    fn keyword_string(&self, call: Node<'_>, key: &str) -> Option<String> {
        let args = call.child_by_field_name("arguments")?;
        children(args).into_iter().find_map(|a| {
            (a.kind() == "keyword_argument"
                && a.child_by_field_name("name")
                    .is_some_and(|n| self.src(n) == key))
            .then(|| a.child_by_field_name("value"))
            .flatten()
            .and_then(|v| self.string_of(v))
        })
    }

    /// A string literal, or a name assigned one.
    fn string_of(&self, v: Node<'_>) -> Option<String> {
        string_value(v, &self.file.source).or_else(|| {
            (v.kind() == "identifier")
                .then(|| self.assigned.get(self.src(v)))
                .flatten()
                .and_then(|r| string_value(*r, &self.file.source))
        })
    }

    /// The function a call may lead into.
    fn callee(&self, call: Node<'_>) -> Option<Callee> {
        let func = call.child_by_field_name("function")?;
        match func.kind() {
            "identifier" => {
                let name = self.src(func);
                if let Some((module, orig)) = self.imported.get(name) {
                    return Some(Callee::Module(module.clone(), orig.clone()));
                }
                Some(Callee::Local(name.to_string()))
            }
            "attribute" => {
                let object = func.child_by_field_name("object")?;
                let attr = func.child_by_field_name("attribute")?;
                let module = self.modules.get(self.src(object))?;
                Some(Callee::Module(module.clone(), self.src(attr).to_string()))
            }
            _ => None,
        }
    }

    /// Functions passed by name as arguments (callbacks: `record_handler=record_handler`,
    /// `map(handle, records)`).
    fn function_arguments(&self, call: Node<'_>) -> Vec<Callee> {
        let Some(args) = call.child_by_field_name("arguments") else {
            return Vec::new();
        };
        children(args)
            .into_iter()
            .filter_map(|a| match a.kind() {
                "keyword_argument" => a.child_by_field_name("value"),
                _ => Some(a),
            })
            .filter(|v| v.kind() == "identifier")
            .map(|v| {
                let name = self.src(v);
                match self.imported.get(name) {
                    Some((module, orig)) => Callee::Module(module.clone(), orig.clone()),
                    None => Callee::Local(name.to_string()),
                }
            })
            .collect()
    }

    /// Argument names (keywords, keys of dict literals and of `**params` dicts), the update
    /// expression and the item text of a call.
    fn facts(&self, call: Node<'_>) -> CallFacts {
        let mut facts = CallFacts::default();
        let Some(args) = call.child_by_field_name("arguments") else {
            return facts;
        };
        let mut nodes = vec![args];
        let mut expanded = 0;
        while let Some(node) = nodes.pop() {
            for n in descendants(node, &|n| is_scope(n)) {
                let (key, value) = match n.kind() {
                    "keyword_argument" => (
                        n.child_by_field_name("name")
                            .map(|k| self.src(k).to_string()),
                        n.child_by_field_name("value"),
                    ),
                    "pair" => (
                        n.child_by_field_name("key")
                            .and_then(|k| string_value(k, &self.file.source)),
                        n.child_by_field_name("value"),
                    ),
                    // `**params` or a positional dict variable: follow it once.
                    "identifier" if expanded < 8 => {
                        if let Some(r) = self.assigned.get(self.src(n))
                            && r.kind() == "dictionary"
                        {
                            expanded += 1;
                            nodes.push(*r);
                        }
                        continue;
                    }
                    _ => continue,
                };
                let Some(key) = key else { continue };
                if let Some(v) = value {
                    match key.as_str() {
                        "UpdateExpression" => facts.update_expression = self.string_of(v),
                        // A literal, or a condition builder as written (`Attr("pk").not_exists()`).
                        "ConditionExpression" => {
                            facts.condition_expression =
                                Some(self.string_of(v).unwrap_or_else(|| self.src(v).to_string()))
                        }
                        "Item" => facts.item = Some(self.generated_key_text(v)),
                        _ => {}
                    }
                }
                facts.keys.push(key);
            }
        }
        facts
    }

    /// The text of an item's key-like attributes (`pk`, `id`, `orderId`, `*_key`), each
    /// expanded one level through the variable it names; the whole item when it is not a
    /// dict literal.
    fn generated_key_text(&self, item: Node<'_>) -> String {
        let item = match item.kind() {
            "identifier" => self.assigned.get(self.src(item)).copied().unwrap_or(item),
            _ => item,
        };
        if item.kind() != "dictionary" {
            return self.src(item).to_string();
        }
        let mut out = String::new();
        for pair in children(item).into_iter().filter(|p| p.kind() == "pair") {
            let (Some(k), Some(v)) = (
                pair.child_by_field_name("key"),
                pair.child_by_field_name("value"),
            ) else {
                continue;
            };
            if !string_value(k, &self.file.source).is_some_and(|k| sdk::key_like(&k)) {
                continue;
            }
            out.push_str(self.src(v));
            out.push(' ');
            if let Some(r) = self.assigned.get(self.src(v)) {
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
        detail: String,
    ) -> Effect {
        Effect::at(&self.file.path, node, kind, aws, detail)
    }

    /// The AWS operation of a method call on a bound SDK object, if it is one.
    fn aws_operation(
        &self,
        object: Node<'_>,
        method: &str,
        call: Node<'_>,
    ) -> Option<(String, String)> {
        match self.value_binding(object) {
            Some(Binding::Client(prefix)) => {
                let op = match method {
                    "get_paginator" => sdk::pascal(&self.first_string(call)?),
                    "generate_presigned_url"
                    | "generate_presigned_post"
                    | "get_waiter"
                    | "can_paginate"
                    | "close"
                    | "meta"
                    | "exceptions" => return None,
                    // boto3's managed transfers call the object APIs.
                    "upload_file" | "upload_fileobj" if prefix == "s3" => "PutObject".into(),
                    "download_file" | "download_fileobj" if prefix == "s3" => "GetObject".into(),
                    m => sdk::pascal(m),
                };
                Some((prefix, op))
            }
            Some(Binding::Table) => {
                Some(("dynamodb".into(), sdk::document_operation(method)?.into()))
            }
            Some(Binding::Resource(prefix)) if prefix == "dynamodb" => match method {
                "batch_get_item" | "batch_write_item" => Some((prefix, sdk::pascal(method))),
                _ => None,
            },
            _ => {
                // s3.Object(b, k).put(...) / s3.Bucket(b).upload_file(...)
                if object.kind() == "call"
                    && let Some(f) = object.child_by_field_name("function")
                    && f.kind() == "attribute"
                    && let (Some(inner), Some(ctor)) = (
                        f.child_by_field_name("object"),
                        f.child_by_field_name("attribute"),
                    )
                    && matches!(self.value_binding(inner), Some(Binding::Resource(p)) if p == "s3")
                    && matches!(self.src(ctor), "Object" | "Bucket")
                {
                    let op = match method {
                        "put" | "upload_file" | "upload_fileobj" => "PutObject",
                        "get" | "download_file" | "download_fileobj" => "GetObject",
                        "delete" => "DeleteObject",
                        _ => return None,
                    };
                    return Some(("s3".into(), op.into()));
                }
                None
            }
        }
    }

    fn first_string(&self, call: Node<'_>) -> Option<String> {
        let args = call.child_by_field_name("arguments")?;
        children(args)
            .into_iter()
            .next()
            .and_then(|a| self.string_of(a))
    }

    /// Effects of one call expression.
    fn call_effects(&self, call: Node<'_>, out: &mut Vec<Effect>) {
        let Some(func) = call.child_by_field_name("function") else {
            return;
        };
        let callee = self.src(func);
        let detail = snippet(self.src(call));
        if func.kind() == "attribute"
            && let (Some(object), Some(attr)) = (
                func.child_by_field_name("object"),
                func.child_by_field_name("attribute"),
            )
        {
            let method = self.src(attr);
            if let Some((prefix, op)) = self.aws_operation(object, method, call) {
                let facts = self.facts(call);
                out.extend(Effect::aws_call(
                    &self.file.path,
                    call,
                    (&prefix, &op),
                    &facts,
                    &detail,
                ));
                return;
            }
            match self.value_binding(object) {
                Some(Binding::Redis)
                    if matches!(
                        method,
                        "incr"
                            | "incrby"
                            | "incrbyfloat"
                            | "hincrby"
                            | "hincrbyfloat"
                            | "lpush"
                            | "rpush"
                            | "sadd"
                            | "zincrby"
                    ) =>
                {
                    out.push(self.effect(call, EffectKind::AdditiveWrite, None, detail));
                    return;
                }
                Some(Binding::Smtp) if matches!(method, "sendmail" | "send_message") => {
                    out.push(self.effect(call, EffectKind::Notification, None, detail));
                    return;
                }
                _ => {}
            }
        }
        let facts = || self.facts(call);
        let kind = match callee {
            c if ["requests.", "httpx.", "session.", "client."]
                .iter()
                .any(|p| c.starts_with(p))
                && matches!(c.rsplit('.').next(), Some("post" | "put" | "patch"))
                && (c.starts_with("requests.") || c.starts_with("httpx.")) =>
            {
                Some(EffectKind::HttpPost)
            }
            "urllib.request.Request" | "request.Request" | "Request" => {
                let method = self
                    .keyword_string(call, "method")
                    .unwrap_or_default()
                    .to_ascii_uppercase();
                let has_data = facts().keys.iter().any(|k| k == "data")
                    || call.child_by_field_name("arguments").is_some_and(|a| {
                        children(a)
                            .iter()
                            .filter(|c| c.kind() != "keyword_argument")
                            .count()
                            > 1
                    });
                (matches!(method.as_str(), "POST" | "PUT" | "PATCH")
                    || (method.is_empty() && has_data))
                    .then_some(EffectKind::HttpPost)
            }
            c if (c.ends_with("Charge.create") || c.ends_with("PaymentIntent.create"))
                && c.starts_with("stripe") =>
            {
                (!facts().keys.iter().any(|k| k == "idempotency_key"))
                    .then_some(EffectKind::Payment)
            }
            c if c.ends_with("messages.create") && !c.starts_with("stripe") => {
                Some(EffectKind::Notification)
            }
            c if c == "idempotent_function" || c.ends_with(".idempotent_function") => {
                Some(EffectKind::IdempotencyGuard)
            }
            // Powertools' batch utility returns {"batchItemFailures": [...]}.
            c if c == "process_partial_response" || c.ends_with(".process_partial_response") => {
                Some(EffectKind::BatchItemFailures)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            let detail = match kind {
                EffectKind::HttpPost => format!("{} {detail}", self.http_method(call)),
                _ => detail,
            };
            out.push(self.effect(call, kind, None, detail));
        }
    }

    /// The HTTP method of a request call: the callee's last name (`requests.put`) or the
    /// `method=` keyword, POST by default.
    fn http_method(&self, call: Node<'_>) -> String {
        if let Some(m) = self.keyword_string(call, "method") {
            return m.to_ascii_uppercase();
        }
        let callee = call
            .child_by_field_name("function")
            .map(|f| self.src(f))
            .unwrap_or_default();
        match callee.rsplit('.').next() {
            Some(m @ ("put" | "patch" | "post")) => m.to_ascii_uppercase(),
            _ => "POST".into(),
        }
    }

    /// Powertools decorators on a function definition.
    fn decorator_effects(&self, def: Node<'_>, out: &mut Vec<Effect>) {
        let Some(parent) = def.parent().filter(|p| p.kind() == "decorated_definition") else {
            return;
        };
        for d in children(parent)
            .into_iter()
            .filter(|d| d.kind() == "decorator")
        {
            let t = self.src(d).trim_start_matches('@');
            let name = t.split('(').next().unwrap_or(t);
            let last = name.rsplit('.').next().unwrap_or(name).trim();
            if matches!(last, "idempotent" | "idempotent_function") {
                out.push(self.effect(d, EffectKind::IdempotencyGuard, None, snippet(self.src(d))));
            }
        }
    }

    /// A `"batchItemFailures": ...` key.
    fn batch_failures(&self, pair: Node<'_>, out: &mut Vec<Effect>) {
        if let Some(k) = pair.child_by_field_name("key")
            && string_value(k, &self.file.source).as_deref() == Some("batchItemFailures")
        {
            out.push(self.effect(
                k,
                EffectKind::BatchItemFailures,
                None,
                snippet(self.src(pair)),
            ));
        }
    }
}
