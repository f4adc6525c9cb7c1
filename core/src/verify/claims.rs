//! [`Claims`]: the payload of a verified token, its Cognito claims typed.

use serde_json::{Map, Value};

use super::TokenUse;
use crate::client::UserPoolId;

/// The claims of a verified Cognito token: the ones every check used, typed, and the whole
/// payload for the rest (`email`, custom attributes...).
#[derive(Debug, Clone)]
pub struct Claims {
    pub(crate) pool_id: UserPoolId,
    pub(crate) token_use: TokenUse,
    pub(crate) issuer: String,
    pub(crate) client_id: String,
    pub(crate) expires_at: u64,
    pub(crate) issued_at: Option<u64>,
    pub(crate) not_before: Option<u64>,
    pub(crate) auth_time: Option<u64>,
    pub(crate) groups: Vec<String>,
    pub(crate) scopes: Vec<String>,
    pub(crate) map: Map<String, Value>,
}

impl Claims {
    /// The pool whose issuer and key the token matched.
    pub fn pool_id(&self) -> &UserPoolId {
        &self.pool_id
    }

    /// `token_use`: an ID or an access token.
    pub fn token_use(&self) -> TokenUse {
        self.token_use
    }

    /// `iss`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The app client the token was issued to: `aud` of an ID token, `client_id` of an access
    /// token (one of the allowed client ids).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `sub`: the user's immutable id.
    pub fn sub(&self) -> Option<&str> {
        self.get_str("sub")
    }

    /// The user name: `username` (access token) or `cognito:username` (ID token).
    pub fn username(&self) -> Option<&str> {
        self.get_str("username")
            .or_else(|| self.get_str("cognito:username"))
    }

    /// `exp` (Unix seconds).
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// `iat` (Unix seconds), when present.
    pub fn issued_at(&self) -> Option<u64> {
        self.issued_at
    }

    /// `nbf` (Unix seconds), when present.
    pub fn not_before(&self) -> Option<u64> {
        self.not_before
    }

    /// `auth_time` (Unix seconds): when the user signed in, when present.
    pub fn auth_time(&self) -> Option<u64> {
        self.auth_time
    }

    /// `cognito:groups` (empty when the user is in no group).
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// True when `cognito:groups` holds `group`.
    pub fn has_group(&self, group: &str) -> bool {
        self.groups.iter().any(|g| g == group)
    }

    /// `scope` split on spaces (access tokens; empty for ID tokens).
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// True when `scope` holds `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// One claim, e.g. `get("email")`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name)
    }

    /// A string claim, e.g. `get_str("email")`.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.map.get(name).and_then(Value::as_str)
    }

    /// The whole payload.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.map
    }

    /// The whole payload, owned.
    pub fn into_map(self) -> Map<String, Value> {
        self.map
    }

    /// The payload as JSON text (for bindings that hand it to another language).
    pub fn to_json(&self) -> String {
        // Writing a map of JSON values cannot fail (its keys are strings, the output a
        // `String`); the copy is only a fallback that keeps this free of a panic.
        serde_json::to_string(&self.map)
            .unwrap_or_else(|_| Value::Object(self.map.clone()).to_string())
    }
}
