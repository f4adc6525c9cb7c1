//! Every sign-in flow, end to end, with the tokens checked against the JWKS.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use serde_json::{Value, json};

use crate::common::*;

/// Verifies an RS256 token against the pool's JWKS and returns its claims.
async fn verified_claims(h: &Harness, token: &str) -> Value {
    let (status, jwks) = h.get_json(&format!("/{POOL}/.well-known/jwks.json")).await;
    assert_eq!(status, 200);
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("the kid is in the JWKS");
    let n = URL_SAFE_NO_PAD.decode(key["n"].as_str().unwrap()).unwrap();
    let e = URL_SAFE_NO_PAD.decode(key["e"].as_str().unwrap()).unwrap();
    let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    let message = format!("{}.{}", parts[0], parts[1]);
    RsaPublicKeyComponents { n: &n, e: &e }
        .verify(&RSA_PKCS1_2048_8192_SHA256, message.as_bytes(), &signature)
        .expect("the signature verifies with the JWKS key");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap()
}

#[tokio::test]
async fn srp_sign_in_issues_cognito_tokens() {
    let h = Harness::start(base_config("OFF", json!([plain_user("alice")]))).await;
    let answer = h
        .srp_auth(CLIENT, "alice", PASSWORD)
        .await
        .expect("SRP sign-in");
    let result = &answer["AuthenticationResult"];
    assert_eq!(result["TokenType"], "Bearer");
    assert_eq!(result["ExpiresIn"], 3600);
    assert!(result["RefreshToken"].as_str().unwrap().len() > 100);

    let access = verified_claims(&h, result["AccessToken"].as_str().unwrap()).await;
    let id = verified_claims(&h, result["IdToken"].as_str().unwrap()).await;
    let iss = format!("{}/{POOL}", h.running.endpoint());
    assert_eq!(
        access["iss"],
        iss.as_str(),
        "iss + /.well-known/jwks.json is the JWKS"
    );
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], CLIENT);
    assert_eq!(access["username"], "alice");
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(access["iat"], T0);
    assert_eq!(access["auth_time"], T0);
    assert_eq!(access["exp"], T0 + 3600);
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["email"], "alice@example.com");
    assert_eq!(id["sub"], access["sub"]);
    assert_eq!(id["origin_jti"], access["origin_jti"]);
    assert_ne!(id["jti"], access["jti"]);

    let user = h
        .ok("GetUser", json!({"AccessToken": result["AccessToken"]}))
        .await;
    assert_eq!(user["Username"], "alice");
}

#[tokio::test]
async fn the_issuer_can_be_the_aws_one() {
    let mut config = base_config("OFF", json!([plain_user("alan")]));
    config.settings.token_issuer = cognito_mfa_mock::TokenIssuer::Aws;
    let h = Harness::start(config).await;
    let answer = h.password_auth("alan").await.unwrap();
    let access = answer["AuthenticationResult"]["AccessToken"].clone();
    let claims = verified_claims(&h, access.as_str().unwrap()).await;
    assert_eq!(
        claims["iss"],
        format!("https://cognito-idp.us-east-1.amazonaws.com/{POOL}").as_str()
    );
    h.ok("GetUser", json!({"AccessToken": access})).await;
    let (_, discovery) = h
        .get_json(&format!("/{POOL}/.well-known/openid-configuration"))
        .await;
    assert_eq!(discovery["issuer"], claims["iss"]);
    assert_eq!(
        discovery["jwks_uri"],
        format!("{}/{POOL}/.well-known/jwks.json", h.running.endpoint()).as_str()
    );
}

#[tokio::test]
async fn srp_refuses_a_wrong_password_and_a_bad_timestamp() {
    let h = Harness::start(base_config("OFF", json!([plain_user("bob")]))).await;
    let fault = h
        .srp_auth(CLIENT, "bob", "Wrong-passw0rd")
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );

    // A TIMESTAMP with a zero-padded day is not Cognito's format.
    let srp = cognito_mfa::srp::SrpClient::new_random().unwrap();
    let challenge = h
        .ok(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"USERNAME": "bob", "SRP_A": srp.srp_a()}}),
        )
        .await;
    let params = &challenge["ChallengeParameters"];
    let fault = h
        .fault(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": CLIENT,
                   "ChallengeResponses": {
                       "USERNAME": "bob",
                       "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
                       "PASSWORD_CLAIM_SIGNATURE": "AAAA",
                       "TIMESTAMP": "Tue Nov 07 22:13:00 UTC 2023"}}),
        )
        .await;
    assert_fault(
        &fault,
        "InvalidParameterException",
        "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
    );
}

#[tokio::test]
async fn user_existence_errors_follow_the_client_setting() {
    let h = Harness::start(base_config("OFF", json!([plain_user("carol")]))).await;
    let fault = h.password_auth("nobody").await.unwrap_err();
    assert_fault(&fault, "UserNotFoundException", "User does not exist.");
    // ENABLED: the unknown user gets a real-looking challenge, then a password error.
    let fault = h
        .srp_auth("prevent1", "nobody", PASSWORD)
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
}

#[tokio::test]
async fn explicit_auth_flows_and_secret_hash_are_enforced() {
    let h = Harness::start(base_config("OFF", json!([plain_user("dave")]))).await;
    let fault = h
        .fault(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "srponly1",
                   "AuthParameters": {"USERNAME": "dave", "PASSWORD": PASSWORD}}),
        )
        .await;
    assert_fault(
        &fault,
        "InvalidParameterException",
        "USER_PASSWORD_AUTH flow not enabled for this client",
    );
    assert_eq!(
        fault.error_type_header.as_deref(),
        Some("InvalidParameterException:")
    );

    let srp_a = cognito_mfa::srp::SrpClient::new_random().unwrap().srp_a();
    let start = |hash: Option<String>| {
        let mut params = json!({"USERNAME": "dave", "SRP_A": srp_a});
        if let Some(hash) = hash {
            params["SECRET_HASH"] = hash.into();
        }
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": SECRET_CLIENT, "AuthParameters": params})
    };
    let fault = h.fault("InitiateAuth", start(None)).await;
    assert_fault(
        &fault,
        "NotAuthorizedException",
        &format!("Client {SECRET_CLIENT} is configured for secret but secret was not received"),
    );
    let fault = h
        .fault("InitiateAuth", start(Some("d3Jvbmc=".into())))
        .await;
    assert_fault(
        &fault,
        "NotAuthorizedException",
        &format!("Unable to verify secret hash for client {SECRET_CLIENT}"),
    );
    let hash = cognito_mfa::srp::secret_hash(CLIENT_SECRET, "dave", SECRET_CLIENT);
    let ok = h.ok("InitiateAuth", start(Some(hash))).await;
    assert_eq!(ok["ChallengeName"], "PASSWORD_VERIFIER");
}

#[tokio::test]
async fn software_token_mfa_challenge_and_refresh() {
    let h = Harness::start(base_config("OPTIONAL", json!([totp_user("erin")]))).await;
    let challenge = h.password_auth("erin").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    assert!(challenge["Session"].as_str().unwrap().len() >= 20);
    let tokens = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &challenge["Session"],
            json!({"USERNAME": "erin", "SOFTWARE_TOKEN_MFA_CODE": totp().generate(T0)}),
        )
        .await
        .unwrap();
    let refresh_token = tokens["AuthenticationResult"]["RefreshToken"].clone();
    let refreshed = h
        .ok(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"REFRESH_TOKEN": refresh_token}}),
        )
        .await;
    let result = &refreshed["AuthenticationResult"];
    assert!(
        result.get("RefreshToken").is_none(),
        "no new refresh token on refresh"
    );
    let claims = verified_claims(&h, result["AccessToken"].as_str().unwrap()).await;
    assert_eq!(claims["username"], "erin");
    let fault = h
        .fault(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"REFRESH_TOKEN": "not-a-token"}}),
        )
        .await;
    assert_fault(&fault, "NotAuthorizedException", "Invalid Refresh Token");
}

#[tokio::test]
async fn sms_mfa_sends_a_masked_code_and_verifies_the_phone() {
    let h = Harness::start(base_config("OPTIONAL", json!([sms_user("frank")]))).await;
    let challenge = h.password_auth("frank").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SMS_MFA");
    assert_eq!(
        challenge["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "SMS"
    );
    assert_eq!(
        challenge["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "+*******1234"
    );
    let (_, messages) = h.get_json("/_mock/messages").await;
    let message = &messages[0];
    assert_eq!(message["pool_id"], POOL);
    assert_eq!(message["destination"], "+15555551234");
    assert_eq!(message["medium"], "SMS");
    assert_eq!(message["sent_at"], T0);
    let code = message["code"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    assert!(message["message"].as_str().unwrap().contains(code));

    let fault = h
        .respond(
            "SMS_MFA",
            &challenge["Session"],
            json!({"USERNAME": "frank", "SMS_MFA_CODE": "000000x"}),
        )
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    h.respond(
        "SMS_MFA",
        &challenge["Session"],
        json!({"USERNAME": "frank", "SMS_MFA_CODE": code}),
    )
    .await
    .expect("the right code signs in");
    let user = h
        .ok(
            "AdminGetUser",
            json!({"UserPoolId": POOL, "Username": "frank"}),
        )
        .await;
    let verified = user["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "phone_number_verified")
        .map(|a| a["Value"].clone());
    assert_eq!(verified, Some(json!("true")));
}

#[tokio::test]
async fn select_mfa_type_offers_every_enabled_factor() {
    let user = json!({"username": "gina", "password": PASSWORD, "totp_secret": TOTP_SECRET,
                      "attributes": {"phone_number": "+15555550001", "email": "gina@example.com"},
                      "mfa": {"sms": true, "software_token": true, "email": true}});
    let h = Harness::start(base_config("OPTIONAL", json!([user]))).await;
    let challenge = h.password_auth("gina").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SELECT_MFA_TYPE");
    assert_eq!(
        challenge["ChallengeParameters"]["MFAS_CAN_CHOOSE"],
        r#"["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#
    );
    let fault = h
        .respond(
            "SELECT_MFA_TYPE",
            &challenge["Session"],
            json!({"USERNAME": "gina", "ANSWER": "VOICE"}),
        )
        .await
        .unwrap_err();
    assert_eq!(fault.code, "MFAMethodNotFoundException");
    let email = h
        .respond(
            "SELECT_MFA_TYPE",
            &challenge["Session"],
            json!({"USERNAME": "gina", "ANSWER": "EMAIL_OTP"}),
        )
        .await
        .unwrap();
    assert_eq!(email["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        email["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "EMAIL"
    );
    assert_eq!(
        email["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "g***@e***"
    );
    assert_ne!(
        email["Session"], challenge["Session"],
        "a new challenge has a new session"
    );
    let code = h.last_code("gina").await;
    h.respond(
        "EMAIL_OTP",
        &email["Session"],
        json!({"USERNAME": "gina", "EMAIL_OTP_CODE": code}),
    )
    .await
    .expect("e-mail code signs in");
}

#[tokio::test]
async fn mfa_setup_in_an_on_pool_enrols_totp_with_the_session() {
    let h = Harness::start(base_config("ON", json!([plain_user("hank")]))).await;
    // Every flow leads to MFA_SETUP, USER_PASSWORD_AUTH included.
    let setup = h.password_auth("hank").await.unwrap();
    assert_eq!(setup["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        setup["ChallengeParameters"]["MFAS_CAN_SETUP"],
        r#"["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#
    );
    let srp_setup = h.srp_auth(CLIENT, "hank", PASSWORD).await.unwrap();
    assert_eq!(srp_setup["ChallengeName"], "MFA_SETUP");

    let fault = h
        .respond("MFA_SETUP", &setup["Session"], json!({"USERNAME": "hank"}))
        .await
        .unwrap_err();
    assert_eq!(fault.code, "InvalidParameterException", "not verified yet");

    let associated = h
        .ok(
            "AssociateSoftwareToken",
            json!({"Session": setup["Session"]}),
        )
        .await;
    let secret_code = associated["SecretCode"].as_str().unwrap();
    assert_eq!(secret_code.len(), 52);
    assert!(
        secret_code
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
    );
    let totp =
        cognito_mfa::totp::Totp::new(cognito_mfa::totp::Secret::from_base32(secret_code).unwrap());
    let verified = h
        .ok(
            "VerifySoftwareToken",
            json!({"Session": associated["Session"], "UserCode": totp.generate(T0)}),
        )
        .await;
    assert_eq!(verified["Status"], "SUCCESS");
    let tokens = h
        .respond(
            "MFA_SETUP",
            &verified["Session"],
            json!({"USERNAME": "hank"}),
        )
        .await
        .unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"].clone();
    let user = h.ok("GetUser", json!({"AccessToken": access})).await;
    assert_eq!(user["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));

    // The enrolment code cannot be replayed; the next step's code signs in.
    h.advance(30).await;
    let challenge = h.password_auth("hank").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    h.respond(
        "SOFTWARE_TOKEN_MFA",
        &challenge["Session"],
        json!({"USERNAME": "hank", "SOFTWARE_TOKEN_MFA_CODE": totp.generate(T0 + 30)}),
    )
    .await
    .expect("signs in with the enrolled token");

    // In an ON pool the last factor cannot be turned off.
    let fault = h
        .fault(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": false}}),
        )
        .await;
    assert_eq!(fault.code, "InvalidParameterException");
}

#[tokio::test]
async fn totp_enrolment_while_signed_in_needs_a_preference_call() {
    let h = Harness::start(base_config("OPTIONAL", json!([plain_user("ivy")]))).await;
    let tokens = h.password_auth("ivy").await.unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"].clone();
    let fault = h
        .fault(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await;
    assert_fault(
        &fault,
        "InvalidParameterException",
        "User has not verified software token mfa",
    );

    let associated = h
        .ok("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await;
    assert!(associated.get("Session").is_none());
    let secret =
        cognito_mfa::totp::Secret::from_base32(associated["SecretCode"].as_str().unwrap()).unwrap();
    let totp = cognito_mfa::totp::Totp::new(secret);
    let window = [
        totp.generate(T0 - 30),
        totp.generate(T0),
        totp.generate(T0 + 30),
    ];
    let wrong = ["000000", "111111", "222222", "333333"]
        .into_iter()
        .find(|c| !window.iter().any(|w| w == c))
        .unwrap();
    let fault = h
        .fault(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": wrong}),
        )
        .await;
    assert_fault(
        &fault,
        "EnableSoftwareTokenMFAException",
        "Code mismatch and fail enable Software Token MFA",
    );
    let verified = h
        .ok(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": totp.generate(T0)}),
        )
        .await;
    assert_eq!(verified, json!({"Status": "SUCCESS"}));
    // Verified but not enabled: still no challenge.
    let again = h.password_auth("ivy").await.unwrap();
    assert!(again.get("AuthenticationResult").is_some());
    h.ok(
        "SetUserMFAPreference",
        json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await;
    let challenge = h.password_auth("ivy").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
}

#[tokio::test]
async fn legacy_sms_settings_show_in_mfa_options() {
    let h = Harness::start(base_config("OPTIONAL", json!([plain_user("jack")]))).await;
    let tokens = h.password_auth("jack").await.unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"].clone();
    h.ok(
        "SetUserSettings",
        json!({"AccessToken": access, "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]}),
    )
    .await;
    let user = h.ok("GetUser", json!({"AccessToken": access})).await;
    assert_eq!(
        user["MFAOptions"],
        json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}])
    );
    assert_eq!(user["UserMFASettingList"], json!(["SMS_MFA"]));
    assert_eq!(
        h.password_auth("jack").await.unwrap()["ChallengeName"],
        "SMS_MFA"
    );
    h.ok(
        "SetUserSettings",
        json!({"AccessToken": access, "MFAOptions": []}),
    )
    .await;
    let user = h.ok("GetUser", json!({"AccessToken": access})).await;
    assert!(user.get("MFAOptions").is_none());
    assert!(
        h.password_auth("jack")
            .await
            .unwrap()
            .get("AuthenticationResult")
            .is_some()
    );
}

#[tokio::test]
async fn new_password_required_then_mfa() {
    let h = Harness::start(base_config("OFF", json!([]))).await;
    h.ok(
        "AdminCreateUser",
        json!({"UserPoolId": POOL, "Username": "kate", "TemporaryPassword": "Temp0rary!",
               "UserAttributes": [{"Name": "email", "Value": "kate@example.com"}],
               "MessageAction": "SUPPRESS"}),
    )
    .await;
    let challenge = h
        .ok(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"USERNAME": "kate", "PASSWORD": "Temp0rary!"}}),
        )
        .await;
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let attributes: Value = serde_json::from_str(
        challenge["ChallengeParameters"]["userAttributes"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(attributes["email"], "kate@example.com");
    let fault = h
        .respond(
            "NEW_PASSWORD_REQUIRED",
            &challenge["Session"],
            json!({"USERNAME": "kate", "NEW_PASSWORD": "short"}),
        )
        .await
        .unwrap_err();
    assert_fault(
        &fault,
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    );
    let tokens = h
        .respond(
            "NEW_PASSWORD_REQUIRED",
            &challenge["Session"],
            json!({"USERNAME": "kate", "NEW_PASSWORD": PASSWORD, "userAttributes.name": "Kate"}),
        )
        .await
        .unwrap();
    assert!(tokens["AuthenticationResult"]["IdToken"].is_string());
    let user = h
        .ok(
            "AdminGetUser",
            json!({"UserPoolId": POOL, "Username": "kate"}),
        )
        .await;
    assert_eq!(user["UserStatus"], "CONFIRMED");
    assert!(h.password_auth("kate").await.is_ok());
}

#[tokio::test]
async fn sign_up_and_confirm_with_the_code_from_the_outbox() {
    let h = Harness::start(base_config("OFF", json!([]))).await;
    let pool = h
        .ok(
            "CreateUserPool",
            json!({"PoolName": "signup", "AutoVerifiedAttributes": ["email"]}),
        )
        .await;
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = h
        .ok(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "app", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"]}),
        )
        .await;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    let signed_up = h
        .ok(
            "SignUp",
            json!({"ClientId": client_id, "Username": "liam", "Password": PASSWORD,
                   "UserAttributes": [{"Name": "email", "Value": "liam@example.com"}]}),
        )
        .await;
    assert_eq!(signed_up["UserConfirmed"], false);
    assert_eq!(signed_up["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let fault = h
        .fault(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                   "AuthParameters": {"USERNAME": "liam", "PASSWORD": PASSWORD}}),
        )
        .await;
    assert_fault(
        &fault,
        "UserNotConfirmedException",
        "User is not confirmed.",
    );
    let code = h.last_code("liam").await;
    h.ok(
        "ConfirmSignUp",
        json!({"ClientId": client_id, "Username": "liam", "ConfirmationCode": code}),
    )
    .await;
    h.ok(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
               "AuthParameters": {"USERNAME": "liam", "PASSWORD": PASSWORD}}),
    )
    .await;
    let fault = h
        .fault(
            "SignUp",
            json!({"ClientId": client_id, "Username": "liam", "Password": PASSWORD}),
        )
        .await;
    assert_fault(&fault, "UsernameExistsException", "User already exists");
}

#[tokio::test]
async fn email_as_user_name_signs_in_with_the_sub_as_user_id_for_srp() {
    let mut config = base_config("OFF", json!([]));
    config.pools[0].username_attributes = vec!["email".into()];
    config.pools[0].users = serde_json::from_value(json!([
        {"username": "mia@example.com", "sub": "3f2a4c1e-1111-2222-3333-444455556666",
         "password": PASSWORD}
    ]))
    .unwrap();
    let h = Harness::start(config).await;
    let tokens = h
        .srp_auth(CLIENT, "mia@example.com", PASSWORD)
        .await
        .unwrap();
    let claims = verified_claims(
        &h,
        tokens["AuthenticationResult"]["IdToken"].as_str().unwrap(),
    )
    .await;
    assert_eq!(
        claims["cognito:username"],
        "3f2a4c1e-1111-2222-3333-444455556666"
    );
    assert_eq!(claims["email"], "mia@example.com");
    let fault = h
        .fault(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": "not-an-email", "MessageAction": "SUPPRESS"}),
        )
        .await;
    assert_fault(
        &fault,
        "InvalidParameterException",
        "Username should be an email.",
    );
    let fault = h
        .fault(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": "MIA@example.com", "MessageAction": "SUPPRESS"}),
        )
        .await;
    assert_eq!(
        fault.code, "UsernameExistsException",
        "aliases are case-insensitive"
    );
}

#[tokio::test]
async fn sign_out_and_revocation_kill_the_tokens() {
    let h = Harness::start(base_config("OFF", json!([plain_user("noah")]))).await;
    let first = h.password_auth("noah").await.unwrap();
    let second = h.password_auth("noah").await.unwrap();
    let access = |t: &Value| t["AuthenticationResult"]["AccessToken"].clone();
    let refresh = |t: &Value| t["AuthenticationResult"]["RefreshToken"].clone();

    h.ok(
        "RevokeToken",
        json!({"Token": refresh(&first), "ClientId": CLIENT}),
    )
    .await;
    let fault = h
        .fault("GetUser", json!({"AccessToken": access(&first)}))
        .await;
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Access Token has been revoked",
    );
    h.ok("GetUser", json!({"AccessToken": access(&second)}))
        .await;

    h.ok("GlobalSignOut", json!({"AccessToken": access(&second)}))
        .await;
    let fault = h
        .fault("GetUser", json!({"AccessToken": access(&second)}))
        .await;
    assert_fault(
        &fault,
        "NotAuthorizedException",
        "Access Token has been revoked",
    );
    let fault = h
        .fault(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"REFRESH_TOKEN": refresh(&second)}}),
        )
        .await;
    assert_fault(&fault, "NotAuthorizedException", "Invalid Refresh Token");

    h.ok(
        "AdminDisableUser",
        json!({"UserPoolId": POOL, "Username": "noah"}),
    )
    .await;
    let fault = h.password_auth("noah").await.unwrap_err();
    assert_fault(&fault, "NotAuthorizedException", "User is disabled.");
}
