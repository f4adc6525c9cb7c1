//! `settings.signing_keys`: one RSA key per pool (default) or one per process shared by every
//! pool under per-pool `kid`s — and a token signed under one pool's `kid` never passes
//! another's check.

use cognito_mfa_mock::{Mock, MockConfig, SigningKeys};
use serde_json::{Value, json};

use crate::common::*;

/// `base_config` with one plain user `ava` whose `sub` is fixed, so that two mocks built from
/// it hold the same pool, client and user.
fn config(signing_keys: SigningKeys) -> MockConfig {
    let mut user = plain_user("ava");
    user["sub"] = json!("5f4f0b1e-0000-4000-8000-000000000001");
    let mut config = base_config("OFF", json!([user]));
    config.settings.signing_keys = signing_keys;
    config
}

/// The only key of a JWKS: its modulus and its kid.
fn only_key(jwks: &Value) -> (String, String) {
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "{jwks}");
    let key = &keys[0];
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["alg"], "RS256");
    (
        key["n"].as_str().unwrap().to_owned(),
        key["kid"].as_str().unwrap().to_owned(),
    )
}

async fn create_pool(mock: &Mock) -> String {
    let created = mock
        .call("CreateUserPool", json!({"PoolName": "another"}))
        .await
        .unwrap();
    created["UserPool"]["Id"].as_str().unwrap().to_owned()
}

async fn access_token(mock: &Mock) -> String {
    let answer = mock
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"USERNAME": "ava", "PASSWORD": PASSWORD}}),
        )
        .await
        .unwrap();
    answer["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn shared_keys_give_every_pool_the_modulus_and_a_kid_of_its_own() {
    let served = Harness::start(config(SigningKeys::Shared)).await;
    let (status, jwks) = served
        .get_json(&format!("/{POOL}/.well-known/jwks.json"))
        .await;
    assert_eq!(status, 200);
    let (n_served, kid_served) = only_key(&jwks);

    let other_mock = Mock::new(config(SigningKeys::Shared)).unwrap();
    let (n_same_id, kid_same_id) = only_key(&other_mock.jwks(POOL).await.unwrap());
    let created = create_pool(&other_mock).await;
    let (n_created, kid_created) = only_key(&other_mock.jwks(&created).await.unwrap());

    assert_eq!(n_served, n_same_id, "one key for the whole process");
    assert_eq!(n_served, n_created, "pools created later share it too");
    assert_ne!(kid_served, kid_same_id, "same pool id in another mock");
    assert_ne!(kid_same_id, kid_created, "two pools of one mock");
    assert_ne!(kid_served, kid_created);
    assert_eq!(
        only_key(&other_mock.jwks(POOL).await.unwrap()).1,
        kid_same_id,
        "a pool keeps its kid"
    );
}

#[tokio::test]
async fn per_pool_keys_are_the_default_and_differ() {
    assert_eq!(
        MockConfig::default().settings.signing_keys,
        SigningKeys::PerPool
    );
    let first = Mock::new(config(SigningKeys::PerPool)).unwrap();
    let second = Mock::new(config(SigningKeys::PerPool)).unwrap();
    let created = create_pool(&first).await;
    let (n_first, kid_first) = only_key(&first.jwks(POOL).await.unwrap());
    let (n_created, kid_created) = only_key(&first.jwks(&created).await.unwrap());
    let (n_second, _) = only_key(&second.jwks(POOL).await.unwrap());
    assert_ne!(n_first, n_created, "two pools of one mock");
    assert_ne!(n_first, n_second, "the same pool id in two mocks");
    assert_ne!(kid_first, kid_created);
}

#[tokio::test]
async fn a_token_is_refused_by_a_pool_sharing_its_key() {
    // Two in-process mocks with the same pool id, client and user (same `sub`): the tokens'
    // `iss` is the same AWS URL in both, so only the pool's own `kid` tells them apart.
    let first = Mock::new(config(SigningKeys::Shared)).unwrap();
    let second = Mock::new(config(SigningKeys::Shared)).unwrap();
    let token_first = access_token(&first).await;
    let token_second = access_token(&second).await;
    assert_eq!(
        only_key(&first.jwks(POOL).await.unwrap()).0,
        only_key(&second.jwks(POOL).await.unwrap()).0,
        "the signing key is shared"
    );

    let user = first
        .call("GetUser", json!({"AccessToken": token_first}))
        .await
        .unwrap();
    assert_eq!(user["Username"], "ava");
    second
        .call("GetUser", json!({"AccessToken": token_second}))
        .await
        .unwrap();

    for (mock, foreign) in [(&second, &token_first), (&first, &token_second)] {
        let err = mock
            .call("GetUser", json!({"AccessToken": foreign}))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "NotAuthorizedException");
        assert_eq!(err.message(), "Invalid Access Token");
    }
}

#[test]
fn the_config_file_takes_the_setting_and_names_it_in_errors() {
    let config = MockConfig::from_json(r#"{"settings": {"signing_keys": "shared"}}"#).unwrap();
    assert_eq!(config.settings.signing_keys, SigningKeys::Shared);
    let config = MockConfig::from_json(r#"{"settings": {"signing_keys": "per_pool"}}"#).unwrap();
    assert_eq!(config.settings.signing_keys, SigningKeys::PerPool);

    let err = MockConfig::from_json(r#"{"settings": {"signing_keys": "global"}}"#).unwrap_err();
    assert_eq!(err.code(), "MockConfigError");
    let text = err.to_string();
    assert!(text.contains("settings.signing_keys"), "{text}");
    assert!(text.contains("\"global\""), "{text}");
    assert!(text.contains("line 1 column"), "{text}");

    let err =
        MockConfig::from_json(r#"{"settings": {"signing_keys": "shared", "rsa_key_bits": 3072}}"#)
            .unwrap_err();
    assert!(err.to_string().contains("signing_keys"), "{err}");
}
