//! The AWS JSON 1.1 request side: a small declarative schema per operation ([`schema`]),
//! validated the way Cognito's front end does it, and [`Input`], typed read access to a
//! request that passed validation.
//!
//! * A value of the wrong JSON type is a `SerializationException`.
//! * Missing required members and broken constraints (length, pattern, enum, range) are
//!   collected into one `InvalidParameterException` whose message reads like Cognito's:
//!   `1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member
//!   must satisfy regular expression pattern: [0-9]+`. Values of sensitive members are never
//!   echoed.
//! * Unknown members are ignored, and `null` counts as absent, as on AWS (also as the value
//!   of a map entry: `{"DEVICE_KEY": null}` is a map without `DEVICE_KEY`).

pub(crate) mod schema;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::ServiceError;

/// A regular-expression constraint: the pattern text (for messages) and a matcher.
pub(crate) struct Pattern {
    pub(crate) text: &'static str,
    pub(crate) matches: fn(&str) -> bool,
}

/// Constraints of a string member.
pub(crate) struct StrRule {
    pub(crate) min: Option<usize>,
    pub(crate) max: Option<usize>,
    pub(crate) pattern: Option<&'static Pattern>,
    pub(crate) values: &'static [&'static str],
    pub(crate) sensitive: bool,
}

/// The shape of a member's value.
pub(crate) enum Shape {
    Str(&'static StrRule),
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    /// A map of string to string.
    StrMap,
    List(&'static Shape),
    Struct(&'static [Member]),
    /// Accepted without any check (members the mock does not interpret).
    Any,
}

/// One member of a structure.
pub(crate) struct Member {
    pub(crate) name: &'static str,
    pub(crate) shape: &'static Shape,
    pub(crate) required: bool,
}

/// One broken constraint, already worded as Cognito does.
struct Violation(String);

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a structure",
    }
}

fn type_error(path: &str, expected: &str, found: &Value) -> ServiceError {
    ServiceError::serialization(format!(
        "Value at '{path}' must be {expected}, not {}",
        json_kind(found)
    ))
}

fn describe(path: &str, value: Option<&str>, sensitive: bool) -> String {
    match value {
        None => format!("Value null at '{path}'"),
        Some(_) if sensitive => format!("Value at '{path}'"),
        Some(v) => format!("Value '{v}' at '{path}'"),
    }
}

fn check_str(path: &str, value: &str, rule: &StrRule, out: &mut Vec<Violation>) {
    let subject = describe(path, Some(value), rule.sensitive);
    let length = value.chars().count();
    if let Some(min) = rule.min
        && length < min
    {
        out.push(Violation(format!(
            "{subject} failed to satisfy constraint: Member must have length greater than or equal to {min}"
        )));
    }
    if let Some(max) = rule.max
        && length > max
    {
        out.push(Violation(format!(
            "{subject} failed to satisfy constraint: Member must have length less than or equal to {max}"
        )));
    }
    if let Some(pattern) = rule.pattern
        && !(pattern.matches)(value)
    {
        out.push(Violation(format!(
            "{subject} failed to satisfy constraint: Member must satisfy regular expression pattern: {}",
            pattern.text
        )));
    }
    if !rule.values.is_empty() && !rule.values.contains(&value) {
        out.push(Violation(format!(
            "{subject} failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            rule.values.join(", ")
        )));
    }
}

/// The most items a list member may hold. Cognito's own lists are far shorter (a pool has at
/// most 50 custom attributes, an app client a handful of auth flows); the cap keeps a request
/// with a huge list from costing the mock one check and one message per item.
pub(crate) const MAX_LIST_ITEMS: usize = 100;

/// The most violations one validation message quotes; the count still names them all.
pub(crate) const MAX_REPORTED_VIOLATIONS: usize = 10;

fn check_value(
    path: &str,
    value: &Value,
    shape: &Shape,
    out: &mut Vec<Violation>,
) -> Result<(), ServiceError> {
    match shape {
        Shape::Any => Ok(()),
        Shape::Str(rule) => match value {
            Value::String(s) => {
                check_str(path, s, rule, out);
                Ok(())
            }
            other => Err(type_error(path, "a string", other)),
        },
        Shape::Bool => match value {
            Value::Bool(_) => Ok(()),
            other => Err(type_error(path, "a boolean", other)),
        },
        Shape::Int { min, max } => {
            let number = value
                .as_i64()
                .ok_or_else(|| type_error(path, "an integer", value))?;
            if number < *min {
                out.push(Violation(format!(
                    "Value '{number}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min}"
                )));
            }
            if number > *max {
                out.push(Violation(format!(
                    "Value '{number}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max}"
                )));
            }
            Ok(())
        }
        Shape::StrMap => match value {
            Value::Object(map) => {
                // A null value counts as absent, as for members (amazon-cognito-identity-js
                // sends `"DEVICE_KEY": null` when it retries without a forgotten device).
                for (key, item) in map {
                    if !item.is_string() && !item.is_null() {
                        return Err(type_error(&format!("{path}.{key}"), "a string", item));
                    }
                }
                Ok(())
            }
            other => Err(type_error(path, "a map of strings", other)),
        },
        Shape::List(item_shape) => match value {
            Value::Array(items) if items.len() > MAX_LIST_ITEMS => {
                // The items are not looked at: a huge list costs one message, not one each.
                out.push(Violation(format!(
                    "Value at '{path}' failed to satisfy constraint: Member must have length \
                     less than or equal to {MAX_LIST_ITEMS}"
                )));
                Ok(())
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let item_path = format!("{path}.{}.member", index + 1);
                    if item.is_null() {
                        continue;
                    }
                    check_value(&item_path, item, item_shape, out)?;
                }
                Ok(())
            }
            other => Err(type_error(path, "a list", other)),
        },
        Shape::Struct(members) => match value {
            Value::Object(map) => check_struct(Some(path), map, members, out),
            other => Err(type_error(path, "a structure", other)),
        },
    }
}

fn check_struct(
    prefix: Option<&str>,
    map: &Map<String, Value>,
    members: &[Member],
    out: &mut Vec<Violation>,
) -> Result<(), ServiceError> {
    for member in members {
        let path = match prefix {
            Some(p) => format!("{p}.{}", lower_first(member.name)),
            None => lower_first(member.name),
        };
        match map.get(member.name) {
            None | Some(Value::Null) => {
                if member.required {
                    out.push(Violation(format!(
                        "{} failed to satisfy constraint: Member must not be null",
                        describe(&path, None, false)
                    )));
                }
            }
            Some(value) => check_value(&path, value, member.shape, out)?,
        }
    }
    Ok(())
}

/// Validates a request body against an operation's members.
///
/// # Errors
/// `SerializationException` for a value of the wrong type, `InvalidParameterException` with
/// every broken constraint otherwise.
pub(crate) fn validate(body: Value, members: &[Member]) -> Result<Input, ServiceError> {
    let map = match body {
        Value::Object(map) => map,
        other => {
            return Err(ServiceError::serialization(format!(
                "The request body must be a JSON structure, not {}",
                json_kind(&other)
            )));
        }
    };
    let mut violations = Vec::new();
    check_struct(None, &map, members, &mut violations)?;
    if violations.is_empty() {
        return Ok(Input { map });
    }
    let count = violations.len();
    let noun = if count == 1 { "error" } else { "errors" };
    let details: Vec<String> = violations
        .into_iter()
        .take(MAX_REPORTED_VIOLATIONS)
        .map(|v| v.0)
        .collect();
    let more = count.saturating_sub(MAX_REPORTED_VIOLATIONS);
    let rest = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    Err(ServiceError::invalid_parameter(format!(
        "{count} validation {noun} detected: {}{rest}",
        details.join("; ")
    )))
}

/// A request body that passed validation: typed, read-only access to its members.
/// `null` members read as absent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Input {
    map: Map<String, Value>,
}

fn missing(name: &str) -> ServiceError {
    ServiceError::invalid_parameter(format!(
        "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
        lower_first(name)
    ))
}

impl Input {
    /// Wraps an already-validated object (used for nested structures).
    fn of(value: Option<&Value>) -> Option<Input> {
        match value {
            Some(Value::Object(map)) => Some(Input { map: map.clone() }),
            _ => None,
        }
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// A string member, if present.
    pub(crate) fn str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// A required string member.
    ///
    /// # Errors
    /// `InvalidParameterException` naming the member when it is absent.
    pub(crate) fn req_str(&self, name: &str) -> Result<&str, ServiceError> {
        self.str(name).ok_or_else(|| missing(name))
    }

    /// A boolean member, if present.
    pub(crate) fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    /// An integer member, if present.
    pub(crate) fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_i64)
    }

    /// A nested structure, if present.
    pub(crate) fn object(&self, name: &str) -> Option<Input> {
        Input::of(self.get(name))
    }

    /// A member as raw JSON, if present.
    pub(crate) fn raw(&self, name: &str) -> Option<Value> {
        self.get(name).cloned()
    }

    /// True when the member is present and not null.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A map-of-strings member (empty when absent).
    pub(crate) fn str_map(&self, name: &str) -> BTreeMap<String, String> {
        match self.get(name) {
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// A list of strings (empty when absent).
    pub(crate) fn str_list(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A list of structures (empty when absent).
    pub(crate) fn objects(&self, name: &str) -> Vec<Input> {
        match self.get(name) {
            Some(Value::Array(items)) => items.iter().filter_map(|v| Input::of(Some(v))).collect(),
            _ => Vec::new(),
        }
    }

    /// The request as one of the core's request types (`cognito_mfa::protocol`), which read
    /// the service's member names.
    ///
    /// # Errors
    /// `SerializationException` when a member does not fit the type (the schema has already
    /// checked the constraints, so this is a member the schema leaves unchecked).
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, ServiceError> {
        T::deserialize(&Value::Object(self.map.clone())).map_err(|e| {
            ServiceError::serialization(format!("The request does not fit its shape: {e}"))
        })
    }

    /// A list of `{Name, Value}` attributes as (name, value) pairs; a missing value reads "".
    pub(crate) fn attributes(&self, name: &str) -> Vec<(String, String)> {
        self.objects(name)
            .into_iter()
            .filter_map(|a| {
                let key = a.str("Name")?.to_owned();
                let value = a.str("Value").unwrap_or_default().to_owned();
                Some((key, value))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::schema::VERIFY_SOFTWARE_TOKEN;
    use super::*;
    use crate::error::codes;
    use serde_json::json;

    #[test]
    fn a_short_user_code_reads_like_cognito() {
        let err = validate(
            json!({"UserCode": "12345", "AccessToken": "a.b.c"}),
            VERIFY_SOFTWARE_TOKEN,
        )
        .unwrap_err();
        assert_eq!(err.code(), codes::INVALID_PARAMETER);
        assert_eq!(
            err.message(),
            "1 validation error detected: Value at 'userCode' failed to satisfy constraint: \
             Member must have length greater than or equal to 6"
        );
    }

    #[test]
    fn a_huge_list_is_one_violation_and_long_lists_quote_ten() {
        use super::schema::CREATE_USER_POOL_CLIENT;
        let started = std::time::Instant::now();
        let flows = vec![json!("NOT_A_FLOW"); 200_000];
        let huge =
            json!({"UserPoolId": "us-east-1_Abc", "ClientName": "c", "ExplicitAuthFlows": flows});
        let err = validate(huge, CREATE_USER_POOL_CLIENT).unwrap_err();
        assert_eq!(
            err.message(),
            "1 validation error detected: Value at 'explicitAuthFlows' failed to satisfy \
             constraint: Member must have length less than or equal to 100"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));

        let flows = vec![json!("NOT_A_FLOW"); 50];
        let long =
            json!({"UserPoolId": "us-east-1_Abc", "ClientName": "c", "ExplicitAuthFlows": flows});
        let message = validate(long, CREATE_USER_POOL_CLIENT)
            .unwrap_err()
            .message()
            .to_owned();
        assert!(
            message.starts_with("50 validation errors detected: "),
            "{message}"
        );
        assert!(message.ends_with("; and 40 more"), "{message}");
        assert_eq!(message.matches("failed to satisfy constraint").count(), 10);
        assert!(message.len() < 4_000, "{}", message.len());
    }

    #[test]
    fn several_violations_are_counted_and_joined() {
        let err = validate(json!({"UserCode": "12a"}), VERIFY_SOFTWARE_TOKEN).unwrap_err();
        assert!(
            err.message().starts_with("2 validation errors detected: "),
            "{}",
            err.message()
        );
        assert!(err.message().contains("; "));
        assert!(err.message().contains("regular expression pattern: [0-9]+"));
        assert!(
            !err.message().contains("12a"),
            "sensitive values are not echoed"
        );
    }

    #[test]
    fn missing_members_are_null() {
        let err = validate(json!({}), VERIFY_SOFTWARE_TOKEN).unwrap_err();
        assert_eq!(
            err.message(),
            "1 validation error detected: Value null at 'userCode' failed to satisfy constraint: \
             Member must not be null"
        );
    }

    #[test]
    fn wrong_types_are_serialization_errors() {
        let err = validate(json!({"UserCode": 123456}), VERIFY_SOFTWARE_TOKEN).unwrap_err();
        assert_eq!(err.code(), codes::SERIALIZATION);
        assert!(err.message().contains("'userCode'"));
        let err = validate(json!([1, 2]), VERIFY_SOFTWARE_TOKEN).unwrap_err();
        assert_eq!(err.code(), codes::SERIALIZATION);
    }

    #[test]
    fn a_null_map_value_is_an_absent_entry() {
        let input = validate(
            json!({"ChallengeResponses": {"USERNAME": "alice", "DEVICE_KEY": null}}),
            &[Member {
                name: "ChallengeResponses",
                shape: &Shape::StrMap,
                required: true,
            }],
        )
        .unwrap();
        let map = input.str_map("ChallengeResponses");
        assert_eq!(map.get("USERNAME").map(String::as_str), Some("alice"));
        assert!(!map.contains_key("DEVICE_KEY"));
    }

    #[test]
    fn null_reads_as_absent_and_unknown_members_are_ignored() {
        let input = validate(
            json!({"UserCode": "123456", "Session": null, "Extra": {"x": 1}}),
            VERIFY_SOFTWARE_TOKEN,
        )
        .unwrap();
        assert_eq!(input.str("UserCode"), Some("123456"));
        assert!(!input.has("Session"));
    }
}
