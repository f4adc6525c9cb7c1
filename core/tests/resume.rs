//! A sign-in exported by one `User`, sealed, opened by a brand-new `UserPool` and `User` (as a
//! web backend's next request on another worker would) and answered there: TOTP, SMS and
//! SELECT_MFA_TYPE; and a resumed challenge whose Session expired at the service.

mod client_support;

use client_support::*;
use cognito_mfa::{Challenge, Sealer, SealingKey, SignInState, User};

fn sealer() -> TestResult<Sealer> {
    Ok(Sealer::new(vec![SealingKey::new("k1", &[42; 32])?])?)
}

/// Signs `user` in up to its first challenge and returns that challenge sealed, stamped with
/// the mock's clock.
async fn seal_first_challenge(mock: &Mock, user: &User) -> TestResult<String> {
    expect_challenge(sign_in(user).await?)?;
    let snapshot = user.export_state(mock.now().await?)?;
    Ok(sealer()?.seal(&snapshot)?)
}

/// A brand-new pool object and user, resumed from `sealed`.
async fn resume(mock: &Mock, pool: &Pool, sealed: &str) -> TestResult<User> {
    Ok(sealer()?.resume(sealed, &pool.user_pool()?, mock.now().await?)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_totp_challenge_is_answered_by_a_resumed_user() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "alice", &[]).await?;
    let secret = mock.enrol_totp(&pool, "alice", true).await?;
    let first = pool.user_pool()?.user("alice");
    let sealed = seal_first_challenge(&mock, &first).await?;
    drop(first);

    let resumed = resume(&mock, &pool, &sealed).await?;
    assert!(matches!(
        resumed.challenge(),
        Some(Challenge::SoftwareTokenMfa { .. })
    ));
    let wrong = mock.totp_code(&secret, 20).await?;
    assert_eq!(
        code_of(resumed.send_mfa_code(&wrong, None, None).await),
        "CodeMismatchException"
    );
    let code = mock.totp_code(&secret, 0).await?;
    let session = expect_signed_in(resumed.send_mfa_code(&code, None, None).await?)?;
    assert_eq!(
        session.access_token().claim_str("username"),
        Some(resumed.username().as_str())
    );

    // The signed-in user travels in the plain form (sealed, three tokens may not fit a
    // cookie: the sealer says so rather than make a value it would refuse to open).
    let snapshot = resumed.export_state(mock.now().await?)?;
    let sealed = sealer()?.seal(&snapshot);
    if let Err(error) = &sealed {
        assert_eq!(error.code(), "InvalidStateError");
    }
    let json = serde_json::to_string(&snapshot)?;
    let again = pool
        .user_pool()?
        .resume(&serde_json::from_str(&json)?, mock.now().await?)?;
    assert!(matches!(again.state(), SignInState::SignedIn { .. }));
    assert_eq!(again.get_user_data().await?.username, resumed.username());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_challenge_is_answered_by_a_resumed_user() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "bob", &[("phone_number", "+15555550100")])
        .await?;
    mock.admin_mfa(&pool, "bob", settings(true, true), None, None)
        .await?;
    let first = pool.user_pool()?.user("bob");
    let sealed = seal_first_challenge(&mock, &first).await?;
    let username = first.username();
    drop(first);

    let resumed = resume(&mock, &pool, &sealed).await?;
    assert!(matches!(
        resumed.challenge(),
        Some(Challenge::SmsMfa { .. })
    ));
    let code = mock.last_code(&username).await?;
    expect_signed_in(resumed.send_mfa_code(&code, None, None).await?)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_mfa_type_is_answered_by_a_resumed_user_then_resumed_again() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "carol", &[("phone_number", "+15555550101")])
        .await?;
    let secret = mock.enrol_totp(&pool, "carol", false).await?;
    mock.admin_mfa(&pool, "carol", settings(true, false), None, None)
        .await?;
    let first = pool.user_pool()?.user("carol");
    let sealed = seal_first_challenge(&mock, &first).await?;
    drop(first);

    // Request 2: choose TOTP on one worker...
    let second = resume(&mock, &pool, &sealed).await?;
    assert!(matches!(
        second.challenge(),
        Some(Challenge::SelectMfaType { .. })
    ));
    let next = expect_challenge(second.send_mfa_selection_answer("TOTP", None).await?)?;
    assert!(
        matches!(next, Challenge::SoftwareTokenMfa { .. }),
        "{next:?}"
    );
    let sealed = sealer()?.seal(&second.export_state(mock.now().await?)?)?;
    drop(second);

    // ...request 3: answer the code on another.
    let third = resume(&mock, &pool, &sealed).await?;
    let code = mock.totp_code(&secret, 0).await?;
    expect_signed_in(third.send_mfa_code(&code, None, None).await?)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_challenge_is_refused_by_the_sealer_or_the_service() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "dave", &[]).await?;
    let secret = mock.enrol_totp(&pool, "dave", true).await?;
    let first = pool.user_pool()?.user("dave");
    let sealed = seal_first_challenge(&mock, &first).await?;

    // Opened in time but answered after the Session's 3 minutes: the service refuses it.
    let resumed = resume(&mock, &pool, &sealed).await?;
    mock.advance(4 * 60).await?;
    let code = mock.totp_code(&secret, 0).await?;
    assert_eq!(
        code_of(resumed.send_mfa_code(&code, None, None).await),
        "NotAuthorizedException"
    );
    // Opened late: the sealer refuses it before any request.
    let late = resume(&mock, &pool, &sealed).await;
    assert_eq!(
        late.err()
            .and_then(|e| e.downcast::<cognito_mfa::Error>().ok())
            .map(|e| (e.code().to_owned(), e.details())),
        Some((
            "InvalidStateError".to_owned(),
            vec![(
                "reason",
                cognito_mfa::error::ErrorDetail::Str("Expired".into())
            )]
        ))
    );
    Ok(())
}
