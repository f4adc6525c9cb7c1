//! The AWS JSON 1.1 envelope and Cognito-style validation errors.

use serde_json::{Value, json};

use crate::common::*;

const TARGET: &str = "AWSCognitoIdentityProviderService.";

#[tokio::test]
async fn errors_use_the_aws_json_envelope() {
    let h = Harness::start(base_config("OFF", json!([]))).await;
    let (status, headers, body) = h
        .raw(
            Some(&format!("{TARGET}GetUser")),
            br#"{"AccessToken":"a.b.c"}"#.to_vec(),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"__type": "NotAuthorizedException", "message": "Invalid Access Token"})
    );
    assert_eq!(headers["x-amzn-errortype"], "NotAuthorizedException:");
    assert_eq!(headers["content-type"], "application/x-amz-json-1.1");
    assert_eq!(headers["x-amzn-requestid"].len(), 36);
}

#[tokio::test]
async fn malformed_requests_get_json_400s() {
    let h = Harness::start(base_config("OFF", json!([]))).await;
    let cases: Vec<(Option<String>, Vec<u8>, &str, &str)> = vec![
        (
            None,
            b"{}".to_vec(),
            "UnknownOperationException",
            "Missing X-Amz-Target header.",
        ),
        (
            Some(format!("{TARGET}DoesNotExist")),
            b"{}".to_vec(),
            "UnknownOperationException",
            "Operation DoesNotExist is not served by the cognito-mfa mock endpoint.",
        ),
        (
            Some("SomethingElse.GetUser".into()),
            b"{}".to_vec(),
            "UnknownOperationException",
            "Unknown X-Amz-Target \"SomethingElse.GetUser\".",
        ),
        (
            Some(format!("{TARGET}GetUser")),
            b"{\"AccessToken\": ".to_vec(),
            "SerializationException",
            "The request body is not valid JSON (line 1, column 16).",
        ),
        (
            Some(format!("{TARGET}InitiateAuth")),
            br#"{"AuthFlow": "USER_SRP_AUTH", "ClientId": 42}"#.to_vec(),
            "SerializationException",
            "Value at 'clientId' must be a string, not a number",
        ),
        (
            Some(format!("{TARGET}InitiateAuth")),
            br#"{"ClientId": "abc"}"#.to_vec(),
            "InvalidParameterException",
            "1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: \
             Member must not be null",
        ),
        (
            Some(format!("{TARGET}InitiateAuth")),
            br#"{"AuthFlow": "MAGIC", "ClientId": "a b"}"#.to_vec(),
            "InvalidParameterException",
            "2 validation errors detected: Value 'MAGIC' at 'authFlow' failed to satisfy \
             constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, \
             REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, \
             ADMIN_USER_PASSWORD_AUTH, USER_AUTH]; Value at 'clientId' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\w+]+",
        ),
        (
            Some(format!("{TARGET}VerifySoftwareToken")),
            br#"{"UserCode": "1234567", "Session": "short"}"#.to_vec(),
            "InvalidParameterException",
            "2 validation errors detected: Value at 'session' failed to satisfy constraint: \
             Member must have length greater than or equal to 20; Value at 'userCode' failed to \
             satisfy constraint: Member must have length less than or equal to 6",
        ),
        (
            Some(format!("{TARGET}GetUser")),
            b"[]".to_vec(),
            "SerializationException",
            "The request body must be a JSON structure, not a list",
        ),
    ];
    for (target, body, code, message) in cases {
        let (status, headers, answer) = h.raw(target.as_deref(), body).await;
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["__type"], code, "{answer}");
        assert_eq!(answer["message"], message, "{answer}");
        assert_eq!(headers["x-amzn-errortype"], format!("{code}:").as_str());
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_without_reading_it_all() {
    let h = Harness::start(base_config("OFF", json!([]))).await;
    let mut body = br#"{"AccessToken": ""#.to_vec();
    body.extend(std::iter::repeat_n(
        b'a',
        cognito_mfa_mock::MAX_BODY_BYTES + 10,
    ));
    body.extend(br#""}"#);
    let (status, _, answer) = h.raw(Some(&format!("{TARGET}GetUser")), body).await;
    assert_eq!(status, 400);
    assert_eq!(answer["__type"], "SerializationException");
    // The endpoint is still fine afterwards.
    assert_eq!(h.get_json("/_mock/health").await.1["status"], "ok");
}

#[tokio::test]
async fn other_paths_and_methods_answer_json() {
    let h = Harness::start(base_config("OFF", json!([]))).await;
    let (status, body) = h.get_json("/").await;
    assert_eq!(
        (status, body["__type"].as_str()),
        (400, Some("UnknownOperationException"))
    );
    let (status, body) = h.get_json("/no/such/path").await;
    assert_eq!((status, body["__type"].as_str()), (404, Some("NotFound")));
    let (status, body) = h.get_json("/us-east-1_Nope/.well-known/jwks.json").await;
    assert_eq!(
        (status, body["__type"].as_str()),
        (404, Some("ResourceNotFoundException"))
    );
    let response = h.http.put(h.url("/_mock/reset")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["__type"], "MethodNotAllowed");
}

#[tokio::test]
async fn unknown_pools_and_clients_are_resource_not_found() {
    let h = Harness::start(base_config("OFF", json!([]))).await;
    let fault = h
        .fault(
            "DescribeUserPool",
            json!({"UserPoolId": "us-east-1_Missing"}),
        )
        .await;
    assert_fault(
        &fault,
        "ResourceNotFoundException",
        "User pool us-east-1_Missing does not exist.",
    );
    let fault = h
        .fault(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "nosuchclient"}),
        )
        .await;
    assert_fault(
        &fault,
        "ResourceNotFoundException",
        "User pool client nosuchclient does not exist.",
    );
}
