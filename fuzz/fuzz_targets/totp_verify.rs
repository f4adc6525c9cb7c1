//! `Totp::verify` with an arbitrary code, time and window: never a panic; a code it accepts is
//! the code of the step it names, within the window.
#![no_main]

use cognito_mfa::totp::{Secret, Totp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((head, code)) = data.split_at_checked(9) else {
        return;
    };
    let mut time = [0_u8; 8];
    time.copy_from_slice(&head[..8]);
    let time = u64::from_le_bytes(time);
    let window = u64::from(head[8] % 12);
    let Ok(code) = std::str::from_utf8(code) else {
        return;
    };
    let totp = Totp::new(Secret::from_bytes(b"12345678901234567890").expect("RFC 6238 secret"));
    if let Ok(step) = totp.verify(code, time, window) {
        assert_eq!(totp.generate(step * totp.period()), code);
        assert!(step.abs_diff(time / totp.period()) <= window);
    }
});
