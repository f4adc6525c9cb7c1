//! The admin client against the mock endpoint: a server-side sign-in through
//! `AdminInitiateAuth` (`ADMIN_USER_PASSWORD_AUTH` and `USER_SRP_AUTH`, with `SECRET_HASH`)
//! answering TOTP and SMS through the one `User` state machine; a user's MFA read and changed
//! by an administrator; global sign-out; devices. Against a scripted server: the wire form of
//! a signed request (target, `UserPoolId`, a SigV4 signature that verifies), credentials asked
//! for once and renewed after `ExpiredTokenException`, a failing provider.

#![allow(
    clippy::indexing_slicing,
    reason = "only serde_json::Value is indexed, by key, which gives Null and never panics"
)]

mod client_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use client_support::{
    MfaMode, Mock, PASSWORD, PoolOptions, TestResult, code_of, expect_challenge, expect_signed_in,
    fail, settings,
};
use cognito_mfa::admin::credentials::CredentialsFuture;
use cognito_mfa::admin::{
    AdminClient, AwsCredentials, CredentialsProvider, ProvideCredentials, sign_request,
};
use cognito_mfa::protocol::{AuthFlow, MfaType};
use cognito_mfa::{AuthenticationDetails, Challenge, Error, UserPool};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const ADMIN_FLOWS: &[&str] = &[
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

fn test_credentials() -> TestResult<CredentialsProvider> {
    let credentials = AwsCredentials::new("AKIDTEST", "test-secret-key", None)?;
    Ok(CredentialsProvider::fixed(credentials))
}

fn admin_of(pool: &UserPool) -> TestResult<AdminClient> {
    Ok(AdminClient::new(pool, test_credentials()?))
}

fn admin_password() -> AuthenticationDetails {
    AuthenticationDetails::new(PASSWORD).flow(AuthFlow::AdminUserPasswordAuth)
}

#[tokio::test]
async fn an_admin_password_sign_in_answers_the_totp_challenge() -> TestResult {
    let mock = Mock::start().await?;
    // The app client allows no user-side password flow: only the admin one.
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Optional).flows(ADMIN_FLOWS))
        .await?;
    mock.user(&pool, "alice", &[]).await?;
    let secret = mock.enrol_totp(&pool, "alice", true).await?;
    let admin = admin_of(&pool.user_pool()?)?;
    assert!(admin.pool().signs_requests());

    let alice = admin.user("alice");
    let challenge = expect_challenge(alice.authenticate_user(admin_password()).await?)?;
    assert!(
        matches!(challenge, Challenge::SoftwareTokenMfa { .. }),
        "{challenge:?}"
    );
    let wrong = alice.send_mfa_code("000000", None, None).await;
    assert_eq!(code_of(wrong), "CodeMismatchException");
    let code = mock.totp_code(&secret, 1).await?;
    let session = expect_signed_in(alice.send_mfa_code(&code, None, None).await?)?;
    assert!(session.is_valid());
    // The tokens are the user's own: the access token works on the user-side API.
    assert_eq!(alice.get_user_data().await?.username, "alice");

    // The same flow through the user-side client is refused before any request.
    let plain = pool.user_pool()?.user("alice");
    let refused = plain.authenticate_user(admin_password()).await;
    assert_eq!(code_of(refused), "InvalidInputError");
    Ok(())
}

#[tokio::test]
async fn srp_through_admin_initiate_auth_with_a_client_secret_answers_sms() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(
            PoolOptions::mfa(MfaMode::On)
                .client_secret(true)
                .flows(ADMIN_FLOWS),
        )
        .await?;
    mock.user(&pool, "bob", &[("phone_number", "+15555550100")])
        .await?;
    mock.admin_mfa(&pool, "bob", settings(true, true), None, None)
        .await?;
    let admin = admin_of(&pool.user_pool()?)?;
    let bob = admin.user("bob");
    let challenge = expect_challenge(
        bob.authenticate_user(AuthenticationDetails::new(PASSWORD))
            .await?,
    )?;
    assert!(
        matches!(challenge, Challenge::SmsMfa { .. }),
        "{challenge:?}"
    );
    let code = mock.last_code("bob").await?;
    expect_signed_in(bob.send_mfa_code(&code, None, None).await?)?;

    // A wrong password is the service's error, as for the user-side client.
    let wrong = admin
        .user("bob")
        .authenticate_user(AuthenticationDetails::new("Wr0ng-Password!"))
        .await;
    assert_eq!(code_of(wrong), "NotAuthorizedException");
    Ok(())
}

#[tokio::test]
async fn an_administrator_reads_and_turns_off_a_users_totp() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Optional).flows(ADMIN_FLOWS))
        .await?;
    mock.user(&pool, "carol", &[("email", "carol@example.com")])
        .await?;
    mock.enrol_totp(&pool, "carol", true).await?;
    let admin = admin_of(&pool.user_pool()?)?;

    let carol = admin.get_user("carol").await?;
    assert_eq!(carol.username, "carol");
    assert_eq!(carol.attribute("email"), Some("carol@example.com"));
    assert!(carol.enabled);
    assert_eq!(carol.user_status, "CONFIRMED");
    assert_eq!(carol.preferred_mfa_setting, Some(MfaType::SoftwareTokenMfa));
    assert_eq!(carol.user_mfa_setting_list, vec![MfaType::SoftwareTokenMfa]);

    // Phone lost: TOTP off, and the next sign-in asks for no code.
    admin
        .set_user_mfa_preference("carol", None, settings(false, false))
        .await?;
    let carol = admin.get_user("carol").await?;
    assert_eq!(carol.preferred_mfa_setting, None);
    assert!(carol.user_mfa_setting_list.is_empty());
    expect_signed_in(
        admin
            .user("carol")
            .authenticate_user(admin_password())
            .await?,
    )?;

    // SMS cannot be enabled for a user without a phone number: the service's error.
    let refused = admin
        .set_user_mfa_preference("carol", settings(true, true), None)
        .await;
    assert_eq!(code_of(refused), "InvalidParameterException");
    assert_eq!(
        code_of(admin.get_user("nobody").await),
        "UserNotFoundException"
    );
    Ok(())
}

#[tokio::test]
async fn a_global_sign_out_revokes_the_refresh_token_and_devices_are_listed() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Off).flows(ADMIN_FLOWS))
        .await?;
    mock.user(&pool, "dave", &[]).await?;
    let admin = admin_of(&pool.user_pool()?)?;
    let dave = admin.user("dave");
    expect_signed_in(dave.authenticate_user(admin_password()).await?)?;
    assert!(dave.refresh_session().await.is_ok());

    admin.user_global_sign_out("dave").await?;
    assert_eq!(
        code_of(dave.refresh_session().await),
        "NotAuthorizedException"
    );

    let devices = admin.list_devices("dave", Some(10), None).await?;
    assert!(devices.devices.is_empty());
    assert!(admin.list_all_devices("dave").await?.is_empty());
    let missing = admin.get_device("dave", "us-east-1_00000000-0000-0000-0000-000000000000");
    assert_eq!(code_of(missing.await), "ResourceNotFoundException");
    assert_eq!(
        code_of(admin.list_devices("dave", Some(61), None).await),
        "InvalidInputError"
    );
    Ok(())
}

/// One request as the scripted server saw it.
#[derive(Clone, Debug)]
struct Seen {
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A server answering the scripted `(status, body)` pairs in turn (the last repeats) and
/// recording each request.
async fn scripted(answers: Vec<(u16, String)>) -> TestResult<(String, Arc<Mutex<Vec<Seen>>>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let endpoint = format!("http://{}/", listener.local_addr()?);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        let mut turn = 0usize;
        while let Ok((mut socket, _)) = listener.accept().await {
            let Some((status, body)) = answers.get(turn.min(answers.len() - 1)).cloned() else {
                return;
            };
            turn += 1;
            let Some(request) = read_whole_request(&mut socket).await else {
                continue;
            };
            if let Ok(mut seen) = record.lock() {
                seen.push(request);
            }
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    Ok((endpoint, seen))
}

async fn read_whole_request(socket: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let n = socket.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(buffer.get(..n)?);
        let text = String::from_utf8_lossy(&data).into_owned();
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            continue;
        };
        let headers: Vec<(String, String)> = head
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (name, value) = line.split_once(':')?;
                Some((name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            })
            .collect();
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse().ok())?;
        if body.len() >= length {
            return Some(Seen {
                headers,
                body: body.to_owned(),
            });
        }
    }
}

/// The time of a SigV4 `x-amz-date` (`20260101T120000Z`).
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let digits = |range: std::ops::Range<usize>| text.get(range)?.parse::<u64>().ok();
    let (year, month, day) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (hour, minute, second) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    // Days from the civil date (Howard Hinnant's algorithm), for years after 1970.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(UNIX_EPOCH + Duration::from_secs(days * 86_400 + hour * 3600 + minute * 60 + second))
}

#[tokio::test]
async fn a_signed_request_is_the_admin_operation_with_a_signature_that_verifies() -> TestResult {
    let (endpoint, seen) = scripted(vec![(
        200,
        r#"{"Username":"alice","UserAttributes":[],"UserMFASettingList":["SMS_MFA"]}"#.to_owned(),
    )])
    .await?;
    let pool = UserPool::builder("eu-west-2_AbC", "client1")
        .endpoint(&endpoint)
        .build()?;
    let credentials = AwsCredentials::new("AKIDTEST", "test-secret-key", Some("tok".into()))?;
    let admin = AdminClient::new(&pool, CredentialsProvider::fixed(credentials.clone()));
    let user = admin.get_user("alice").await?;
    assert_eq!(user.user_mfa_setting_list, vec![MfaType::SmsMfa]);

    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    let Some(request) = seen.first() else {
        return fail("no request reached the server");
    };
    assert_eq!(
        request.header("x-amz-target"),
        Some("AWSCognitoIdentityProviderService.AdminGetUser")
    );
    let body: serde_json::Value = serde_json::from_str(&request.body)?;
    assert_eq!(
        body,
        serde_json::json!({"UserPoolId": "eu-west-2_AbC", "Username": "alice"})
    );
    assert_eq!(request.header("x-amz-security-token"), Some("tok"));
    let authorization = request.header("authorization").unwrap_or_default();
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
            && authorization.contains("/eu-west-2/cognito-idp/aws4_request"),
        "{authorization}"
    );
    // Recompute the signature over what arrived, at the time it claims: it must match.
    let Some(time) = request.header("x-amz-date").and_then(parse_amz_date) else {
        return fail("no x-amz-date");
    };
    let host = request.header("host").unwrap_or_default();
    let expected = sign_request(
        &credentials,
        "eu-west-2",
        "cognito-idp",
        &format!("http://{host}/"),
        &[
            (
                "content-type",
                request.header("content-type").unwrap_or_default(),
            ),
            (
                "x-amz-target",
                request.header("x-amz-target").unwrap_or_default(),
            ),
        ],
        request.body.as_bytes(),
        time,
    )?;
    assert_eq!(expected.get("authorization"), Some(authorization));
    Ok(())
}

#[tokio::test]
async fn sign_in_requests_of_an_admin_user_go_to_the_admin_twins() -> TestResult {
    let (endpoint, seen) = scripted(vec![(
        200,
        r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s1","ChallengeParameters":{}}"#
            .to_owned(),
    )])
    .await?;
    let pool = UserPool::builder("us-east-1_AbC", "client1")
        .endpoint(&endpoint)
        .build()?;
    let admin = admin_of(&pool)?;
    let alice = admin.user("alice");
    expect_challenge(alice.authenticate_user(admin_password()).await?)?;
    let _ = alice.send_mfa_code("123456", None, None).await;
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    let targets: Vec<_> = seen
        .iter()
        .filter_map(|s| s.header("x-amz-target"))
        .collect();
    assert_eq!(
        targets,
        [
            "AWSCognitoIdentityProviderService.AdminInitiateAuth",
            "AWSCognitoIdentityProviderService.AdminRespondToAuthChallenge"
        ]
    );
    let first: serde_json::Value = serde_json::from_str(seen.first().map_or("", |s| &s.body))?;
    assert_eq!(first["UserPoolId"], "us-east-1_AbC");
    assert_eq!(first["AuthFlow"], "ADMIN_USER_PASSWORD_AUTH");
    assert_eq!(first["AuthParameters"]["PASSWORD"], PASSWORD);
    assert!(seen.iter().all(|s| s.header("authorization").is_some()));

    // The user-side client sends the same state machine's requests unsigned, by their names.
    let (endpoint, seen) =
        scripted(vec![(400, r#"{"__type":"NotAuthorizedException"}"#.into())]).await?;
    let plain = UserPool::builder("us-east-1_AbC", "client1")
        .endpoint(&endpoint)
        .build()?;
    let _ = plain
        .user("alice")
        .authenticate_user(AuthenticationDetails::new(PASSWORD))
        .await;
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(
        seen.first().and_then(|s| s.header("x-amz-target")),
        Some("AWSCognitoIdentityProviderService.InitiateAuth")
    );
    assert_eq!(seen.first().and_then(|s| s.header("authorization")), None);
    Ok(())
}

struct Counting {
    calls: Arc<AtomicUsize>,
    fail: bool,
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if self.fail {
                return Err(Error::Credentials {
                    message: "the vault is sealed".to_owned(),
                    source: None,
                });
            }
            AwsCredentials::new(format!("AKID{n}"), "s", None)
        })
    }
}

#[tokio::test]
async fn credentials_are_asked_once_and_renewed_after_expired_token() -> TestResult {
    let ok = r#"{"Username":"alice","UserAttributes":[]}"#.to_owned();
    let (endpoint, seen) = scripted(vec![
        (200, ok.clone()),
        (
            400,
            r#"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#
                .to_owned(),
        ),
        (200, ok),
    ])
    .await?;
    let pool = UserPool::builder("us-east-1_AbC", "client1")
        .endpoint(&endpoint)
        .build()?;
    let calls = Arc::new(AtomicUsize::new(0));
    let admin = AdminClient::new(
        &pool,
        CredentialsProvider::custom(Counting {
            calls: Arc::clone(&calls),
            fail: false,
        }),
    );
    admin.get_user("alice").await?;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // The second request is refused as expired, the credentials renewed and it is sent again.
    admin.get_user("alice").await?;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let keys: Vec<String> = seen
        .lock()
        .map(|s| s.clone())
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.header("authorization"))
        .filter_map(|a| a.split('/').next().map(str::to_owned))
        .collect();
    assert_eq!(
        keys,
        [
            "AWS4-HMAC-SHA256 Credential=AKID0",
            "AWS4-HMAC-SHA256 Credential=AKID0",
            "AWS4-HMAC-SHA256 Credential=AKID1"
        ]
    );

    // A provider that fails: the error is CredentialsError and nothing is sent.
    let (endpoint, seen) = scripted(vec![(200, "{}".to_owned())]).await?;
    let pool = UserPool::builder("us-east-1_AbC", "client1")
        .endpoint(&endpoint)
        .build()?;
    let failing = AdminClient::new(
        &pool,
        CredentialsProvider::custom(Counting {
            calls: Arc::new(AtomicUsize::new(0)),
            fail: true,
        }),
    );
    let error = failing.get_user("alice").await.err();
    assert_eq!(error.as_ref().map(Error::code), Some("CredentialsError"));
    assert!(error.is_some_and(|e| e.to_string().contains("the vault is sealed")));
    assert!(seen.lock().map(|s| s.is_empty()).unwrap_or(false));
    Ok(())
}

#[tokio::test]
async fn legacy_sms_settings_and_a_password_reset() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Optional).flows(ADMIN_FLOWS))
        .await?;
    mock.user(
        &pool,
        "erin",
        &[
            ("phone_number", "+15555550123"),
            ("email", "erin@example.com"),
        ],
    )
    .await?;
    let admin = admin_of(&pool.user_pool()?)?;

    admin
        .set_user_settings("erin", vec![cognito_mfa::MfaOption::sms()])
        .await?;
    let erin = admin.get_user("erin").await?;
    assert_eq!(erin.user_mfa_setting_list, vec![MfaType::SmsMfa]);
    let challenge = expect_challenge(
        admin
            .user("erin")
            .authenticate_user(admin_password())
            .await?,
    )?;
    assert!(
        matches!(challenge, Challenge::SmsMfa { .. }),
        "{challenge:?}"
    );
    admin.set_user_settings("erin", Vec::new()).await?;
    assert!(
        admin
            .get_user("erin")
            .await?
            .user_mfa_setting_list
            .is_empty()
    );

    admin.reset_user_password("erin", None).await?;
    assert_eq!(admin.get_user("erin").await?.user_status, "RESET_REQUIRED");
    let messages = mock.messages().await?;
    assert!(
        messages
            .iter()
            .any(|m| m.username == "erin" && m.purpose == "password_reset" && m.medium == "EMAIL"),
        "{messages:?}"
    );
    let refused = admin.user("erin").authenticate_user(admin_password()).await;
    assert_eq!(code_of(refused), "PasswordResetRequiredException");
    assert_eq!(
        code_of(admin.reset_user_password("nobody", None).await),
        "UserNotFoundException"
    );
    Ok(())
}
