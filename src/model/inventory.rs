//! [`Inventory`]: every collected resource, by type, and a uniform view over them.

use super::Tags;
use super::apigateway::{HttpApi, RestApi};
use super::appflow::AppFlowFlow;
use super::arn::Arn;
use super::cognito::{IdentityPool, UserPool};
use super::eventbridge::{EventBus, EventRule, Pipe, Schedule};
use super::glue::{GlueConnection, GlueCrawler, GlueJob, GlueSecurityConfiguration, GlueTrigger};
use super::iam::{IamRole, ManagedPolicy};
use super::kinesis::{FirehoseStream, KinesisStream};
use super::kms::KmsKey;
use super::lambda::{EventSourceMapping, LambdaFunction};
use super::logs::LogGroup;
use super::mq::MqBroker;
use super::s3::S3Bucket;
use super::sfn::StateMachine;
use super::sns::{SnsSubscription, SnsTopic};
use super::sqs::SqsQueue;
use serde::{Deserialize, Serialize};

/// What every resource type offers: identity, type name, name, location and tags.
pub trait Resource {
    /// Resource type name used in tables and output (`lambda_function`, `sqs_queue`, ...).
    const TYPE: &'static str;
    /// The resource's ARN (synthetic for the few types that have none).
    fn arn(&self) -> String;
    /// The resource's name (for people: findings, tables, graph labels).
    fn name(&self) -> String;
    /// Tags, for types that carry them.
    fn tags(&self) -> Option<&Tags> {
        None
    }
    /// Mutable tags, for types that carry them.
    fn tags_mut(&mut self) -> Option<&mut Tags> {
        None
    }
    /// Owning account (from the ARN unless overridden).
    fn account(&self) -> String {
        Arn::parse(&self.arn())
            .map(|a| a.account)
            .unwrap_or_default()
    }
    /// Region (from the ARN; empty for global resources).
    fn region(&self) -> String {
        Arn::parse(&self.arn())
            .map(|a| a.region)
            .unwrap_or_default()
    }
}

macro_rules! resource {
    ($ty:ty, $name:literal, name = $n:ident $(, tags = $t:ident)? $(, located = $acct:ident / $reg:ident)?) => {
        impl Resource for $ty {
            const TYPE: &'static str = $name;
            fn arn(&self) -> String {
                self.arn.clone()
            }
            fn name(&self) -> String {
                self.$n.clone()
            }
            $(fn tags(&self) -> Option<&Tags> {
                Some(&self.$t)
            }
            fn tags_mut(&mut self) -> Option<&mut Tags> {
                Some(&mut self.$t)
            })?
            $(fn account(&self) -> String {
                self.$acct.clone()
            }
            fn region(&self) -> String {
                self.$reg.clone()
            })?
        }
    };
}

resource!(LambdaFunction, "lambda_function", name = name, tags = tags);
resource!(EventSourceMapping, "event_source_mapping", name = uuid);
resource!(SqsQueue, "sqs_queue", name = name, tags = tags);
resource!(SnsTopic, "sns_topic", name = name, tags = tags);
impl Resource for SnsSubscription {
    const TYPE: &'static str = "sns_subscription";
    fn arn(&self) -> String {
        self.arn.clone()
    }
    /// `topic → endpoint` (`video-uploaded → video-transcode-720p`), the way people name a
    /// subscription; e-mail and SMS endpoints are shown by protocol only.
    fn name(&self) -> String {
        let last = |s: &str| s.rsplit(':').next().unwrap_or(s).to_string();
        let endpoint = match self.protocol.as_str() {
            "email" | "email-json" | "sms" => self.protocol.clone(),
            "http" | "https" => self.endpoint.clone(),
            _ => last(&self.endpoint),
        };
        format!("{} → {endpoint}", last(&self.topic_arn))
    }
}
resource!(EventBus, "event_bus", name = name, tags = tags);
resource!(EventRule, "event_rule", name = name, tags = tags);
resource!(Schedule, "scheduler_schedule", name = name);
resource!(Pipe, "pipe", name = name, tags = tags);
resource!(StateMachine, "state_machine", name = name, tags = tags);
resource!(KinesisStream, "kinesis_stream", name = name, tags = tags);
resource!(FirehoseStream, "firehose_stream", name = name, tags = tags);
resource!(
    RestApi,
    "rest_api",
    name = name,
    tags = tags,
    located = account_id / region
);
resource!(
    HttpApi,
    "http_api",
    name = name,
    tags = tags,
    located = account_id / region
);
resource!(UserPool, "user_pool", name = name, tags = tags);
resource!(IdentityPool, "identity_pool", name = name, tags = tags);
resource!(GlueJob, "glue_job", name = name, tags = tags);
resource!(GlueCrawler, "glue_crawler", name = name, tags = tags);
resource!(GlueTrigger, "glue_trigger", name = name);
resource!(GlueConnection, "glue_connection", name = name);
resource!(MqBroker, "mq_broker", name = name, tags = tags);
resource!(AppFlowFlow, "appflow_flow", name = name, tags = tags);
resource!(IamRole, "iam_role", name = name, tags = tags);
resource!(ManagedPolicy, "iam_policy", name = name);
resource!(KmsKey, "kms_key", name = key_id, tags = tags);
resource!(
    S3Bucket,
    "s3_bucket",
    name = name,
    tags = tags,
    located = account_id / region
);
resource!(LogGroup, "log_group", name = name, tags = tags);

impl Resource for GlueSecurityConfiguration {
    const TYPE: &'static str = "glue_security_configuration";
    fn arn(&self) -> String {
        GlueSecurityConfiguration::arn(self)
    }
    fn name(&self) -> String {
        self.name.clone()
    }
    fn account(&self) -> String {
        self.account_id.clone()
    }
    fn region(&self) -> String {
        self.region.clone()
    }
}

/// A uniform, owned view of one resource: what the `resources` table and the graph need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceRef {
    /// ARN.
    pub arn: String,
    /// Type name (`lambda_function`, ...).
    pub resource_type: &'static str,
    /// Name.
    pub name: String,
    /// Account.
    pub account: String,
    /// Region (empty for global resources).
    pub region: String,
    /// Tags.
    pub tags: Tags,
}

impl ResourceRef {
    /// Builds the view of a resource.
    pub fn of<R: Resource>(r: &R) -> ResourceRef {
        ResourceRef {
            arn: r.arn(),
            resource_type: R::TYPE,
            name: r.name(),
            account: r.account(),
            region: r.region(),
            tags: r.tags().cloned().unwrap_or_default(),
        }
    }
}

/// Appends the items of `incoming` whose ARN is not yet present; an item whose ARN is
/// present with different content is recorded as a conflict (the first one wins).
fn merge_vec<R: Resource + PartialEq>(
    into: &mut Vec<R>,
    incoming: Vec<R>,
    conflicts: &mut Vec<String>,
) {
    let mut index: std::collections::HashMap<String, usize> =
        into.iter().enumerate().map(|(i, r)| (r.arn(), i)).collect();
    for item in incoming {
        let arn = item.arn();
        match index.get(&arn) {
            Some(&i) => {
                if into[i] != item {
                    conflicts.push(arn);
                }
            }
            None => {
                index.insert(arn, into.len());
                into.push(item);
            }
        }
    }
}

/// Receives each resource list of an [`Inventory`] with its field name, which is also its
/// table name in SQL (see [`Inventory::visit_lists`]).
pub trait ListVisitor {
    /// Called once per resource type, in field order, also for empty lists.
    fn visit<R>(&mut self, field: &'static str, items: &[R])
    where
        R: Resource + Serialize + serde::de::DeserializeOwned;
}

macro_rules! inventory {
    ($($(#[$doc:meta])* $field:ident : $ty:ty),* $(,)?) => {
        /// Every collected resource, one list per resource type.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(default)]
        pub struct Inventory {
            $($(#[$doc])* pub $field: Vec<$ty>,)*
        }

        impl Inventory {
            /// A uniform view of every resource, in field order.
            pub fn resources(&self) -> Vec<ResourceRef> {
                let mut out = Vec::with_capacity(self.len());
                $(out.extend(self.$field.iter().map(ResourceRef::of));)*
                out
            }

            /// Number of resources of all types.
            pub fn len(&self) -> usize {
                0 $(+ self.$field.len())*
            }

            /// True when no resource of any type is present.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Merges another inventory into this one, de-duplicating by ARN. Returns the ARNs
            /// present in both with different content (this inventory's version is kept).
            pub fn merge(&mut self, other: Inventory) -> Vec<String> {
                let mut conflicts = Vec::new();
                $(merge_vec(&mut self.$field, other.$field, &mut conflicts);)*
                conflicts
            }

            /// Sets the tags of every resource found in `tags` (by ARN); resources not in
            /// the map keep theirs.
            pub fn apply_tags(&mut self, tags: &std::collections::HashMap<String, Tags>) {
                $(for r in self.$field.iter_mut() {
                    if let Some(t) = tags.get(&r.arn()) {
                        if let Some(slot) = r.tags_mut() {
                            *slot = t.clone();
                        }
                    }
                })*
            }

            /// Sorts every list by ARN, for stable output.
            pub fn sort(&mut self) {
                $(self.$field.sort_by_key(|r| r.arn());)*
            }

            /// Hands every resource list to `visitor`, in field order.
            pub fn visit_lists(&self, visitor: &mut impl ListVisitor) {
                $(visitor.visit(stringify!($field), &self.$field);)*
            }

            /// Number of resources per type name, for summaries.
            pub fn counts(&self) -> Vec<(&'static str, usize)> {
                vec![$((<$ty as Resource>::TYPE, self.$field.len()),)*]
            }
        }
    };
}

inventory! {
    /// Lambda functions.
    lambda_functions: LambdaFunction,
    /// Lambda event-source mappings.
    event_source_mappings: EventSourceMapping,
    /// SQS queues.
    sqs_queues: SqsQueue,
    /// SNS topics.
    sns_topics: SnsTopic,
    /// SNS subscriptions.
    sns_subscriptions: SnsSubscription,
    /// EventBridge buses.
    event_buses: EventBus,
    /// EventBridge rules (with targets).
    event_rules: EventRule,
    /// EventBridge Scheduler schedules.
    schedules: Schedule,
    /// EventBridge Pipes.
    pipes: Pipe,
    /// Step Functions state machines.
    state_machines: StateMachine,
    /// Kinesis data streams (with consumers).
    kinesis_streams: KinesisStream,
    /// Firehose delivery streams.
    firehose_streams: FirehoseStream,
    /// API Gateway REST APIs.
    rest_apis: RestApi,
    /// API Gateway HTTP and WebSocket APIs.
    http_apis: HttpApi,
    /// Cognito user pools.
    user_pools: UserPool,
    /// Cognito identity pools.
    identity_pools: IdentityPool,
    /// Glue jobs.
    glue_jobs: GlueJob,
    /// Glue crawlers.
    glue_crawlers: GlueCrawler,
    /// Glue triggers.
    glue_triggers: GlueTrigger,
    /// Glue security configurations.
    glue_security_configurations: GlueSecurityConfiguration,
    /// Glue connections.
    glue_connections: GlueConnection,
    /// Amazon MQ brokers.
    mq_brokers: MqBroker,
    /// AppFlow flows.
    appflow_flows: AppFlowFlow,
    /// IAM roles.
    iam_roles: IamRole,
    /// IAM managed policies attached to collected roles.
    iam_policies: ManagedPolicy,
    /// KMS keys used by collected resources.
    kms_keys: KmsKey,
    /// S3 buckets with notification configurations.
    s3_buckets: S3Bucket,
    /// CloudWatch log groups.
    log_groups: LogGroup,
}
