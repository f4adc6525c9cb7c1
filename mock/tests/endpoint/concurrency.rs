//! Many users signing in at the same time: nothing lost, nothing mixed up.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_sign_ins_lose_nothing() {
    const USERS: usize = 1_000;
    let users: Vec<Value> = (0..USERS)
        .map(|i| totp_user(&format!("user{i:04}")))
        .collect();
    let h = Arc::new(Harness::start(base_config("OPTIONAL", Value::Array(users))).await);
    let code = totp().generate(T0);
    let mut tasks = Vec::new();
    for i in 0..USERS {
        let h = Arc::clone(&h);
        let code = code.clone();
        tasks.push(tokio::spawn(async move {
            let username = format!("user{i:04}");
            let challenge = h.password_auth(&username).await.expect("challenge");
            let tokens = h
                .respond(
                    "SOFTWARE_TOKEN_MFA",
                    &challenge["Session"],
                    json!({"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code}),
                )
                .await
                .expect("tokens");
            let access = tokens["AuthenticationResult"]["AccessToken"].clone();
            let me = h.ok("GetUser", json!({"AccessToken": access})).await;
            assert_eq!(
                me["Username"],
                username.as_str(),
                "a token names its own user"
            );
            (
                challenge["Session"].as_str().unwrap().to_owned(),
                tokens["AuthenticationResult"]["RefreshToken"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        }));
    }
    let mut sessions = HashSet::new();
    let mut refresh_tokens = HashSet::new();
    for task in tasks {
        let (session, refresh) = task.await.expect("task completed");
        sessions.insert(session);
        refresh_tokens.insert(refresh);
    }
    assert_eq!(sessions.len(), USERS, "every session distinct");
    assert_eq!(refresh_tokens.len(), USERS, "every refresh token distinct");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_srp_and_sms_sign_ins_keep_every_code() {
    const USERS: usize = 100;
    let users: Vec<Value> = (0..USERS)
        .map(|i| sms_user(&format!("sms{i:03}")))
        .collect();
    let h = Arc::new(Harness::start(base_config("OPTIONAL", Value::Array(users))).await);
    let mut tasks = Vec::new();
    for i in 0..USERS {
        let h = Arc::clone(&h);
        tasks.push(tokio::spawn(async move {
            let username = format!("sms{i:03}");
            let challenge = h.srp_auth(CLIENT, &username, PASSWORD).await.expect("SRP");
            assert_eq!(challenge["ChallengeName"], "SMS_MFA");
            let code = h.last_code(&username).await;
            h.respond(
                "SMS_MFA",
                &challenge["Session"],
                json!({"USERNAME": username, "SMS_MFA_CODE": code}),
            )
            .await
            .expect("tokens");
        }));
    }
    for task in tasks {
        task.await.expect("task completed");
    }
    let (_, messages) = h.get_json("/_mock/messages").await;
    assert_eq!(
        messages.as_array().unwrap().len(),
        USERS,
        "one SMS per sign-in"
    );
}
