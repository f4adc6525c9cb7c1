//! Device tracking: new devices at sign-in, ConfirmDevice, remembered devices answering
//! device SRP in place of the MFA code (and only then), device management and its errors,
//! refresh bound to the device, global sign-out.

use cognito_mfa::device::DeviceCredentials;
use cognito_mfa::srp::{Password, SrpClient, format_timestamp, secret_hash};
use cognito_mfa_mock::{DeviceTracking, MockConfig};
use serde_json::{Value, json};

use crate::common::*;

const SUPPRESS: DeviceTracking = DeviceTracking {
    challenge_required_on_new_device: true,
    device_only_remembered_on_user_prompt: false,
};

/// `base_config` with MFA `OPTIONAL` and device tracking `tracking`.
fn config(tracking: Option<DeviceTracking>, users: Value) -> MockConfig {
    let mut config = base_config("OPTIONAL", users);
    config.pools[0].device_configuration = tracking;
    config
}

/// `ChallengeResponses` / `AuthParameters`: `USERNAME`, `DEVICE_KEY` if any, `SECRET_HASH` for
/// `SECRET_CLIENT`, and `extra`.
fn params(client: &str, username: &str, device: Option<&str>, extra: Value) -> Value {
    let mut out = json!({"USERNAME": username});
    if let Some(key) = device {
        out["DEVICE_KEY"] = key.into();
    }
    if client == SECRET_CLIENT {
        out["SECRET_HASH"] = secret_hash(CLIENT_SECRET, username, client).into();
    }
    for (key, value) in extra.as_object().unwrap() {
        out[key] = value.clone();
    }
    out
}

/// InitiateAuth `USER_SRP_AUTH` with `device`; returns the PASSWORD_VERIFIER challenge and
/// the answer to send (the caller may change it).
async fn srp_start(h: &Harness, client: &str, username: &str, device: Option<&str>) -> Value {
    let srp = SrpClient::new_random().unwrap();
    let challenge = h
        .ok(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
                   "AuthParameters": params(client, username, device, json!({"SRP_A": srp.srp_a()}))}),
        )
        .await;
    let p = &challenge["ChallengeParameters"];
    let claim = srp
        .password_claim(
            POOL.split('_').nth(1).unwrap(),
            p["USER_ID_FOR_SRP"].as_str().unwrap(),
            &Password::new(PASSWORD),
            p["SALT"].as_str().unwrap(),
            p["SRP_B"].as_str().unwrap(),
            p["SECRET_BLOCK"].as_str().unwrap(),
            &format_timestamp(h.now().await).unwrap(),
        )
        .unwrap();
    json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client,
           "ChallengeResponses": params(client, username, device, json!({
               "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
               "PASSWORD_CLAIM_SIGNATURE": claim.signature,
               "TIMESTAMP": claim.timestamp}))})
}

/// A full SRP sign-in step with `device`: the answer to PASSWORD_VERIFIER.
async fn srp(
    h: &Harness,
    client: &str,
    username: &str,
    device: Option<&str>,
) -> Result<Value, Fault> {
    let answer = srp_start(h, client, username, device).await;
    h.call("RespondToAuthChallenge", answer).await
}

/// Answers SOFTWARE_TOKEN_MFA with the current code (the clock then moves a step on).
async fn totp_answer(
    h: &Harness,
    challenge: &Value,
    username: &str,
    device: Option<&str>,
) -> Value {
    assert_eq!(
        challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA",
        "{challenge}"
    );
    let code = totp().generate(h.now().await);
    let answer = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &challenge["Session"],
            params(
                CLIENT,
                username,
                device,
                json!({"SOFTWARE_TOKEN_MFA_CODE": code}),
            ),
        )
        .await
        .unwrap();
    h.advance(30).await;
    answer
}

/// A sign-in through TOTP without a device: the tokens and the new device's key and group.
async fn sign_in_new_device(h: &Harness, username: &str) -> (Value, String, String) {
    let challenge = srp(h, CLIENT, username, None).await.unwrap();
    let answer = totp_answer(h, &challenge, username, None).await;
    let result = answer["AuthenticationResult"].clone();
    let key = result["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .unwrap()
        .to_owned();
    (result, key, group)
}

/// ConfirmDevice with fresh credentials; returns them and the answer.
async fn confirm(
    h: &Harness,
    access: &Value,
    key: &str,
    group: &str,
) -> (DeviceCredentials, Result<Value, Fault>) {
    let (credentials, verifier) = DeviceCredentials::generate(key, group).unwrap();
    let answer = h
        .call(
            "ConfirmDevice",
            json!({"AccessToken": access, "DeviceKey": key, "DeviceName": "laptop",
                   "DeviceSecretVerifierConfig": {"Salt": verifier.salt,
                                                  "PasswordVerifier": verifier.password_verifier}}),
        )
        .await;
    (credentials, answer)
}

/// Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER with `device`.
async fn device_srp(
    h: &Harness,
    challenge: &Value,
    username: &str,
    device: &DeviceCredentials,
) -> Result<Value, Fault> {
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH", "{challenge}");
    let key = device.device_key();
    let srp = SrpClient::new_random().unwrap();
    let verifier = h
        .respond(
            "DEVICE_SRP_AUTH",
            &challenge["Session"],
            params(CLIENT, username, Some(key), json!({"SRP_A": srp.srp_a()})),
        )
        .await?;
    assert_eq!(verifier["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    let p = &verifier["ChallengeParameters"];
    assert_eq!(p["DEVICE_KEY"], key);
    assert_eq!(p["USERNAME"], username);
    let claim = device
        .password_claim(
            &srp,
            p["SALT"].as_str().unwrap(),
            p["SRP_B"].as_str().unwrap(),
            p["SECRET_BLOCK"].as_str().unwrap(),
            &format_timestamp(h.now().await).unwrap(),
        )
        .unwrap();
    h.respond(
        "DEVICE_PASSWORD_VERIFIER",
        &verifier["Session"],
        params(
            CLIENT,
            username,
            Some(key),
            json!({"PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
                   "PASSWORD_CLAIM_SIGNATURE": claim.signature,
                   "TIMESTAMP": claim.timestamp}),
        ),
    )
    .await
}

/// The `dev:device_remembered_status` of a device.
fn remembered_status(device: &Value) -> String {
    device["DeviceAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "dev:device_remembered_status")
        .and_then(|a| a["Value"].as_str())
        .unwrap()
        .to_owned()
}

fn keys_of(page: &Value) -> Vec<String> {
    page["Devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["DeviceKey"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_confirmed_device_skips_mfa_with_device_srp_and_binds_the_refresh_token() {
    let h = Harness::start(config(Some(SUPPRESS), json!([totp_user("tina")]))).await;
    let (first, key, group) = sign_in_new_device(&h, "tina").await;
    assert!(key.starts_with("us-east-1_"), "{key}");
    assert!(cognito_mfa::protocol::ids::is_device_key(&key), "{key}");
    assert!(!group.is_empty());
    let (device, confirmed) = confirm(&h, &first["AccessToken"], &key, &group).await;
    assert_eq!(
        confirmed.unwrap(),
        json!({"UserConfirmationNecessary": false})
    );

    let listed = h
        .ok("ListDevices", json!({"AccessToken": first["AccessToken"]}))
        .await;
    assert_eq!(keys_of(&listed), std::slice::from_ref(&key));
    let shown = &listed["Devices"][0];
    assert_eq!(remembered_status(shown), "remembered");
    let names: Vec<&str> = shown["DeviceAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["Name"].as_str().unwrap())
        .collect();
    for name in [
        "device_name",
        "dev:device_remembered_status",
        "device_status",
        "dev:device_arn",
        "dev:device_owner",
        "last_ip_used",
        "dev:device_sdk",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let created = shown["DeviceCreateDate"].as_f64().unwrap();

    // The next sign-in from the device: DEVICE_SRP_AUTH (with a Session) instead of the code.
    let challenge = srp(&h, CLIENT, "tina", Some(&key)).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH");
    assert_eq!(challenge["ChallengeParameters"]["USERNAME"], "tina");
    let no_session = h
        .fault(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "DEVICE_SRP_AUTH", "ClientId": CLIENT,
                   "ChallengeResponses": {"USERNAME": "tina", "DEVICE_KEY": key, "SRP_A": "ab"}}),
        )
        .await;
    assert_fault(
        &no_session,
        "InvalidParameterException",
        "Missing required parameter Session",
    );
    let answer = device_srp(&h, &challenge, "tina", &device).await.unwrap();
    let result = &answer["AuthenticationResult"];
    assert!(result["AccessToken"].is_string());
    assert!(result.get("NewDeviceMetadata").is_none(), "{result}");
    let got = h
        .ok(
            "GetDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": key}),
        )
        .await;
    assert!(
        got["Device"]["DeviceLastAuthenticatedDate"]
            .as_f64()
            .unwrap()
            > created
    );

    // Its refresh token needs the device key, with both refresh operations.
    let refresh = result["RefreshToken"].clone();
    let refused = h
        .fault(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"REFRESH_TOKEN": refresh}}),
        )
        .await;
    assert_fault(&refused, "NotAuthorizedException", "Invalid Refresh Token.");
    let refreshed = h
        .ok(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"REFRESH_TOKEN": refresh, "DEVICE_KEY": key}}),
        )
        .await;
    assert!(refreshed["AuthenticationResult"]["AccessToken"].is_string());
    let refused = h
        .fault(
            "GetTokensFromRefreshToken",
            json!({"ClientId": CLIENT, "RefreshToken": refresh}),
        )
        .await;
    assert_fault(&refused, "NotAuthorizedException", "Invalid Refresh Token.");
    let refreshed = h
        .ok(
            "GetTokensFromRefreshToken",
            json!({"ClientId": CLIENT, "RefreshToken": refresh, "DeviceKey": key}),
        )
        .await;
    assert!(refreshed.get("ChallengeParameters").is_none());
    let access = refreshed["AuthenticationResult"]["AccessToken"].clone();
    assert_eq!(
        h.ok("GetUser", json!({"AccessToken": access})).await["Username"],
        "tina"
    );
}

#[tokio::test]
async fn mfa_is_asked_unless_every_condition_holds() {
    // The pool does not let a remembered device stand in for the code.
    let tracking = DeviceTracking {
        challenge_required_on_new_device: false,
        ..SUPPRESS
    };
    let h = Harness::start(config(Some(tracking), json!([totp_user("tom")]))).await;
    let (first, key, group) = sign_in_new_device(&h, "tom").await;
    confirm(&h, &first["AccessToken"], &key, &group)
        .await
        .1
        .unwrap();
    let challenge = srp(&h, CLIENT, "tom", Some(&key)).await.unwrap();
    let answer = totp_answer(&h, &challenge, "tom", Some(&key)).await;
    assert!(
        answer["AuthenticationResult"]
            .get("NewDeviceMetadata")
            .is_none(),
        "a known device is not new"
    );

    let h = Harness::start(config(
        Some(SUPPRESS),
        json!([totp_user("tia"), plain_user("pat")]),
    ))
    .await;
    // A device announced but never confirmed.
    let (first, unconfirmed, group) = sign_in_new_device(&h, "tia").await;
    let challenge = srp(&h, CLIENT, "tia", Some(&unconfirmed)).await.unwrap();
    totp_answer(&h, &challenge, "tia", Some(&unconfirmed)).await;
    // Confirmed but not remembered.
    confirm(&h, &first["AccessToken"], &unconfirmed, &group)
        .await
        .1
        .unwrap();
    h.ok(
        "UpdateDeviceStatus",
        json!({"AccessToken": first["AccessToken"], "DeviceKey": unconfirmed,
               "DeviceRememberedStatus": "not_remembered"}),
    )
    .await;
    let challenge = srp(&h, CLIENT, "tia", Some(&unconfirmed)).await.unwrap();
    totp_answer(&h, &challenge, "tia", Some(&unconfirmed)).await;
    // A user without MFA gets tokens at once, remembered device or not.
    let first = srp(&h, CLIENT, "pat", None).await.unwrap();
    let result = &first["AuthenticationResult"];
    let key = result["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .unwrap();
    confirm(&h, &result["AccessToken"], key, group)
        .await
        .1
        .unwrap();
    let again = srp(&h, CLIENT, "pat", Some(key)).await.unwrap();
    assert!(
        again["AuthenticationResult"]["AccessToken"].is_string(),
        "{again}"
    );
}

#[tokio::test]
async fn without_device_tracking_there_is_no_device() {
    let h = Harness::start(config(None, json!([totp_user("ned")]))).await;
    let challenge = srp(&h, CLIENT, "ned", None).await.unwrap();
    let answer = totp_answer(&h, &challenge, "ned", None).await;
    let result = &answer["AuthenticationResult"];
    assert!(result.get("NewDeviceMetadata").is_none(), "{result}");
    let refreshed = h
        .ok(
            "GetTokensFromRefreshToken",
            json!({"ClientId": CLIENT, "RefreshToken": result["RefreshToken"]}),
        )
        .await;
    assert!(refreshed["AuthenticationResult"]["IdToken"].is_string());
    let (_, answer) = confirm(
        &h,
        &result["AccessToken"],
        "us-east-1_0b0b0b0b-0000-4000-8000-000000000000",
        "group",
    )
    .await;
    assert_fault(
        &answer.unwrap_err(),
        "InvalidParameterException",
        "Invalid device key given.",
    );
}

#[tokio::test]
async fn a_wrong_device_password_or_group_key_is_refused() {
    let h = Harness::start(config(Some(SUPPRESS), json!([totp_user("wes")]))).await;
    let (first, key, group) = sign_in_new_device(&h, "wes").await;
    confirm(&h, &first["AccessToken"], &key, &group)
        .await
        .1
        .unwrap();
    let impostor = DeviceCredentials::new(&key, &group, "not the device password").unwrap();
    let challenge = srp(&h, CLIENT, "wes", Some(&key)).await.unwrap();
    let refused = device_srp(&h, &challenge, "wes", &impostor)
        .await
        .unwrap_err();
    assert_fault(
        &refused,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    // The wrong group key is refused too.
    let wrong_group = DeviceCredentials::new(&key, "otherGrp1", "x").unwrap();
    let challenge = srp(&h, CLIENT, "wes", Some(&key)).await.unwrap();
    let refused = device_srp(&h, &challenge, "wes", &wrong_group)
        .await
        .unwrap_err();
    assert_eq!(refused.code, "NotAuthorizedException");
}

#[tokio::test]
async fn opt_in_devices_are_remembered_only_by_update_device_status() {
    let tracking = DeviceTracking {
        device_only_remembered_on_user_prompt: true,
        ..SUPPRESS
    };
    let h = Harness::start(config(Some(tracking), json!([totp_user("olga")]))).await;
    let (first, key, group) = sign_in_new_device(&h, "olga").await;
    let access = first["AccessToken"].clone();
    let (device, answer) = confirm(&h, &access, &key, &group).await;
    assert_eq!(answer.unwrap(), json!({"UserConfirmationNecessary": true}));
    // Not remembered: invisible to the user's own API, visible to the admin's.
    let listed = h.ok("ListDevices", json!({"AccessToken": access})).await;
    assert!(keys_of(&listed).is_empty());
    let missing = h
        .fault(
            "GetDevice",
            json!({"AccessToken": access, "DeviceKey": key}),
        )
        .await;
    assert_fault(
        &missing,
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    let admin = h
        .ok(
            "AdminGetDevice",
            json!({"UserPoolId": POOL, "Username": "olga", "DeviceKey": key}),
        )
        .await;
    assert_eq!(remembered_status(&admin["Device"]), "not_remembered");
    // Without UpdateDeviceStatus: MFA.
    let challenge = srp(&h, CLIENT, "olga", Some(&key)).await.unwrap();
    totp_answer(&h, &challenge, "olga", Some(&key)).await;
    // With it: device SRP.
    h.ok(
        "UpdateDeviceStatus",
        json!({"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "remembered"}),
    )
    .await;
    assert_eq!(
        keys_of(&h.ok("ListDevices", json!({"AccessToken": access})).await),
        std::slice::from_ref(&key)
    );
    let challenge = srp(&h, CLIENT, "olga", Some(&key)).await.unwrap();
    let answer = device_srp(&h, &challenge, "olga", &device).await.unwrap();
    assert!(answer["AuthenticationResult"]["AccessToken"].is_string());
}

#[tokio::test]
async fn confirm_device_refuses_a_second_confirmation_and_foreign_or_unknown_keys() {
    let h = Harness::start(config(
        Some(SUPPRESS),
        json!([totp_user("cara"), plain_user("dan")]),
    ))
    .await;
    let (first, key, group) = sign_in_new_device(&h, "cara").await;
    let access = first["AccessToken"].clone();
    confirm(&h, &access, &key, &group).await.1.unwrap();
    let again = confirm(&h, &access, &key, &group).await.1.unwrap_err();
    assert_eq!(again.code, "DeviceKeyExistsException");
    let unknown = confirm(
        &h,
        &access,
        "us-east-1_0b0b0b0b-0000-4000-8000-000000000000",
        &group,
    )
    .await
    .1
    .unwrap_err();
    assert_fault(
        &unknown,
        "InvalidParameterException",
        "Invalid device key given.",
    );
    // Dan's token cannot confirm or read Cara's device.
    let dan = srp(&h, CLIENT, "dan", None).await.unwrap();
    let dan_access = dan["AuthenticationResult"]["AccessToken"].clone();
    let foreign = confirm(&h, &dan_access, &key, &group).await.1.unwrap_err();
    assert_fault(
        &foreign,
        "InvalidParameterException",
        "Invalid device key given.",
    );
    for operation in ["GetDevice", "ForgetDevice"] {
        let fault = h
            .fault(
                operation,
                json!({"AccessToken": dan_access, "DeviceKey": key}),
            )
            .await;
        assert_fault(
            &fault,
            "ResourceNotFoundException",
            "Device does not exist.",
        );
    }
    let fault = h
        .fault(
            "UpdateDeviceStatus",
            json!({"AccessToken": dan_access, "DeviceKey": key,
                   "DeviceRememberedStatus": "not_remembered"}),
        )
        .await;
    assert_fault(
        &fault,
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    // Malformed requests are refused by the schema.
    let fault = h
        .fault(
            "UpdateDeviceStatus",
            json!({"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "valid"}),
        )
        .await;
    assert_eq!(fault.code, "InvalidParameterException");
    assert!(
        fault
            .message
            .contains("enum value set: [remembered, not_remembered]"),
        "{fault:?}"
    );
    let fault = h
        .fault(
            "GetDevice",
            json!({"AccessToken": access, "DeviceKey": "no-underscore"}),
        )
        .await;
    assert!(fault.message.contains("'deviceKey'"), "{fault:?}");
    let fault = h
        .fault("ListDevices", json!({"AccessToken": access, "Limit": 61}))
        .await;
    assert!(
        fault.message.contains("less than or equal to 60"),
        "{fault:?}"
    );
    let fault = h
        .fault(
            "ConfirmDevice",
            json!({"AccessToken": access, "DeviceKey": key,
                   "DeviceSecretVerifierConfig": {"Salt": "!!", "PasswordVerifier": "AQ=="}}),
        )
        .await;
    assert_eq!(fault.code, "InvalidParameterException");
}

#[tokio::test]
async fn a_forgotten_device_is_refused_at_sign_in_without_spending_the_session() {
    let h = Harness::start(config(Some(SUPPRESS), json!([totp_user("fay")]))).await;
    let (first, key, group) = sign_in_new_device(&h, "fay").await;
    let access = first["AccessToken"].clone();
    confirm(&h, &access, &key, &group).await.1.unwrap();
    h.ok(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": key}),
    )
    .await;
    assert!(keys_of(&h.ok("ListDevices", json!({"AccessToken": access})).await).is_empty());
    let gone = h
        .fault(
            "UpdateDeviceStatus",
            json!({"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "remembered"}),
        )
        .await;
    assert_fault(&gone, "ResourceNotFoundException", "Device does not exist.");
    let gone = h
        .fault(
            "ForgetDevice",
            json!({"AccessToken": access, "DeviceKey": key}),
        )
        .await;
    assert_fault(&gone, "ResourceNotFoundException", "Device does not exist.");

    // SRP: refused at PASSWORD_VERIFIER; the same answer without the key still counts.
    let mut answer = srp_start(&h, CLIENT, "fay", Some(&key)).await;
    let refused = h.fault("RespondToAuthChallenge", answer.clone()).await;
    assert_fault(
        &refused,
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    answer["ChallengeResponses"]
        .as_object_mut()
        .unwrap()
        .remove("DEVICE_KEY");
    let challenge = h.ok("RespondToAuthChallenge", answer).await;
    let signed_in = totp_answer(&h, &challenge, "fay", None).await;
    let new_key = signed_in["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .unwrap();
    assert_ne!(new_key, key, "a new device");

    // USER_PASSWORD_AUTH: refused at InitiateAuth.
    let refused = h
        .fault(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"USERNAME": "fay", "PASSWORD": PASSWORD, "DEVICE_KEY": key}}),
        )
        .await;
    assert_fault(
        &refused,
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    // An old refresh token of the forgotten device no longer refreshes.
    let refused = h
        .fault(
            "GetTokensFromRefreshToken",
            json!({"ClientId": CLIENT, "RefreshToken": first["RefreshToken"], "DeviceKey": key}),
        )
        .await;
    assert_fault(&refused, "NotAuthorizedException", "Invalid Refresh Token.");
}

#[tokio::test]
async fn devices_page_and_the_admin_forms_see_every_tracked_device() {
    let h = Harness::start(config(Some(SUPPRESS), json!([plain_user("lee")]))).await;
    let mut confirmed = Vec::new();
    let mut access = Value::Null;
    for _ in 0..3 {
        let answer = srp(&h, CLIENT, "lee", None).await.unwrap();
        let result = &answer["AuthenticationResult"];
        let key = result["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
        let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
            .as_str()
            .unwrap();
        confirm(&h, &result["AccessToken"], key, group)
            .await
            .1
            .unwrap();
        confirmed.push(key.to_owned());
        access = result["AccessToken"].clone();
    }
    confirmed.sort();
    // One more sign-in: a tracked, unconfirmed device.
    srp(&h, CLIENT, "lee", None).await.unwrap();

    let page = h
        .ok("ListDevices", json!({"AccessToken": access, "Limit": 2}))
        .await;
    assert_eq!(keys_of(&page), confirmed[..2]);
    let next = h
        .ok(
            "ListDevices",
            json!({"AccessToken": access, "Limit": 2, "PaginationToken": page["PaginationToken"]}),
        )
        .await;
    assert_eq!(keys_of(&next), confirmed[2..]);
    assert!(next.get("PaginationToken").is_none(), "{next}");

    let admin = |extra: Value| {
        let mut body = json!({"UserPoolId": POOL, "Username": "lee"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let all = h.ok("AdminListDevices", admin(json!({}))).await;
    assert_eq!(keys_of(&all).len(), 4, "the unconfirmed device too");
    h.ok(
        "AdminUpdateDeviceStatus",
        admin(json!({"DeviceKey": confirmed[0], "DeviceRememberedStatus": "not_remembered"})),
    )
    .await;
    assert_eq!(
        keys_of(&h.ok("ListDevices", json!({"AccessToken": access})).await),
        confirmed[1..]
    );
    h.ok(
        "AdminForgetDevice",
        admin(json!({"DeviceKey": confirmed[1]})),
    )
    .await;
    let gone = h
        .fault("AdminGetDevice", admin(json!({"DeviceKey": confirmed[1]})))
        .await;
    assert_fault(&gone, "ResourceNotFoundException", "Device does not exist.");
    assert_eq!(
        keys_of(&h.ok("AdminListDevices", admin(json!({}))).await).len(),
        3
    );
    let nobody = h
        .fault(
            "AdminListDevices",
            json!({"UserPoolId": POOL, "Username": "nobody"}),
        )
        .await;
    assert_eq!(nobody.code, "UserNotFoundException");
}

#[tokio::test]
async fn global_sign_out_revokes_tokens_and_leaves_devices() {
    let h = Harness::start(config(Some(SUPPRESS), json!([totp_user("gus")]))).await;
    let (first, key, group) = sign_in_new_device(&h, "gus").await;
    let (device, _) = confirm(&h, &first["AccessToken"], &key, &group).await;
    h.ok(
        "GlobalSignOut",
        json!({"AccessToken": first["AccessToken"]}),
    )
    .await;
    let revoked = h
        .fault(
            "GetTokensFromRefreshToken",
            json!({"ClientId": CLIENT, "RefreshToken": first["RefreshToken"], "DeviceKey": key}),
        )
        .await;
    assert_eq!(revoked.code, "NotAuthorizedException");
    let challenge = srp(&h, CLIENT, "gus", Some(&key)).await.unwrap();
    let answer = device_srp(&h, &challenge, "gus", &device).await.unwrap();
    let access = answer["AuthenticationResult"]["AccessToken"].clone();
    h.ok(
        "AdminUserGlobalSignOut",
        json!({"UserPoolId": POOL, "Username": "gus"}),
    )
    .await;
    let device_left = h
        .ok(
            "AdminGetDevice",
            json!({"UserPoolId": POOL, "Username": "gus", "DeviceKey": key}),
        )
        .await;
    assert_eq!(remembered_status(&device_left["Device"]), "remembered");
    let revoked = h.fault("GetUser", json!({"AccessToken": access})).await;
    assert_eq!(revoked.code, "NotAuthorizedException");
    let challenge = srp(&h, CLIENT, "gus", Some(&key)).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH");
}

#[tokio::test]
async fn the_admin_sign_in_and_a_client_with_a_secret_use_devices_too() {
    let h = Harness::start(config(Some(SUPPRESS), json!([totp_user("ada")]))).await;
    let (first, key, group) = sign_in_new_device(&h, "ada").await;
    let (device, _) = confirm(&h, &first["AccessToken"], &key, &group).await;
    let challenge = h
        .ok(
            "AdminInitiateAuth",
            json!({"UserPoolId": POOL, "ClientId": CLIENT, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": "ada", "PASSWORD": PASSWORD, "DEVICE_KEY": key}}),
        )
        .await;
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH");
    let answer = device_srp(&h, &challenge, "ada", &device).await.unwrap();
    assert!(answer["AuthenticationResult"]["AccessToken"].is_string());

    // GetTokensFromRefreshToken with a client that has a secret: the secret is required.
    let challenge = srp(&h, SECRET_CLIENT, "ada", None).await.unwrap();
    let code = totp().generate(h.now().await);
    let answer = h
        .ok(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": SECRET_CLIENT,
                   "Session": challenge["Session"],
                   "ChallengeResponses": params(SECRET_CLIENT, "ada", None,
                                                json!({"SOFTWARE_TOKEN_MFA_CODE": code}))}),
        )
        .await;
    let result = &answer["AuthenticationResult"];
    let key = result["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .unwrap();
    confirm(&h, &result["AccessToken"], key, group)
        .await
        .1
        .unwrap();
    let body = |secret: Option<&str>| {
        let mut body = json!({"ClientId": SECRET_CLIENT, "RefreshToken": result["RefreshToken"],
                              "DeviceKey": key});
        if let Some(secret) = secret {
            body["ClientSecret"] = secret.into();
        }
        body
    };
    let missing = h.fault("GetTokensFromRefreshToken", body(None)).await;
    assert_eq!(missing.code, "NotAuthorizedException");
    assert!(
        missing.message.contains("secret was not received"),
        "{missing:?}"
    );
    let wrong = h
        .fault(
            "GetTokensFromRefreshToken",
            body(Some("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")),
        )
        .await;
    assert_eq!(wrong.code, "NotAuthorizedException");
    let refreshed = h
        .ok("GetTokensFromRefreshToken", body(Some(CLIENT_SECRET)))
        .await;
    assert!(refreshed["AuthenticationResult"]["AccessToken"].is_string());
}

#[tokio::test]
async fn the_pools_device_configuration_is_set_described_and_reset() {
    let h = Harness::start(MockConfig::default()).await;
    let created = h.ok("CreateUserPool", json!({"PoolName": "plain"})).await;
    assert!(created["UserPool"]["DeviceConfiguration"].is_null());
    let id = created["UserPool"]["Id"].clone();
    h.ok(
        "UpdateUserPool",
        json!({"UserPoolId": id, "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true}}),
    )
    .await;
    let described = h.ok("DescribeUserPool", json!({"UserPoolId": id})).await;
    assert_eq!(
        described["UserPool"]["DeviceConfiguration"],
        json!({"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false})
    );
    // UpdateUserPool sets what it leaves out to the default: no device tracking.
    h.ok("UpdateUserPool", json!({"UserPoolId": id})).await;
    let described = h.ok("DescribeUserPool", json!({"UserPoolId": id})).await;
    assert!(described["UserPool"]["DeviceConfiguration"].is_null());
    let created = h
        .ok(
            "CreateUserPool",
            json!({"PoolName": "devices",
                   "DeviceConfiguration": {"DeviceOnlyRememberedOnUserPrompt": true}}),
        )
        .await;
    assert_eq!(
        created["UserPool"]["DeviceConfiguration"]["DeviceOnlyRememberedOnUserPrompt"],
        true
    );
    let wrong = h
        .fault(
            "CreateUserPool",
            json!({"PoolName": "x", "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": "yes"}}),
        )
        .await;
    assert_eq!(wrong.code, "SerializationException");
}
