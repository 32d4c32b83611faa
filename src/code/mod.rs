//! Handler code analysis: what a function's deployed code does when it runs.
//!
//! Owns: loading a function's source files ([`tree`]), finding the handler from the Handler
//! setting and following calls into same-file functions and local modules ([`python`],
//! [`javascript`]), and naming each effect ([`Effect`]): AWS SDK calls mapped to IAM actions
//! ([`sdk`]), additive writes, conditional writes, fresh-id inserts, notifications, payments,
//! HTTP posts, unnamed executions, sends without deduplication ids, idempotency guards and
//! partial batch responses. Parsing is tree-sitter (Python, JavaScript, TypeScript), never
//! regular expressions over code. Not for: deciding whether a handler is safe (rules do that
//! over the `handler_effects` table).

pub mod download;
pub mod javascript;
pub mod package;
pub mod python;
pub mod sdk;
pub mod source;
pub mod syntax;
pub mod tree;

use serde::{Deserialize, Serialize};

/// What an effect is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectKind {
    /// An AWS SDK call (service, operation and IAM action set).
    AwsCall,
    /// An update that adds instead of sets (DynamoDB `ADD`, `SET x = x + :n`, Redis `INCR`).
    AdditiveWrite,
    /// A DynamoDB write with a `ConditionExpression` (a guard for that write).
    ConditionalWrite,
    /// An unconditional insert keyed by a generated value (uuid, time).
    FreshIdInsert,
    /// Email, SMS or push sent.
    Notification,
    /// A payment without an idempotency key.
    Payment,
    /// An outbound HTTP POST, PUT or PATCH.
    HttpPost,
    /// A Step Functions execution started without a name.
    UnnamedExecution,
    /// An SQS send or SNS publish without a deduplication id.
    SendWithoutDedup,
    /// An idempotency guard (Powertools, middy).
    IdempotencyGuard,
    /// The handler returns `batchItemFailures`.
    BatchItemFailures,
}

impl EffectKind {
    /// The snake_case name used in SQL and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EffectKind::AwsCall => "aws_call",
            EffectKind::AdditiveWrite => "additive_write",
            EffectKind::ConditionalWrite => "conditional_write",
            EffectKind::FreshIdInsert => "fresh_id_insert",
            EffectKind::Notification => "notification",
            EffectKind::Payment => "payment",
            EffectKind::HttpPost => "http_post",
            EffectKind::UnnamedExecution => "unnamed_execution",
            EffectKind::SendWithoutDedup => "send_without_dedup",
            EffectKind::IdempotencyGuard => "idempotency_guard",
            EffectKind::BatchItemFailures => "batch_item_failures",
        }
    }
}

/// One effect of a handler, where it is in the code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Effect {
    /// Source file, relative to the package root.
    pub file: String,
    /// 1-based line of the call (or decorator, or key).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What it is.
    pub kind: EffectKind,
    /// IAM service prefix (`dynamodb`, `states`), for AWS effects.
    pub service: Option<String>,
    /// API operation (`PutItem`), for AWS effects.
    pub operation: Option<String>,
    /// IAM action (`dynamodb:PutItem`), for AWS effects.
    pub iam_action: Option<String>,
    /// The call as written (shortened), or what makes it this kind.
    pub detail: String,
}

impl Effect {
    /// An effect at `node` of `file`; `aws` is the (IAM prefix, operation) of AWS effects.
    pub(crate) fn at(
        file: &str,
        node: tree_sitter::Node<'_>,
        kind: EffectKind,
        aws: Option<(&str, &str)>,
        detail: String,
    ) -> Effect {
        let (line, column) = syntax::position(node);
        Effect {
            file: file.to_string(),
            line,
            column,
            kind,
            service: aws.map(|(p, _)| p.to_string()),
            operation: aws.map(|(_, o)| o.to_string()),
            iam_action: aws.map(|(p, o)| sdk::iam_action(p, o)),
            detail,
        }
    }

    /// An AWS call at `node` and what its arguments make of it (additive update,
    /// notification, unnamed execution, ...).
    pub(crate) fn aws_call(
        file: &str,
        node: tree_sitter::Node<'_>,
        (prefix, op): (&str, &str),
        facts: &sdk::CallFacts,
        detail: &str,
    ) -> Vec<Effect> {
        let aws = Some((prefix, op));
        std::iter::once(Effect::at(
            file,
            node,
            EffectKind::AwsCall,
            aws,
            detail.to_string(),
        ))
        .chain(
            sdk::semantic_kinds(prefix, op, facts)
                .into_iter()
                .map(|kind| Effect::at(file, node, kind, aws, facts.detail(kind, detail))),
        )
        .collect()
    }
}

/// Why a function's code was not analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotAnalysed {
    /// Container-image functions ship no zip to read.
    #[error("container image: the code is not in a zip package")]
    ContainerImage,
    /// A runtime whose language is not analysed.
    #[error("runtime {0} is not analysed (Python and Node.js are)")]
    Runtime(String),
    /// No Handler setting.
    #[error("the function has no Handler setting")]
    NoHandler,
    /// The handler's file is not in the package.
    #[error("handler file {0} is not in the code")]
    MissingFile(String),
    /// The handler function is not defined in its file.
    #[error("handler function `{function}` is not defined in {file}")]
    MissingFunction {
        /// The file.
        file: String,
        /// The function.
        function: String,
    },
    /// A file could not be parsed.
    #[error("{0} could not be parsed")]
    Parse(String),
}

/// The language a file is analysed as, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// `.py`
    Python,
    /// `.js`, `.mjs`, `.cjs`
    JavaScript,
    /// `.ts`, `.mts`, `.cts`
    TypeScript,
    /// `.tsx`
    Tsx,
}

impl Language {
    /// The language of `path`, if analysed.
    pub fn of(path: &str) -> Option<Language> {
        let ext = path.rsplit_once('.')?.1;
        Some(match ext {
            "py" => Language::Python,
            "js" | "mjs" | "cjs" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            _ => return None,
        })
    }

    /// The tree-sitter grammar.
    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }
}

/// Analyses the handler `handler` (the Lambda Handler setting) of `runtime` in `code`.
pub fn analyse(
    code: &tree::CodeTree,
    runtime: &str,
    handler: &str,
) -> Result<Vec<Effect>, NotAnalysed> {
    let mut effects = if runtime.starts_with("python") {
        python::analyse(code, handler)?
    } else if runtime.starts_with("nodejs") {
        javascript::analyse(code, handler)?
    } else {
        return Err(NotAnalysed::Runtime(runtime.to_string()));
    };
    effects.sort();
    effects.dedup();
    Ok(effects)
}
