//! SigV4 verification of the admin operations, when `settings.sigv4` turns it on.
//!
//! The signature is recomputed with the AWS SDK's signer (`aws-sigv4`, through
//! [`cognito_mfa::admin::sign_request`]) over the request as it arrived — its method, path,
//! the headers it lists in `SignedHeaders`, its body — at the time of its `X-Amz-Date` with the
//! configured secret, and compared in constant time. The checks before it, and their errors,
//! are those AWS answers for JSON services:
//!
//! | What | Error |
//! |---|---|
//! | no `Authorization` header | `MissingAuthenticationTokenException` "Missing Authentication Token" |
//! | not `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, no `X-Amz-Date` | `IncompleteSignatureException` |
//! | unknown access key id, missing or wrong session token | `UnrecognizedClientException` "The security token included in the request is invalid." |
//! | `X-Amz-Date` more than `max_skew_seconds` from the mock's clock | `InvalidSignatureException` "Signature expired: …" / "Signature not yet current: …" |
//! | scope date, region or service wrong | `InvalidSignatureException` "Credential should be scoped to …" |
//! | `host` or `x-amz-date` not signed, signature mismatch | `InvalidSignatureException` "The request signature we calculated does not match …" |

use std::time::{Duration, UNIX_EPOCH};

use axum::http::HeaderMap;
use cognito_mfa::admin::{AwsCredentials, sign_request};
use subtle::ConstantTimeEq;

use crate::error::{ServiceError, codes};
use crate::settings::{SigV4Credential, SigV4Settings};

/// The signing name of the service.
const SERVICE: &str = "cognito-idp";

/// The operations AWS authorizes without IAM (by a token, a Session, or nothing): accepted
/// signed or unsigned. Every other operation needs a signature when verification is on.
pub(crate) const UNSIGNED_OPERATIONS: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "SetUserSettings",
    "GetUser",
    "UpdateUserAttributes",
    "ChangePassword",
    "GlobalSignOut",
    "RevokeToken",
    "GetTokensFromRefreshToken",
    "ConfirmDevice",
    "GetDevice",
    "ListDevices",
    "UpdateDeviceStatus",
    "ForgetDevice",
];

/// True when `operation` must be signed while verification is on.
pub(crate) fn needs_signature(operation: &str) -> bool {
    !UNSIGNED_OPERATIONS.contains(&operation)
}

fn incomplete(message: &str) -> ServiceError {
    ServiceError::new(codes::INCOMPLETE_SIGNATURE, message)
}

fn invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::new(codes::INVALID_SIGNATURE, message)
}

fn unrecognized() -> ServiceError {
    ServiceError::new(
        codes::UNRECOGNIZED_CLIENT,
        "The security token included in the request is invalid.",
    )
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(text: &str) -> Result<Authorization<'_>, ServiceError> {
    let rest = text.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        incomplete("Authorization header requires the AWS4-HMAC-SHA256 algorithm.")
    })?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else {
            return Err(incomplete(&format!(
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' \
                 parameters; found {:?}.",
                part.trim().chars().take(40).collect::<String>()
            )));
        };
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    let (Some(credential), Some(signed), Some(signature)) = (credential, signed, signature) else {
        return Err(incomplete(
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' \
             parameters.",
        ));
    };
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope.as_slice() else {
        return Err(incomplete(
            "Credential must have the form ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request.",
        ));
    };
    if *terminator != "aws4_request" {
        return Err(invalid(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not \
             '{terminator}'."
        )));
    }
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: signed.split(';').collect(),
        signature,
    })
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Parses `YYYYMMDDTHHMMSSZ` into Unix seconds.
fn parse_amz_date(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes.get(8) != Some(&b'T') || bytes.get(15) != Some(&b'Z') {
        return None;
    }
    let field = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (field(0..4)?, field(4..6)?, field(6..8)?);
    let (hour, minute, second) = (field(9..11)?, field(11..13)?, field(13..15)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    u64::try_from(seconds).ok()
}

/// Formats Unix seconds as `YYYYMMDDTHHMMSSZ`.
fn format_amz_date(unix: u64) -> String {
    let seconds = i64::try_from(unix).unwrap_or(i64::MAX / 2);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let rest = seconds.rem_euclid(86_400);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Verifies the signature of one request to `POST {path}` whose body names the pool
/// `pool_id` (if any), at the mock's time `now`.
///
/// # Errors
/// The service error to answer with (see the module's table).
pub(crate) fn verify(
    settings: &SigV4Settings,
    default_region: &str,
    now: u64,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
    pool_id: Option<&str>,
) -> Result<(), ServiceError> {
    let Some(authorization) = headers.get("authorization") else {
        return Err(ServiceError::new(
            codes::MISSING_AUTHENTICATION_TOKEN,
            "Missing Authentication Token",
        ));
    };
    let authorization = authorization
        .to_str()
        .map_err(|_| incomplete("The Authorization header is not valid text."))?;
    let auth = parse_authorization(authorization)?;
    let credential = settings
        .credentials
        .iter()
        .find(|c| c.access_key_id == auth.access_key_id)
        .ok_or_else(unrecognized)?;
    check_session_token(credential, header(headers, "x-amz-security-token"))?;

    let date_text = header(headers, "x-amz-date").ok_or_else(|| {
        incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
    })?;
    let signed_at = parse_amz_date(date_text)
        .ok_or_else(|| incomplete("X-Amz-Date must be in the ISO 8601 form YYYYMMDDTHHMMSSZ."))?;
    let skew = settings.max_skew_seconds;
    if signed_at.saturating_add(skew) < now {
        return Err(invalid(format!(
            "Signature expired: {date_text} is now earlier than {} ({} - {} min.)",
            format_amz_date(now.saturating_sub(skew)),
            format_amz_date(now),
            skew / 60
        )));
    }
    if signed_at > now.saturating_add(skew) {
        return Err(invalid(format!(
            "Signature not yet current: {date_text} is still later than {} ({} + {} min.)",
            format_amz_date(now.saturating_add(skew)),
            format_amz_date(now),
            skew / 60
        )));
    }
    if date_text.get(..8) != Some(auth.date) {
        return Err(invalid(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
             from HTTP: '{}' != '{}', from '{date_text}'.",
            auth.date,
            date_text.get(..8).unwrap_or_default()
        )));
    }
    let region = pool_id
        .and_then(|id| id.rsplit_once('_'))
        .map_or(default_region, |(region, _)| region);
    if auth.region != region {
        return Err(invalid(format!(
            "Credential should be scoped to a valid region, not '{}'. ",
            auth.region
        )));
    }
    if auth.service != SERVICE {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE}'. "
        )));
    }
    for required in ["host", "x-amz-date"] {
        if !auth.signed_headers.contains(&required) {
            return Err(invalid(format!(
                "'{required}' must be a 'SignedHeader' in the AWS Authorization."
            )));
        }
    }
    let expected = recompute(credential, region, signed_at, path, headers, &auth, body)?;
    if bool::from(expected.as_bytes().ct_eq(auth.signature.as_bytes())) {
        Ok(())
    } else {
        Err(mismatch())
    }
}

fn mismatch() -> ServiceError {
    invalid(
        "The request signature we calculated does not match the signature you provided. \
         Check your AWS Secret Access Key and signing method. Consult the service \
         documentation for details.",
    )
}

fn check_session_token(
    credential: &SigV4Credential,
    sent: Option<&str>,
) -> Result<(), ServiceError> {
    match (&credential.session_token, sent) {
        (None, None) => Ok(()),
        (Some(expected), Some(sent)) if bool::from(expected.as_bytes().ct_eq(sent.as_bytes())) => {
            Ok(())
        }
        _ => Err(unrecognized()),
    }
}

/// The signature the request should carry, from the configured secret.
fn recompute(
    credential: &SigV4Credential,
    region: &str,
    signed_at: u64,
    path: &str,
    headers: &HeaderMap,
    auth: &Authorization<'_>,
    body: &[u8],
) -> Result<String, ServiceError> {
    let host = header(headers, "host").ok_or_else(mismatch)?;
    // The signer adds x-amz-date and x-amz-security-token itself; every other signed header
    // is given as it arrived (each value of a repeated header).
    let mut signed: Vec<(&str, &str)> = Vec::new();
    for name in &auth.signed_headers {
        if matches!(*name, "x-amz-date" | "x-amz-security-token") {
            continue;
        }
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if values.is_empty() {
            return Err(mismatch());
        }
        signed.extend(values.into_iter().map(|value| (*name, value)));
    }
    let credentials = AwsCredentials::new(
        credential.access_key_id.as_str(),
        credential.secret_access_key.as_str(),
        credential.session_token.clone(),
    )
    .map_err(|_| unrecognized())?;
    let url = format!("http://{host}{path}");
    let time = UNIX_EPOCH + Duration::from_secs(signed_at);
    let signed = sign_request(&credentials, region, SERVICE, &url, &signed, body, time)
        .map_err(|_| mismatch())?;
    let authorization = signed.get("authorization").ok_or_else(mismatch)?;
    // The recomputed header must list the same signed headers (a client that signed more or
    // fewer than the signer would sign over these does not match).
    let ours = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default();
    if ours != auth.signed_headers.join(";") {
        return Err(mismatch());
    }
    authorization
        .rsplit("Signature=")
        .next()
        .map(str::to_owned)
        .ok_or_else(mismatch)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    const AKID: &str = "AKIDMOCKTEST";
    const SECRET: &str = "mock-secret-key";
    /// 2026-12-03T07:00:00Z.
    const NOW: u64 = 1_796_281_200;

    fn settings() -> SigV4Settings {
        SigV4Settings::new(vec![SigV4Credential::new(AKID, SECRET)])
    }

    /// Headers of a request signed by `aws-sigv4` with `secret` at `at`.
    fn signed(secret: &str, at: u64, region: &str, body: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("127.0.0.1:9229"));
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/x-amz-json-1.1"),
        );
        headers.insert(
            "x-amz-target",
            HeaderValue::from_static("AWSCognitoIdentityProviderService.AdminGetUser"),
        );
        let credentials = AwsCredentials::new(AKID, secret, None);
        let Ok(credentials) = credentials else {
            return headers;
        };
        let result = sign_request(
            &credentials,
            region,
            SERVICE,
            "http://127.0.0.1:9229/",
            &[
                ("content-type", "application/x-amz-json-1.1"),
                (
                    "x-amz-target",
                    "AWSCognitoIdentityProviderService.AdminGetUser",
                ),
            ],
            body,
            UNIX_EPOCH + Duration::from_secs(at),
        );
        for (name, value) in result.iter().flat_map(|s| s.pairs().to_vec()) {
            if let (Ok(name), Ok(value)) = (
                axum::http::HeaderName::try_from(name),
                HeaderValue::try_from(value),
            ) {
                headers.insert(name, value);
            }
        }
        headers
    }

    fn code(result: Result<(), ServiceError>) -> String {
        result
            .err()
            .map(|e| e.code().to_owned())
            .unwrap_or_default()
    }

    const BODY: &[u8] = br#"{"UserPoolId":"us-east-1_AbC","Username":"alice"}"#;

    fn check(headers: &HeaderMap, body: &[u8], now: u64) -> Result<(), ServiceError> {
        verify(
            &settings(),
            "us-east-1",
            now,
            "/",
            headers,
            body,
            Some("us-east-1_AbC"),
        )
    }

    #[test]
    fn a_request_signed_with_the_right_key_verifies() {
        assert!(check(&signed(SECRET, NOW, "us-east-1", BODY), BODY, NOW).is_ok());
        // Within the skew, either side.
        assert!(check(&signed(SECRET, NOW - 299, "us-east-1", BODY), BODY, NOW).is_ok());
        assert!(check(&signed(SECRET, NOW + 299, "us-east-1", BODY), BODY, NOW).is_ok());
    }

    #[test]
    fn each_fault_has_the_error_aws_answers() {
        let good = signed(SECRET, NOW, "us-east-1", BODY);
        assert_eq!(
            code(check(&HeaderMap::new(), BODY, NOW)),
            "MissingAuthenticationTokenException"
        );
        assert_eq!(
            code(check(&signed("wrong", NOW, "us-east-1", BODY), BODY, NOW)),
            "InvalidSignatureException"
        );
        assert_eq!(
            code(check(
                &good,
                br#"{"UserPoolId":"us-east-1_AbC","Username":"bob"}"#,
                NOW
            )),
            "InvalidSignatureException"
        );
        let expired = check(&signed(SECRET, NOW - 301, "us-east-1", BODY), BODY, NOW);
        let message = expired
            .as_ref()
            .err()
            .map(|e| e.message().to_owned())
            .unwrap_or_default();
        assert!(message.starts_with("Signature expired: "), "{message}");
        assert_eq!(code(expired), "InvalidSignatureException");
        let future = check(&signed(SECRET, NOW + 301, "us-east-1", BODY), BODY, NOW);
        assert!(future.is_err_and(|e| e.message().starts_with("Signature not yet current")));
        let region = check(&signed(SECRET, NOW, "eu-west-1", BODY), BODY, NOW);
        assert!(region.is_err_and(|e| e.message().contains("valid region, not 'eu-west-1'")));

        let mut other_key = good.clone();
        let text = header(&good, "authorization")
            .unwrap_or_default()
            .replace(AKID, "AKIDOTHER");
        if let Ok(value) = HeaderValue::try_from(text) {
            other_key.insert("authorization", value);
        }
        assert_eq!(
            code(check(&other_key, BODY, NOW)),
            "UnrecognizedClientException"
        );

        let mut token = good.clone();
        token.insert(
            "x-amz-security-token",
            HeaderValue::from_static("unexpected"),
        );
        assert_eq!(
            code(check(&token, BODY, NOW)),
            "UnrecognizedClientException"
        );

        let mut changed = good.clone();
        changed.insert(
            "x-amz-target",
            HeaderValue::from_static("AWSCognitoIdentityProviderService.AdminDeleteUser"),
        );
        assert_eq!(
            code(check(&changed, BODY, NOW)),
            "InvalidSignatureException"
        );
    }

    #[test]
    fn a_session_token_is_required_when_configured() {
        let settings = SigV4Settings::new(vec![SigV4Credential {
            session_token: Some("tok".into()),
            ..SigV4Credential::new(AKID, SECRET)
        }]);
        let headers = signed(SECRET, NOW, "us-east-1", BODY);
        let result = verify(&settings, "us-east-1", NOW, "/", &headers, BODY, None);
        assert_eq!(code(result), "UnrecognizedClientException");
    }

    #[test]
    fn garbage_authorization_headers_are_errors_not_panics() {
        let good = signed(SECRET, NOW, "us-east-1", BODY);
        for text in [
            "",
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256 ",
            "AWS4-HMAC-SHA256 Credential=",
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=, Signature=",
            "AWS4-HMAC-SHA256 Credential=AKIDMOCKTEST/x/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKIDMOCKTEST/20261203/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;nope, Signature=00",
            "Basic dXNlcjpwYXNz",
            "AWS4-HMAC-SHA256 ,,,,===,",
            "AWS4-HMAC-SHA256 Credential=////////, SignedHeaders=;;;;, Signature=é",
        ] {
            let mut headers = good.clone();
            if let Ok(value) = HeaderValue::try_from(text) {
                headers.insert("authorization", value);
            }
            assert!(check(&headers, BODY, NOW).is_err(), "{text}");
        }
        for date in [
            "",
            "2026",
            "20261303T070000Z",
            "2026120xT070000Z",
            "99999999T999999Z",
        ] {
            let mut headers = good.clone();
            if let Ok(value) = HeaderValue::try_from(date) {
                headers.insert("x-amz-date", value);
            }
            assert!(check(&headers, BODY, NOW).is_err(), "{date}");
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(format_amz_date(1_440_938_160), "20150830T123600Z");
        assert_eq!(format_amz_date(NOW), "20261203T070000Z");
        assert_eq!(
            parse_amz_date("20240229T000000Z")
                .map(format_amz_date)
                .as_deref(),
            Some("20240229T000000Z")
        );
    }
}
