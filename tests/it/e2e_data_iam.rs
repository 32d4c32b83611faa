//! End to end for the data and IAM collectors: Glue, Amazon MQ, IAM and S3 seeded in the
//! emulator through the AWS SDK and read back through watershed's collectors; AppFlow (which
//! the emulator does not serve) replayed from recorded API responses in
//! `fixtures/replay/appflow/` through the project-owned replay HTTP client.

use super::emulator;
use aws_config::SdkConfig;
use serde_json::json;
use std::collections::BTreeMap;
use watershed::collect::CollectCtx;
use watershed::collect::client::{AwsTarget, sdk_config, with_region};

const ACCOUNT: &str = "123456789012";

fn region_of(config: &SdkConfig) -> String {
    config
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "us-east-1".into())
}

fn ctx(config: &SdkConfig) -> CollectCtx {
    CollectCtx::standalone(config.clone(), ACCOUNT, &region_of(config))
}

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Glue

/// What [`seed_glue`] created.
#[derive(Debug, Clone)]
pub struct SeededGlue {
    /// Job name and ARN.
    pub job_name: String,
    pub job_arn: String,
    /// Crawler name and ARN.
    pub crawler_name: String,
    pub crawler_arn: String,
    /// Scheduled trigger starting the job.
    pub scheduled_trigger: String,
    /// Conditional trigger starting the crawler when the job succeeded.
    pub conditional_trigger: String,
    /// Security configuration used by job and crawler.
    pub security_configuration: String,
    /// JDBC connection (with a literal password).
    pub connection_name: String,
    /// Role of job and crawler.
    pub role_arn: String,
    /// KMS key of the security configuration.
    pub kms_key_arn: String,
    /// The secret value seeded into the job arguments and the connection.
    pub secret: String,
}

/// Seeds a Glue job (with a secret argument), a scheduled crawler, a scheduled and a
/// conditional trigger, a security configuration and a JDBC connection with a password.
pub async fn seed_glue(config: &SdkConfig) -> SeededGlue {
    use aws_sdk_glue::types::{
        Action, CloudWatchEncryption, CloudWatchEncryptionMode, Condition, ConnectionInput,
        ConnectionPropertyKey, ConnectionType, ConnectionsList, CrawlState, CrawlerTargets,
        EncryptionConfiguration, ExecutionClass, JdbcTarget, JobBookmarksEncryption,
        JobBookmarksEncryptionMode, JobCommand, JobRunState, Logical, LogicalOperator, Predicate,
        S3Encryption, S3EncryptionMode, S3Target, TriggerType, WorkerType,
    };
    let glue = aws_sdk_glue::Client::new(config);
    let region = region_of(config);
    let secret = "hunter2".to_string();
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/glue-etl");
    let kms_key_arn =
        format!("arn:aws:kms:{region}:{ACCOUNT}:key/0b1f4c2e-7a3d-4e5f-9a8b-1c2d3e4f5a6b");
    let security_configuration = emulator::unique("glue-sec");
    glue.create_security_configuration()
        .name(&security_configuration)
        .encryption_configuration(
            EncryptionConfiguration::builder()
                .s3_encryption(
                    S3Encryption::builder()
                        .s3_encryption_mode(S3EncryptionMode::Ssekms)
                        .kms_key_arn(&kms_key_arn)
                        .build(),
                )
                .cloud_watch_encryption(
                    CloudWatchEncryption::builder()
                        .cloud_watch_encryption_mode(CloudWatchEncryptionMode::Ssekms)
                        .kms_key_arn(&kms_key_arn)
                        .build(),
                )
                .job_bookmarks_encryption(
                    JobBookmarksEncryption::builder()
                        .job_bookmarks_encryption_mode(JobBookmarksEncryptionMode::Csekms)
                        .kms_key_arn(&kms_key_arn)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("create security configuration");

    let connection_name = emulator::unique("glue-jdbc");
    glue.create_connection()
        .connection_input(
            ConnectionInput::builder()
                .name(&connection_name)
                .connection_type(ConnectionType::Jdbc)
                .connection_properties(
                    ConnectionPropertyKey::JdbcConnectionUrl,
                    "jdbc:postgresql://orders.cluster-abc.us-east-1.rds.amazonaws.com:5432/orders",
                )
                .connection_properties(ConnectionPropertyKey::UserName, "etl")
                .connection_properties(ConnectionPropertyKey::Password, &secret)
                .connection_properties(ConnectionPropertyKey::JdbcEnforceSsl, "true")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("create connection");

    let job_name = emulator::unique("glue-job");
    glue.create_job()
        .name(&job_name)
        .role(&role_arn)
        .command(
            JobCommand::builder()
                .name("glueetl")
                .script_location("s3://acme-glue-scripts/orders.py")
                .python_version("3")
                .build(),
        )
        .glue_version("4.0")
        .worker_type(WorkerType::G1X)
        .number_of_workers(5)
        .timeout(120)
        .max_retries(2)
        .security_configuration(&security_configuration)
        .execution_class(ExecutionClass::Standard)
        .connections(
            ConnectionsList::builder()
                .connections(&connection_name)
                .build(),
        )
        .default_arguments("--job-bookmark-option", "job-bookmark-enable")
        .default_arguments("--TempDir", "s3://acme-glue-temp/orders/")
        .default_arguments("--enable-metrics", "true")
        .default_arguments("--enable-continuous-cloudwatch-log", "true")
        .default_arguments("--db-password", &secret)
        .default_arguments("--source-table", "orders")
        .tags("team", "data")
        .send()
        .await
        .expect("create job");

    let crawler_name = emulator::unique("glue-crawler");
    glue.create_crawler()
        .name(&crawler_name)
        .role(&role_arn)
        .database_name("orders_db")
        .targets(
            CrawlerTargets::builder()
                .s3_targets(S3Target::builder().path("s3://acme-orders/raw/").build())
                .jdbc_targets(
                    JdbcTarget::builder()
                        .connection_name(&connection_name)
                        .path("orders/public/%")
                        .build(),
                )
                .build(),
        )
        .schedule("cron(15 2 * * ? *)")
        .crawler_security_configuration(&security_configuration)
        .tags("team", "data")
        .send()
        .await
        .expect("create crawler");

    let scheduled_trigger = emulator::unique("glue-nightly");
    glue.create_trigger()
        .name(&scheduled_trigger)
        .r#type(TriggerType::Scheduled)
        .schedule("cron(0 6 * * ? *)")
        .actions(Action::builder().job_name(&job_name).timeout(60).build())
        .send()
        .await
        .expect("create scheduled trigger");

    let conditional_trigger = emulator::unique("glue-after-job");
    glue.create_trigger()
        .name(&conditional_trigger)
        .r#type(TriggerType::Conditional)
        .predicate(
            Predicate::builder()
                .logical(Logical::And)
                .conditions(
                    Condition::builder()
                        .logical_operator(LogicalOperator::Equals)
                        .job_name(&job_name)
                        .state(JobRunState::Succeeded)
                        .build(),
                )
                .conditions(
                    Condition::builder()
                        .logical_operator(LogicalOperator::Equals)
                        .crawler_name(&crawler_name)
                        .crawl_state(CrawlState::Succeeded)
                        .build(),
                )
                .build(),
        )
        .actions(Action::builder().crawler_name(&crawler_name).build())
        .send()
        .await
        .expect("create conditional trigger");

    SeededGlue {
        job_arn: format!("arn:aws:glue:{region}:{ACCOUNT}:job/{job_name}"),
        crawler_arn: format!("arn:aws:glue:{region}:{ACCOUNT}:crawler/{crawler_name}"),
        job_name,
        crawler_name,
        scheduled_trigger,
        conditional_trigger,
        security_configuration,
        connection_name,
        role_arn,
        kms_key_arn,
        secret,
    }
}

#[tokio::test]
async fn glue_collects_jobs_crawlers_triggers_and_redacts_secrets() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let s = seed_glue(&config).await;
    let ctx = ctx(&config);
    let inv = watershed::collect::glue::collect(&ctx)
        .await
        .expect("glue collect");
    let gaps = ctx.take_gaps();
    assert!(gaps.is_empty(), "{gaps:?}");

    let text = serde_json::to_string(&inv).unwrap();
    assert!(
        !text.contains(&s.secret),
        "the secret value never enters the inventory"
    );

    let job = inv
        .glue_jobs
        .iter()
        .find(|j| j.name == s.job_name)
        .expect("job");
    assert_eq!(job.arn, s.job_arn);
    assert_eq!(job.role_arn, s.role_arn);
    assert_eq!(job.command_name, "glueetl");
    assert_eq!(
        job.script_location.as_deref(),
        Some("s3://acme-glue-scripts/orders.py")
    );
    assert_eq!(job.python_version.as_deref(), Some("3"));
    assert_eq!(job.glue_version.as_deref(), Some("4.0"));
    assert_eq!(job.worker_type.as_deref(), Some("G.1X"));
    assert_eq!(job.number_of_workers, Some(5));
    assert_eq!(job.timeout_minutes, Some(120));
    assert_eq!(job.max_retries, 2);
    assert_eq!(
        job.security_configuration.as_deref(),
        Some(s.security_configuration.as_str())
    );
    assert_eq!(job.execution_class.as_deref(), Some("STANDARD"));
    assert_eq!(job.connections, vec![s.connection_name.clone()]);
    assert_eq!(
        job.default_arguments,
        tags(&[
            ("--TempDir", "s3://acme-glue-temp/orders/"),
            ("--db-password", "<redacted>"),
            ("--enable-continuous-cloudwatch-log", "true"),
            ("--enable-metrics", "true"),
            ("--job-bookmark-option", "job-bookmark-enable"),
            ("--source-table", "<redacted>"),
        ])
    );
    assert_eq!(job.secret_argument_names, vec!["--db-password"]);
    assert_eq!(job.tags, tags(&[("team", "data")]));

    let crawler = inv
        .glue_crawlers
        .iter()
        .find(|c| c.name == s.crawler_name)
        .expect("crawler");
    assert_eq!(crawler.arn, s.crawler_arn);
    assert_eq!(crawler.role_arn, s.role_arn);
    assert_eq!(crawler.database_name.as_deref(), Some("orders_db"));
    assert_eq!(crawler.s3_targets, vec!["s3://acme-orders/raw/"]);
    assert_eq!(crawler.other_targets, vec!["jdbc:orders/public/%"]);
    assert_eq!(
        crawler.schedule_expression.as_deref(),
        Some("cron(15 2 * * ? *)")
    );
    assert_eq!(crawler.state.as_deref(), Some("READY"));
    assert_eq!(
        crawler.security_configuration.as_deref(),
        Some(s.security_configuration.as_str())
    );
    assert_eq!(crawler.tags, tags(&[("team", "data")]));

    let scheduled = inv
        .glue_triggers
        .iter()
        .find(|t| t.name == s.scheduled_trigger)
        .expect("scheduled trigger");
    assert_eq!(
        scheduled.arn,
        format!(
            "arn:aws:glue:us-east-1:{ACCOUNT}:trigger/{}",
            s.scheduled_trigger
        )
    );
    assert_eq!(scheduled.trigger_type, "SCHEDULED");
    assert_eq!(scheduled.schedule.as_deref(), Some("cron(0 6 * * ? *)"));
    assert_eq!(scheduled.actions.len(), 1);
    assert_eq!(
        scheduled.actions[0].job_name.as_deref(),
        Some(s.job_name.as_str())
    );
    assert_eq!(scheduled.actions[0].timeout_minutes, Some(60));
    assert!(scheduled.conditions.is_empty());

    let conditional = inv
        .glue_triggers
        .iter()
        .find(|t| t.name == s.conditional_trigger)
        .expect("conditional trigger");
    assert_eq!(conditional.trigger_type, "CONDITIONAL");
    assert_eq!(conditional.schedule, None);
    assert_eq!(conditional.predicate_logical.as_deref(), Some("AND"));
    assert_eq!(
        conditional.actions[0].crawler_name.as_deref(),
        Some(s.crawler_name.as_str())
    );
    assert_eq!(conditional.conditions.len(), 2);
    assert_eq!(
        conditional.conditions[0].job_name.as_deref(),
        Some(s.job_name.as_str())
    );
    assert_eq!(
        conditional.conditions[0].state.as_deref(),
        Some("SUCCEEDED")
    );
    assert_eq!(
        conditional.conditions[1].crawler_name.as_deref(),
        Some(s.crawler_name.as_str())
    );
    assert_eq!(
        conditional.conditions[1].crawl_state.as_deref(),
        Some("SUCCEEDED")
    );

    let sec = inv
        .glue_security_configurations
        .iter()
        .find(|c| c.name == s.security_configuration)
        .expect("security configuration");
    assert_eq!(
        sec.arn(),
        format!(
            "arn:aws:glue:us-east-1:{ACCOUNT}:securityConfiguration/{}",
            s.security_configuration
        )
    );
    assert_eq!(sec.s3_encryption_mode, "SSE-KMS");
    assert_eq!(sec.cloudwatch_encryption_mode, "SSE-KMS");
    assert_eq!(sec.job_bookmarks_encryption_mode, "CSE-KMS");
    assert_eq!(sec.kms_key_arns, vec![s.kms_key_arn.clone()]);

    let conn = inv
        .glue_connections
        .iter()
        .find(|c| c.name == s.connection_name)
        .expect("connection");
    assert_eq!(
        conn.arn,
        format!(
            "arn:aws:glue:us-east-1:{ACCOUNT}:connection/{}",
            s.connection_name
        )
    );
    // moto 5.2 leaves ConnectionType out of GetConnections (AWS answers JDBC).
    assert!(
        matches!(conn.connection_type.as_str(), "JDBC" | ""),
        "{}",
        conn.connection_type
    );
    // HidePassword: the emulator, like AWS, leaves PASSWORD out of the answer; the inline
    // password is still reported by name (USERNAME without a secret reference).
    assert_eq!(
        conn.property_names,
        vec!["JDBC_CONNECTION_URL", "JDBC_ENFORCE_SSL", "USERNAME"]
    );
    assert!(conn.jdbc_enforce_ssl);
    assert_eq!(conn.secret_property_names, vec!["PASSWORD"]);
    assert_eq!(conn.secret_id, None);
}

// ---------------------------------------------------------------------------------------
// Amazon MQ

/// What [`seed_mq`] created.
#[derive(Debug, Clone)]
pub struct SeededMq {
    /// Broker id, ARN and name.
    pub broker_id: String,
    pub broker_arn: String,
    pub broker_name: String,
    /// Security group and subnet given.
    pub security_group: String,
    pub subnet_id: String,
    /// Customer managed key.
    pub kms_key_id: String,
    /// User names (sorted).
    pub user_names: Vec<String>,
    /// User password (must never be collected).
    pub password: String,
}

/// Seeds a public single-instance ActiveMQ broker with general logs, a customer managed key,
/// tags and two users.
pub async fn seed_mq(config: &SdkConfig) -> SeededMq {
    use aws_sdk_mq::types::{
        AuthenticationStrategy, DeploymentMode, EncryptionOptions, EngineType, Logs, User,
    };
    let mq = aws_sdk_mq::Client::new(config);
    let region = region_of(config);
    let broker_name = emulator::unique("orders-broker");
    let password = "Br0kerPassw0rd!x".to_string();
    let kms_key_id =
        format!("arn:aws:kms:{region}:{ACCOUNT}:key/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");
    let security_group = "sg-0a1b2c3d4e5f60718".to_string();
    let subnet_id = "subnet-0123456789abcdef0".to_string();
    let created = mq
        .create_broker()
        .broker_name(&broker_name)
        .engine_type(EngineType::Activemq)
        .engine_version("5.17.6")
        .deployment_mode(DeploymentMode::SingleInstance)
        .host_instance_type("mq.t3.micro")
        .publicly_accessible(true)
        .auto_minor_version_upgrade(true)
        .authentication_strategy(AuthenticationStrategy::Simple)
        .logs(Logs::builder().general(true).audit(false).build())
        .encryption_options(
            EncryptionOptions::builder()
                .use_aws_owned_key(false)
                .kms_key_id(&kms_key_id)
                .build(),
        )
        .security_groups(&security_group)
        .subnet_ids(&subnet_id)
        .users(
            User::builder()
                .username("admin")
                .password(&password)
                .console_access(true)
                .build(),
        )
        .tags("team", "orders")
        .send()
        .await
        .expect("create broker");
    let broker_id = created.broker_id().unwrap().to_string();
    mq.create_user()
        .broker_id(&broker_id)
        .username("app")
        .password(&password)
        .send()
        .await
        .expect("create user");
    SeededMq {
        broker_arn: created.broker_arn().unwrap().to_string(),
        broker_id,
        broker_name,
        security_group,
        subnet_id,
        kms_key_id,
        user_names: vec!["admin".into(), "app".into()],
        password,
    }
}

#[tokio::test]
async fn mq_collects_broker_settings_and_user_names() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let s = seed_mq(&config).await;
    let ctx = ctx(&config);
    let inv = watershed::collect::mq::collect(&ctx)
        .await
        .expect("mq collect");
    let gaps = ctx.take_gaps();
    assert!(gaps.is_empty(), "{gaps:?}");
    assert!(!serde_json::to_string(&inv).unwrap().contains(&s.password));
    let b = inv
        .mq_brokers
        .iter()
        .find(|b| b.id == s.broker_id)
        .expect("broker");
    assert_eq!(b.arn, s.broker_arn);
    assert_eq!(b.name, s.broker_name);
    assert_eq!(b.engine_type, "ACTIVEMQ");
    assert_eq!(b.engine_version, "5.17.6");
    assert_eq!(b.deployment_mode, "SINGLE_INSTANCE");
    assert_eq!(b.host_instance_type.as_deref(), Some("mq.t3.micro"));
    assert!(b.publicly_accessible);
    assert!(b.auto_minor_version_upgrade);
    assert!(b.general_log_enabled);
    assert!(!b.audit_log_enabled);
    assert_eq!(b.authentication_strategy.as_deref(), Some("SIMPLE"));
    assert!(!b.use_aws_owned_key);
    assert_eq!(b.kms_key_id.as_deref(), Some(s.kms_key_id.as_str()));
    assert_eq!(b.subnet_ids, vec![s.subnet_id.clone()]);
    assert_eq!(b.security_groups, vec![s.security_group.clone()]);
    assert_eq!(b.user_names, s.user_names);
    assert_eq!(b.broker_state.as_deref(), Some("RUNNING"));
    assert_eq!(b.tags, tags(&[("team", "orders")]));
}

// ---------------------------------------------------------------------------------------
// IAM

/// The AWS managed policy [`seed_iam`] attaches.
pub const AWS_MANAGED_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/// What [`seed_iam`] created.
#[derive(Debug, Clone)]
pub struct SeededIam {
    /// Lambda execution role: inline policy, customer and AWS managed policies, boundary,
    /// tags, 2 h sessions.
    pub lambda_role_name: String,
    pub lambda_role_arn: String,
    /// Its trust policy, as sent.
    pub lambda_trust: serde_json::Value,
    /// Its inline policy name and document.
    pub inline_policy_name: String,
    pub inline_policy: serde_json::Value,
    /// EventBridge role under `/service-role/`: only a trust policy.
    pub events_role_name: String,
    pub events_role_arn: String,
    pub events_trust: serde_json::Value,
    /// Customer managed policy attached to the Lambda role.
    pub policy_arn: String,
    pub policy_name: String,
    pub policy_document: serde_json::Value,
    /// Customer managed policy used as the Lambda role's permissions boundary.
    pub boundary_arn: String,
    /// [`AWS_MANAGED_POLICY`] when the emulator let it be attached to the Lambda role.
    pub aws_managed_policy: Option<String>,
}

/// Seeds two roles, an inline policy, a customer managed policy, a boundary policy and an
/// attached AWS managed policy.
pub async fn seed_iam(config: &SdkConfig) -> SeededIam {
    let iam = aws_sdk_iam::Client::new(config);
    let policy_name = emulator::unique("orders-queue-access");
    let policy_document = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            "Resource": format!("arn:aws:sqs:us-east-1:{ACCOUNT}:orders")
        }]
    });
    let policy_arn = iam
        .create_policy()
        .policy_name(&policy_name)
        .path("/app/")
        .policy_document(policy_document.to_string())
        .send()
        .await
        .expect("create policy")
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let boundary_document = json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["sqs:*", "logs:*"], "Resource": "*"}]
    });
    let boundary_arn = iam
        .create_policy()
        .policy_name(emulator::unique("app-boundary"))
        .policy_document(boundary_document.to_string())
        .send()
        .await
        .expect("create boundary policy")
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();

    let lambda_trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole"
        }]
    });
    let lambda_role_name = emulator::unique("orders-worker");
    let lambda_role_arn = iam
        .create_role()
        .role_name(&lambda_role_name)
        .assume_role_policy_document(lambda_trust.to_string())
        .max_session_duration(7200)
        .permissions_boundary(&boundary_arn)
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("team")
                .value("orders")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("create role")
        .role()
        .unwrap()
        .arn()
        .to_string();
    let inline_policy_name = "write-results".to_string();
    let inline_policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "sns:Publish",
            "Resource": format!("arn:aws:sns:us-east-1:{ACCOUNT}:order-results"),
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
        }]
    });
    iam.put_role_policy()
        .role_name(&lambda_role_name)
        .policy_name(&inline_policy_name)
        .policy_document(inline_policy.to_string())
        .send()
        .await
        .expect("put role policy");
    iam.attach_role_policy()
        .role_name(&lambda_role_name)
        .policy_arn(&policy_arn)
        .send()
        .await
        .expect("attach role policy");
    // moto only knows AWS managed policies when started with
    // MOTO_IAM_LOAD_MANAGED_POLICIES=true; otherwise it refuses the attachment.
    let aws_managed_policy = match iam
        .attach_role_policy()
        .role_name(&lambda_role_name)
        .policy_arn(AWS_MANAGED_POLICY)
        .send()
        .await
    {
        Ok(_) => Some(AWS_MANAGED_POLICY.to_string()),
        Err(e) => {
            let e = watershed::collect::error::CollectError::from_sdk("iam:AttachRolePolicy", e);
            assert_eq!(e.code, "NoSuchEntity", "{e}");
            None
        }
    };

    let events_trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
        }]
    });
    let events_role_name = emulator::unique("events-invoke");
    let events_role_arn = iam
        .create_role()
        .role_name(&events_role_name)
        .path("/service-role/")
        .assume_role_policy_document(events_trust.to_string())
        .send()
        .await
        .expect("create events role")
        .role()
        .unwrap()
        .arn()
        .to_string();

    SeededIam {
        lambda_role_name,
        lambda_role_arn,
        lambda_trust,
        inline_policy_name,
        inline_policy,
        events_role_name,
        events_role_arn,
        events_trust,
        policy_arn,
        policy_name,
        policy_document,
        boundary_arn,
        aws_managed_policy,
    }
}

#[tokio::test]
async fn iam_collects_roles_and_the_policies_they_use() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let s = seed_iam(&config).await;
    let ctx = CollectCtx::standalone(config.clone(), ACCOUNT, "global");
    let inv = watershed::collect::iam::collect(&ctx)
        .await
        .expect("iam collect");
    let gaps = ctx.take_gaps();
    assert!(gaps.is_empty(), "{gaps:?}");

    let role = inv
        .iam_roles
        .iter()
        .find(|r| r.arn == s.lambda_role_arn)
        .expect("lambda role");
    assert_eq!(role.name, s.lambda_role_name);
    assert_eq!(role.path, "/");
    assert!(role.role_id.as_deref().is_some_and(|id| !id.is_empty()));
    assert_eq!(role.trust_policy.value(), &s.lambda_trust);
    assert_eq!(role.inline_policies.len(), 1);
    assert_eq!(role.inline_policies[0].name, s.inline_policy_name);
    assert_eq!(role.inline_policies[0].document.value(), &s.inline_policy);
    let mut attached = role.attached_policy_arns.clone();
    attached.sort();
    let mut want = vec![s.policy_arn.clone()];
    want.extend(s.aws_managed_policy.clone());
    want.sort();
    assert_eq!(attached, want);
    assert_eq!(
        role.permissions_boundary_arn.as_deref(),
        Some(s.boundary_arn.as_str())
    );
    assert_eq!(role.max_session_duration, Some(7200));
    assert!(
        role.create_date
            .as_deref()
            .is_some_and(|d| d.ends_with('Z'))
    );
    // A role never used has no last-used date.
    assert_eq!(role.last_used, None);
    assert_eq!(role.tags, tags(&[("team", "orders")]));
    assert_eq!(
        watershed::model::Arn::parse(&role.arn)
            .ok()
            .map(|a| a.region),
        Some(String::new())
    );

    let events = inv
        .iam_roles
        .iter()
        .find(|r| r.arn == s.events_role_arn)
        .expect("events role");
    assert_eq!(events.name, s.events_role_name);
    assert_eq!(events.path, "/service-role/");
    assert_eq!(events.trust_policy.value(), &s.events_trust);
    assert!(events.inline_policies.is_empty());
    assert!(events.attached_policy_arns.is_empty());
    assert_eq!(events.permissions_boundary_arn, None);
    assert_eq!(events.max_session_duration, Some(3600));
    assert!(events.tags.is_empty());

    let customer = inv
        .iam_policies
        .iter()
        .find(|p| p.arn == s.policy_arn)
        .expect("customer managed policy");
    assert_eq!(customer.name, s.policy_name);
    assert_eq!(customer.path, "/app/");
    assert_eq!(customer.default_version_id, "v1");
    assert_eq!(customer.document.value(), &s.policy_document);
    assert!(!customer.aws_managed);
    assert_eq!(customer.attachment_count, 1);
    assert!(
        inv.iam_policies.iter().any(|p| p.arn == s.boundary_arn),
        "boundary policy collected"
    );

    assert!(
        !inv.iam_policies
            .iter()
            .any(|p| p.aws_managed && !attached_anywhere(&inv, &p.arn)),
        "only AWS managed policies in use are collected"
    );
    let managed: Vec<_> = inv
        .iam_policies
        .iter()
        .filter(|p| p.arn == AWS_MANAGED_POLICY)
        .collect();
    let Some(_) = s.aws_managed_policy else {
        // An emulator without AWS managed policies (moto's default): nothing to fetch.
        eprintln!("AWS managed policies not loaded in the emulator: GetPolicy path not exercised");
        assert!(managed.is_empty());
        return;
    };
    assert_eq!(managed.len(), 1, "fetched once");
    let managed = managed[0];
    assert!(managed.aws_managed);
    assert_eq!(managed.name, "AWSLambdaBasicExecutionRole");
    assert_eq!(managed.path, "/service-role/");
    assert!(!managed.default_version_id.is_empty());
    assert!(
        managed.document.to_text().contains("logs:CreateLogGroup"),
        "{}",
        managed.document.to_text()
    );
    // Other tests attach it too.
    assert!(managed.attachment_count >= 1);
}

fn attached_anywhere(inv: &watershed::model::Inventory, arn: &str) -> bool {
    inv.iam_roles.iter().any(|r| {
        r.attached_policy_arns.iter().any(|a| a == arn)
            || r.permissions_boundary_arn.as_deref() == Some(arn)
    })
}

// ---------------------------------------------------------------------------------------
// S3

/// What [`seed_s3`] created.
#[derive(Debug, Clone)]
pub struct SeededS3 {
    /// us-east-1 bucket notifying Lambda, SQS and SNS with prefix/suffix filters, tagged.
    pub notifying_bucket: String,
    /// eu-west-1 bucket with EventBridge enabled and tags.
    pub eu_bucket: String,
    /// us-east-1 bucket without notifications or tags.
    pub plain_bucket: String,
    /// Notification targets.
    pub function_arn: String,
    pub queue_arn: String,
    pub topic_arn: String,
}

/// A zip archive holding one stored (uncompressed) file, for Lambda code.
pub fn tiny_zip(name: &str, content: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(content);
    let crc = crc.sum();
    let (n, len) = (name.len() as u16, content.len() as u32);
    let mut z = Vec::new();
    let header = |z: &mut Vec<u8>, central: bool| {
        if central {
            z.extend(0x0201_4b50u32.to_le_bytes());
            z.extend(20u16.to_le_bytes()); // made by
        } else {
            z.extend(0x0403_4b50u32.to_le_bytes());
        }
        z.extend(20u16.to_le_bytes()); // needed
        z.extend(0u16.to_le_bytes()); // flags
        z.extend(0u16.to_le_bytes()); // stored
        z.extend(0u16.to_le_bytes()); // time
        z.extend(0x21u16.to_le_bytes()); // 1980-01-01
        z.extend(crc.to_le_bytes());
        z.extend(len.to_le_bytes());
        z.extend(len.to_le_bytes());
        z.extend(n.to_le_bytes());
        z.extend(0u16.to_le_bytes()); // extra
        if central {
            z.extend(0u16.to_le_bytes()); // comment
            z.extend(0u16.to_le_bytes()); // disk
            z.extend(0u16.to_le_bytes()); // internal attributes
            z.extend(0u32.to_le_bytes()); // external attributes
            z.extend(0u32.to_le_bytes()); // local header offset
        }
        z.extend(name.as_bytes());
    };
    header(&mut z, false);
    z.extend(content);
    let central_offset = z.len() as u32;
    header(&mut z, true);
    let central_size = z.len() as u32 - central_offset;
    z.extend(0x0605_4b50u32.to_le_bytes());
    z.extend([0u8; 4]); // disk numbers
    z.extend(1u16.to_le_bytes());
    z.extend(1u16.to_le_bytes());
    z.extend(central_size.to_le_bytes());
    z.extend(central_offset.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z
}

/// Seeds a Lambda function, a queue and a topic, a us-east-1 bucket notifying all three
/// (with prefix/suffix filters), an eu-west-1 bucket sending to EventBridge, and a plain
/// bucket; the first two are tagged.
pub async fn seed_s3(config: &SdkConfig) -> SeededS3 {
    use aws_sdk_s3::types::{
        BucketLocationConstraint, CreateBucketConfiguration, Event, EventBridgeConfiguration,
        FilterRule, FilterRuleName, LambdaFunctionConfiguration, NotificationConfiguration,
        NotificationConfigurationFilter, QueueConfiguration, S3KeyFilter, Tag, Tagging,
        TopicConfiguration,
    };
    let iam = aws_sdk_iam::Client::new(config);
    let role_arn = iam
        .create_role()
        .role_name(emulator::unique("thumbnailer-role"))
        .assume_role_policy_document(
            json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
            })
            .to_string(),
        )
        .send()
        .await
        .expect("create lambda role")
        .role()
        .unwrap()
        .arn()
        .to_string();
    let lambda = aws_sdk_lambda::Client::new(config);
    let function_arn = lambda
        .create_function()
        .function_name(emulator::unique("thumbnailer"))
        .runtime(aws_sdk_lambda::types::Runtime::Python312)
        .role(&role_arn)
        .handler("index.handler")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(tiny_zip(
                    "index.py",
                    b"def handler(event, context):\n    return None\n",
                )))
                .build(),
        )
        .send()
        .await
        .expect("create function")
        .function_arn()
        .unwrap()
        .to_string();
    let sqs = aws_sdk_sqs::Client::new(config);
    let queue_url = sqs
        .create_queue()
        .queue_name(emulator::unique("uploads"))
        .send()
        .await
        .expect("create queue")
        .queue_url()
        .unwrap()
        .to_string();
    let queue_arn = sqs
        .get_queue_attributes()
        .queue_url(&queue_url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes()
        .unwrap()[&aws_sdk_sqs::types::QueueAttributeName::QueueArn]
        .clone();
    let topic_arn = aws_sdk_sns::Client::new(config)
        .create_topic()
        .name(emulator::unique("deletions"))
        .send()
        .await
        .expect("create topic")
        .topic_arn()
        .unwrap()
        .to_string();

    let filter = |prefix: Option<&str>, suffix: Option<&str>| {
        let mut key = S3KeyFilter::builder();
        if let Some(p) = prefix {
            key = key.filter_rules(
                FilterRule::builder()
                    .name(FilterRuleName::Prefix)
                    .value(p)
                    .build(),
            );
        }
        if let Some(s) = suffix {
            key = key.filter_rules(
                FilterRule::builder()
                    .name(FilterRuleName::Suffix)
                    .value(s)
                    .build(),
            );
        }
        NotificationConfigurationFilter::builder()
            .key(key.build())
            .build()
    };

    let s3 = aws_sdk_s3::Client::new(config);
    let notifying_bucket = emulator::unique("uploads-bucket");
    s3.create_bucket()
        .bucket(&notifying_bucket)
        .send()
        .await
        .expect("create bucket");
    s3.put_bucket_notification_configuration()
        .bucket(&notifying_bucket)
        .notification_configuration(
            NotificationConfiguration::builder()
                .lambda_function_configurations(
                    LambdaFunctionConfiguration::builder()
                        .id("thumbnails")
                        .lambda_function_arn(&function_arn)
                        .events(Event::S3ObjectCreated)
                        .filter(filter(Some("images/"), Some(".jpg")))
                        .build()
                        .unwrap(),
                )
                .queue_configurations(
                    QueueConfiguration::builder()
                        .id("ingest")
                        .queue_arn(&queue_arn)
                        .events(Event::S3ObjectCreatedPut)
                        .events(Event::S3ObjectCreatedCompleteMultipartUpload)
                        .filter(filter(Some("incoming/"), None))
                        .build()
                        .unwrap(),
                )
                .topic_configurations(
                    TopicConfiguration::builder()
                        .id("audit")
                        .topic_arn(&topic_arn)
                        .events(Event::S3ObjectRemoved)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .expect("put notification configuration");
    s3.put_bucket_tagging()
        .bucket(&notifying_bucket)
        .tagging(
            Tagging::builder()
                .tag_set(Tag::builder().key("team").value("media").build().unwrap())
                .tag_set(Tag::builder().key("env").value("prod").build().unwrap())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("put bucket tagging");

    let eu = aws_sdk_s3::Client::new(&with_region(config, "eu-west-1"));
    let eu_bucket = emulator::unique("eu-archive");
    eu.create_bucket()
        .bucket(&eu_bucket)
        .create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::EuWest1)
                .build(),
        )
        .send()
        .await
        .expect("create eu bucket");
    eu.put_bucket_notification_configuration()
        .bucket(&eu_bucket)
        .notification_configuration(
            NotificationConfiguration::builder()
                .event_bridge_configuration(EventBridgeConfiguration::builder().build())
                .build(),
        )
        .send()
        .await
        .expect("enable eventbridge");
    eu.put_bucket_tagging()
        .bucket(&eu_bucket)
        .tagging(
            Tagging::builder()
                .tag_set(Tag::builder().key("team").value("archive").build().unwrap())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("put eu bucket tagging");

    let plain_bucket = emulator::unique("plain-bucket");
    s3.create_bucket()
        .bucket(&plain_bucket)
        .send()
        .await
        .expect("create plain bucket");

    SeededS3 {
        notifying_bucket,
        eu_bucket,
        plain_bucket,
        function_arn,
        queue_arn,
        topic_arn,
    }
}

#[tokio::test]
async fn s3_collects_notifications_regions_and_tags() {
    use watershed::model::s3::S3Notification;
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let s = seed_s3(&config).await;
    let ctx = CollectCtx::standalone(config.clone(), ACCOUNT, "global");
    let inv = watershed::collect::s3::collect(&ctx)
        .await
        .expect("s3 collect");
    // moto 5.2 answers GetBucketNotificationConfiguration for a bucket that never had a
    // notification configuration with a <GetBucketNotificationResponse/> root (real S3: an
    // empty <NotificationConfiguration/>), which the SDK rightly refuses to parse. Such
    // buckets are recorded as gaps and kept; no other gap is allowed.
    let gaps = ctx.take_gaps();
    let s3 = aws_sdk_s3::Client::new(&config);
    let quirk = s3
        .get_bucket_notification_configuration()
        .bucket(&s.plain_bucket)
        .send()
        .await
        .is_err();
    assert!(
        gaps.iter()
            .all(|g| g.operation == "s3:GetBucketNotificationConfiguration"
                && g.code == "MalformedResponse"),
        "{gaps:?}"
    );
    assert_eq!(quirk, !gaps.is_empty(), "{gaps:?}");
    let find = |name: &str| {
        inv.s3_buckets
            .iter()
            .find(|b| b.name == name)
            .unwrap_or_else(|| panic!("bucket {name} collected"))
    };

    let b = find(&s.notifying_bucket);
    assert_eq!(b.arn, format!("arn:aws:s3:::{}", s.notifying_bucket));
    assert_eq!(b.account_id, ACCOUNT);
    assert_eq!(b.region, "us-east-1");
    assert!(!b.eventbridge_enabled);
    assert_eq!(b.tags, tags(&[("env", "prod"), ("team", "media")]));
    let n = |id: &str, kind: &str, arn: &str, events: &[&str], p: Option<&str>, x: Option<&str>| {
        S3Notification {
            id: Some(id.into()),
            destination_type: kind.into(),
            destination_arn: arn.into(),
            events: events.iter().map(|e| e.to_string()).collect(),
            prefix: p.map(str::to_string),
            suffix: x.map(str::to_string),
        }
    };
    assert_eq!(
        b.notifications,
        vec![
            n(
                "thumbnails",
                "lambda",
                &s.function_arn,
                &["s3:ObjectCreated:*"],
                Some("images/"),
                Some(".jpg")
            ),
            n(
                "ingest",
                "sqs",
                &s.queue_arn,
                &[
                    "s3:ObjectCreated:Put",
                    "s3:ObjectCreated:CompleteMultipartUpload"
                ],
                Some("incoming/"),
                None
            ),
            n(
                "audit",
                "sns",
                &s.topic_arn,
                &["s3:ObjectRemoved:*"],
                None,
                None
            ),
        ]
    );

    let eu = find(&s.eu_bucket);
    assert_eq!(eu.region, "eu-west-1");
    // moto 5.2 stores EventBridgeConfiguration but leaves it out of its answer; the collector
    // reports what the API says (the parsing of a present one is unit-tested in collect::s3).
    let direct = aws_sdk_s3::Client::new(&with_region(&config, "eu-west-1"))
        .get_bucket_notification_configuration()
        .bucket(&s.eu_bucket)
        .send()
        .await
        .expect("eu bucket notification configuration");
    assert_eq!(
        eu.eventbridge_enabled,
        direct.event_bridge_configuration().is_some()
    );
    assert!(eu.notifications.is_empty());
    assert_eq!(eu.tags, tags(&[("team", "archive")]));

    let plain = find(&s.plain_bucket);
    assert_eq!(plain.region, "us-east-1");
    assert!(plain.notifications.is_empty());
    assert!(!plain.eventbridge_enabled);
    assert!(plain.tags.is_empty(), "NoSuchTagSet is no tags, not a gap");
}

// ---------------------------------------------------------------------------------------
// AppFlow (replayed)

/// A configuration whose HTTP client replays `fixtures/replay/appflow/`.
pub async fn appflow_replay_config() -> SdkConfig {
    replay_config("appflow").await
}

/// A configuration whose HTTP client replays `fixtures/replay/<name>/`.
pub async fn replay_config(name: &str) -> SdkConfig {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/replay")
        .join(name);
    let replay =
        watershed::collect::http::replay::ReplayClient::from_dir(&dir).expect("recordings load");
    let base = sdk_config(&AwsTarget {
        region: Some("us-east-1".into()),
        max_attempts: Some(1),
        http_client: Some(replay.into_shared()),
        ..Default::default()
    })
    .await;
    // Fixed credentials: the replay never needs real ones, and the test must not depend on
    // the environment's.
    base.to_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(
                aws_credential_types::Credentials::new(
                    "AKIDREPLAY",
                    "replay",
                    None,
                    None,
                    "replay",
                ),
            ),
        )
        .build()
}

#[tokio::test]
async fn appflow_collects_recorded_flows_through_the_sdk() {
    let config = appflow_replay_config().await;
    let ctx = CollectCtx::standalone(config, ACCOUNT, "us-east-1");
    let inv = watershed::collect::appflow::collect(&ctx)
        .await
        .expect("appflow collect");
    let gaps = ctx.take_gaps();
    assert!(gaps.is_empty(), "every request was recorded: {gaps:?}");
    let flows = &inv.appflow_flows;
    assert_eq!(flows.len(), 2, "both pages of ListFlows");

    let s3 = &flows[0];
    assert_eq!(
        s3.arn,
        format!("arn:aws:appflow:us-east-1:{ACCOUNT}:flow/orders-s3-to-redshift")
    );
    assert_eq!(s3.name, "orders-s3-to-redshift");
    assert_eq!(s3.status, "Active");
    assert_eq!(s3.trigger_type, "Scheduled");
    assert_eq!(s3.schedule_expression.as_deref(), Some("rate(1hours)"));
    assert_eq!(s3.source_connector_type, "S3");
    assert_eq!(s3.source_connector_profile, None);
    assert_eq!(s3.source_object.as_deref(), Some("acme-orders-export"));
    assert_eq!(s3.destinations.len(), 1);
    assert_eq!(s3.destinations[0].connector_type, "Redshift");
    assert_eq!(
        s3.destinations[0].connector_profile.as_deref(),
        Some("warehouse-redshift")
    );
    assert_eq!(s3.destinations[0].object.as_deref(), Some("public.orders"));
    assert_eq!(
        s3.kms_arn.as_deref(),
        Some("arn:aws:kms:us-east-1:123456789012:key/6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b")
    );
    assert_eq!(s3.last_run_status.as_deref(), Some("Successful"));
    assert_eq!(s3.last_run_error, None);
    assert_eq!(s3.last_run_time.as_deref(), Some("2026-01-05T09:00:12.5Z"));
    assert_eq!(
        s3.tags,
        tags(&[("cost-center", "analytics"), ("team", "data")])
    );

    let sf = &flows[1];
    assert_eq!(sf.name, "crm-accounts-to-s3");
    assert_eq!(sf.status, "Active");
    assert_eq!(sf.trigger_type, "OnDemand");
    assert_eq!(sf.schedule_expression, None);
    assert_eq!(sf.source_connector_type, "Salesforce");
    assert_eq!(
        sf.source_connector_profile.as_deref(),
        Some("crm-salesforce")
    );
    assert_eq!(sf.source_object.as_deref(), Some("Account"));
    assert_eq!(sf.destinations.len(), 1);
    assert_eq!(sf.destinations[0].connector_type, "S3");
    assert_eq!(sf.destinations[0].connector_profile, None);
    assert_eq!(
        sf.destinations[0].object.as_deref(),
        Some("acme-crm-landing")
    );
    assert_eq!(sf.kms_arn, None);
    assert_eq!(sf.last_run_status.as_deref(), Some("Error"));
    assert_eq!(
        sf.last_run_error.as_deref(),
        Some("Salesforce returned INVALID_SESSION_ID: Session expired or invalid")
    );
    assert_eq!(sf.last_run_time.as_deref(), Some("2026-01-04T17:31:02Z"));
    assert_eq!(sf.tags, tags(&[("team", "crm")]));
}

#[tokio::test]
async fn appflow_request_without_recording_names_the_missing_key() {
    let config = appflow_replay_config().await;
    let client = aws_sdk_appflow::Client::new(&config);
    let err = client
        .describe_flow()
        .flow_name("never-recorded")
        .send()
        .await
        .unwrap_err();
    let e = watershed::collect::error::CollectError::from_sdk("appflow:DescribeFlow", err);
    assert_eq!(e.code, "ReplayRecordingNotFound");
    assert!(
        e.message.contains("operation=DescribeFlow")
            && e.message.contains("never-recorded")
            && e.message.contains("service=appflow"),
        "{}",
        e.message
    );
}
