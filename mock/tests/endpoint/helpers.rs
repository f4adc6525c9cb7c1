//! The typed helpers of `cognito_mfa_mock::helpers` (shared by the Python and Node test
//! packages): their defaults, their results as the endpoint then reports them, and their
//! errors.

use cognito_mfa::MfaSettings;
use cognito_mfa::totp::Totp;
use cognito_mfa_mock::{
    AppClientInfo, ClientSpec, DEFAULT_PASSWORD, HelperError, MfaMode, Mock, MockConfig, PoolSpec,
    UserSpec,
};
use serde_json::{Value, json};

use crate::common::T0;

/// An empty mock on a clock frozen at `T0`.
fn mock() -> Mock {
    let config: MockConfig =
        serde_json::from_value(json!({"clock": {"start": T0, "frozen": true}})).unwrap();
    Mock::new(config).unwrap()
}

fn service_code(error: &HelperError) -> &'static str {
    match error {
        HelperError::Service(error) => error.code(),
        other => panic!("not a service error: {other:?}"),
    }
}

async fn get_user(mock: &Mock, pool_id: &str, username: &str) -> Value {
    mock.call(
        "AdminGetUser",
        json!({"UserPoolId": pool_id, "Username": username}),
    )
    .await
    .unwrap()
}

/// SRP is not needed to see what a sign-in asks: ADMIN_USER_PASSWORD_AUTH through a new
/// client that allows it. Returns the answer and that client's id.
async fn admin_sign_in(mock: &Mock, pool_id: &str, username: &str) -> (Value, String) {
    let client = mock
        .create_app_client(
            pool_id,
            &ClientSpec {
                auth_flows: Some(vec!["ALLOW_ADMIN_USER_PASSWORD_AUTH".to_owned()]),
                ..ClientSpec::default()
            },
        )
        .await
        .unwrap();
    let answer = mock
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": pool_id, "ClientId": client.client_id,
                   "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": username, "PASSWORD": DEFAULT_PASSWORD}}),
        )
        .await
        .unwrap();
    (answer, client.client_id.clone())
}

#[test]
fn defaults_are_the_bindings_defaults() {
    let pool = PoolSpec::default();
    assert_eq!(
        (
            pool.name.as_str(),
            pool.mfa,
            pool.sms,
            pool.software_token,
            pool.email
        ),
        ("test", MfaMode::Optional, true, true, false)
    );
    let client = ClientSpec::default();
    assert_eq!(
        (
            client.name.as_str(),
            client.generate_secret,
            client.auth_flows
        ),
        ("client", false, None)
    );
    let user = UserSpec::default();
    assert_eq!(
        (
            user.attributes.len(),
            user.confirmed,
            user.temporary_password
        ),
        (0, true, false)
    );
    assert_eq!(PoolSpec::parse_mfa("ON").unwrap(), MfaMode::On);
    let err = PoolSpec::parse_mfa("on").unwrap_err();
    assert_eq!(
        err.to_string(),
        "mfa must be one of OFF, OPTIONAL, ON, got \"on\""
    );
}

#[tokio::test]
async fn create_user_pool_sets_the_mfa_configuration() {
    let mock = mock();
    let pool_id = mock
        .create_user_pool(&PoolSpec {
            mfa: MfaMode::On,
            email: true,
            ..PoolSpec::default()
        })
        .await
        .unwrap();
    let config = mock
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(config["MfaConfiguration"], "ON");
    assert_eq!(config["SoftwareTokenMfaConfiguration"]["Enabled"], true);
    assert_eq!(
        config["SmsMfaConfiguration"]["SmsAuthenticationMessage"],
        "Your code is {####}"
    );
    assert_eq!(config["EmailMfaConfiguration"]["Subject"], "Your code");

    let err = mock
        .create_user_pool(&PoolSpec {
            mfa: MfaMode::On,
            sms: false,
            software_token: false,
            ..PoolSpec::default()
        })
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), "InvalidParameterException");
}

#[tokio::test]
async fn create_app_client_returns_the_secret_and_redacts_it() {
    let mock = mock();
    let pool_id = mock.create_user_pool(&PoolSpec::default()).await.unwrap();
    let plain = mock
        .create_app_client(&pool_id, &ClientSpec::default())
        .await
        .unwrap();
    assert_eq!(plain.client_secret, None);
    let secret = mock
        .create_app_client(
            &pool_id,
            &ClientSpec {
                generate_secret: true,
                ..ClientSpec::default()
            },
        )
        .await
        .unwrap();
    let text = secret.client_secret.clone().unwrap();
    assert!(!text.is_empty());
    assert_ne!(plain.client_id, secret.client_id);
    assert!(!format!("{secret:?}").contains(&text));

    let err = mock
        .create_app_client("us-east-1_Missing1", &ClientSpec::default())
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn create_user_confirmed_temporary_or_unconfirmed() {
    let mock = mock();
    let pool_id = mock.create_user_pool(&PoolSpec::default()).await.unwrap();
    let spec = UserSpec {
        attributes: vec![("email".to_owned(), "alice@example.com".to_owned())],
        ..UserSpec::default()
    };
    mock.create_user(&pool_id, "alice", DEFAULT_PASSWORD, &spec)
        .await
        .unwrap();
    let alice = get_user(&mock, &pool_id, "alice").await;
    assert_eq!(alice["UserStatus"], "CONFIRMED");
    assert!(
        alice["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email", "Value": "alice@example.com"}))
    );

    let temporary = UserSpec {
        temporary_password: true,
        ..UserSpec::default()
    };
    mock.create_user(&pool_id, "bob", DEFAULT_PASSWORD, &temporary)
        .await
        .unwrap();
    assert_eq!(
        get_user(&mock, &pool_id, "bob").await["UserStatus"],
        "FORCE_CHANGE_PASSWORD"
    );

    let unconfirmed = UserSpec {
        confirmed: false,
        ..UserSpec::default()
    };
    mock.create_user(&pool_id, "carol", DEFAULT_PASSWORD, &unconfirmed)
        .await
        .unwrap();
    assert_eq!(
        get_user(&mock, &pool_id, "carol").await["UserStatus"],
        "UNCONFIRMED"
    );
    // The sign-up client is gone again.
    let clients = mock
        .call(
            "ListUserPoolClients",
            json!({"UserPoolId": pool_id, "MaxResults": 60}),
        )
        .await
        .unwrap();
    assert_eq!(clients["UserPoolClients"], json!([]));

    let err = mock
        .create_user(&pool_id, "alice", DEFAULT_PASSWORD, &UserSpec::default())
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), "UsernameExistsException");
    let err = mock
        .create_user(&pool_id, "dave", "short", &UserSpec::default())
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), "InvalidPasswordException");
    let both = UserSpec {
        confirmed: false,
        temporary_password: true,
        ..UserSpec::default()
    };
    let err = mock
        .create_user(&pool_id, "erin", DEFAULT_PASSWORD, &both)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, HelperError::InvalidInput(m) if m == "an unconfirmed user has no temporary password"),
        "{err:?}"
    );
}

#[tokio::test]
async fn set_user_mfa_preference_enables_sms() {
    let mock = mock();
    let pool_id = mock.create_user_pool(&PoolSpec::default()).await.unwrap();
    let spec = UserSpec {
        attributes: vec![("phone_number".to_owned(), "+15555550100".to_owned())],
        ..UserSpec::default()
    };
    mock.create_user(&pool_id, "alice", DEFAULT_PASSWORD, &spec)
        .await
        .unwrap();
    mock.create_user(&pool_id, "bob", DEFAULT_PASSWORD, &UserSpec::default())
        .await
        .unwrap();
    mock.set_user_mfa_preference(
        &pool_id,
        "alice",
        Some(MfaSettings::new(true, true)),
        None,
        None,
    )
    .await
    .unwrap();
    let alice = get_user(&mock, &pool_id, "alice").await;
    assert_eq!(alice["PreferredMfaSetting"], "SMS_MFA");
    assert_eq!(
        admin_sign_in(&mock, &pool_id, "alice").await.0["ChallengeName"],
        "SMS_MFA"
    );

    // Bob has no phone number.
    let err = mock
        .set_user_mfa_preference(
            &pool_id,
            "bob",
            Some(MfaSettings::new(true, true)),
            None,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), "InvalidParameterException");
}

/// Enrols `alice` through a client with or without a secret, on a pool with MFA `mfa`, and
/// checks the next sign-in asks for TOTP with the returned secret.
async fn enrol_and_check(mfa: MfaMode, generate_secret: bool) {
    let mock = mock();
    let pool_id = mock
        .create_user_pool(&PoolSpec {
            mfa,
            ..PoolSpec::default()
        })
        .await
        .unwrap();
    let client = mock
        .create_app_client(
            &pool_id,
            &ClientSpec {
                generate_secret,
                ..ClientSpec::default()
            },
        )
        .await
        .unwrap();
    mock.create_user(&pool_id, "alice", DEFAULT_PASSWORD, &UserSpec::default())
        .await
        .unwrap();
    let before = mock.now();
    let secret = mock
        .enrol_totp(&pool_id, &client, "alice", DEFAULT_PASSWORD, true)
        .await
        .unwrap();
    assert_eq!(mock.now(), before + 30, "the clock moves on by one step");
    let alice = get_user(&mock, &pool_id, "alice").await;
    assert_eq!(alice["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    let (challenge, client_id) = admin_sign_in(&mock, &pool_id, "alice").await;
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    // The returned secret is the enrolled one: its current code completes the sign-in.
    let answer = mock
        .call(
            "AdminRespondToAuthChallenge",
            json!({"UserPoolId": pool_id, "ClientId": client_id,
                   "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": challenge["Session"],
                   "ChallengeResponses": {"USERNAME": "alice",
                       "SOFTWARE_TOKEN_MFA_CODE": Totp::new(secret).generate(mock.now())}}),
        )
        .await
        .unwrap();
    assert!(answer["AuthenticationResult"]["AccessToken"].is_string());
}

#[tokio::test]
async fn enrol_totp_when_signed_in() {
    enrol_and_check(MfaMode::Optional, false).await;
}

#[tokio::test]
async fn enrol_totp_with_a_client_secret() {
    enrol_and_check(MfaMode::Optional, true).await;
}

#[tokio::test]
async fn enrol_totp_through_mfa_setup() {
    enrol_and_check(MfaMode::On, true).await;
}

#[tokio::test]
async fn enrol_totp_errors() {
    let mock = mock();
    let pool_id = mock.create_user_pool(&PoolSpec::default()).await.unwrap();
    let client = mock
        .create_app_client(&pool_id, &ClientSpec::default())
        .await
        .unwrap();
    let spec = UserSpec {
        attributes: vec![("phone_number".to_owned(), "+15555550100".to_owned())],
        ..UserSpec::default()
    };
    mock.create_user(&pool_id, "alice", DEFAULT_PASSWORD, &spec)
        .await
        .unwrap();

    let err = mock
        .enrol_totp(&pool_id, &client, "alice", "Wrong-passw0rd", true)
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), "NotAuthorizedException");

    mock.set_user_mfa_preference(
        &pool_id,
        "alice",
        Some(MfaSettings::new(true, true)),
        None,
        None,
    )
    .await
    .unwrap();
    let err = mock
        .enrol_totp(&pool_id, &client, "alice", DEFAULT_PASSWORD, true)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot enrol TOTP for \"alice\": the sign-in asks SMS_MFA"
    );
    let unknown = AppClientInfo {
        client_id: "nosuchclient1".to_owned(),
        client_secret: None,
    };
    let err = mock
        .enrol_totp(&pool_id, &unknown, "alice", DEFAULT_PASSWORD, true)
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), "ResourceNotFoundException");
}
