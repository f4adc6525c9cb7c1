//! Challenge sessions: expiry exactly at the boundary, single use, the attempt cap, binding to
//! the app client; SMS code expiry; the clock and reset controls.

use serde_json::{Value, json};

use crate::common::*;

/// A code that is wrong for `TOTP_SECRET` at every step near `T0`.
fn wrong_totp_code() -> &'static str {
    let t = totp();
    let near: Vec<String> = (-3..=12)
        .map(|i| t.generate((T0 as i64 + i * 30) as u64))
        .collect();
    ["000000", "111111", "222222", "333333", "444444"]
        .into_iter()
        .find(|c| !near.iter().any(|n| n == c))
        .unwrap()
}

#[tokio::test]
async fn a_session_expires_exactly_at_auth_session_validity() {
    let h = Harness::start(base_config("OPTIONAL", json!([totp_user("ann")]))).await;
    let challenge = h.password_auth("ann").await.unwrap();
    // Default AuthSessionValidity: 3 minutes. One second before: still alive.
    h.advance(179).await;
    let fault = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &challenge["Session"],
            json!({"USERNAME": "ann", "SOFTWARE_TOKEN_MFA_CODE": wrong_totp_code()}),
        )
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    // At exactly 180 seconds it is expired, even with the right code.
    h.advance(1).await;
    let code = totp().generate(T0 + 180);
    let fault = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &challenge["Session"],
            json!({"USERNAME": "ann", "SOFTWARE_TOKEN_MFA_CODE": code}),
        )
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    );
}

#[tokio::test]
async fn a_session_is_single_use() {
    let h = Harness::start(base_config("OPTIONAL", json!([sms_user("ben")]))).await;
    let challenge = h.password_auth("ben").await.unwrap();
    let code = h.last_code("ben").await;
    let answer = json!({"USERNAME": "ben", "SMS_MFA_CODE": code});
    h.respond("SMS_MFA", &challenge["Session"], answer.clone())
        .await
        .unwrap();
    let fault = h
        .respond("SMS_MFA", &challenge["Session"], answer)
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    let fault = h
        .respond(
            "SMS_MFA",
            &json!("x".repeat(40)),
            json!({"USERNAME": "ben", "SMS_MFA_CODE": "123456"}),
        )
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
}

#[tokio::test]
async fn wrong_codes_kill_the_session_at_the_cap() {
    let h = Harness::start(base_config("OPTIONAL", json!([totp_user("cat")]))).await;
    let challenge = h.password_auth("cat").await.unwrap();
    let wrong = json!({"USERNAME": "cat", "SOFTWARE_TOKEN_MFA_CODE": wrong_totp_code()});
    for attempt in 1..=5 {
        let fault = h
            .respond("SOFTWARE_TOKEN_MFA", &challenge["Session"], wrong.clone())
            .await
            .unwrap_err();
        assert_eq!(fault.code, "CodeMismatchException", "attempt {attempt}");
    }
    let right = json!({"USERNAME": "cat", "SOFTWARE_TOKEN_MFA_CODE": totp().generate(T0)});
    let fault = h
        .respond("SOFTWARE_TOKEN_MFA", &challenge["Session"], right.clone())
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    // A new sign-in works, and the cap is a setting.
    let challenge = h.password_auth("cat").await.unwrap();
    h.respond("SOFTWARE_TOKEN_MFA", &challenge["Session"], right)
        .await
        .unwrap();

    let mut config = base_config("OPTIONAL", json!([totp_user("dan")]));
    config.settings.max_code_attempts = 2;
    let h = Harness::start(config).await;
    let challenge = h.password_auth("dan").await.unwrap();
    let wrong = json!({"USERNAME": "dan", "SOFTWARE_TOKEN_MFA_CODE": wrong_totp_code()});
    for _ in 0..2 {
        let fault = h
            .respond("SOFTWARE_TOKEN_MFA", &challenge["Session"], wrong.clone())
            .await
            .unwrap_err();
        assert_eq!(fault.code, "CodeMismatchException");
    }
    let fault = h
        .respond("SOFTWARE_TOKEN_MFA", &challenge["Session"], wrong)
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
}

async fn sms_challenge(h: &Harness, username: &str) -> Value {
    h.ok(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "longsession1",
               "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
    )
    .await
}

async fn answer_sms(
    h: &Harness,
    session: &Value,
    username: &str,
    code: &str,
) -> Result<Value, Fault> {
    h.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "SMS_MFA", "ClientId": "longsession1", "Session": session,
               "ChallengeResponses": {"USERNAME": username, "SMS_MFA_CODE": code}}),
    )
    .await
}

#[tokio::test]
async fn an_sms_code_is_valid_for_three_minutes() {
    // A 15-minute session outlives the 3-minute code.
    let h = Harness::start(base_config("OPTIONAL", json!([sms_user("eve")]))).await;
    let first = sms_challenge(&h, "eve").await;
    let code = h.last_code("eve").await;
    h.advance(179).await;
    answer_sms(&h, &first["Session"], "eve", &code)
        .await
        .expect("valid at 179 s");

    let second = sms_challenge(&h, "eve").await;
    let code = h.last_code("eve").await;
    h.advance(180).await;
    let fault = answer_sms(&h, &second["Session"], "eve", &code)
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
    );
}

#[tokio::test]
async fn a_session_belongs_to_its_app_client_and_challenge() {
    let h = Harness::start(base_config("OPTIONAL", json!([sms_user("fay")]))).await;
    let challenge = h.password_auth("fay").await.unwrap();
    let code = h.last_code("fay").await;
    let fault = answer_sms(&h, &challenge["Session"], "fay", &code)
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    let fault = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &challenge["Session"],
            json!({"USERNAME": "fay", "SOFTWARE_TOKEN_MFA_CODE": "123456"}),
        )
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "InvalidParameterException",
        "The session was issued for the SMS_MFA challenge, not SOFTWARE_TOKEN_MFA.",
    );
    // Neither mistake used the session up.
    h.respond(
        "SMS_MFA",
        &challenge["Session"],
        json!({"USERNAME": "fay", "SMS_MFA_CODE": code}),
    )
    .await
    .expect("the right client and challenge still work");
}

#[tokio::test]
async fn clock_and_reset_controls() {
    let h = Harness::start(base_config("OPTIONAL", json!([sms_user("gus")]))).await;
    assert_eq!(h.now().await, T0);
    assert_eq!(h.advance(-10).await, T0 - 10);
    let response = h
        .http
        .post(h.url("/_mock/clock"))
        .json(&json!({"set": 2_000_000_000u64}))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({"now": 2_000_000_000u64, "frozen": true}));
    let response = h
        .http
        .post(h.url("/_mock/clock"))
        .json(&json!({"advance": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    // Out of range: refused with a message, and the clock is left as it was (the frozen
    // instant is not changed by the refused `frozen` either: nothing applies).
    for body in [
        json!({"set": 253_402_300_800u64}),
        json!({"set": u64::MAX}),
        json!({"advance_seconds": i64::MAX}),
        json!({"set": 253_402_300_799u64, "advance_seconds": 1, "frozen": false}),
        json!({"advance_seconds": -3_000_000_000i64}),
    ] {
        let response = h
            .http
            .post(h.url("/_mock/clock"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{body}");
        let answer: Value = response.json().await.unwrap();
        let message = answer["message"].as_str().unwrap_or_default().to_owned();
        assert!(
            message.contains("the clock must stay from 1970-01-01 to 9999-12-31"),
            "{answer}"
        );
        assert_eq!(h.now().await, 2_000_000_000, "{body}");
    }
    let (_, state) = h.get_json("/_mock/clock").await;
    assert_eq!(state["frozen"], json!(true));

    h.password_auth("gus").await.unwrap();
    h.ok("CreateUserPool", json!({"PoolName": "temporary"}))
        .await;
    assert_eq!(
        h.get_json("/_mock/messages")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let response = h.http.post(h.url("/_mock/reset")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(h.now().await, T0, "the configured clock is back");
    assert_eq!(h.get_json("/_mock/messages").await.1, json!([]));
    let pools = h.ok("ListUserPools", json!({"MaxResults": 60})).await;
    assert_eq!(
        pools["UserPools"].as_array().unwrap().len(),
        1,
        "only the preloaded pool"
    );
    assert_eq!(pools["UserPools"][0]["Id"], POOL);
}
