//! The core's reading of every Cognito response, as the client does it: a 2xx body decoded as
//! the operation's output, any other status parsed as an error (the body's `__type` / `code`,
//! else the `x-amzn-ErrorType` header). An arbitrary status, header and body for each
//! operation: never a panic, always a typed value or the library's error, and an error
//! response always an error.
#![no_main]

use cognito_mfa::protocol::admin::*;
use cognito_mfa::protocol::device::*;
use cognito_mfa::protocol::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((head, body)) = data.split_at_checked(3) else {
        return;
    };
    let status = u16::from_le_bytes([head[1], head[2]]) % 600;
    macro_rules! each {
        ($($op:ty),* $(,)?) => {{
            let table: &[fn(u16, &[u8]) -> bool] = &[$(|s, b| decode::<$op>(s, b).is_ok()),*];
            table
        }};
    }
    let decoders = each!(
        AdminGetUserRequest, AdminSetUserMfaPreferenceRequest, AdminSetUserSettingsRequest,
        AdminResetUserPasswordRequest, AdminUserGlobalSignOutRequest, AdminListDevicesRequest,
        AdminGetDeviceRequest, AdminForgetDeviceRequest, AdminUpdateDeviceStatusRequest,
        InitiateAuthRequest, RespondToAuthChallengeRequest, ConfirmDeviceRequest,
        UpdateDeviceStatusRequest, GetDeviceRequest, ListDevicesRequest, ForgetDeviceRequest,
        GetTokensFromRefreshTokenRequest, SetUserMfaPreferenceRequest, SetUserSettingsRequest,
        AssociateSoftwareTokenRequest, VerifySoftwareTokenRequest, GetUserRequest,
        GlobalSignOutRequest,
    );
    let decode = decoders[usize::from(head[0]) % decoders.len()];
    if (200..300).contains(&status) {
        let _ = decode(status, body);
    } else {
        let header = std::str::from_utf8(body.get(..body.len().min(24)).unwrap_or_default()).ok();
        let error = cognito_mfa::protocol::error::parse_error(status, header, Some("req-1"), body);
        assert!(!error.code().is_empty());
        assert!(!error.to_string().is_empty());
    }
});
