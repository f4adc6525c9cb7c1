//! The tokens' JWT decoding (`IdToken::parse`, `AccessToken::parse`, a session from raw
//! tokens): never a panic on arbitrary text.
#![no_main]

use cognito_mfa::{AccessToken, IdToken, UserSession};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(token) = IdToken::parse(text) {
        let _ = (token.expiration(), token.issued_at(), token.claims().len());
    }
    let _ = AccessToken::parse(text);
    let _ = UserSession::from_tokens(text, text, Some(text), None).map(|s| s.is_valid());
});
