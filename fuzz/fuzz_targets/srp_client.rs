//! The SRP client's password claim with arbitrary server parameters (SALT, SRP_B,
//! SECRET_BLOCK, USER_ID_FOR_SRP, the pool name): never a panic, whatever the server sends.
#![no_main]

use cognito_mfa::srp::{Password, SrpClient};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\u{1f}');
    let mut next = || fields.next().unwrap_or("").to_owned();
    let (pool, user, salt, srp_b, block) = (next(), next(), next(), next(), next());
    let Ok(client) = SrpClient::from_private_bytes(&[7_u8; 32]) else {
        return;
    };
    let password = Password::new("Passw0rd!");
    let _ = client.password_claim(&pool, &user, &password, &salt, &srp_b, &block, "Mon Jan 2 03:04:05 UTC 2006");
});
