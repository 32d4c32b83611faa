//! The topology graph: who triggers whom, with what settings, and where failed events go.
//!
//! Owns: node and edge types, [`Topology::from_inventory`] (a pure function of the
//! inventory, see [`derive`]), neighbourhood queries and failure-path computation
//! ([`failure`]). Not for: rendering (see `report::graph`) or collecting.

pub mod derive;
pub mod failure;
mod targets;

use crate::model::{Arn, Inventory};
use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// What a node is. Inventory nodes use their resource type name; nodes outside the
/// inventory get a kind inferred from their ARN or address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// Lambda function.
    LambdaFunction,
    /// SQS queue.
    SqsQueue,
    /// SNS topic.
    SnsTopic,
    /// EventBridge bus.
    EventBus,
    /// EventBridge rule.
    EventRule,
    /// Scheduler schedule.
    SchedulerSchedule,
    /// EventBridge Pipe.
    Pipe,
    /// Step Functions state machine.
    StateMachine,
    /// Step Functions activity.
    SfnActivity,
    /// Kinesis data stream.
    KinesisStream,
    /// Firehose delivery stream.
    FirehoseStream,
    /// DynamoDB table.
    DynamodbTable,
    /// DynamoDB stream.
    DynamodbStream,
    /// API Gateway REST API.
    RestApi,
    /// API Gateway HTTP/WebSocket API.
    HttpApi,
    /// Cognito user pool.
    UserPool,
    /// Cognito identity pool.
    IdentityPool,
    /// Glue job.
    GlueJob,
    /// Glue crawler.
    GlueCrawler,
    /// Glue trigger.
    GlueTrigger,
    /// Amazon MQ broker.
    MqBroker,
    /// MSK or self-managed Kafka cluster.
    KafkaCluster,
    /// AppFlow flow.
    AppflowFlow,
    /// SaaS application reached through AppFlow.
    SaasApplication,
    /// IAM role.
    IamRole,
    /// S3 bucket.
    S3Bucket,
    /// CloudWatch log group.
    LogGroup,
    /// HTTP(S) endpoint outside AWS.
    HttpEndpoint,
    /// Email address (SNS email subscription).
    Email,
    /// Phone number (SNS SMS subscription).
    Sms,
    /// An AWS service API called without a specific resource (SDK integrations, SES).
    AwsService,
    /// Anything else.
    Unknown,
}

impl NodeKind {
    /// The snake_case name (as in JSON and SQL).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::LambdaFunction => "lambda_function",
            NodeKind::SqsQueue => "sqs_queue",
            NodeKind::SnsTopic => "sns_topic",
            NodeKind::EventBus => "event_bus",
            NodeKind::EventRule => "event_rule",
            NodeKind::SchedulerSchedule => "scheduler_schedule",
            NodeKind::Pipe => "pipe",
            NodeKind::StateMachine => "state_machine",
            NodeKind::SfnActivity => "sfn_activity",
            NodeKind::KinesisStream => "kinesis_stream",
            NodeKind::FirehoseStream => "firehose_stream",
            NodeKind::DynamodbTable => "dynamodb_table",
            NodeKind::DynamodbStream => "dynamodb_stream",
            NodeKind::RestApi => "rest_api",
            NodeKind::HttpApi => "http_api",
            NodeKind::UserPool => "user_pool",
            NodeKind::IdentityPool => "identity_pool",
            NodeKind::GlueJob => "glue_job",
            NodeKind::GlueCrawler => "glue_crawler",
            NodeKind::GlueTrigger => "glue_trigger",
            NodeKind::MqBroker => "mq_broker",
            NodeKind::KafkaCluster => "kafka_cluster",
            NodeKind::AppflowFlow => "appflow_flow",
            NodeKind::SaasApplication => "saas_application",
            NodeKind::IamRole => "iam_role",
            NodeKind::S3Bucket => "s3_bucket",
            NodeKind::LogGroup => "log_group",
            NodeKind::HttpEndpoint => "http_endpoint",
            NodeKind::Email => "email",
            NodeKind::Sms => "sms",
            NodeKind::AwsService => "aws_service",
            NodeKind::Unknown => "unknown",
        }
    }

    /// Infers the kind of a node id that is not in the inventory.
    pub fn infer(id: &str) -> NodeKind {
        if id.starts_with("http://") || id.starts_with("https://") {
            return NodeKind::HttpEndpoint;
        }
        if id.starts_with("email:") {
            return NodeKind::Email;
        }
        if id.starts_with("sms:") {
            return NodeKind::Sms;
        }
        if id.starts_with("saas:") {
            return NodeKind::SaasApplication;
        }
        let Ok(a) = Arn::parse(id) else {
            return NodeKind::Unknown;
        };
        let rtype = a.resource_type();
        match a.service.as_str() {
            "lambda" if rtype == "function" => NodeKind::LambdaFunction,
            "sqs" => NodeKind::SqsQueue,
            "sns" => NodeKind::SnsTopic,
            "events" if rtype == "event-bus" => NodeKind::EventBus,
            "events" if rtype == "rule" => NodeKind::EventRule,
            "scheduler" if rtype == "schedule" => NodeKind::SchedulerSchedule,
            "pipes" => NodeKind::Pipe,
            "states" if rtype == "stateMachine" => NodeKind::StateMachine,
            "states" if rtype == "activity" => NodeKind::SfnActivity,
            "kinesis" => NodeKind::KinesisStream,
            "firehose" => NodeKind::FirehoseStream,
            "dynamodb" if a.resource.contains("/stream/") => NodeKind::DynamodbStream,
            "dynamodb" => NodeKind::DynamodbTable,
            "apigateway" if a.resource.starts_with("/restapis/") => NodeKind::RestApi,
            "apigateway" if a.resource.starts_with("/apis/") => NodeKind::HttpApi,
            "cognito-idp" => NodeKind::UserPool,
            "cognito-identity" => NodeKind::IdentityPool,
            "glue" if rtype == "job" => NodeKind::GlueJob,
            "glue" if rtype == "crawler" => NodeKind::GlueCrawler,
            "glue" if rtype == "trigger" => NodeKind::GlueTrigger,
            "mq" => NodeKind::MqBroker,
            "kafka" => NodeKind::KafkaCluster,
            "appflow" => NodeKind::AppflowFlow,
            "iam" if rtype == "role" => NodeKind::IamRole,
            "s3" => NodeKind::S3Bucket,
            "logs" => NodeKind::LogGroup,
            _ => NodeKind::AwsService,
        }
    }

    /// The inventory resource type names that become graph nodes, with their kind.
    fn of_resource_type(t: &str) -> Option<NodeKind> {
        Some(match t {
            "lambda_function" => NodeKind::LambdaFunction,
            "sqs_queue" => NodeKind::SqsQueue,
            "sns_topic" => NodeKind::SnsTopic,
            "event_bus" => NodeKind::EventBus,
            "event_rule" => NodeKind::EventRule,
            "scheduler_schedule" => NodeKind::SchedulerSchedule,
            "pipe" => NodeKind::Pipe,
            "state_machine" => NodeKind::StateMachine,
            "kinesis_stream" => NodeKind::KinesisStream,
            "firehose_stream" => NodeKind::FirehoseStream,
            "rest_api" => NodeKind::RestApi,
            "http_api" => NodeKind::HttpApi,
            "user_pool" => NodeKind::UserPool,
            "identity_pool" => NodeKind::IdentityPool,
            "glue_job" => NodeKind::GlueJob,
            "glue_crawler" => NodeKind::GlueCrawler,
            "glue_trigger" => NodeKind::GlueTrigger,
            "mq_broker" => NodeKind::MqBroker,
            "appflow_flow" => NodeKind::AppflowFlow,
            "iam_role" => NodeKind::IamRole,
            "s3_bucket" => NodeKind::S3Bucket,
            "log_group" => NodeKind::LogGroup,
            _ => return None,
        })
    }
}

/// A node: a resource from the inventory, or something outside it that an edge points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The ARN, or `https://...`, `email:...`, `sms:...`, `saas:...` for non-AWS endpoints.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Short display name.
    pub name: String,
    /// Account, when known.
    pub account: String,
    /// Region, when known.
    pub region: String,
    /// Not in the inventory (another account, not scanned, deleted, or outside AWS).
    pub external: bool,
    /// In an account other than those scanned.
    pub cross_account: bool,
}

/// How the source hands work to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Invocation {
    /// Request/response: the caller waits and sees the error.
    Sync,
    /// Fire and forget: the invoking service queues and retries; failures go to a DLQ,
    /// destination, or are dropped.
    Async,
    /// The target polls the source (event-source mappings, pipes, Firehose).
    Poll,
    /// Where failed events are sent (DLQ, on-failure destination, redrive).
    OnFailure,
    /// Not a message flow: a role, a log group, an identity provider.
    Config,
}

impl Invocation {
    /// The snake_case name (as in JSON and SQL).
    pub fn as_str(self) -> &'static str {
        match self {
            Invocation::Sync => "sync",
            Invocation::Async => "async",
            Invocation::Poll => "poll",
            Invocation::OnFailure => "on_failure",
            Invocation::Config => "config",
        }
    }
}

/// The kind of relationship an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Lambda event-source mapping: queue/stream/broker → function.
    EventSourceMapping,
    /// ESM on-failure destination: source → destination.
    EsmOnFailure,
    /// SNS subscription: topic → endpoint.
    SnsSubscription,
    /// SNS subscription redrive: topic → DLQ.
    SnsRedrive,
    /// Bus → rule on it.
    BusRule,
    /// Rule → target.
    RuleTarget,
    /// Rule target DLQ: rule → DLQ.
    RuleTargetDlq,
    /// Bus DLQ.
    BusDlq,
    /// Scheduler schedule → target.
    ScheduleTarget,
    /// Schedule DLQ.
    ScheduleDlq,
    /// Pipe source → pipe.
    PipeSource,
    /// Pipe → enrichment.
    PipeEnrichment,
    /// Pipe → target.
    PipeTarget,
    /// Pipe DLQ.
    PipeDlq,
    /// Lambda async on-success destination.
    LambdaOnSuccess,
    /// Lambda async on-failure destination.
    LambdaOnFailure,
    /// Lambda dead-letter queue.
    LambdaDlq,
    /// SQS redrive: queue → DLQ.
    SqsRedrive,
    /// Step Functions Task state → resource.
    SfnTask,
    /// API Gateway route/method integration → backend.
    ApiIntegration,
    /// API Gateway authorizer → Lambda or user pool.
    ApiAuthorizer,
    /// Cognito user pool trigger → Lambda.
    CognitoTrigger,
    /// Identity pool → user pool it federates.
    IdentityProvider,
    /// Identity pool → role it hands out.
    IdentityPoolRole,
    /// Glue trigger → job or crawler it starts.
    GlueTriggerAction,
    /// Job or crawler → conditional trigger watching it.
    GlueTriggerCondition,
    /// S3 notification: bucket → function/queue/topic.
    S3Notification,
    /// S3 events to EventBridge: bucket → default bus.
    S3Eventbridge,
    /// Firehose source stream → delivery stream.
    FirehoseSource,
    /// Firehose → transform Lambda.
    FirehoseTransform,
    /// Firehose → destination.
    FirehoseDestination,
    /// Firehose → backup bucket (failed or all records).
    FirehoseBackup,
    /// AppFlow source → flow.
    AppflowSource,
    /// AppFlow flow → destination.
    AppflowDestination,
    /// Resource → role it runs as.
    ExecutionRole,
    /// Resource → log group it writes to.
    LogsTo,
}

impl EdgeKind {
    /// The snake_case name (as in JSON and SQL).
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::EventSourceMapping => "event_source_mapping",
            EdgeKind::EsmOnFailure => "esm_on_failure",
            EdgeKind::SnsSubscription => "sns_subscription",
            EdgeKind::SnsRedrive => "sns_redrive",
            EdgeKind::BusRule => "bus_rule",
            EdgeKind::RuleTarget => "rule_target",
            EdgeKind::RuleTargetDlq => "rule_target_dlq",
            EdgeKind::BusDlq => "bus_dlq",
            EdgeKind::ScheduleTarget => "schedule_target",
            EdgeKind::ScheduleDlq => "schedule_dlq",
            EdgeKind::PipeSource => "pipe_source",
            EdgeKind::PipeEnrichment => "pipe_enrichment",
            EdgeKind::PipeTarget => "pipe_target",
            EdgeKind::PipeDlq => "pipe_dlq",
            EdgeKind::LambdaOnSuccess => "lambda_on_success",
            EdgeKind::LambdaOnFailure => "lambda_on_failure",
            EdgeKind::LambdaDlq => "lambda_dlq",
            EdgeKind::SqsRedrive => "sqs_redrive",
            EdgeKind::SfnTask => "sfn_task",
            EdgeKind::ApiIntegration => "api_integration",
            EdgeKind::ApiAuthorizer => "api_authorizer",
            EdgeKind::CognitoTrigger => "cognito_trigger",
            EdgeKind::IdentityProvider => "identity_provider",
            EdgeKind::IdentityPoolRole => "identity_pool_role",
            EdgeKind::GlueTriggerAction => "glue_trigger_action",
            EdgeKind::GlueTriggerCondition => "glue_trigger_condition",
            EdgeKind::S3Notification => "s3_notification",
            EdgeKind::S3Eventbridge => "s3_eventbridge",
            EdgeKind::FirehoseSource => "firehose_source",
            EdgeKind::FirehoseTransform => "firehose_transform",
            EdgeKind::FirehoseDestination => "firehose_destination",
            EdgeKind::FirehoseBackup => "firehose_backup",
            EdgeKind::AppflowSource => "appflow_source",
            EdgeKind::AppflowDestination => "appflow_destination",
            EdgeKind::ExecutionRole => "execution_role",
            EdgeKind::LogsTo => "logs_to",
        }
    }
}

/// A directed edge with its settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// Relationship.
    pub kind: EdgeKind,
    /// How work crosses the edge.
    pub invocation: Invocation,
    /// The object that configures the edge (ESM ARN, subscription ARN, `rule/target-id`,
    /// state name, route key, ...).
    pub via: Option<String>,
    /// Settings of the edge (batch size, filter policy, retry policy, ...).
    pub settings: serde_json::Map<String, serde_json::Value>,
}

/// The derived graph.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    graph: StableDiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
}

impl Topology {
    /// Derives the topology from an inventory: every inventory resource that takes part in
    /// flows becomes a node; every edge endpoint outside the inventory becomes an external node.
    pub fn from_inventory(inv: &Inventory) -> Topology {
        let mut t = Topology::default();
        let accounts: HashSet<String> = inv.resources().into_iter().map(|r| r.account).collect();
        for r in inv.resources() {
            if let Some(kind) = NodeKind::of_resource_type(r.resource_type) {
                t.add_node(Node {
                    id: r.arn.clone(),
                    kind,
                    name: r.name.clone(),
                    account: r.account.clone(),
                    region: r.region.clone(),
                    external: false,
                    cross_account: false,
                });
            }
        }
        for mut edge in derive::edges(inv) {
            // `function:f:live` and `function:f` are one node; the qualifier is an edge setting.
            if let Some((id, q)) = split_lambda_qualifier(&edge.from) {
                edge.from = id;
                edge.settings.insert("source_qualifier".into(), q.into());
            }
            if let Some((id, q)) = split_lambda_qualifier(&edge.to) {
                edge.to = id;
                edge.settings.insert("target_qualifier".into(), q.into());
            }
            for id in [&edge.from, &edge.to] {
                if !t.index.contains_key(id) {
                    t.add_node(external_node(id, &accounts));
                }
            }
            let (a, b) = (t.index[&edge.from], t.index[&edge.to]);
            t.graph.add_edge(a, b, edge);
        }
        t
    }

    fn add_node(&mut self, node: Node) {
        let id = node.id.clone();
        let ix = self.graph.add_node(node);
        self.index.insert(id, ix);
    }

    /// All nodes, in insertion order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_indices().map(|i| &self.graph[i])
    }

    /// All edges, in insertion order.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.graph.edge_indices().map(|i| &self.graph[i])
    }

    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.graph[i])
    }

    /// Edges leaving a node.
    pub fn outgoing(&self, id: &str) -> Vec<&Edge> {
        self.directed(id, Direction::Outgoing)
    }

    /// Edges entering a node.
    pub fn incoming(&self, id: &str) -> Vec<&Edge> {
        self.directed(id, Direction::Incoming)
    }

    fn directed(&self, id: &str, dir: Direction) -> Vec<&Edge> {
        let Some(&ix) = self.index.get(id) else {
            return Vec::new();
        };
        let mut v: Vec<&Edge> = self
            .graph
            .edges_directed(ix, dir)
            .map(|e| e.weight())
            .collect();
        // petgraph yields edges newest first; keep derivation order.
        v.reverse();
        v
    }

    /// Finds a node by exact id, else by unique name, else by unique id suffix.
    pub fn resolve(&self, query: &str) -> Result<&Node, String> {
        if let Some(n) = self.node(query) {
            return Ok(n);
        }
        // An exact name wins over an id suffix (`orders` the function, not the log group
        // `/aws/lambda/orders`).
        let by_name: Vec<&Node> = self.nodes().filter(|n| n.name == query).collect();
        let matches: Vec<&Node> = if by_name.len() == 1 {
            by_name
        } else {
            self.nodes()
                .filter(|n| {
                    n.name == query
                        || n.id.ends_with(&format!(":{query}"))
                        || n.id.ends_with(&format!("/{query}"))
                })
                .collect()
        };
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(format!("no resource named `{query}` in the graph")),
            many => Err(format!(
                "`{query}` is ambiguous: {}; pass the full ARN",
                many.iter()
                    .map(|n| n.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The ids of every node events can reach from `id` along message-flow edges (sync,
    /// async, poll and on-failure; not config edges), `id` included.
    pub fn downstream(&self, id: &str) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::from([id.to_string()]);
        let mut todo = vec![id.to_string()];
        while let Some(n) = todo.pop() {
            for e in self.outgoing(&n) {
                if e.invocation != Invocation::Config && seen.insert(e.to.clone()) {
                    todo.push(e.to.clone());
                }
            }
        }
        seen
    }

    /// The sub-graph within `depth` hops of `focus`, following edges in both directions.
    pub fn neighbourhood(&self, focus: &str, depth: usize) -> Topology {
        let Some(&start) = self.index.get(focus) else {
            return Topology::default();
        };
        let mut seen: BTreeSet<NodeIndex> = BTreeSet::from([start]);
        let mut queue = VecDeque::from([(start, 0usize)]);
        while let Some((ix, d)) = queue.pop_front() {
            if d == depth {
                continue;
            }
            for n in self.graph.neighbors_undirected(ix) {
                if seen.insert(n) {
                    queue.push_back((n, d + 1));
                }
            }
        }
        self.restricted(|ix| seen.contains(&ix))
    }

    /// A copy without edges of the given invocation modes, and without the nodes left
    /// isolated by that removal that only had such edges.
    pub fn without(&self, hidden: &[Invocation]) -> Topology {
        let mut t = Topology::default();
        let keep_edge = |e: &Edge| !hidden.contains(&e.invocation);
        let mut keep_nodes: HashSet<NodeIndex> = HashSet::new();
        for ix in self.graph.node_indices() {
            let edges: Vec<_> = self
                .graph
                .edges_directed(ix, Direction::Outgoing)
                .chain(self.graph.edges_directed(ix, Direction::Incoming))
                .collect();
            if edges.is_empty() || edges.iter().any(|e| keep_edge(e.weight())) {
                keep_nodes.insert(ix);
            }
        }
        for ix in self.graph.node_indices() {
            if keep_nodes.contains(&ix) {
                t.add_node(self.graph[ix].clone());
            }
        }
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            let w = &self.graph[e];
            if keep_edge(w) && keep_nodes.contains(&a) && keep_nodes.contains(&b) {
                t.graph
                    .add_edge(t.index[&w.from], t.index[&w.to], w.clone());
            }
        }
        t
    }

    fn restricted(&self, keep: impl Fn(NodeIndex) -> bool) -> Topology {
        let mut t = Topology::default();
        for ix in self.graph.node_indices().filter(|&i| keep(i)) {
            t.add_node(self.graph[ix].clone());
        }
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            if keep(a) && keep(b) {
                let w = &self.graph[e];
                t.graph
                    .add_edge(t.index[&w.from], t.index[&w.to], w.clone());
            }
        }
        t
    }

    /// Message-flow cycles: every strongly connected group of nodes (or node with an edge to
    /// itself) over flow edges (everything but `config`), each as its node ids sorted. An
    /// event can travel such a loop forever: a function feeding the queue or topic that
    /// triggers it.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let flow = self.without(&[Invocation::Config]);
        let mut out: Vec<Vec<String>> = petgraph::algo::tarjan_scc(&flow.graph)
            .into_iter()
            .filter(|scc| scc.len() > 1 || flow.graph.find_edge(scc[0], scc[0]).is_some())
            .map(|scc| {
                let mut ids: Vec<String> =
                    scc.into_iter().map(|i| flow.graph[i].id.clone()).collect();
                ids.sort();
                ids
            })
            .collect();
        out.sort();
        out
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

/// For a qualified Lambda ARN, the unqualified ARN and the qualifier.
fn split_lambda_qualifier(id: &str) -> Option<(String, String)> {
    let a = Arn::parse(id).ok()?;
    let q = a.lambda_qualifier()?.to_string();
    Some((a.unqualified().to_string(), q))
}

fn external_node(id: &str, scanned_accounts: &HashSet<String>) -> Node {
    let kind = NodeKind::infer(id);
    let (name, account, region) = match Arn::parse(id) {
        Ok(a) => {
            let name = match kind {
                NodeKind::AwsService => a.resource.clone(),
                _ => a.short_name().to_string(),
            };
            (name, a.account, a.region)
        }
        Err(_) => (
            id.split_once(':')
                .filter(|_| !id.starts_with("http"))
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| id.to_string()),
            String::new(),
            String::new(),
        ),
    };
    let cross_account = !account.is_empty() && !scanned_accounts.contains(&account);
    Node {
        id: id.to_string(),
        kind,
        name,
        account,
        region,
        external: true,
        cross_account,
    }
}
