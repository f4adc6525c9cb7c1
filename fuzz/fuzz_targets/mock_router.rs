//! The mock endpoint's real HTTP router, in-process: an arbitrary X-Amz-Target, path, method,
//! content type and body. Never a panic; every answer to the service path is JSON with
//! `__type` when it is an error.
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Method, Request};
use cognito_mfa_mock::{Mock, MockConfig, OPERATIONS};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
    })
}

fn mock() -> &'static Mock {
    static MOCK: OnceLock<Mock> = OnceLock::new();
    MOCK.get_or_init(|| {
        let config = MockConfig::from_json(
            r#"{"settings": {"signing_keys": "shared"}, "pools": [{"id": "us-east-1_Fuzz1",
                "clients": [{"id": "fuzzclient1", "explicit_auth_flows": ["ALLOW_USER_PASSWORD_AUTH"]}],
                "users": [{"username": "alice", "password": "Passw0rd!"}]}]}"#,
        )
        .expect("config");
        Mock::new(config).expect("mock")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((head, body)) = data.split_at_checked(2) else {
        return;
    };
    let target = match head[0] as usize {
        i if i < OPERATIONS.len() => format!("AWSCognitoIdentityProviderService.{}", OPERATIONS[i]),
        250 => String::from_utf8_lossy(body.get(..body.len().min(40)).unwrap_or_default()).into_owned(),
        _ => "AWSCognitoIdentityProviderService.InitiateAuth".to_owned(),
    };
    let (method, path) = match head[1] % 8 {
        0 => (Method::GET, "/"),
        1 => (Method::POST, "/_mock/clock"),
        2 => (Method::GET, "/us-east-1_Fuzz1/.well-known/jwks.json"),
        3 => (Method::PUT, "/"),
        _ => (Method::POST, "/"),
    };
    let Ok(request) = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", target.replace(['\r', '\n'], ""))
        .body(Body::from(body.to_vec()))
    else {
        return;
    };
    let response = runtime()
        .block_on(mock().router().oneshot(request))
        .expect("the router is infallible");
    if path == "/" && !response.status().is_success() {
        let bytes = runtime()
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .expect("a body");
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("a JSON error body");
        assert!(value["__type"].is_string(), "{value}");
    }
});
