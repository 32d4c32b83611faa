//! Amazon Resource Names: one small parser used everywhere an ARN is taken apart.

use std::fmt;
use std::str::FromStr;

/// A parsed ARN: `arn:partition:service:region:account-id:resource`.
///
/// The resource part keeps everything after the fifth colon, including further colons
/// (`function:name:alias`) and slashes (`table/name/stream/label`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Arn {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: String,
    /// Service namespace, e.g. `lambda`, `sqs`, `states`.
    pub service: String,
    /// Region, empty for global resources (IAM, S3 buckets).
    pub region: String,
    /// Twelve-digit account id, empty for S3 buckets and AWS-managed resources.
    pub account: String,
    /// Everything after the account: `function:name`, `role/path/name`, `queue-name`.
    pub resource: String,
}

/// Why a string is not an ARN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// The string does not begin with `arn:`.
    #[error("`{0}` is not an ARN: it does not start with `arn:`")]
    MissingPrefix(String),
    /// Fewer than six colon-separated parts.
    #[error("`{0}` is not an ARN: expected arn:partition:service:region:account:resource")]
    TooFewParts(String),
    /// Partition, service or resource is empty.
    #[error("`{0}` is not an ARN: partition, service and resource must not be empty")]
    EmptyPart(String),
}

impl Arn {
    /// Parses an ARN string.
    pub fn parse(s: &str) -> Result<Arn, ArnError> {
        let rest = s
            .strip_prefix("arn:")
            .ok_or_else(|| ArnError::MissingPrefix(s.to_string()))?;
        let mut parts = rest.splitn(5, ':');
        let mut next = || parts.next();
        let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) =
            (next(), next(), next(), next(), next())
        else {
            return Err(ArnError::TooFewParts(s.to_string()));
        };
        if partition.is_empty() || service.is_empty() || resource.is_empty() {
            return Err(ArnError::EmptyPart(s.to_string()));
        }
        Ok(Arn {
            partition: partition.to_string(),
            service: service.to_string(),
            region: region.to_string(),
            account: account.to_string(),
            resource: resource.to_string(),
        })
    }

    /// Builds an ARN in the `aws` partition.
    pub fn new(service: &str, region: &str, account: &str, resource: &str) -> Arn {
        Arn {
            partition: "aws".into(),
            service: service.into(),
            region: region.into(),
            account: account.into(),
            resource: resource.into(),
        }
    }

    /// The resource type: the part of the resource before the first `/` or `:`, when the
    /// resource has such a separator (`function`, `role`, `table`, `rule`), else empty.
    pub fn resource_type(&self) -> &str {
        match self.resource.find(['/', ':']) {
            Some(i) => &self.resource[..i],
            None => "",
        }
    }

    /// The resource id: the part after the resource type separator, or the whole resource
    /// when there is no type (`queue-name`, `topic-name`, `bucket`).
    pub fn resource_id(&self) -> &str {
        match self.resource.find(['/', ':']) {
            Some(i) => &self.resource[i + 1..],
            None => &self.resource,
        }
    }

    /// The display name: `name` for `function:name[:alias]`, `role/path/name`,
    /// `stateMachine:name`; the whole resource for SQS and SNS; the group name for log
    /// groups; `table/stream` for DynamoDB streams.
    pub fn short_name(&self) -> &str {
        let id = self.resource_id();
        match (self.service.as_str(), self.resource_type()) {
            // function:name:alias -> name.
            ("lambda", "function") => id.split(':').next().unwrap_or(id),
            // log-group:/aws/lambda/x[:*] -> /aws/lambda/x (names contain slashes).
            ("logs", "log-group") => id.strip_suffix(":*").unwrap_or(id),
            // table/orders/stream/<timestamp> -> orders/stream; table/orders -> orders.
            ("dynamodb", "table") => match id.find("/stream/") {
                Some(i) => &id[..i + "/stream".len()],
                None => id.split('/').next().unwrap_or(id),
            },
            _ => id.rsplit('/').next().unwrap_or(id),
        }
    }

    /// For a Lambda function ARN, the qualifier (alias or version) if present.
    pub fn lambda_qualifier(&self) -> Option<&str> {
        if self.service != "lambda" || self.resource_type() != "function" {
            return None;
        }
        let mut it = self.resource_id().splitn(2, ':');
        it.next();
        it.next()
    }

    /// The ARN without a Lambda qualifier: `...:function:name:alias` -> `...:function:name`.
    pub fn unqualified(&self) -> Arn {
        match self.lambda_qualifier() {
            Some(_) => Arn {
                resource: format!("function:{}", self.short_name()),
                ..self.clone()
            },
            None => self.clone(),
        }
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

impl FromStr for Arn {
    type Err = ArnError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Arn::parse(s)
    }
}

/// Strips a Lambda alias or version qualifier from an ARN string, returning the input
/// unchanged when it is not a qualified Lambda function ARN.
pub fn unqualified_lambda_arn(arn: &str) -> String {
    match Arn::parse(arn) {
        Ok(a) if a.lambda_qualifier().is_some() => a.unqualified().to_string(),
        _ => arn.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_arns() {
        let cases = [
            (
                "arn:aws:lambda:us-east-1:111122223333:function:api_lambda",
                "lambda",
                "us-east-1",
                "111122223333",
                "function",
                "api_lambda",
            ),
            (
                "arn:aws:lambda:us-east-1:111122223333:function:api_lambda:prod",
                "lambda",
                "us-east-1",
                "111122223333",
                "function",
                "api_lambda",
            ),
            (
                "arn:aws:sqs:eu-west-1:111122223333:video-480p",
                "sqs",
                "eu-west-1",
                "111122223333",
                "",
                "video-480p",
            ),
            (
                "arn:aws:iam::111122223333:role/service-role/EC2StartStopLambdaRole",
                "iam",
                "",
                "111122223333",
                "role",
                "EC2StartStopLambdaRole",
            ),
            (
                "arn:aws:s3:::video-uploads",
                "s3",
                "",
                "",
                "",
                "video-uploads",
            ),
            (
                "arn:aws:states:us-east-1:111122223333:stateMachine:PetCuddleOTron",
                "states",
                "us-east-1",
                "111122223333",
                "stateMachine",
                "PetCuddleOTron",
            ),
            (
                "arn:aws-cn:sns:cn-north-1:111122223333:uploads",
                "sns",
                "cn-north-1",
                "111122223333",
                "",
                "uploads",
            ),
            (
                "arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2024-01-01T00:00:00.000",
                "dynamodb",
                "us-east-1",
                "111122223333",
                "table",
                "orders/stream",
            ),
        ];
        for (s, service, region, account, rtype, short) in cases {
            let a = Arn::parse(s).unwrap();
            assert_eq!(a.service, service, "{s}");
            assert_eq!(a.region, region, "{s}");
            assert_eq!(a.account, account, "{s}");
            assert_eq!(a.resource_type(), rtype, "{s}");
            assert_eq!(a.short_name(), short, "{s}");
            assert_eq!(a.to_string(), s, "round trip {s}");
        }
    }

    #[test]
    fn lambda_qualifiers() {
        let a = Arn::parse("arn:aws:lambda:us-east-1:111122223333:function:f:live").unwrap();
        assert_eq!(a.lambda_qualifier(), Some("live"));
        assert_eq!(
            a.unqualified().to_string(),
            "arn:aws:lambda:us-east-1:111122223333:function:f"
        );
        let b = Arn::parse("arn:aws:lambda:us-east-1:111122223333:function:f").unwrap();
        assert_eq!(b.lambda_qualifier(), None);
        assert_eq!(unqualified_lambda_arn("not-an-arn"), "not-an-arn");
    }

    #[test]
    fn rejects_malformed() {
        assert!(matches!(
            Arn::parse("aws:lambda"),
            Err(ArnError::MissingPrefix(_))
        ));
        assert!(matches!(
            Arn::parse("arn:aws:lambda:us-east-1"),
            Err(ArnError::TooFewParts(_))
        ));
        assert!(matches!(
            Arn::parse("arn::lambda:r:a:x"),
            Err(ArnError::EmptyPart(_))
        ));
        assert!(matches!(
            Arn::parse("arn:aws:sqs:r:a:"),
            Err(ArnError::EmptyPart(_))
        ));
    }
}
