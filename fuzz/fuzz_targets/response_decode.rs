//! The core's decoding of every Cognito response it reads: an arbitrary status and body for
//! each operation; never a panic, always a typed value or the library's error.
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
    let ok = decode(status, body);
    assert!(!ok || (200..300).contains(&status), "only a 2xx decodes to a value");
});
