//! The transport against a scripted local HTTP server: retries only where safe, bounded;
//! timeouts; error envelopes with the code in the header only; responses of the wrong shape.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_mfa::{User, UserPool, UserSession};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

mod client_support;

use client_support::TestResult;
use client_support::http::read_request;

/// One scripted answer: status, extra headers, body (`None`: never answer).
#[derive(Clone)]
struct Answer {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: Option<String>,
}

fn answer(status: u16, body: &str) -> Answer {
    Answer {
        status,
        headers: vec![],
        body: Some(body.to_owned()),
    }
}

/// A server that answers requests with the scripted answers in turn (the last one repeats) and
/// records each request's `X-Amz-Target` and body.
struct Scripted {
    endpoint: String,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

impl Scripted {
    async fn start(answers: Vec<Answer>) -> TestResult<Scripted> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("http://{}/", listener.local_addr()?);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        tokio::spawn(async move {
            let mut turn = 0usize;
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some(next) = answers.get(turn).or(answers.last()).cloned() else {
                    return;
                };
                turn += 1;
                let record = Arc::clone(&record);
                tokio::spawn(async move {
                    let Some((target, body)) = read_request(&mut socket).await else {
                        return;
                    };
                    if let Ok(mut seen) = record.lock() {
                        seen.push((target, body));
                    }
                    let Some(body) = next.body else {
                        // Hold the connection open without answering.
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    };
                    let mut head = format!(
                        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n\
                         x-amzn-RequestId: req-{turn}\r\n",
                        next.status,
                        body.len()
                    );
                    for (name, value) in &next.headers {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(body.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Ok(Scripted { endpoint, seen })
    }

    fn targets(&self) -> Vec<String> {
        self.seen
            .lock()
            .map(|seen| seen.iter().map(|(t, _)| t.clone()).collect())
            .unwrap_or_default()
    }

    fn bodies(&self) -> Vec<String> {
        self.seen
            .lock()
            .map(|seen| seen.iter().map(|(_, b)| b.clone()).collect())
            .unwrap_or_default()
    }
}

fn jwt(payload: &str) -> String {
    format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(payload)
    )
}

/// A signed-in user of a pool pointed at `endpoint`.
fn signed_in_user(endpoint: &str, retries: u32) -> TestResult<User> {
    let pool = UserPool::builder("us-east-1_Test", "client1")
        .endpoint(endpoint)
        .max_retries(retries)
        .timeout(Duration::from_millis(500))
        .build()?;
    let user = pool.user("alice");
    let token = jwt(r#"{"iat":1700000000,"exp":4000000000,"username":"alice"}"#);
    user.restore_session(UserSession::from_tokens(
        &token,
        &token,
        Some("refresh"),
        None,
    )?);
    Ok(user)
}

const GET_USER: &str = r#"{"Username":"alice","UserAttributes":[]}"#;
const THROTTLED: &str = r#"{"__type":"TooManyRequestsException","message":"Too many requests"}"#;
const INTERNAL: &str = r#"{"__type":"InternalErrorException","message":"oops"}"#;

#[tokio::test]
async fn get_user_retries_throttling_and_5xx_then_succeeds() -> TestResult {
    let server = Scripted::start(vec![
        answer(400, THROTTLED),
        answer(500, INTERNAL),
        answer(200, GET_USER),
    ])
    .await?;
    let user = signed_in_user(&server.endpoint, 2)?;
    let data = user.get_user_data().await?;
    assert_eq!(data.username, "alice");
    assert_eq!(server.targets().len(), 3);
    assert!(
        server
            .targets()
            .iter()
            .all(|t| t == "AWSCognitoIdentityProviderService.GetUser")
    );
    Ok(())
}

#[tokio::test]
async fn retries_are_bounded() -> TestResult {
    let server = Scripted::start(vec![answer(500, INTERNAL)]).await?;
    let user = signed_in_user(&server.endpoint, 2)?;
    let error = user.get_user_data().await.err().ok_or("a 500 succeeded")?;
    assert_eq!(error.code(), "InternalErrorException");
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.targets().len(), 3, "one attempt and two retries");
    Ok(())
}

#[tokio::test]
async fn refresh_retries_but_calls_that_change_state_never_do() -> TestResult {
    let refreshed =
        r#"{"AuthenticationResult":{"AccessToken":"ACCESS","IdToken":"ID","ExpiresIn":3600}}"#
            .replace("ACCESS", &jwt(r#"{"iat":1,"exp":2}"#))
            .replace("ID", &jwt(r#"{"iat":1,"exp":2}"#));
    let server = Scripted::start(vec![answer(400, THROTTLED), answer(200, &refreshed)]).await?;
    let user = signed_in_user(&server.endpoint, 2)?;
    let session = user.refresh_session().await?;
    assert_eq!(session.refresh_token().map(|t| t.token()), Some("refresh"));
    assert_eq!(server.targets().len(), 2);
    assert!(
        server
            .bodies()
            .iter()
            .all(|b| b.contains("REFRESH_TOKEN_AUTH"))
    );
    // REFRESH_TOKEN_AUTH names the user by its refresh token alone.
    assert!(
        server.bodies().iter().all(|b| !b.contains("USERNAME")),
        "{:?}",
        server.bodies()
    );

    let server = Scripted::start(vec![answer(500, INTERNAL), answer(200, "{}")]).await?;
    let user = signed_in_user(&server.endpoint, 2)?;
    let result = user.set_user_mfa_preference(None, None).await;
    assert_eq!(
        result.err().map(|e| e.code().to_owned()).as_deref(),
        Some("InternalErrorException")
    );
    assert_eq!(
        server.targets().len(),
        1,
        "SetUserMFAPreference is not retried"
    );
    Ok(())
}

#[tokio::test]
async fn a_silent_server_is_a_timeout() -> TestResult {
    let server = Scripted::start(vec![Answer {
        status: 200,
        headers: vec![],
        body: None,
    }])
    .await?;
    let user = signed_in_user(&server.endpoint, 0)?;
    let error = user
        .get_user_data()
        .await
        .err()
        .ok_or("no answer succeeded")?;
    assert_eq!(error.code(), "TimeoutError");
    assert!(error.is_timeout());
    Ok(())
}

#[tokio::test]
async fn the_error_code_falls_back_to_the_header() -> TestResult {
    let server = Scripted::start(vec![Answer {
        status: 400,
        headers: vec![(
            "x-amzn-ErrorType",
            "NotAuthorizedException:http://internal/",
        )],
        body: Some("not json".to_owned()),
    }])
    .await?;
    let user = signed_in_user(&server.endpoint, 0)?;
    let error = user
        .get_user_data()
        .await
        .err()
        .ok_or("an error succeeded")?;
    assert_eq!(error.code(), "NotAuthorizedException");
    assert_eq!(error.request_id(), Some("req-1"));
    Ok(())
}

#[tokio::test]
async fn responses_of_the_wrong_shape_name_what_is_missing() -> TestResult {
    let server = Scripted::start(vec![
        answer(200, r#"{"Username":"alice"}"#),
        answer(200, "<html>"),
        answer(200, r#"{"SecretCode":"short"}"#),
    ])
    .await?;
    let user = signed_in_user(&server.endpoint, 0)?;
    let missing = user.get_user_data().await.err().ok_or("accepted")?;
    assert_eq!(missing.code(), "UnexpectedResponseError");
    assert!(
        missing.to_string().contains("`UserAttributes`"),
        "{missing}"
    );
    let not_json = user.get_user_data().await.err().ok_or("accepted")?;
    assert_eq!(not_json.code(), "UnexpectedResponseError");
    let bad_secret = user
        .associate_software_token()
        .await
        .err()
        .ok_or("accepted")?;
    assert_eq!(bad_secret.code(), "UnexpectedResponseError");
    Ok(())
}

#[tokio::test]
async fn verify_status_error_is_an_error() -> TestResult {
    let server = Scripted::start(vec![answer(200, r#"{"Status":"ERROR"}"#)]).await?;
    let user = signed_in_user(&server.endpoint, 0)?;
    let error = user
        .verify_software_token("123456", None)
        .await
        .err()
        .ok_or("Status ERROR was taken for a success")?;
    assert_eq!(error.code(), "SoftwareTokenNotVerifiedError");
    Ok(())
}

#[tokio::test]
async fn an_unknown_challenge_is_never_a_success() -> TestResult {
    let server = Scripted::start(vec![answer(
        200,
        r#"{"ChallengeName":"WEB_AUTHN","Session":"s","ChallengeParameters":{}}"#,
    )])
    .await?;
    let pool = UserPool::builder("us-east-1_Test", "client1")
        .endpoint(&server.endpoint)
        .build()?;
    let user = pool.user("alice");
    let details =
        cognito_mfa::AuthenticationDetails::new("pw").flow(cognito_mfa::AuthFlow::UserPasswordAuth);
    let error = user
        .authenticate_user(details)
        .await
        .err()
        .ok_or("accepted")?;
    assert_eq!(error.code(), "UnsupportedChallengeError");
    assert!(matches!(user.state(), cognito_mfa::SignInState::Idle));
    Ok(())
}
