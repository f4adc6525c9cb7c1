//! A generated malformed-input battery over every operation the mock serves: each required
//! member missing, each member of the wrong JSON type, empty, huge, NUL-holding and lone-
//! surrogate strings, invalid Sessions and access tokens, deeply nested JSON, oversized bodies,
//! wrong methods and content types, unknown targets. Each case must be answered with a JSON 4xx
//! carrying `__type` and `message` and the `x-amzn-ErrorType` header (or a 200 where the input
//! is in fact valid), within a bounded time; the server must serve normally afterwards.

use std::time::{Duration, Instant};

use cognito_mfa_mock::{MemberKind, OPERATIONS, members_of};
use serde_json::{Map, Value, json};

use crate::common::*;

const TARGET: &str = "AWSCognitoIdentityProviderService.";

/// A value of the wrong JSON type for `kind`.
fn wrong_type(kind: MemberKind) -> Option<Value> {
    match kind {
        MemberKind::String => Some(json!(12345)),
        MemberKind::Boolean => Some(json!("true")),
        MemberKind::Integer => Some(json!("12")),
        MemberKind::StringMap => Some(json!(["a", "b"])),
        MemberKind::List => Some(json!("ALLOW_USER_SRP_AUTH")),
        MemberKind::Structure => Some(json!(7)),
        MemberKind::Any => None,
    }
}

/// A plausible value of `kind`, so that one member at a time can be broken.
fn plausible(name: &str, kind: MemberKind) -> Value {
    match (name, kind) {
        ("UserPoolId", _) => json!(POOL),
        ("ClientId", _) => json!(CLIENT),
        ("Username", _) => json!("battery-user"),
        (_, MemberKind::String) => json!("value"),
        (_, MemberKind::Boolean) => json!(true),
        (_, MemberKind::Integer) => json!(1),
        (_, MemberKind::StringMap) => json!({"KEY": "value"}),
        (_, MemberKind::List) => json!([]),
        (_, MemberKind::Structure) => json!({}),
        (_, MemberKind::Any) => json!(null),
    }
}

struct Case {
    what: String,
    target: Option<String>,
    body: Vec<u8>,
    /// The code the answer must have, when the case determines it.
    code: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for &operation in OPERATIONS {
        let members = members_of(operation).expect("a served operation has members");
        let target = Some(format!("{TARGET}{operation}"));
        let full: Map<String, Value> = members
            .iter()
            .map(|m| (m.name.to_owned(), plausible(m.name, m.kind)))
            .collect();
        let with = |name: &str, value: Value| {
            let mut body = full.clone();
            body.insert(name.to_owned(), value);
            serde_json::to_vec(&Value::Object(body)).expect("JSON")
        };
        cases.push(Case {
            what: format!("{operation}: empty object"),
            target: target.clone(),
            body: b"{}".to_vec(),
            code: members
                .iter()
                .any(|m| m.required)
                .then_some("InvalidParameterException"),
        });
        for member in &members {
            if member.required {
                let mut body = full.clone();
                body.remove(member.name);
                cases.push(Case {
                    what: format!("{operation}: {} missing", member.name),
                    target: target.clone(),
                    body: serde_json::to_vec(&Value::Object(body)).expect("JSON"),
                    code: Some("InvalidParameterException"),
                });
            }
            if let Some(value) = wrong_type(member.kind) {
                cases.push(Case {
                    what: format!("{operation}: {} of the wrong type", member.name),
                    target: target.clone(),
                    body: with(member.name, value),
                    code: Some("SerializationException"),
                });
            }
            if member.kind == MemberKind::String {
                let strange = [
                    ("empty", json!("")),
                    ("100 KiB", json!("x".repeat(100 * 1024))),
                    ("NUL", json!("a\u{0}b")),
                    ("control characters", json!("\u{1}\u{7}\u{1b}[31m")),
                    ("non-ASCII", json!("éü漢字🙂\u{202e}")),
                ];
                for (label, value) in strange {
                    cases.push(Case {
                        what: format!("{operation}: {} {label}", member.name),
                        target: target.clone(),
                        body: with(member.name, value),
                        code: None,
                    });
                }
                // A lone surrogate, which JSON can write and UTF-8 cannot hold.
                let mut text =
                    String::from_utf8(with(member.name, json!("@@LONE@@"))).expect("UTF-8");
                text = text.replace("@@LONE@@", "\\ud800");
                cases.push(Case {
                    what: format!("{operation}: {} lone surrogate", member.name),
                    target: target.clone(),
                    body: text.into_bytes(),
                    code: Some("SerializationException"),
                });
            }
            if matches!(member.name, "Session" | "AccessToken" | "RefreshToken") {
                for garbage in ["garbage", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "=="] {
                    cases.push(Case {
                        what: format!("{operation}: invalid {} {garbage:?}", member.name),
                        target: target.clone(),
                        body: with(member.name, json!(garbage)),
                        code: None,
                    });
                }
            }
        }
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let general = [
        (
            "deeply nested JSON",
            format!(r#"{{"ClientId": {deep}}}"#).into_bytes(),
            "SerializationException",
        ),
        (
            "a 2 MiB body",
            vec![b' '; 2 * 1024 * 1024],
            "SerializationException",
        ),
        (
            "not JSON",
            b"ClientId=abc".to_vec(),
            "SerializationException",
        ),
        ("a JSON array", b"[1, 2]".to_vec(), "SerializationException"),
        (
            "invalid UTF-8",
            vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'],
            "SerializationException",
        ),
    ];
    for (what, body, code) in general {
        cases.push(Case {
            what: what.to_owned(),
            target: Some(format!("{TARGET}InitiateAuth")),
            body,
            code: Some(code),
        });
    }
    for target in [
        "AWSCognitoIdentityProviderService.NoSuchOperation",
        "AmazonDynamoDB.GetItem",
        "",
        "AWSCognitoIdentityProviderService.",
        "..",
    ] {
        cases.push(Case {
            what: format!("unknown target {target:?}"),
            target: Some(target.to_owned()),
            body: b"{}".to_vec(),
            code: Some("UnknownOperationException"),
        });
    }
    cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_malformed_request_gets_a_json_4xx_and_the_server_lives() {
    let h = Harness::start(base_config("OPTIONAL", json!([totp_user("alive")]))).await;
    let cases = cases();
    assert!(cases.len() >= 300, "{} cases", cases.len());
    println!("battery: {} cases", cases.len());
    for case in &cases {
        let started = Instant::now();
        let (status, headers, body) = tokio::time::timeout(
            Duration::from_secs(10),
            h.raw(case.target.as_deref(), case.body.clone()),
        )
        .await
        .unwrap_or_else(|_| panic!("{}: no answer within 10 s", case.what));
        assert!(started.elapsed() < Duration::from_secs(10), "{}", case.what);
        if status == 200 {
            assert!(
                case.code.is_none(),
                "{}: accepted, expected {:?}",
                case.what,
                case.code
            );
            continue;
        }
        assert!(
            (400..500).contains(&status),
            "{}: status {status}: {body}",
            case.what
        );
        let code = body["__type"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: {body}", case.what));
        assert!(body["message"].is_string(), "{}: {body}", case.what);
        assert_eq!(
            headers
                .get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok()),
            Some(format!("{code}:").as_str()),
            "{}",
            case.what
        );
        if let Some(expected) = case.code {
            assert_eq!(code, expected, "{}: {body}", case.what);
        }
    }

    // Wrong methods and content types on the service path.
    for method in [
        reqwest::Method::GET,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ] {
        let response = h
            .http
            .request(method.clone(), h.url("/"))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{method}: {status}");
        let body: Value = response
            .json()
            .await
            .unwrap_or_else(|_| panic!("{method}: not JSON"));
        assert!(
            body["__type"].is_string() && body["message"].is_string(),
            "{method}: {body}"
        );
    }
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let response = h
            .http
            .post(h.url("/"))
            .header("content-type", content_type)
            .header("x-amz-target", format!("{TARGET}InitiateAuth"))
            .body("AuthFlow=USER_PASSWORD_AUTH")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{content_type}");
        let body: Value = response.json().await.unwrap();
        assert!(body["__type"].is_string(), "{content_type}: {body}");
    }

    // Still serving, and correctly.
    let challenge = h
        .password_auth("alive")
        .await
        .expect("a normal sign-in after the battery");
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
}
