//! Glue collector: the region-wide list calls that already return full definitions
//! (`GetJobs`, `GetCrawlers`, `GetTriggers`, `GetSecurityConfigurations`, `GetConnections`
//! with `HidePassword`), all paginated, and `GetTags` per job and crawler (the only
//! per-resource calls: the list calls carry no tags).
//!
//! Secrets: job arguments keep their values only for Glue's own special parameters
//! ([`GLUE_SPECIAL_PARAMETERS`]); every other value becomes [`REDACTED`], and names whose
//! value looked like a secret are listed. Connections keep property names only.

use super::ctx::map_concurrent;
use super::redact::{REDACTED, looks_secret};
use super::{CollectCtx, CollectError};
use crate::model::Inventory;
use crate::model::glue::{
    GlueConnection, GlueCrawler, GlueJob, GlueSecurityConfiguration, GlueTrigger,
    GlueTriggerAction, GlueTriggerCondition,
};
use crate::sdk_client;
use std::collections::{BTreeMap, HashMap};

/// Glue's own job parameters (AWS docs, "Using job parameters in AWS Glue jobs"): their
/// values are settings, not user data, and are kept. Parameters that can carry user data
/// (`--conf`, `--customer-driver-env-vars`, `--python-modules-installer-option`, ...) are
/// deliberately not listed.
pub const GLUE_SPECIAL_PARAMETERS: &[&str] = &[
    "--additional-python-modules",
    "--auto-scale-within-microbatch",
    "--class",
    "--continuous-log-conversionPattern",
    "--continuous-log-logGroup",
    "--continuous-log-logStreamPrefix",
    "--datalake-formats",
    "--disable-proxy-v2",
    "--enable-auto-scaling",
    "--enable-continuous-cloudwatch-log",
    "--enable-continuous-log-filter",
    "--enable-glue-datacatalog",
    "--enable-job-insights",
    "--enable-lakeformation-fine-grained-access",
    "--enable-metrics",
    "--enable-observability-metrics",
    "--enable-rename-algorithm-v2",
    "--enable-s3-parquet-optimized-committer",
    "--enable-spark-ui",
    "--executor-cores",
    "--extra-files",
    "--extra-jars",
    "--extra-py-files",
    "--job-bookmark-option",
    "--job-language",
    "--scriptLocation",
    "--spark-event-logs-path",
    "--TempDir",
    "--use-postgres-driver",
    "--user-jars-first",
    "--write-shuffle-files-to-s3",
    "--write-shuffle-spills-to-s3",
];

/// Collects Glue jobs, crawlers, triggers, security configurations and connections.
pub async fn collect(ctx: &CollectCtx) -> Result<Inventory, CollectError> {
    let client = sdk_client!(ctx, aws_sdk_glue);

    let mut jobs = Vec::new();
    let mut pages = client.get_jobs().max_results(1000).into_paginator().send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("glue:GetJobs", e))?;
        jobs.extend(page.jobs().iter().map(|j| job_from_sdk(ctx, j)));
    }

    let mut crawlers = Vec::new();
    let mut pages = client
        .get_crawlers()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("glue:GetCrawlers", e))?;
        crawlers.extend(page.crawlers().iter().map(|c| crawler_from_sdk(ctx, c)));
    }

    let mut triggers = Vec::new();
    let mut pages = client
        .get_triggers()
        .max_results(200)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("glue:GetTriggers", e))?;
        triggers.extend(page.triggers().iter().map(|t| trigger_from_sdk(ctx, t)));
    }

    let mut security_configurations = Vec::new();
    let mut pages = client
        .get_security_configurations()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("glue:GetSecurityConfigurations", e))?;
        security_configurations.extend(
            page.security_configurations()
                .iter()
                .map(|s| security_configuration_from_sdk(ctx, s)),
        );
    }

    let mut connections = Vec::new();
    let mut pages = client
        .get_connections()
        .hide_password(true)
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = ctx.call(pages.next()).await {
        let page = page.map_err(|e| CollectError::from_sdk("glue:GetConnections", e))?;
        connections.extend(
            page.connection_list()
                .iter()
                .map(|c| connection_from_sdk(ctx, c)),
        );
    }

    // Tags: one GetTags per job and crawler (no batch form exists).
    let jobs = map_concurrent(jobs, 8, |mut j| {
        let client = client.clone();
        async move {
            match fetch_tags(ctx, &client, &j.arn).await {
                Tags::Gone => None,
                Tags::Got(t) => {
                    j.tags = t;
                    Some(j)
                }
                Tags::Unknown => Some(j),
            }
        }
    })
    .await;
    let crawlers = map_concurrent(crawlers, 8, |mut c| {
        let client = client.clone();
        async move {
            match fetch_tags(ctx, &client, &c.arn).await {
                Tags::Gone => None,
                Tags::Got(t) => {
                    c.tags = t;
                    Some(c)
                }
                Tags::Unknown => Some(c),
            }
        }
    })
    .await;

    Ok(Inventory {
        glue_jobs: jobs.into_iter().flatten().collect(),
        glue_crawlers: crawlers.into_iter().flatten().collect(),
        glue_triggers: triggers,
        glue_security_configurations: security_configurations,
        glue_connections: connections,
        ..Default::default()
    })
}

enum Tags {
    Got(BTreeMap<String, String>),
    /// The resource was deleted since it was listed.
    Gone,
    /// The call failed (recorded as a gap).
    Unknown,
}

async fn fetch_tags(ctx: &CollectCtx, client: &aws_sdk_glue::Client, arn: &str) -> Tags {
    let r = ctx
        .call(client.get_tags().resource_arn(arn).send())
        .await
        .map_err(|e| CollectError::from_sdk("glue:GetTags", e));
    match r {
        Err(e) if e.code == "EntityNotFoundException" => Tags::Gone,
        other => match ctx.soft(other) {
            Some(out) => Tags::Got(
                out.tags()
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default(),
            ),
            None => Tags::Unknown,
        },
    }
}

/// Secret detection for Glue values. A locator (`s3://...`, `jdbc:...`, `https://...`)
/// holds a secret only when it embeds credentials (a password in its user info, or a
/// password or token parameter): the entropy heuristic of [`looks_secret`] would flag every
/// long bucket path or database URL. Other values go through [`looks_secret`].
pub fn value_is_secret(name: &str, value: &str) -> bool {
    let v = value.trim();
    let locator = v.starts_with("jdbc:")
        || v.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    if locator {
        embeds_credentials(v)
    } else {
        looks_secret(name, v)
    }
}

fn embeds_credentials(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let param = [
        "password=",
        "pwd=",
        "passwd=",
        "secret=",
        "token=",
        "apikey=",
        "api_key=",
    ]
    .iter()
    .any(|p| lower.contains(p));
    let user_info = v
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', ';']).next())
        .and_then(|authority| authority.rsplit_once('@'))
        .is_some_and(|(user_info, _)| user_info.contains(':'));
    param || user_info
}

/// Redacts job arguments: values are kept only for [`GLUE_SPECIAL_PARAMETERS`] (and only
/// when they do not look like a secret); returns the arguments and the sorted names whose
/// values looked like secrets.
pub fn redact_arguments(args: &HashMap<String, String>) -> (BTreeMap<String, String>, Vec<String>) {
    let mut out = BTreeMap::new();
    let mut secrets = Vec::new();
    for (k, v) in args {
        let secret = value_is_secret(k.trim_start_matches('-'), v);
        if secret {
            secrets.push(k.clone());
        }
        let keep = !secret && GLUE_SPECIAL_PARAMETERS.contains(&k.as_str());
        out.insert(
            k.clone(),
            if keep {
                v.clone()
            } else {
                REDACTED.to_string()
            },
        );
    }
    secrets.sort();
    (out, secrets)
}

fn job_from_sdk(ctx: &CollectCtx, j: &aws_sdk_glue::types::Job) -> GlueJob {
    let name = j.name().unwrap_or_default().to_string();
    let (default_arguments, mut secret_argument_names) =
        redact_arguments(j.default_arguments().unwrap_or(&HashMap::new()));
    let (non_overridable_arguments, more_secrets) =
        redact_arguments(j.non_overridable_arguments().unwrap_or(&HashMap::new()));
    secret_argument_names.extend(more_secrets);
    secret_argument_names.sort();
    secret_argument_names.dedup();
    let command = j.command();
    GlueJob {
        arn: ctx.arn("glue", &format!("job/{name}")),
        name,
        role_arn: j.role().unwrap_or_default().to_string(),
        command_name: command
            .and_then(|c| c.name())
            .unwrap_or_default()
            .to_string(),
        script_location: command
            .and_then(|c| c.script_location())
            .map(str::to_string),
        python_version: command.and_then(|c| c.python_version()).map(str::to_string),
        glue_version: j.glue_version().map(str::to_string),
        worker_type: j.worker_type().map(|w| w.as_str().to_string()),
        number_of_workers: j.number_of_workers(),
        timeout_minutes: j.timeout(),
        max_retries: j.max_retries(),
        security_configuration: j.security_configuration().map(str::to_string),
        default_arguments,
        non_overridable_arguments,
        secret_argument_names,
        connections: j
            .connections()
            .map(|c| c.connections().to_vec())
            .unwrap_or_default(),
        execution_class: j.execution_class().map(|c| c.as_str().to_string()),
        tags: Default::default(),
    }
}

fn crawler_from_sdk(ctx: &CollectCtx, c: &aws_sdk_glue::types::Crawler) -> GlueCrawler {
    let name = c.name().unwrap_or_default().to_string();
    let mut s3_targets = Vec::new();
    let mut other_targets = Vec::new();
    let mut event_queue_arns = Vec::new();
    let mut dlq_event_queue_arns = Vec::new();
    if let Some(t) = c.targets() {
        for s in t.s3_targets() {
            if let Some(p) = s.path() {
                s3_targets.push(p.to_string());
            }
            event_queue_arns.extend(s.event_queue_arn().map(str::to_string));
            dlq_event_queue_arns.extend(s.dlq_event_queue_arn().map(str::to_string));
        }
        for x in t.jdbc_targets() {
            other_targets.push(format!("jdbc:{}", x.path().unwrap_or_default()));
        }
        for x in t.mongo_db_targets() {
            other_targets.push(format!("mongodb:{}", x.path().unwrap_or_default()));
        }
        for x in t.dynamo_db_targets() {
            other_targets.push(format!("dynamodb:{}", x.path().unwrap_or_default()));
        }
        for x in t.catalog_targets() {
            for table in x.tables() {
                other_targets.push(format!("catalog:{}.{table}", x.database_name()));
            }
            event_queue_arns.extend(x.event_queue_arn().map(str::to_string));
            dlq_event_queue_arns.extend(x.dlq_event_queue_arn().map(str::to_string));
        }
        for x in t.delta_targets() {
            for p in x.delta_tables() {
                other_targets.push(format!("delta:{p}"));
            }
        }
        for x in t.iceberg_targets() {
            for p in x.paths() {
                other_targets.push(format!("iceberg:{p}"));
            }
        }
        for x in t.hudi_targets() {
            for p in x.paths() {
                other_targets.push(format!("hudi:{p}"));
            }
        }
    }
    GlueCrawler {
        arn: ctx.arn("glue", &format!("crawler/{name}")),
        name,
        role_arn: c.role().unwrap_or_default().to_string(),
        database_name: c.database_name().map(str::to_string),
        s3_targets,
        other_targets,
        event_queue_arns,
        dlq_event_queue_arns,
        schedule_expression: c
            .schedule()
            .and_then(|s| s.schedule_expression())
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        state: c.state().map(|s| s.as_str().to_string()),
        security_configuration: c.crawler_security_configuration().map(str::to_string),
        tags: Default::default(),
    }
}

fn trigger_from_sdk(ctx: &CollectCtx, t: &aws_sdk_glue::types::Trigger) -> GlueTrigger {
    let name = t.name().unwrap_or_default().to_string();
    GlueTrigger {
        arn: ctx.arn("glue", &format!("trigger/{name}")),
        name,
        trigger_type: t
            .r#type()
            .map(|x| x.as_str().to_string())
            .unwrap_or_default(),
        state: t.state().map(|s| s.as_str().to_string()),
        schedule: t.schedule().map(str::to_string),
        workflow_name: t.workflow_name().map(str::to_string),
        actions: t
            .actions()
            .iter()
            .map(|a| GlueTriggerAction {
                job_name: a.job_name().map(str::to_string),
                crawler_name: a.crawler_name().map(str::to_string),
                timeout_minutes: a.timeout(),
                security_configuration: a.security_configuration().map(str::to_string),
            })
            .collect(),
        predicate_logical: t
            .predicate()
            .and_then(|p| p.logical())
            .map(|l| l.as_str().to_string()),
        conditions: t
            .predicate()
            .map(|p| {
                p.conditions()
                    .iter()
                    .map(|c| GlueTriggerCondition {
                        job_name: c.job_name().map(str::to_string),
                        crawler_name: c.crawler_name().map(str::to_string),
                        state: c.state().map(|s| s.as_str().to_string()),
                        crawl_state: c.crawl_state().map(|s| s.as_str().to_string()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn security_configuration_from_sdk(
    ctx: &CollectCtx,
    s: &aws_sdk_glue::types::SecurityConfiguration,
) -> GlueSecurityConfiguration {
    let enc = s.encryption_configuration();
    let mut kms_key_arns: Vec<String> = Vec::new();
    let mut add_key = |k: Option<&str>| {
        if let Some(k) = k.filter(|k| !k.is_empty())
            && !kms_key_arns.iter().any(|x| x == k)
        {
            kms_key_arns.push(k.to_string());
        }
    };
    let s3 = enc.map(|e| e.s3_encryption()).unwrap_or_default();
    for x in s3 {
        add_key(x.kms_key_arn());
    }
    let cw = enc.and_then(|e| e.cloud_watch_encryption());
    add_key(cw.and_then(|c| c.kms_key_arn()));
    let jb = enc.and_then(|e| e.job_bookmarks_encryption());
    add_key(jb.and_then(|c| c.kms_key_arn()));
    let disabled = || "DISABLED".to_string();
    GlueSecurityConfiguration {
        name: s.name().unwrap_or_default().to_string(),
        account_id: ctx.account.clone(),
        region: ctx.region.clone(),
        s3_encryption_mode: s3
            .iter()
            .find_map(|x| x.s3_encryption_mode())
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(disabled),
        cloudwatch_encryption_mode: cw
            .and_then(|c| c.cloud_watch_encryption_mode())
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(disabled),
        job_bookmarks_encryption_mode: jb
            .and_then(|c| c.job_bookmarks_encryption_mode())
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(disabled),
        kms_key_arns,
    }
}

fn connection_from_sdk(ctx: &CollectCtx, c: &aws_sdk_glue::types::Connection) -> GlueConnection {
    let name = c.name().unwrap_or_default().to_string();
    let props: BTreeMap<String, String> = c
        .connection_properties()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let secret_arn = c
        .authentication_configuration()
        .and_then(|a| a.secret_arn())
        .map(str::to_string);
    let mut conn = connection_from_properties(&props, secret_arn);
    conn.arn = ctx.arn("glue", &format!("connection/{name}"));
    conn.name = name;
    conn.connection_type = c
        .connection_type()
        .map(|t| t.as_str().to_string())
        .unwrap_or_default();
    conn
}

/// Reduces connection properties to names: `JDBC_ENFORCE_SSL`, `SECRET_ID` (else the
/// authentication configuration's secret) and the names holding secrets. With
/// `HidePassword` AWS leaves `PASSWORD` out of the response; a connection that has a
/// `USERNAME` but no secret reference stores its password inline, so `PASSWORD` is then
/// reported as a secret property name even though its value was never seen.
pub fn connection_from_properties(
    props: &BTreeMap<String, String>,
    auth_secret_arn: Option<String>,
) -> GlueConnection {
    let mut secret_property_names: Vec<String> = props
        .iter()
        .filter(|(k, v)| k.as_str() != "SECRET_ID" && value_is_secret(k, v))
        .map(|(k, _)| k.clone())
        .collect();
    let secret_id = props
        .get("SECRET_ID")
        .filter(|s| !s.is_empty())
        .cloned()
        .or(auth_secret_arn);
    if props.contains_key("USERNAME")
        && secret_id.is_none()
        && !props.contains_key("PASSWORD")
        && !props.contains_key("ENCRYPTED_PASSWORD")
    {
        secret_property_names.push("PASSWORD".to_string());
    }
    secret_property_names.sort();
    GlueConnection {
        property_names: props.keys().cloned().collect(),
        jdbc_enforce_ssl: props
            .get("JDBC_ENFORCE_SSL")
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        secret_property_names,
        secret_id,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_keep_only_special_values() {
        let args: HashMap<String, String> = [
            ("--job-bookmark-option", "job-bookmark-enable"),
            ("--TempDir", "s3://tmp/glue/"),
            ("--db-password", "hunter2"),
            ("--table", "orders"),
            ("--extra-py-files", "s3://code/lib.zip"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (out, secrets) = redact_arguments(&args);
        assert_eq!(out["--job-bookmark-option"], "job-bookmark-enable");
        assert_eq!(out["--TempDir"], "s3://tmp/glue/");
        assert_eq!(out["--extra-py-files"], "s3://code/lib.zip");
        assert_eq!(out["--db-password"], REDACTED);
        assert_eq!(out["--table"], REDACTED);
        assert_eq!(secrets, vec!["--db-password"]);
    }

    #[test]
    fn locators_are_secret_only_with_embedded_credentials() {
        for (v, want) in [
            (
                "s3://aws-glue-assets-123456789012-us-east-1/temporary/",
                false,
            ),
            (
                "jdbc:postgresql://orders.cluster-abc.us-east-1.rds.amazonaws.com:5432/orders",
                false,
            ),
            ("postgres://app:s3cret@db.example.com/app", true),
            ("jdbc:sqlserver://db:1433;databaseName=x;password=y", true),
            ("https://api.example.com/v1?token=abc", true),
            ("orders", false),
            ("q8J2mX9vL4pR7sT1wZ6yB3nC5dF0gH2kE8aQ", true),
        ] {
            assert_eq!(value_is_secret("table", v), want, "{v}");
        }
        assert!(value_is_secret("db-password", "hunter2"));
        assert!(!value_is_secret(
            "db-password",
            "s3://bucket/db-password.txt"
        ));
    }

    #[test]
    fn connection_properties_reduce_to_names() {
        let props: BTreeMap<String, String> = [
            ("JDBC_CONNECTION_URL", "jdbc:postgresql://db:5432/app"),
            ("JDBC_ENFORCE_SSL", "TRUE"),
            ("USERNAME", "app"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let c = connection_from_properties(&props, None);
        assert!(c.jdbc_enforce_ssl);
        assert_eq!(
            c.property_names,
            vec!["JDBC_CONNECTION_URL", "JDBC_ENFORCE_SSL", "USERNAME"]
        );
        assert_eq!(c.secret_property_names, vec!["PASSWORD"], "hidden password");

        let mut with_secret = props.clone();
        with_secret.insert(
            "SECRET_ID".into(),
            "arn:aws:secretsmanager:us-east-1:1:secret:db".into(),
        );
        let c = connection_from_properties(&with_secret, None);
        assert!(c.secret_property_names.is_empty());
        assert_eq!(
            c.secret_id.as_deref(),
            Some("arn:aws:secretsmanager:us-east-1:1:secret:db")
        );

        let mut shown = props;
        shown.insert("PASSWORD".into(), "hunter2".into());
        let c = connection_from_properties(&shown, Some("arn:x".into()));
        assert_eq!(c.secret_property_names, vec!["PASSWORD"]);
        assert_eq!(c.secret_id.as_deref(), Some("arn:x"));
    }
}
