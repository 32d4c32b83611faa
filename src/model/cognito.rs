//! Amazon Cognito user pools and identity pools.

use super::Tags;
use serde::{Deserialize, Serialize};

/// A Cognito user pool.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserPool {
    /// User pool ARN.
    pub arn: String,
    /// Pool id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `OFF`, `ON` or `OPTIONAL`.
    pub mfa_configuration: String,
    /// Password policy.
    pub password_policy: PasswordPolicy,
    /// Threat protection: `OFF`, `AUDIT` or `ENFORCED`.
    pub advanced_security_mode: Option<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub deletion_protection: Option<String>,
    /// Lambda triggers.
    pub lambda_triggers: Vec<CognitoTrigger>,
    /// App clients.
    pub clients: Vec<UserPoolClient>,
    /// Resource tags.
    pub tags: Tags,
}

/// A user pool password policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    /// Minimum length.
    pub minimum_length: i32,
    /// Requires upper case.
    pub require_uppercase: bool,
    /// Requires lower case.
    pub require_lowercase: bool,
    /// Requires numbers.
    pub require_numbers: bool,
    /// Requires symbols.
    pub require_symbols: bool,
    /// Temporary password validity in days.
    pub temporary_password_validity_days: i32,
}

/// A user pool Lambda trigger.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CognitoTrigger {
    /// `PreSignUp`, `PostConfirmation`, `PreTokenGeneration`, `CustomMessage`, ...
    pub trigger: String,
    /// Function ARN.
    pub lambda_arn: String,
}

/// A user pool app client.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserPoolClient {
    /// Client id.
    pub client_id: String,
    /// Name.
    pub name: String,
    /// Explicit auth flows.
    pub explicit_auth_flows: Vec<String>,
    /// `ENABLED` hides whether a user exists.
    pub prevent_user_existence_errors: Option<String>,
    /// Token revocation enabled.
    pub enable_token_revocation: bool,
    /// Has a client secret (the secret itself is never stored).
    pub has_secret: bool,
    /// OAuth flows.
    pub allowed_oauth_flows: Vec<String>,
}

/// A Cognito identity pool.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentityPool {
    /// ARN (`arn:aws:cognito-identity:region:account:identitypool/id`).
    pub arn: String,
    /// Pool id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Guest (unauthenticated) identities allowed.
    pub allow_unauthenticated: bool,
    /// Basic (classic) auth flow allowed.
    pub allow_classic_flow: bool,
    /// Cognito user pool providers (`cognito-idp.<region>.amazonaws.com/<pool id>`).
    pub cognito_providers: Vec<String>,
    /// Other login providers (`accounts.google.com`, ...).
    pub supported_login_providers: Vec<String>,
    /// Role for authenticated identities.
    pub authenticated_role_arn: Option<String>,
    /// Role for unauthenticated identities.
    pub unauthenticated_role_arn: Option<String>,
    /// Resource tags.
    pub tags: Tags,
}
