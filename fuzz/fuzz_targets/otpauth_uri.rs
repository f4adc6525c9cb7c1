//! `KeyUri::parse` on arbitrary text: never a panic; a URI it accepts writes back (`to_uri`)
//! to one that parses to the same account, issuer, secret and settings.
#![no_main]

use cognito_mfa::totp::KeyUri;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = KeyUri::parse(text) else {
        return;
    };
    let written = parsed.to_uri();
    let again = KeyUri::parse(&written).expect("a URI written by to_uri parses");
    assert_eq!(again.account, parsed.account);
    assert_eq!(again.issuer, parsed.issuer);
    assert_eq!(again.totp.secret().as_bytes(), parsed.totp.secret().as_bytes());
    assert_eq!(again.totp.digits(), parsed.totp.digits());
    assert_eq!(again.totp.period(), parsed.totp.period());
});
