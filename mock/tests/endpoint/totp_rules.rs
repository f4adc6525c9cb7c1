//! TOTP rules: ±1 step accepted and ±2 refused, replay refusal (and its setting), and token
//! expiry on the virtual clock.

use serde_json::json;

use crate::common::*;

async fn answer_totp(h: &Harness, username: &str, at: u64) -> Result<serde_json::Value, Fault> {
    let challenge = h.password_auth(username).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    h.respond(
        "SOFTWARE_TOKEN_MFA",
        &challenge["Session"],
        json!({"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": totp().generate(at)}),
    )
    .await
}

/// Asserts that `answer` signed `username` in: no further challenge, an
/// `AuthenticationResult` with an ID token and an access token that `GetUser` accepts for
/// that user.
async fn assert_tokens_issued(h: &Harness, answer: &serde_json::Value, username: &str) {
    assert!(answer.get("ChallengeName").is_none(), "{answer}");
    let result = &answer["AuthenticationResult"];
    for key in ["AccessToken", "IdToken"] {
        let token = result[key].as_str().unwrap_or_default();
        assert_eq!(token.split('.').count(), 3, "{key} is not a JWT: {answer}");
    }
    let me = h
        .ok("GetUser", json!({"AccessToken": result["AccessToken"]}))
        .await;
    assert_eq!(me["Username"], username);
}

#[tokio::test]
async fn one_step_either_side_is_accepted_two_are_refused() {
    let users = json!([totp_user("early"), totp_user("late"), totp_user("far")]);
    let h = Harness::start(base_config("OPTIONAL", users)).await;
    for offset in [-60i64, 60] {
        let at = (T0 as i64 + offset) as u64;
        let fault = answer_totp(&h, "far", at).await.unwrap_err();
        assert_fault(
            &fault,
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        );
    }
    answer_totp(&h, "early", T0 - 30)
        .await
        .expect("previous step accepted");
    answer_totp(&h, "late", T0 + 30)
        .await
        .expect("next step accepted");
    // The last second of a step: the step after next is still refused.
    h.advance(29).await;
    let fault = answer_totp(&h, "far", T0 + 29 + 60).await.unwrap_err();
    assert_eq!(fault.code, "CodeMismatchException");
    answer_totp(&h, "far", T0 + 29 + 30)
        .await
        .expect("next step accepted");
}

#[tokio::test]
async fn a_code_is_refused_the_second_time() {
    let h = Harness::start(base_config("OPTIONAL", json!([totp_user("rita")]))).await;
    answer_totp(&h, "rita", T0).await.expect("first use");
    let fault = answer_totp(&h, "rita", T0).await.unwrap_err();
    assert_fault(
        &fault,
        "ExpiredCodeException",
        "Your software token has already been used once.",
    );
    // An older step than the last accepted one is refused as well.
    answer_totp(&h, "rita", T0 + 30)
        .await
        .expect("the next step's code");
    let fault = answer_totp(&h, "rita", T0 - 30).await.unwrap_err();
    assert_eq!(fault.code, "ExpiredCodeException");
}

#[tokio::test]
async fn replay_refusal_is_a_setting() {
    let mut config = base_config("OPTIONAL", json!([totp_user("sam")]));
    config.settings.totp_replay_refusal = false;
    let h = Harness::start(config).await;
    let first = answer_totp(&h, "sam", T0).await.expect("first use");
    assert_tokens_issued(&h, &first, "sam").await;
    let again = answer_totp(&h, "sam", T0)
        .await
        .expect("accepted again with refusal off");
    assert_tokens_issued(&h, &again, "sam").await;
}

#[tokio::test]
async fn access_tokens_expire_on_the_virtual_clock() {
    let h = Harness::start(base_config("OFF", json!([plain_user("tom")]))).await;
    let tokens = h.password_auth("tom").await.unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"].clone();
    h.advance(3599).await;
    h.ok("GetUser", json!({"AccessToken": access})).await;
    h.advance(1).await;
    let fault = h.fault("GetUser", json!({"AccessToken": access})).await;
    assert_fault(&fault, "NotAuthorizedException", "Access Token has expired");
    // A token whose signature belongs to another token is invalid, not expired.
    h.advance(-3600).await;
    let access = access.as_str().unwrap();
    let id = tokens["AuthenticationResult"]["IdToken"].as_str().unwrap();
    let (signed_part, _) = access.rsplit_once('.').unwrap();
    let (_, other_signature) = id.rsplit_once('.').unwrap();
    let forged = format!("{signed_part}.{other_signature}");
    let fault = h.fault("GetUser", json!({"AccessToken": forged})).await;
    assert_fault(&fault, "NotAuthorizedException", "Invalid Access Token");
    // The ID token is not an access token.
    let fault = h.fault("GetUser", json!({"AccessToken": id})).await;
    assert_fault(&fault, "NotAuthorizedException", "Invalid Access Token");
    h.ok("GetUser", json!({"AccessToken": access})).await;
}
