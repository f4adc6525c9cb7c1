//! `Secret::from_base32` on arbitrary text: never a panic; an accepted secret writes back to
//! base32 that reads as the same bytes.
#![no_main]

use cognito_mfa::totp::Secret;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(secret) = Secret::from_base32(text) {
        let again = Secret::from_base32(&secret.to_base32()).expect("written base32 reads back");
        assert_eq!(again.as_bytes(), secret.as_bytes());
    }
});
