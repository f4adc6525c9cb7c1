//! Sign-in without MFA (SRP and USER_PASSWORD_AUTH), app clients with and without a secret,
//! tokens, refresh, sign-out and the errors of a wrong password or user, against the
//! in-process mock endpoint.

mod client_support;

use client_support::*;
use cognito_mfa::{AuthFlow, AuthenticationDetails, SignInState};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn srp_sign_in_on_an_off_pool_gives_tokens_and_adopts_user_id_for_srp() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "alice", &[("email", "alice@example.com")])
        .await?;
    let user = pool.user_pool()?.user("alice");

    let session = expect_signed_in(sign_in(&user).await?)?;
    assert!(matches!(user.state(), SignInState::SignedIn { .. }));
    assert_eq!(
        session.access_token().claim_str("token_use"),
        Some("access")
    );
    assert_eq!(session.id_token().claim_str("token_use"), Some("id"));
    assert_eq!(
        session.id_token().claim_str("email"),
        Some("alice@example.com")
    );
    assert!(session.refresh_token().is_some());
    assert!(session.expiration() > session.access_token().issued_at());
    // The user name of later requests is the access token's `username` (USER_ID_FOR_SRP).
    assert_eq!(
        Some(user.username().as_str()),
        session.access_token().claim_str("username")
    );

    let data = user.get_user_data().await?;
    assert_eq!(data.attribute("email"), Some("alice@example.com"));
    assert!(data.user_mfa_setting_list.is_empty());
    assert_eq!(data.preferred_mfa_setting, None);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_password_auth_works_only_when_the_client_allows_it() -> TestResult {
    let mock = Mock::start().await?;
    let allowed = mock
        .pool(PoolOptions::mfa(MfaMode::Off).flows(&[
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ]))
        .await?;
    mock.user(&allowed, "bob", &[]).await?;
    let details = AuthenticationDetails::new(PASSWORD).flow(AuthFlow::UserPasswordAuth);
    let user = allowed.user_pool()?.user("bob");
    expect_signed_in(user.authenticate_user(details.clone()).await?)?;

    let srp_only = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&srp_only, "bob", &[]).await?;
    let user = srp_only.user_pool()?.user("bob");
    let refused = user.authenticate_user(details).await;
    assert_eq!(code_of(refused), "InvalidParameterException");
    assert!(matches!(user.state(), SignInState::Idle));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_and_unknown_users_are_service_errors() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "carol", &[]).await?;
    let pool = pool.user_pool()?;

    let carol = pool.user("carol");
    let wrong = carol
        .authenticate_user(AuthenticationDetails::new("Wr0ng-password!"))
        .await;
    let error = wrong.err().ok_or("a wrong password signed in")?;
    assert_eq!(error.code(), "NotAuthorizedException");
    assert_eq!(error.status(), Some(400));
    assert!(error.request_id().is_some(), "the request id is kept");
    assert!(matches!(carol.state(), SignInState::Idle));

    let nobody = pool.user("nobody");
    assert_eq!(code_of(sign_in(&nobody).await), "UserNotFoundException");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_with_a_secret_gets_secret_hash_on_every_request() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Off).client_secret(true).flows(&[
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ]))
        .await?;
    mock.user(&pool, "dave", &[]).await?;
    let user_pool = pool.user_pool()?;
    assert!(user_pool.has_client_secret());

    let dave = user_pool.user("dave");
    expect_signed_in(sign_in(&dave).await?)?;
    dave.refresh_session().await?;
    let password = AuthenticationDetails::new(PASSWORD).flow(AuthFlow::UserPasswordAuth);
    expect_signed_in(user_pool.user("dave").authenticate_user(password).await?)?;

    // The same app client without its secret, or with a wrong one, is refused.
    let no_secret = cognito_mfa::UserPool::builder(&pool.pool_id, &pool.client.client_id)
        .endpoint(mock.endpoint())
        .build()?;
    assert_eq!(
        code_of(sign_in(&no_secret.user("dave")).await),
        "NotAuthorizedException"
    );
    let wrong_secret = cognito_mfa::UserPool::builder(&pool.pool_id, &pool.client.client_id)
        .endpoint(mock.endpoint())
        .client_secret("not-the-secret")
        .build()?;
    assert_eq!(
        code_of(sign_in(&wrong_secret.user("dave")).await),
        "NotAuthorizedException"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_gives_new_tokens_and_keeps_the_refresh_token() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "erin", &[]).await?;
    let erin = pool.user_pool()?.user("erin");
    let first = expect_signed_in(sign_in(&erin).await?)?;

    // An hour later the access token is refused...
    mock.advance(3_700).await?;
    assert_eq!(
        code_of(erin.get_user_data().await),
        "NotAuthorizedException"
    );
    // ...and a refresh brings new ones.
    let refreshed = erin.refresh_session().await?;
    assert!(refreshed.access_token().issued_at() > first.access_token().issued_at());
    assert_eq!(
        refreshed.refresh_token().map(|t| t.token().to_owned()),
        first.refresh_token().map(|t| t.token().to_owned())
    );
    assert!(erin.get_user_data().await.is_ok());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn global_sign_out_revokes_the_tokens() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "frank", &[]).await?;
    let frank = pool.user_pool()?.user("frank");
    let session = expect_signed_in(sign_in(&frank).await?)?;

    frank.global_sign_out().await?;
    assert!(matches!(frank.state(), SignInState::Idle));
    assert_eq!(code_of(frank.get_user_data().await), "NotSignedInError");

    // The old tokens no longer work at the service.
    frank.restore_session(session);
    assert_eq!(
        code_of(frank.get_user_data().await),
        "NotAuthorizedException"
    );
    assert_eq!(
        code_of(frank.refresh_session().await),
        "NotAuthorizedException"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_port_is_a_network_error_and_not_retried_into_success() -> TestResult {
    let pool = cognito_mfa::UserPool::builder("us-east-1_abc", "client1")
        .endpoint("http://127.0.0.1:9/")
        .max_retries(1)
        .build()?;
    let user = pool.user("alice");
    let error = sign_in(&user)
        .await
        .err()
        .ok_or("signed in against a closed port")?;
    assert_eq!(error.code(), "NetworkError");
    assert!(error.is_network() && !error.is_service());
    assert!(std::error::Error::source(&error).is_some());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn try_user_refuses_an_empty_name_and_details_must_be_for_the_user() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "alice", &[]).await?;
    let user_pool = pool.user_pool()?;
    assert_eq!(code_of(user_pool.try_user("")), "InvalidInputError");
    let alice = user_pool.try_user("alice")?;
    assert_eq!(alice.given_username(), "alice");

    // Details for another user are refused, and nothing changes...
    let for_bob = AuthenticationDetails::new(PASSWORD).username("bob");
    assert_eq!(
        code_of(alice.authenticate_user(for_bob).await),
        "InvalidInputError"
    );
    assert!(matches!(alice.state(), SignInState::Idle));
    // ...while details naming this user sign in, again after USER_ID_FOR_SRP was adopted.
    for _ in 0..2 {
        let for_alice = AuthenticationDetails::new(PASSWORD).username("alice");
        expect_signed_in(alice.authenticate_user(for_alice).await?)?;
        alice.sign_out();
    }
    Ok(())
}
