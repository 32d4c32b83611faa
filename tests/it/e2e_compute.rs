//! End to end against the local emulator: Lambda functions and event-source mappings, log
//! groups in two regions and KMS keys, seeded through the AWS SDK and read back through
//! watershed's collectors. The `seed_*` functions are self-contained (they create every
//! resource they need, with unique names) so a whole-scan test can reuse them.

use super::emulator;
use aws_config::SdkConfig;
use aws_sdk_lambda::primitives::Blob;
use watershed::collect::CollectCtx;
use watershed::collect::client::{sdk_config, with_region};

const ACCOUNT: &str = "123456789012";

/// A zip archive holding one stored (uncompressed) file, written by hand.
pub fn tiny_zip(name: &str, body: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(body);
    let crc = crc.sum();
    let size = body.len() as u32;
    let name_len = name.len() as u16;
    let mut z = Vec::new();
    // Local file header: version 2.0, no flags, stored, 1980-01-01 00:00.
    z.extend(0x0403_4b50u32.to_le_bytes());
    z.extend([20u16, 0, 0, 0, 0x21].iter().flat_map(|v| v.to_le_bytes()));
    z.extend(crc.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(name_len.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z.extend(name.as_bytes());
    z.extend(body);
    let central_at = z.len() as u32;
    // Central directory entry.
    z.extend(0x0201_4b50u32.to_le_bytes());
    z.extend(
        [20u16, 20, 0, 0, 0, 0x21]
            .iter()
            .flat_map(|v| v.to_le_bytes()),
    );
    z.extend(crc.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend([name_len, 0, 0, 0, 0].iter().flat_map(|v| v.to_le_bytes()));
    z.extend(0u32.to_le_bytes()); // external attributes
    z.extend(0u32.to_le_bytes()); // offset of the local header
    z.extend(name.as_bytes());
    let central_size = z.len() as u32 - central_at;
    // End of central directory.
    z.extend(0x0605_4b50u32.to_le_bytes());
    z.extend([0u16, 0, 1, 1].iter().flat_map(|v| v.to_le_bytes()));
    z.extend(central_size.to_le_bytes());
    z.extend(central_at.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z
}

async fn queue_arn(sqs: &aws_sdk_sqs::Client, name: &str) -> String {
    let url = sqs
        .create_queue()
        .queue_name(name)
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    sqs.get_queue_attributes()
        .queue_url(&url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&aws_sdk_sqs::types::QueueAttributeName::QueueArn]
        .clone()
}

/// What [`seed_lambda`] created.
#[derive(Debug, Clone)]
pub struct SeededLambda {
    /// Execution role of every function.
    pub role_arn: String,
    /// Key encrypting the API function's environment.
    pub kms_key_arn: String,
    /// Python API function: env vars (one secret), DLQ, tracing, VPC, arm64, tags.
    pub api_name: String,
    /// Its ARN.
    pub api_arn: String,
    /// DLQ of the API function.
    pub dlq_arn: String,
    /// Node.js worker: alias `live` on version 1, resource policy, async config, reserved
    /// concurrency, function URL, SQS mapping.
    pub worker_name: String,
    /// Its ARN.
    pub worker_arn: String,
    /// EventBridge rule allowed to invoke the worker.
    pub rule_arn: String,
    /// Where failed async invocations and failed stream batches go.
    pub failure_queue_arn: String,
    /// Queue the worker polls.
    pub source_queue_arn: String,
    /// UUID of the SQS mapping.
    pub sqs_mapping_uuid: String,
    /// The worker's function URL.
    pub worker_url: String,
    /// Python stream consumer.
    pub streamer_name: String,
    /// Its ARN.
    pub streamer_arn: String,
    /// Stream it reads.
    pub stream_arn: String,
    /// UUID of the Kinesis mapping.
    pub kinesis_mapping_uuid: String,
}

/// Seeds functions and mappings covering the settings the Lambda collector reads.
pub async fn seed_lambda(config: &SdkConfig) -> SeededLambda {
    use aws_sdk_lambda::types::{
        Architecture, Cors, DeadLetterConfig, DestinationConfig, Environment, EphemeralStorage,
        EventSourcePosition, Filter, FilterCriteria, FunctionCode, FunctionResponseType,
        FunctionUrlAuthType, InvokeMode, LogFormat, LoggingConfig, OnFailure, Runtime,
        ScalingConfig, TracingConfig, TracingMode, VpcConfig,
    };
    let iam = aws_sdk_iam::Client::new(config);
    let lambda = aws_sdk_lambda::Client::new(config);
    let sqs = aws_sdk_sqs::Client::new(config);
    let kinesis = aws_sdk_kinesis::Client::new(config);
    let kms = aws_sdk_kms::Client::new(config);

    let role_arn = iam
        .create_role()
        .role_name(emulator::unique("fn-role"))
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    let kms_key_arn = kms
        .create_key()
        .description("lambda environment")
        .send()
        .await
        .unwrap()
        .key_metadata
        .unwrap()
        .arn
        .unwrap();
    let dlq_arn = queue_arn(&sqs, &emulator::unique("api-dlq")).await;
    let failure_queue_arn = queue_arn(&sqs, &emulator::unique("failures")).await;
    let source_queue_arn = queue_arn(&sqs, &emulator::unique("orders-in")).await;
    let stream_name = emulator::unique("clicks");
    kinesis
        .create_stream()
        .stream_name(&stream_name)
        .shard_count(1)
        .send()
        .await
        .unwrap();
    let stream_arn = kinesis
        .describe_stream_summary()
        .stream_name(&stream_name)
        .send()
        .await
        .unwrap()
        .stream_description_summary
        .unwrap()
        .stream_arn;
    let code = |file: &str, body: &str| {
        FunctionCode::builder()
            .zip_file(Blob::new(tiny_zip(file, body.as_bytes())))
            .build()
    };

    // The API function: Python, secrets in its environment, DLQ, tracing, VPC.
    let api_name = emulator::unique("orders-api");
    let api_arn = lambda
        .create_function()
        .function_name(&api_name)
        .runtime(Runtime::Python312)
        .handler("app.handler")
        .role(&role_arn)
        .code(code(
            "app.py",
            "def handler(event, context):\n    return event\n",
        ))
        .timeout(30)
        .memory_size(256)
        .architectures(Architecture::Arm64)
        .ephemeral_storage(EphemeralStorage::builder().size(1024).build().unwrap())
        .environment(
            Environment::builder()
                .variables("TABLE_NAME", "orders")
                .variables("DB_PASSWORD", "hunter2")
                .build(),
        )
        .kms_key_arn(&kms_key_arn)
        .tracing_config(TracingConfig::builder().mode(TracingMode::Active).build())
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids("subnet-0a1b2c3d")
                .subnet_ids("subnet-4e5f6a7b")
                .security_group_ids("sg-0a1b2c3d")
                .build(),
        )
        .dead_letter_config(DeadLetterConfig::builder().target_arn(&dlq_arn).build())
        .logging_config(
            LoggingConfig::builder()
                .log_format(LogFormat::Json)
                .log_group("/orders/api")
                .build(),
        )
        .tags("team", "orders")
        .send()
        .await
        .unwrap()
        .function_arn
        .unwrap();

    // The worker: Node.js, alias on a published version, async config, URL, SQS source.
    let worker_name = emulator::unique("orders-worker");
    let worker_arn = lambda
        .create_function()
        .function_name(&worker_name)
        .runtime(Runtime::Nodejs20x)
        .handler("index.handler")
        .role(&role_arn)
        .code(code("index.js", "exports.handler = async (e) => e;\n"))
        .timeout(60)
        .memory_size(512)
        .send()
        .await
        .unwrap()
        .function_arn
        .unwrap();
    let version = lambda
        .publish_version()
        .function_name(&worker_name)
        .send()
        .await
        .unwrap()
        .version
        .unwrap();
    lambda
        .create_alias()
        .function_name(&worker_name)
        .name("live")
        .function_version(&version)
        .send()
        .await
        .unwrap();
    let rule_arn = format!(
        "arn:aws:events:us-east-1:{ACCOUNT}:rule/{}",
        emulator::unique("nightly")
    );
    lambda
        .add_permission()
        .function_name(&worker_name)
        .statement_id("events-invoke")
        .action("lambda:InvokeFunction")
        .principal("events.amazonaws.com")
        .source_arn(&rule_arn)
        .send()
        .await
        .unwrap();
    lambda
        .put_function_event_invoke_config()
        .function_name(&worker_name)
        .maximum_retry_attempts(1)
        .maximum_event_age_in_seconds(3600)
        .destination_config(
            DestinationConfig::builder()
                .on_failure(OnFailure::builder().destination(&failure_queue_arn).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    lambda
        .put_function_concurrency()
        .function_name(&worker_name)
        .reserved_concurrent_executions(5)
        .send()
        .await
        .unwrap();
    let worker_url = lambda
        .create_function_url_config()
        .function_name(&worker_name)
        .auth_type(FunctionUrlAuthType::AwsIam)
        .invoke_mode(InvokeMode::ResponseStream)
        .cors(
            Cors::builder()
                .allow_origins("https://shop.example.com")
                .allow_methods("GET")
                .allow_methods("POST")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .function_url;
    let sqs_mapping_uuid = lambda
        .create_event_source_mapping()
        .function_name(&worker_name)
        .event_source_arn(&source_queue_arn)
        .batch_size(25)
        .maximum_batching_window_in_seconds(5)
        .function_response_types(FunctionResponseType::ReportBatchItemFailures)
        .filter_criteria(
            FilterCriteria::builder()
                .filters(
                    Filter::builder()
                        .pattern(r#"{"body":{"type":["order"]}}"#)
                        .build(),
                )
                .build(),
        )
        .scaling_config(ScalingConfig::builder().maximum_concurrency(10).build())
        .send()
        .await
        .unwrap()
        .uuid
        .unwrap();

    // The stream consumer: Python, Kinesis source with the stream settings.
    let streamer_name = emulator::unique("clicks-consumer");
    let streamer_arn = lambda
        .create_function()
        .function_name(&streamer_name)
        .runtime(Runtime::Python311)
        .handler("consumer.handler")
        .role(&role_arn)
        .code(code(
            "consumer.py",
            "def handler(event, context):\n    pass\n",
        ))
        .send()
        .await
        .unwrap()
        .function_arn
        .unwrap();
    let kinesis_mapping_uuid = lambda
        .create_event_source_mapping()
        .function_name(&streamer_name)
        .event_source_arn(&stream_arn)
        .starting_position(EventSourcePosition::TrimHorizon)
        .batch_size(200)
        .parallelization_factor(2)
        .bisect_batch_on_function_error(true)
        .maximum_retry_attempts(3)
        .maximum_record_age_in_seconds(3600)
        .tumbling_window_in_seconds(60)
        .destination_config(
            DestinationConfig::builder()
                .on_failure(OnFailure::builder().destination(&failure_queue_arn).build())
                .build(),
        )
        .send()
        .await
        .unwrap()
        .uuid
        .unwrap();

    SeededLambda {
        role_arn,
        kms_key_arn,
        api_name,
        api_arn,
        dlq_arn,
        worker_name,
        worker_arn,
        rule_arn,
        failure_queue_arn,
        source_queue_arn,
        sqs_mapping_uuid,
        worker_url,
        streamer_name,
        streamer_arn,
        stream_arn,
        kinesis_mapping_uuid,
    }
}

#[tokio::test]
async fn lambda_functions_and_mappings_read_back() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let s = seed_lambda(&config).await;

    let ctx = CollectCtx::standalone(config.clone(), ACCOUNT, "us-east-1");
    let inv = watershed::collect::lambda::collect(&ctx)
        .await
        .expect("collect succeeds");
    // moto does not implement GetFunctionRecursionConfig (a bare 404): recorded as absent,
    // not as a gap. The only gaps moto forces: ListFunctionEventInvokeConfigs of a function
    // that has a config answers `LastModified` as an ISO string where the API has epoch
    // seconds, which the SDK refuses (MalformedResponse); the function is kept without it.
    let gaps = ctx.take_gaps();
    for g in &gaps {
        assert_eq!(
            (g.operation.as_str(), g.code.as_str()),
            ("lambda:ListFunctionEventInvokeConfigs", "MalformedResponse"),
            "{g}"
        );
    }
    let moto_garbled_async_config = gaps
        .iter()
        .any(|g| g.message.starts_with(&format!("{}:", s.worker_name)));
    let json = serde_json::to_string(&inv).unwrap();
    assert!(
        !json.contains("hunter2"),
        "a secret value reached the inventory"
    );

    let f = |name: &str| {
        inv.lambda_functions
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{name} collected"))
    };

    let api = f(&s.api_name);
    assert_eq!(api.arn, s.api_arn);
    assert_eq!(api.runtime.as_deref(), Some("python3.12"));
    assert_eq!(api.handler.as_deref(), Some("app.handler"));
    assert_eq!(api.package_type, "Zip");
    assert_eq!((api.timeout_seconds, api.memory_mb), (30, 256));
    assert_eq!(api.ephemeral_storage_mb, Some(1024));
    assert_eq!(api.architectures, vec!["arm64"]);
    assert_eq!(api.tracing_mode.as_deref(), Some("Active"));
    assert_eq!(api.role_arn, s.role_arn);
    assert_eq!(api.kms_key_arn.as_deref(), Some(s.kms_key_arn.as_str()));
    assert_eq!(
        api.environment_variable_names,
        vec!["DB_PASSWORD", "TABLE_NAME"]
    );
    assert_eq!(api.environment_secret_names, vec!["DB_PASSWORD"]);
    let vpc = api.vpc.as_ref().expect("VPC config read back");
    assert_eq!(vpc.subnet_ids, vec!["subnet-0a1b2c3d", "subnet-4e5f6a7b"]);
    assert_eq!(vpc.security_group_ids, vec!["sg-0a1b2c3d"]);
    assert!(vpc.vpc_id.is_some(), "moto invents a VPC id");
    // moto accepts but does not store DeadLetterConfig and LoggingConfig: ListFunctions
    // returns neither. Real AWS returns both; the unit tests cover their parsing.
    assert!(
        api.dead_letter_target_arn
            .as_deref()
            .is_none_or(|d| d == s.dlq_arn)
    );
    assert!(
        api.logging
            .log_group
            .as_deref()
            .is_none_or(|g| g == "/orders/api")
    );
    assert_eq!(api.tags.get("team").map(String::as_str), Some("orders"));
    assert!(api.code_sha256.is_some());
    assert!(api.code_size > 0);
    assert_eq!(api.state.as_deref(), Some("Active"));
    assert_eq!(api.snap_start.as_deref(), Some("None"));
    let modified = api.last_modified.as_deref().expect("last modified");
    assert!(
        chrono::DateTime::parse_from_rfc3339(modified).is_ok(),
        "{modified} is RFC 3339"
    );
    assert_eq!(api.resource_policy, None, "no permission was added");
    assert_eq!(api.reserved_concurrency, None);
    assert!(api.aliases.is_empty() && api.versions.is_empty());
    assert!(api.function_urls.is_empty() && api.async_invoke_configs.is_empty());
    assert_eq!(api.code_signing_config_arn, None);
    assert_eq!(
        api.recursive_loop, None,
        "moto lacks GetFunctionRecursionConfig"
    );

    let worker = f(&s.worker_name);
    assert_eq!(worker.arn, s.worker_arn);
    assert_eq!(worker.runtime.as_deref(), Some("nodejs20.x"));
    assert_eq!(worker.handler.as_deref(), Some("index.handler"));
    assert_eq!((worker.timeout_seconds, worker.memory_mb), (60, 512));
    assert_eq!(worker.architectures, vec!["x86_64"]);
    assert_eq!(worker.vpc, None);
    assert!(worker.environment_variable_names.is_empty());
    assert_eq!(worker.versions, vec!["1"]);
    assert_eq!(worker.aliases.len(), 1);
    let live = &worker.aliases[0];
    assert_eq!(
        (live.name.as_str(), live.function_version.as_str()),
        ("live", "1")
    );
    assert_eq!(live.arn, format!("{}:live", s.worker_arn));
    assert!(live.additional_version_weights.is_empty());
    assert_eq!(worker.reserved_concurrency, Some(5));
    if moto_garbled_async_config {
        assert!(worker.async_invoke_configs.is_empty());
    } else {
        assert_eq!(worker.async_invoke_configs.len(), 1);
        let cfg = worker.latest_async_config().expect("$LATEST async config");
        assert_eq!(cfg.qualifier, "$LATEST");
        assert_eq!(cfg.maximum_retry_attempts, Some(1));
        assert_eq!(cfg.maximum_event_age_seconds, Some(3600));
        assert_eq!(
            cfg.on_failure_arn.as_deref(),
            Some(s.failure_queue_arn.as_str())
        );
        assert_eq!(cfg.on_success_arn, None);
    }
    // moto ignores the qualifier of GetFunctionUrlConfig and answers the unqualified URL
    // for the alias too; the collector keeps one URL per address, qualified as reported.
    assert_eq!(worker.function_urls.len(), 1);
    let url = &worker.function_urls[0];
    assert_eq!(url.url, s.worker_url);
    assert_eq!(url.qualifier, None);
    assert_eq!(url.auth_type, "AWS_IAM");
    assert_eq!(url.invoke_mode.as_deref(), Some("RESPONSE_STREAM"));
    assert_eq!(url.cors_allow_origins, vec!["https://shop.example.com"]);
    assert_eq!(url.cors_allow_methods, vec!["GET", "POST"]);
    let policy = worker.resource_policy.as_ref().expect("resource policy");
    let stmts = policy.value()["Statement"].as_array().expect("statements");
    assert_eq!(stmts.len(), 1);
    let st = &stmts[0];
    assert_eq!(st["Sid"], "events-invoke");
    assert_eq!(st["Effect"], "Allow");
    assert_eq!(st["Action"], "lambda:InvokeFunction");
    assert_eq!(st["Principal"]["Service"], "events.amazonaws.com");
    assert_eq!(
        st["Condition"]["ArnLike"]["AWS:SourceArn"],
        s.rule_arn.as_str()
    );

    let streamer = f(&s.streamer_name);
    assert_eq!(streamer.arn, s.streamer_arn);
    assert_eq!(streamer.runtime.as_deref(), Some("python3.11"));
    assert_eq!((streamer.timeout_seconds, streamer.memory_mb), (3, 128));

    let m = |uuid: &str| {
        inv.event_source_mappings
            .iter()
            .find(|m| m.uuid == uuid)
            .unwrap_or_else(|| panic!("mapping {uuid} collected"))
    };
    let sqs = m(&s.sqs_mapping_uuid);
    assert_eq!(
        sqs.arn,
        format!(
            "arn:aws:lambda:us-east-1:{ACCOUNT}:event-source-mapping:{}",
            s.sqs_mapping_uuid
        )
    );
    assert_eq!(sqs.function_arn, s.worker_arn);
    assert_eq!(
        sqs.event_source_arn.as_deref(),
        Some(s.source_queue_arn.as_str())
    );
    assert_eq!(sqs.state, "Enabled");
    assert_eq!(sqs.batch_size, Some(25));
    assert_eq!(sqs.maximum_batching_window_seconds, Some(5));
    assert_eq!(sqs.function_response_types, vec!["ReportBatchItemFailures"]);
    assert_eq!(sqs.filter_patterns.len(), 1);
    assert_eq!(
        sqs.filter_patterns[0].value(),
        &serde_json::json!({"body": {"type": ["order"]}})
    );
    assert_eq!(sqs.scaling_maximum_concurrency, Some(10));
    assert_eq!(sqs.starting_position, None);
    assert_eq!(sqs.destination_on_failure_arn, None);
    assert_eq!(sqs.bisect_batch_on_function_error, None);

    let kin = m(&s.kinesis_mapping_uuid);
    assert_eq!(kin.function_arn, s.streamer_arn);
    assert_eq!(kin.event_source_arn.as_deref(), Some(s.stream_arn.as_str()));
    assert_eq!(kin.state, "Enabled");
    assert_eq!(kin.starting_position.as_deref(), Some("TRIM_HORIZON"));
    assert_eq!(kin.batch_size, Some(200));
    assert_eq!(kin.parallelization_factor, Some(2));
    assert_eq!(kin.bisect_batch_on_function_error, Some(true));
    assert_eq!(kin.maximum_retry_attempts, Some(3));
    assert_eq!(kin.maximum_record_age_seconds, Some(3600));
    assert_eq!(kin.tumbling_window_seconds, Some(60));
    assert_eq!(
        kin.destination_on_failure_arn.as_deref(),
        Some(s.failure_queue_arn.as_str())
    );
    assert!(kin.function_response_types.is_empty() && kin.filter_patterns.is_empty());
    assert_eq!(kin.scaling_maximum_concurrency, None);
}

/// What [`seed_logs`] created: (name, retention) per region.
#[derive(Debug, Clone)]
pub struct SeededLogs {
    /// Log groups in us-east-1.
    pub us_east_1: Vec<(String, Option<i32>)>,
    /// Log groups in eu-west-1.
    pub eu_west_1: Vec<(String, Option<i32>)>,
    /// KMS key of the first us-east-1 group.
    pub kms_key_arn: String,
}

/// Seeds log groups in us-east-1 (one with retention, a KMS key and tags, one never
/// expiring) and eu-west-1 (one with retention).
pub async fn seed_logs(config: &SdkConfig) -> SeededLogs {
    let kms_key_arn = aws_sdk_kms::Client::new(config)
        .create_key()
        .description("log encryption")
        .send()
        .await
        .unwrap()
        .key_metadata
        .unwrap()
        .arn
        .unwrap();
    let east = aws_sdk_cloudwatchlogs::Client::new(config);
    let west = aws_sdk_cloudwatchlogs::Client::new(&with_region(config, "eu-west-1"));
    let api = format!("/aws/lambda/{}", emulator::unique("orders-api"));
    east.create_log_group()
        .log_group_name(&api)
        .kms_key_id(&kms_key_arn)
        .tags("team", "orders")
        .send()
        .await
        .unwrap();
    east.put_retention_policy()
        .log_group_name(&api)
        .retention_in_days(14)
        .send()
        .await
        .unwrap();
    let audit = format!("/audit/{}", emulator::unique("trail"));
    east.create_log_group()
        .log_group_name(&audit)
        .send()
        .await
        .unwrap();
    let eu = format!("/aws/lambda/{}", emulator::unique("eu-worker"));
    west.create_log_group()
        .log_group_name(&eu)
        .send()
        .await
        .unwrap();
    west.put_retention_policy()
        .log_group_name(&eu)
        .retention_in_days(30)
        .send()
        .await
        .unwrap();
    SeededLogs {
        us_east_1: vec![(api, Some(14)), (audit, None)],
        eu_west_1: vec![(eu, Some(30))],
        kms_key_arn,
    }
}

#[tokio::test]
async fn log_groups_read_back_in_two_regions() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let s = seed_logs(&config).await;

    for (region, seeded) in [("us-east-1", &s.us_east_1), ("eu-west-1", &s.eu_west_1)] {
        let ctx = CollectCtx::standalone(with_region(&config, region), ACCOUNT, region);
        let groups = watershed::collect::logs::collect(&ctx)
            .await
            .expect("collect succeeds")
            .log_groups;
        assert_eq!(ctx.take_gaps(), vec![]);
        for (name, retention) in seeded {
            let g = groups
                .iter()
                .find(|g| &g.name == name)
                .unwrap_or_else(|| panic!("{name} collected in {region}"));
            assert_eq!(
                g.arn,
                format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}")
            );
            assert_eq!(g.retention_days, *retention, "{name}");
            assert_eq!(g.stored_bytes, Some(0));
            assert!(g.creation_time.is_some_and(|t| t > 1_600_000_000_000));
            // moto does not report the log group class.
            assert!(g.log_group_class.as_deref().is_none_or(|c| c == "STANDARD"));
        }
        // Groups of the other region are not in this cell.
        let other = if region == "us-east-1" {
            &s.eu_west_1
        } else {
            &s.us_east_1
        };
        assert!(
            other
                .iter()
                .all(|(n, _)| groups.iter().all(|g| &g.name != n))
        );
    }
    let ctx = CollectCtx::standalone(config.clone(), ACCOUNT, "us-east-1");
    let groups = watershed::collect::logs::collect(&ctx)
        .await
        .unwrap()
        .log_groups;
    let api = groups.iter().find(|g| g.name == s.us_east_1[0].0).unwrap();
    assert_eq!(api.kms_key_id.as_deref(), Some(s.kms_key_arn.as_str()));
    assert_eq!(api.tags.get("team").map(String::as_str), Some("orders"));
    let audit = groups.iter().find(|g| g.name == s.us_east_1[1].0).unwrap();
    assert_eq!(audit.kms_key_id, None);
    assert!(audit.tags.is_empty());
}

/// What [`seed_kms`] created.
#[derive(Debug, Clone)]
pub struct SeededKms {
    /// Symmetric customer key with rotation, an alias and tags.
    pub key_id: String,
    /// Its ARN.
    pub key_arn: String,
    /// Its alias (`alias/...`).
    pub alias: String,
    /// RSA signing key (no rotation possible), no alias, no tags.
    pub signing_key_id: String,
    /// Its ARN.
    pub signing_key_arn: String,
}

/// Seeds a symmetric key (alias, rotation, tags) and an asymmetric signing key.
pub async fn seed_kms(config: &SdkConfig) -> SeededKms {
    use aws_sdk_kms::types::{KeySpec, KeyUsageType, Tag};
    let kms = aws_sdk_kms::Client::new(config);
    let meta = kms
        .create_key()
        .description("orders data")
        // The API default; moto omits KeyUsage from DescribeKey unless it was given.
        .key_usage(KeyUsageType::EncryptDecrypt)
        .tags(
            Tag::builder()
                .tag_key("team")
                .tag_value("orders")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .key_metadata
        .unwrap();
    let alias = format!("alias/{}", emulator::unique("orders"));
    kms.create_alias()
        .alias_name(&alias)
        .target_key_id(&meta.key_id)
        .send()
        .await
        .unwrap();
    kms.enable_key_rotation()
        .key_id(&meta.key_id)
        .send()
        .await
        .unwrap();
    let signing = kms
        .create_key()
        .key_usage(KeyUsageType::SignVerify)
        .key_spec(KeySpec::Rsa2048)
        .send()
        .await
        .unwrap()
        .key_metadata
        .unwrap();
    SeededKms {
        key_id: meta.key_id,
        key_arn: meta.arn.unwrap(),
        alias,
        signing_key_id: signing.key_id,
        signing_key_arn: signing.arn.unwrap(),
    }
}

#[tokio::test]
async fn kms_keys_read_back_by_any_reference() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let s = seed_kms(&config).await;

    let refs = vec![
        s.key_arn.clone(),
        s.key_id.clone(),
        s.alias.clone(),
        format!("arn:aws:kms:us-east-1:{ACCOUNT}:{}", s.alias),
        s.signing_key_id.clone(),
        "alias/aws/lambda".to_string(),
        // Deleted (or never created): skipped without a gap.
        format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/00000000-0000-0000-0000-000000000000"),
    ];
    let ctx = CollectCtx::standalone(config.clone(), ACCOUNT, "us-east-1");
    let keys = watershed::collect::kms::collect(&ctx, &refs)
        .await
        .expect("collect succeeds");
    assert_eq!(ctx.take_gaps(), vec![]);
    assert_eq!(
        keys.len(),
        3,
        "four references to one key collapse: {keys:#?}"
    );

    let k = keys
        .iter()
        .find(|k| k.arn == s.key_arn)
        .expect("orders key");
    assert_eq!(k.key_id, s.key_id);
    assert_eq!(k.aliases, vec![s.alias.clone()]);
    assert_eq!(k.key_manager, "CUSTOMER");
    assert_eq!(k.key_state, "Enabled");
    assert_eq!(k.key_usage.as_deref(), Some("ENCRYPT_DECRYPT"));
    assert_eq!(k.key_spec.as_deref(), Some("SYMMETRIC_DEFAULT"));
    assert_eq!(k.origin.as_deref(), Some("AWS_KMS"));
    assert_eq!(k.description.as_deref(), Some("orders data"));
    assert!(k.creation_date.is_some());
    assert!(!k.multi_region);
    assert!(k.rotation_enabled);
    assert_eq!(k.tags.get("team").map(String::as_str), Some("orders"));
    let policy = k.policy.as_ref().expect("key policy");
    assert!(policy.value()["Statement"].is_array(), "{policy:?}");

    let sign = keys
        .iter()
        .find(|k| k.arn == s.signing_key_arn)
        .expect("signing key");
    assert_eq!(sign.key_usage.as_deref(), Some("SIGN_VERIFY"));
    assert_eq!(sign.key_spec.as_deref(), Some("RSA_2048"));
    assert!(!sign.rotation_enabled, "asymmetric keys do not rotate");
    assert!(sign.aliases.is_empty() && sign.tags.is_empty());

    let managed = keys
        .iter()
        .find(|k| k.arn != s.key_arn && k.arn != s.signing_key_arn)
        .expect("the key behind alias/aws/lambda");
    assert_eq!(managed.key_state, "Enabled");
    assert!(managed.policy.is_some());
    // moto creates the keys behind `alias/aws/*` on first use but reports them as
    // CUSTOMER keys (without rotation); real AWS reports `AWS`, which the collector treats
    // as rotated without asking.
    if managed.key_manager == "AWS" {
        assert!(managed.rotation_enabled, "AWS rotates its managed keys");
    } else {
        assert_eq!(managed.key_manager, "CUSTOMER");
    }
}

#[tokio::test]
async fn no_key_references_make_no_calls() {
    let Some(target) = emulator::target() else {
        return;
    };
    let config = sdk_config(&target).await;
    let ctx = CollectCtx::standalone(config, ACCOUNT, "us-east-1");
    let keys = watershed::collect::kms::collect(&ctx, &[]).await.unwrap();
    assert!(keys.is_empty());
    assert_eq!(ctx.stats.totals().calls, 0);
}
