//! Integration tests of `cognito_mfa::totp`: RFC vectors, verification windows, secrets,
//! key URIs, QR codes and the replay guard.

// Helper functions outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::unwrap_used, clippy::panic)]

use cognito_mfa::Error;
use cognito_mfa::error::UriErrorKind;
use cognito_mfa::totp::{
    Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, KeyUri, MAX_VERIFY_WINDOW, MIN_SECRET_BASE32_CHARS,
    ReplayGuard, Secret, Totp, hotp, qr_svg, qr_text,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// RFC vectors
// ---------------------------------------------------------------------------------------------

/// RFC 6238 appendix B seeds: the ASCII digits repeated to the hash's output size.
const SEED_SHA1: &[u8] = b"12345678901234567890";
const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// RFC 6238 appendix B, table of test values (8 digits, X = 30 s, T0 = 0):
/// (unix time, SHA-1, SHA-256, SHA-512).
const RFC6238_APPENDIX_B: [(u64, &str, &str, &str); 6] = [
    (59, "94287082", "46119246", "90693936"),
    (1_111_111_109, "07081804", "68084774", "25091201"),
    (1_111_111_111, "14050471", "67062674", "99943326"),
    (1_234_567_890, "89005924", "91819424", "93441116"),
    (2_000_000_000, "69279037", "90698825", "38618901"),
    (20_000_000_000, "65353130", "77737706", "47863826"),
];

/// RFC 4226 appendix D: HOTP values (6 digits) for counters 0..=9 with the secret
/// "12345678901234567890" and HMAC-SHA-1.
const RFC4226_APPENDIX_D: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];

/// RFC 4226 appendix D: the truncated 31-bit values ("Decimal" column) for counters 0..=9.
const RFC4226_APPENDIX_D_TRUNCATED: [u32; 10] = [
    1_284_755_224,
    1_094_287_082,
    137_359_152,
    1_726_969_429,
    1_640_338_314,
    868_254_676,
    1_918_287_922,
    82_162_583,
    673_399_871,
    645_520_489,
];

fn rfc6238(algorithm: Algorithm) -> Totp {
    let seed = match algorithm {
        Algorithm::Sha1 => SEED_SHA1,
        Algorithm::Sha256 => SEED_SHA256,
        Algorithm::Sha512 => SEED_SHA512,
    };
    Totp::with_options(Secret::from_bytes(seed).unwrap(), algorithm, 8, 30).unwrap()
}

/// RFC 6238 appendix B: every row, every algorithm, through `generate` and `verify`.
#[test]
fn rfc6238_appendix_b_vectors() {
    for (time, sha1, sha256, sha512) in RFC6238_APPENDIX_B {
        for (algorithm, expected) in [
            (Algorithm::Sha1, sha1),
            (Algorithm::Sha256, sha256),
            (Algorithm::Sha512, sha512),
        ] {
            let totp = rfc6238(algorithm);
            assert_eq!(totp.generate(time), expected, "{algorithm} at {time}");
            assert_eq!(totp.verify(expected, time, 0).unwrap(), time / 30);
        }
    }
}

/// RFC 6238 appendix B through `hotp` with the counter T = floor(time / 30), as §4.2 defines.
#[test]
fn rfc6238_appendix_b_vectors_through_hotp() {
    for (time, sha1, sha256, sha512) in RFC6238_APPENDIX_B {
        let counter = time / 30;
        let s1 = Secret::from_bytes(SEED_SHA1).unwrap();
        let s256 = Secret::from_bytes(SEED_SHA256).unwrap();
        let s512 = Secret::from_bytes(SEED_SHA512).unwrap();
        assert_eq!(hotp(&s1, counter, 8, Algorithm::Sha1).unwrap(), sha1);
        assert_eq!(hotp(&s256, counter, 8, Algorithm::Sha256).unwrap(), sha256);
        assert_eq!(hotp(&s512, counter, 8, Algorithm::Sha512).unwrap(), sha512);
    }
}

/// RFC 4226 appendix D: HOTP values for counters 0 to 9.
#[test]
fn rfc4226_appendix_d_vectors() {
    let secret = Secret::from_bytes(SEED_SHA1).unwrap();
    for (counter, expected) in (0u64..).zip(RFC4226_APPENDIX_D) {
        assert_eq!(
            hotp(&secret, counter, 6, Algorithm::Sha1).unwrap(),
            expected
        );
    }
}

/// RFC 4226 appendix D: the 7- and 8-digit values are the truncated values mod 10^7 / 10^8.
#[test]
fn rfc4226_appendix_d_longer_codes() {
    let secret = Secret::from_bytes(SEED_SHA1).unwrap();
    for (counter, truncated) in (0u64..).zip(RFC4226_APPENDIX_D_TRUNCATED) {
        let seven = format!("{:07}", truncated % 10_000_000);
        let eight = format!("{:08}", truncated % 100_000_000);
        assert_eq!(hotp(&secret, counter, 7, Algorithm::Sha1).unwrap(), seven);
        assert_eq!(hotp(&secret, counter, 8, Algorithm::Sha1).unwrap(), eight);
    }
}

/// With a period of 1 s, TOTP at time t is HOTP with counter t (RFC 6238 §4.2).
#[test]
fn totp_with_period_one_is_hotp_of_the_time() {
    let secret = Secret::from_bytes(SEED_SHA1).unwrap();
    let totp = Totp::with_options(secret.clone(), Algorithm::Sha1, 6, 1).unwrap();
    for (time, expected) in (0u64..).zip(RFC4226_APPENDIX_D) {
        assert_eq!(totp.generate(time), expected);
    }
}

#[test]
fn defaults_are_cognitos() {
    let totp = Totp::new(Secret::from_bytes(SEED_SHA1).unwrap());
    assert_eq!(totp.algorithm(), Algorithm::Sha1);
    assert_eq!(totp.digits(), DEFAULT_DIGITS);
    assert_eq!(totp.digits(), 6);
    assert_eq!(totp.period(), DEFAULT_PERIOD);
    assert_eq!(totp.period(), 30);
    // RFC 6238 appendix B, SHA-1 at 59 s: 94287082; its last 6 digits are the 6-digit code.
    assert_eq!(totp.generate(59), "287082");
    assert_eq!(totp.secret().as_bytes(), SEED_SHA1);
}

// ---------------------------------------------------------------------------------------------
// Time steps and verification windows
// ---------------------------------------------------------------------------------------------

fn cognito_totp() -> Totp {
    Totp::new(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap())
}

#[test]
fn time_step_and_seconds_remaining() {
    let totp = cognito_totp();
    assert_eq!(totp.time_step(0), 0);
    assert_eq!(totp.time_step(29), 0);
    assert_eq!(totp.time_step(30), 1);
    assert_eq!(totp.seconds_remaining(0), 30);
    assert_eq!(totp.seconds_remaining(29), 1);
    assert_eq!(totp.seconds_remaining(30), 30);
    assert_eq!(totp.seconds_remaining(31), 29);
    assert_eq!(totp.time_step(u64::MAX), u64::MAX / 30);
    assert_eq!(totp.seconds_remaining(u64::MAX), 30 - u64::MAX % 30);
}

#[test]
fn window_one_accepts_neighbours_and_refuses_two_steps_away() {
    let totp = cognito_totp();
    let now = 1_700_000_015;
    let step = totp.time_step(now);
    let code_at = |offset: i64| totp.generate(now.checked_add_signed(offset * 30).unwrap());

    assert_eq!(totp.verify(&code_at(0), now, 1).unwrap(), step);
    assert_eq!(totp.verify(&code_at(-1), now, 1).unwrap(), step - 1);
    assert_eq!(totp.verify(&code_at(1), now, 1).unwrap(), step + 1);
    let mut refused = 0;
    for far in [-2, 2, -3, 3] {
        let code = code_at(far);
        // Skip a code that is by chance also the code of a step in the window.
        let in_window = (-1..=1).any(|o| code_at(o) == code);
        if !in_window {
            assert!(
                matches!(totp.verify(&code, now, 1), Err(Error::CodeMismatch)),
                "offset {far}"
            );
            refused += 1;
        }
    }
    assert!(
        refused >= 3,
        "the secret and time give no distinct far codes"
    );
    // A wider window accepts them.
    assert_eq!(totp.verify(&code_at(-2), now, 2).unwrap(), step - 2);
    assert_eq!(totp.verify(&code_at(2), now, 2).unwrap(), step + 2);
}

#[test]
fn window_zero_accepts_only_the_current_step() {
    let totp = cognito_totp();
    let now = 1_700_000_015;
    assert_eq!(
        totp.verify(&totp.generate(now), now, 0).unwrap(),
        totp.time_step(now)
    );
    // Any second of the same step gives the same code.
    let step_start = totp.time_step(now) * 30;
    assert_eq!(totp.generate(step_start), totp.generate(step_start + 29));
    let previous = totp.generate(now - 30);
    let next = totp.generate(now + 30);
    assert_ne!(previous, totp.generate(now));
    assert!(matches!(
        totp.verify(&previous, now, 0),
        Err(Error::CodeMismatch)
    ));
    assert!(matches!(
        totp.verify(&next, now, 0),
        Err(Error::CodeMismatch)
    ));
}

#[test]
fn a_wrong_code_is_a_mismatch() {
    let totp = cognito_totp();
    let now = 1_700_000_015;
    let window: Vec<String> = (0..3).map(|i| totp.generate(now - 30 + i * 30)).collect();
    let wrong = (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .unwrap();
    let err = totp.verify(&wrong, now, 1).unwrap_err();
    assert_eq!(err.code(), "CodeMismatchError");
}

#[test]
fn times_near_zero_and_the_end_of_time_do_not_panic() {
    let totp = cognito_totp();
    // Near 0 the window is clamped at step 0.
    let code = totp.generate(0);
    assert_eq!(totp.verify(&code, 0, MAX_VERIFY_WINDOW).unwrap(), 0);
    assert_eq!(totp.verify(&code, 0, 1).unwrap(), 0);
    assert_eq!(totp.verify(&totp.generate(30), 0, 1).unwrap(), 1);

    // Near u64::MAX the window is clamped at the last step.
    let last_step = u64::MAX / 30;
    let code = totp.generate(u64::MAX);
    assert_eq!(code.len(), 6);
    assert_eq!(totp.verify(&code, u64::MAX, 1).unwrap(), last_step);
    // With the widest window the nearest step with this code is returned: the current one.
    let step = totp.verify(&code, u64::MAX, MAX_VERIFY_WINDOW).unwrap();
    assert!((last_step - MAX_VERIFY_WINDOW..=last_step).contains(&step));
    assert_eq!(totp.generate(step * 30), code);
    assert_eq!(
        totp.verify(&totp.generate(u64::MAX - 30), u64::MAX, 1)
            .unwrap(),
        last_step - 1
    );

    // Extreme periods.
    let one = Totp::with_options(totp.secret().clone(), Algorithm::Sha1, 6, 1).unwrap();
    assert_eq!(
        one.verify(&one.generate(u64::MAX), u64::MAX, 1).unwrap(),
        u64::MAX
    );
    let huge = Totp::with_options(totp.secret().clone(), Algorithm::Sha512, 8, u64::MAX).unwrap();
    assert_eq!(huge.time_step(u64::MAX), 1);
    assert_eq!(huge.seconds_remaining(0), u64::MAX);
    assert_eq!(huge.seconds_remaining(u64::MAX), u64::MAX);
    assert_eq!(huge.verify(&huge.generate(5), 0, 1).unwrap(), 0);

    // A huge window is refused as a bad argument (it would take forever), not a panic.
    for window in [MAX_VERIFY_WINDOW + 1, u64::MAX] {
        let err = totp.verify(&code, u64::MAX, window).unwrap_err();
        assert_eq!(err.code(), "InvalidInputError", "window {window}");
        let err = totp.verify(&code, 0, window).unwrap_err();
        assert_eq!(err.code(), "InvalidInputError", "window {window}");
    }
}

#[test]
fn malformed_codes_are_invalid_input_not_mismatches() {
    let totp = cognito_totp();
    let now = 1_700_000_015;
    let good = totp.generate(now);
    let with_space = format!(" {good}");
    for bad in [
        "",
        "12345",
        "1234567",
        "12345a",
        "abcdef",
        "12 345",
        " 12345",
        "+12345",
        "-12345",
        "123.45",
        "１２３４５６", // full-width digits
        "١٢٣٤٥٦",       // Arabic-Indic digits
        "12345٣",
        "12345\u{0}",
        with_space.as_str(),
    ] {
        let err = totp.verify(bad, now, 1).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{bad:?}: {err:?}");
        assert_eq!(err.code(), "InvalidInputError");
        assert!(err.is_invalid_input());
    }
    // An 8-digit TOTP refuses a 6-digit code as malformed.
    let eight = rfc6238(Algorithm::Sha1);
    let err = eight.verify("287082", 59, 1).unwrap_err();
    assert_eq!(err.code(), "InvalidInputError");
}

#[test]
fn error_messages_do_not_echo_the_code() {
    let totp = cognito_totp();
    let err = totp.verify("98765x", 0, 1).unwrap_err();
    assert!(!err.to_string().contains("98765"), "{err}");
}

#[test]
fn now_functions_agree_with_the_clock() {
    let totp = cognito_totp();
    let code = totp.generate_now().unwrap();
    assert_eq!(code.len(), 6);
    // Window 1 covers a step boundary passed between the two calls.
    let step = totp.verify_now(&code, 1).unwrap();
    // After 2020-01-01.
    assert!(step > 1_577_836_800 / 30);
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/// RFC 4648 §10 test vector BASE32("foobar") = "MZXW6YTBOI======"; a secret needs 10 bytes, so
/// "foobarfoobar" (checked with Python's `base64.b32encode`: "MZXW6YTBOJTG633CMFZA====").
#[test]
fn base32_canonical_round_trip() {
    let secret = Secret::from_bytes(b"foobarfoobar").unwrap();
    assert_eq!(&*secret.to_base32(), "MZXW6YTBOJTG633CMFZA");
    assert!(&secret.to_base32().starts_with("MZXW6YTBO"));
    assert_eq!(
        Secret::from_base32("MZXW6YTBOJTG633CMFZA====").unwrap(),
        secret
    );
    let text = secret.to_base32().to_string();
    assert_eq!(Secret::from_base32(&text).unwrap(), secret);
    // "Hello!\xde\xad\xbe\xef" is the classic JBSWY3DPEHPK3PXP.
    let hello = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    assert_eq!(hello.as_bytes(), b"Hello!\xde\xad\xbe\xef");
    assert_eq!(hello.len(), 10);
    assert!(!hello.is_empty());
}

#[test]
fn base32_tolerant_decoding() {
    let reference = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    for text in [
        "jbswy3dpehpk3pxp",
        "JbSwY3dPeHpK3pXp",
        "JBSW Y3DP EHPK 3PXP",
        "jbsw-y3dp-ehpk-3pxp",
        "  JBSWY3DP\tEHPK3PXP\n",
        "JBSWY3DPEHPK3PXP=",
        "JBSWY3DPEHPK3PXP========",
        "JBSW Y3DP EHPK 3PXP = = =",
    ] {
        assert_eq!(Secret::from_base32(text).unwrap(), reference, "{text:?}");
    }
    // An 11-byte secret is 18 characters; with its canonical padding it is 24.
    let eleven = Secret::from_bytes(b"hello world").unwrap();
    let text = eleven.to_base32();
    assert_eq!(text.len(), 18);
    let padded = format!("{}======", &*text);
    assert_eq!(Secret::from_base32(&padded).unwrap(), eleven);
}

/// Non-canonical trailing bits (the unused low bits of the last character) are accepted:
/// Cognito's 32-byte secrets are 52 characters carrying 260 bits.
#[test]
fn base32_trailing_bits_are_ignored() {
    let zeros = Secret::from_bytes(&[0; 32]).unwrap();
    assert_eq!(*zeros.to_base32(), "A".repeat(52));
    let noisy = format!("{}P", "A".repeat(51)); // 'P' = 15: all four trailing bits set
    assert_eq!(Secret::from_base32(&noisy).unwrap(), zeros);
    // 16 characters (80 bits, 10 bytes): no trailing bits at all.
    assert_eq!(Secret::from_base32(&"A".repeat(16)).unwrap().len(), 10);
    // Lengths that Cognito-style secrets can have decode: 16, 18, 20, 21, 23, 24, ..., 52.
    for chars in 16..=104usize {
        let text = "Q".repeat(chars);
        let result = Secret::from_base32(&text);
        if matches!(chars % 8, 1 | 3 | 6) {
            assert_eq!(result.unwrap_err().code(), "InvalidInputError", "{chars}");
        } else {
            assert_eq!(result.unwrap().len(), chars * 5 / 8, "{chars}");
        }
    }
}

#[test]
fn base32_bad_character_names_it_and_its_position() {
    let cases: [(&str, char, usize); 7] = [
        ("JBSWY3DPEHPK3PX1", '1', 15),
        ("0BSWY3DPEHPK3PXP", '0', 0),
        ("JBSW Y3DP EHPK 3PX8", '8', 18),
        ("JBSWY3DPéHPK3PXP", 'é', 8),
        ("JBSWY3DP=EHPK3PXP", '=', 8),
        ("JBSWY3DP_EHPK3PXP", '_', 8),
        ("JBSWY3DP٣EHPK3PXP", '٣', 8),
    ];
    for (text, character, position) in cases {
        match Secret::from_base32(text) {
            Err(Error::InvalidSecret {
                character: c,
                position: p,
            }) => {
                assert_eq!((c, p), (character, position), "{text:?}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    let err = Secret::from_base32("JBSWY3DPEHPK3PX1").unwrap_err();
    assert_eq!(err.code(), "InvalidSecretError");
    assert!(!err.to_string().contains("JBSWY3DP"), "{err}");
}

#[test]
fn secret_too_short_boundary() {
    assert_eq!(MIN_SECRET_BASE32_CHARS, 16);
    let fifteen = "A".repeat(15);
    match Secret::from_base32(&fifteen) {
        Err(Error::SecretTooShort { chars }) => assert_eq!(chars, 15),
        other => panic!("{other:?}"),
    }
    assert!(Secret::from_base32(&"A".repeat(16)).is_ok());
    // Separators and padding do not count.
    match Secret::from_base32("AAAA AAAA AAAA AAA=") {
        Err(Error::SecretTooShort { chars }) => assert_eq!(chars, 15),
        other => panic!("{other:?}"),
    }
    match Secret::from_base32("") {
        Err(e @ Error::SecretTooShort { chars: 0 }) => {
            assert_eq!(e.code(), "SecretTooShortError")
        }
        other => panic!("{other:?}"),
    }
    // From bytes: 9 bytes (72 bits, 15 base32 characters) is too short, 10 is enough.
    match Secret::from_bytes(&[1; 9]) {
        Err(Error::SecretTooShort { chars }) => assert_eq!(chars, 15),
        other => panic!("{other:?}"),
    }
    assert_eq!(Secret::from_bytes(&[1; 10]).unwrap().len(), 10);
}

#[test]
fn secret_equality() {
    let a = Secret::from_bytes(&[1; 20]).unwrap();
    let b = Secret::from_bytes(&[1; 20]).unwrap();
    let c = Secret::from_bytes(&[2; 20]).unwrap();
    let d = Secret::from_bytes(&[1; 21]).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_ne!(a, d);
}

#[test]
fn debug_never_shows_the_secret() {
    let bytes: Vec<u8> = (0xa0..0xb4).collect();
    let secret = Secret::from_bytes(&bytes).unwrap();
    let base32 = secret.to_base32().to_string();
    let byte_list = format!("{bytes:?}");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let totp = Totp::new(secret.clone());
    let uri = totp.key_uri("alice", Some("Example")).unwrap();

    let debugs = [
        format!("{secret:?}"),
        format!("{secret:#?}"),
        format!("{totp:?}"),
        format!("{totp:#?}"),
        format!("{uri:?}"),
        format!("{uri:#?}"),
    ];
    for text in &debugs {
        assert!(!text.contains(&base32), "{text}");
        assert!(!text.contains(&base32[..8]), "{text}");
        assert!(!text.contains(&byte_list), "{text}");
        assert!(!text.contains("160, 161"), "{text}");
        assert!(!text.to_lowercase().contains(&hex[..8]), "{text}");
        assert!(text.contains("redacted"), "{text}");
    }
    assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    // The non-secret parts are still shown.
    assert!(debugs[2].contains("Sha1") && debugs[2].contains("30"));
    assert!(debugs[4].contains("alice") && debugs[4].contains("Example"));
}

// ---------------------------------------------------------------------------------------------
// Replay guard (RFC 6238 §5.2)
// ---------------------------------------------------------------------------------------------

#[test]
fn replay_guard_refuses_a_second_use() {
    let totp = cognito_totp();
    let now = 1_700_000_015;
    let step = totp.time_step(now);
    let mut guard = ReplayGuard::new();
    let code = totp.generate(now);

    assert_eq!(guard.verify("alice", &totp, &code, now, 1).unwrap(), step);
    assert_eq!(guard.last_accepted(&"alice"), Some(step));
    match guard.verify("alice", &totp, &code, now + 5, 1) {
        Err(e @ Error::CodeReused { .. }) => {
            assert_eq!(e.code(), "CodeReusedError");
            assert!(matches!(e, Error::CodeReused { step: s } if s == step));
        }
        other => panic!("{other:?}"),
    }
    // An earlier step's code is refused too once a later one was accepted.
    let previous = totp.generate(now - 30);
    assert!(matches!(
        guard.verify("alice", &totp, &previous, now, 1),
        Err(Error::CodeReused { step: s }) if s == step - 1
    ));
    // The next step is accepted.
    let next = totp.generate(now + 30);
    assert_eq!(
        guard.verify("alice", &totp, &next, now + 30, 1).unwrap(),
        step + 1
    );
    assert_eq!(guard.last_accepted(&"alice"), Some(step + 1));
    // A wrong code is a mismatch, and a malformed one invalid input; neither changes the state.
    assert!(matches!(
        guard.verify("alice", &totp, "12345x", now + 30, 1),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(guard.last_accepted(&"alice"), Some(step + 1));
}

#[test]
fn replay_guard_keys_are_independent() {
    let alice = cognito_totp();
    let bob = Totp::new(Secret::from_bytes(&[7; 20]).unwrap());
    let now = 1_700_000_015;
    let step = alice.time_step(now);
    let mut guard = ReplayGuard::new();

    assert_eq!(
        guard
            .verify(1u32, &alice, &alice.generate(now), now, 1)
            .unwrap(),
        step
    );
    // Same step, other key: accepted.
    assert_eq!(
        guard
            .verify(2u32, &bob, &bob.generate(now), now, 1)
            .unwrap(),
        step
    );
    assert_eq!(guard.len(), 2);
    // Forgetting a key lets its code be used again.
    assert_eq!(guard.forget(&1), Some(step));
    assert_eq!(guard.forget(&1), None);
    assert_eq!(guard.last_accepted(&1), None);
    assert_eq!(
        guard
            .verify(1u32, &alice, &alice.generate(now), now, 1)
            .unwrap(),
        step
    );
    assert!(format!("{guard:?}").contains("keys: 2"));
}

#[test]
fn replay_guard_mismatch() {
    let totp = cognito_totp();
    let now = 1_700_000_015;
    let mut guard = ReplayGuard::default();
    let window: Vec<String> = (0..3).map(|i| totp.generate(now - 30 + i * 30)).collect();
    let wrong = (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .unwrap();
    assert!(matches!(
        guard.verify("k", &totp, &wrong, now, 1),
        Err(Error::CodeMismatch)
    ));
    assert!(guard.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Key URIs
// ---------------------------------------------------------------------------------------------

#[test]
fn key_uri_text() {
    let totp = cognito_totp();
    let uri = totp
        .key_uri("alice@example.com", Some("Example Co"))
        .unwrap();
    assert_eq!(
        &*uri.to_uri(),
        "otpauth://totp/Example%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP\
         &issuer=Example%20Co&algorithm=SHA1&digits=6&period=30"
    );
    let no_issuer = totp.key_uri("alice", None).unwrap();
    assert_eq!(
        &*no_issuer.to_uri(),
        "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30"
    );
    let options = Totp::with_options(totp.secret().clone(), Algorithm::Sha512, 8, 60).unwrap();
    assert_eq!(
        &*options.key_uri("a", None).unwrap().to_uri(),
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&period=60"
    );
}

#[test]
fn key_uri_percent_encodes_special_characters() {
    let totp = cognito_totp();
    let uri = totp
        .key_uri("Jürgen & Co?#%+/ x", Some("A&B?C#D%E F/東京"))
        .unwrap();
    let text = uri.to_uri();
    assert!(
        text.starts_with(
            "otpauth://totp/A%26B%3FC%23D%25E%20F%2F%E6%9D%B1%E4%BA%AC:\
         J%C3%BCrgen%20%26%20Co%3F%23%25%2B%2F%20x?secret="
        ),
        "{}",
        &*text
    );
    assert!(text.contains("&issuer=A%26B%3FC%23D%25E%20F%2F%E6%9D%B1%E4%BA%AC&"));
    // Nothing but unreserved characters and the URI's own delimiters is left unencoded.
    assert!(!text.contains(' '));
    let parsed = KeyUri::parse(&text).unwrap();
    assert_eq!(parsed.account, "Jürgen & Co?#%+/ x");
    assert_eq!(parsed.issuer.as_deref(), Some("A&B?C#D%E F/東京"));
    assert_eq!(parsed.totp.secret(), totp.secret());
}

#[test]
fn key_uri_refuses_bad_names() {
    let totp = cognito_totp();
    for (account, issuer) in [
        ("", None),
        ("", Some("Example")),
        ("a:b", None),
        ("alice", Some("")),
        ("alice", Some("Ex:ample")),
        (" alice", Some("Example")),
    ] {
        let err = totp.key_uri(account, issuer).unwrap_err();
        assert_eq!(err.code(), "InvalidInputError", "{account:?} {issuer:?}");
    }
}

#[test]
fn parse_google_examples() {
    // The examples of Google Authenticator's "Key Uri Format" page.
    let uri = KeyUri::parse(
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
    )
    .unwrap();
    assert_eq!(uri.account, "alice@google.com");
    assert_eq!(uri.issuer.as_deref(), Some("Example"));
    assert_eq!(uri.totp.algorithm(), Algorithm::Sha1);
    assert_eq!(uri.totp.digits(), 6);
    assert_eq!(uri.totp.period(), 30);
    assert_eq!(uri.totp.secret(), cognito_totp().secret());

    let uri = KeyUri::parse(
        "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ\
         &issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
    )
    .unwrap();
    assert_eq!(uri.account, "john.doe@email.com");
    assert_eq!(uri.issuer.as_deref(), Some("ACME Co"));

    // Encoded colon, and the optional space before the account.
    let uri = KeyUri::parse(
        "otpauth://totp/Big%20Corporation%3A%20alice%40bigco.com?secret=JBSWY3DPEHPK3PXP",
    )
    .unwrap();
    assert_eq!(uri.account, "alice@bigco.com");
    assert_eq!(uri.issuer.as_deref(), Some("Big Corporation"));
}

#[test]
fn parse_variants() {
    let secret = "JBSWY3DPEHPK3PXP";
    // Issuer only as a parameter; '+' is a space in query values; unknown parameters and a
    // fragment are ignored; scheme and type ignore case; parameter names ignore case.
    let uri = KeyUri::parse(&format!(
        "OTPAUTH://TOTP/alice?Secret={secret}&issuer=My+Company&image=https%3A%2F%2Fx%2Fy.png\
         &Algorithm=sha256&digits=8&period=60#frag"
    ))
    .unwrap();
    assert_eq!(uri.account, "alice");
    assert_eq!(uri.issuer.as_deref(), Some("My Company"));
    assert_eq!(uri.totp.algorithm(), Algorithm::Sha256);
    assert_eq!(uri.totp.digits(), 8);
    assert_eq!(uri.totp.period(), 60);
    let reference = Totp::with_options(
        Secret::from_base32(secret).unwrap(),
        Algorithm::Sha256,
        8,
        60,
    )
    .unwrap();
    assert_eq!(
        uri.totp.generate(1_234_567_890),
        reference.generate(1_234_567_890)
    );

    // Lowercase, padded, percent-encoded secret; empty issuer parameter counts as absent.
    let uri =
        KeyUri::parse("otpauth://totp/alice?secret=jbswy3dpehpk3pxp%3D%3D%3D&issuer=").unwrap();
    assert_eq!(uri.totp.secret().as_bytes(), b"Hello!\xde\xad\xbe\xef");
    assert_eq!(uri.issuer, None);

    // Percent-encoded spaces inside the secret are separators like literal ones.
    let uri = KeyUri::parse("otpauth://totp/alice?secret=JBSW%20Y3DP%20EHPK%203PXP").unwrap();
    assert_eq!(uri.totp.secret().as_bytes(), b"Hello!\xde\xad\xbe\xef");

    // Matching issuer in label and parameter.
    let uri = KeyUri::parse("otpauth://totp/A%20B:c?issuer=A+B&secret=JBSWY3DPEHPK3PXP").unwrap();
    assert_eq!(uri.issuer.as_deref(), Some("A B"));
    assert_eq!(uri.account, "c");
}

fn uri_error(uri: &str) -> UriErrorKind {
    match KeyUri::parse(uri) {
        Err(e @ Error::InvalidUri { .. }) => {
            assert_eq!(e.code(), "InvalidUriError");
            assert!(e.is_invalid_input());
            match e {
                Error::InvalidUri { kind, message } => {
                    assert!(!message.contains("JBSWY3DP"), "{message}");
                    kind
                }
                _ => unreachable!(),
            }
        }
        other => panic!("{uri}: {other:?}"),
    }
}

#[test]
fn parse_errors_have_specific_kinds() {
    use UriErrorKind::*;
    let s = "secret=JBSWY3DPEHPK3PXP";
    let cases: Vec<(String, UriErrorKind)> = vec![
        (String::new(), BadScheme),
        ("otpauth".into(), BadScheme),
        (format!("http://totp/a?{s}"), BadScheme),
        (format!("otpauth:/totp/a?{s}"), BadScheme),
        (format!("otpauth://hotp/a?{s}&counter=0"), UnsupportedType),
        (format!("otpauth://foo/a?{s}"), UnsupportedType),
        (format!("otpauth:///a?{s}"), UnsupportedType),
        (format!("otpauth://totp?{s}"), MissingLabel),
        (format!("otpauth://totp/?{s}"), MissingLabel),
        (format!("otpauth://totp/Issuer:?{s}"), MissingLabel),
        (format!("otpauth://totp/:alice?{s}"), MissingLabel),
        ("otpauth://totp/alice".into(), MissingSecret),
        ("otpauth://totp/alice?issuer=x".into(), MissingSecret),
        (
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PX1".into(),
            BadSecret,
        ),
        ("otpauth://totp/alice?secret=JBSWY3DP".into(), BadSecret),
        ("otpauth://totp/alice?secret=".into(), BadSecret),
        (
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXPA".into(),
            BadSecret,
        ),
        // '+' is not a space inside the secret (base32 has none to encode).
        (
            "otpauth://totp/alice?secret=JBSW+Y3DP+EHPK+3PXP".into(),
            BadSecret,
        ),
        (
            format!("otpauth://totp/A:alice?{s}&issuer=B"),
            IssuerMismatch,
        ),
        (
            format!("otpauth://totp/A:alice?{s}&issuer=a"),
            IssuerMismatch,
        ),
        (
            format!("otpauth://totp/alice?{s}&algorithm=MD5"),
            BadAlgorithm,
        ),
        (format!("otpauth://totp/alice?{s}&algorithm="), BadAlgorithm),
        (format!("otpauth://totp/alice?{s}&digits=5"), BadDigits),
        (format!("otpauth://totp/alice?{s}&digits=9"), BadDigits),
        (format!("otpauth://totp/alice?{s}&digits=six"), BadDigits),
        (format!("otpauth://totp/alice?{s}&digits=+6"), BadDigits),
        (format!("otpauth://totp/alice?{s}&digits="), BadDigits),
        (
            format!("otpauth://totp/alice?{s}&digits=4294967302"),
            BadDigits,
        ),
        (format!("otpauth://totp/alice?{s}&period=0"), BadPeriod),
        (format!("otpauth://totp/alice?{s}&period=-30"), BadPeriod),
        (format!("otpauth://totp/alice?{s}&period=1.5"), BadPeriod),
        (
            format!("otpauth://totp/alice?{s}&period=99999999999999999999"),
            BadPeriod,
        ),
        (format!("otpauth://totp/%zz?{s}"), BadEncoding),
        (format!("otpauth://totp/alice%?{s}"), BadEncoding),
        (format!("otpauth://totp/alice%FF?{s}"), BadEncoding),
        (format!("otpauth://totp/alice?{s}&issuer=%C3"), BadEncoding),
        (
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PX%".into(),
            BadEncoding,
        ),
        (format!("otpauth://totp/alice?{s}&{s}"), DuplicateParameter),
        (
            format!("otpauth://totp/alice?{s}&SECRET=JBSWY3DPEHPK3PXP"),
            DuplicateParameter,
        ),
        (
            format!("otpauth://totp/alice?{s}&digits=6&digits=6"),
            DuplicateParameter,
        ),
        (
            format!("otpauth://totp/alice?{s}&issuer=a&issuer=a"),
            DuplicateParameter,
        ),
        (
            format!("otpauth://totp/alice?{s}&period=30&period=30"),
            DuplicateParameter,
        ),
        (
            format!("otpauth://totp/alice?{s}&algorithm=SHA1&algorithm=SHA1"),
            DuplicateParameter,
        ),
    ];
    for (uri, kind) in cases {
        assert_eq!(uri_error(&uri), kind, "{uri}");
    }
    // Unknown parameters may repeat.
    assert!(KeyUri::parse(&format!("otpauth://totp/alice?{s}&image=a&image=b")).is_ok());
}

// ---------------------------------------------------------------------------------------------
// QR codes
// ---------------------------------------------------------------------------------------------

#[test]
fn qr_svg_is_an_svg_document() {
    let uri = cognito_totp().key_uri("alice", Some("Example")).unwrap();
    let svg = qr_svg(&uri.to_uri()).unwrap();
    assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("<svg"));
    assert!(svg.contains("<path") || svg.contains("<rect"));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn qr_text_shape() {
    let uri = cognito_totp().key_uri("alice", Some("Example")).unwrap();
    let text = qr_text(&uri.to_uri()).unwrap();
    assert!(text.ends_with('\n'));
    let lines: Vec<&str> = text.lines().collect();
    let width = lines[0].chars().count();
    // A QR symbol is 21 + 4k modules wide; plus a quiet zone of 4 on each side.
    assert!(width >= 29 && (width - 29).is_multiple_of(4), "{width}");
    assert_eq!(lines.len(), width.div_ceil(2));
    for line in &lines {
        assert_eq!(line.chars().count(), width);
        assert!(
            line.chars().all(|c| matches!(c, '▀' | '▄' | '█' | ' ')),
            "{line}"
        );
    }
    // The quiet zone: the first two lines are light (full blocks), and every line starts and
    // ends with four light modules.
    assert!(lines[0].chars().all(|c| c == '█'));
    assert!(lines[1].chars().all(|c| c == '█'));
    for line in &lines[..lines.len() - 1] {
        assert!(line.starts_with("████") && line.ends_with("████"), "{line}");
    }
    // There are dark modules somewhere (spaces or half blocks).
    assert!(text.contains(' '));
}

#[test]
fn qr_refuses_text_that_is_too_long() {
    let long = "A".repeat(8000);
    assert_eq!(qr_svg(&long).unwrap_err().code(), "InvalidInputError");
    assert_eq!(qr_text(&long).unwrap_err().code(), "InvalidInputError");
    // A typical key URI fits easily.
    assert!(qr_text(&"a".repeat(300)).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------------

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

/// Names: any characters but ':', not empty, not starting with a space.
fn name() -> impl Strategy<Value = String> {
    "[^: ][^:]{0,24}"
}

proptest! {
    /// to_uri followed by parse gives back the same key and names.
    #[test]
    fn key_uri_round_trip(
        bytes in proptest::collection::vec(any::<u8>(), 10..80),
        account in name(),
        issuer in proptest::option::of(name()),
        algorithm in algorithm(),
        digits in 6u32..=8,
        period in prop_oneof![1u64..=300, 1u64..=u64::MAX],
    ) {
        let secret = Secret::from_bytes(&bytes).unwrap();
        let totp = Totp::with_options(secret, algorithm, digits, period).unwrap();
        let uri = totp.key_uri(&account, issuer.as_deref()).unwrap();
        let text = uri.to_uri();
        let parsed = KeyUri::parse(&text).unwrap();
        prop_assert_eq!(parsed.totp.secret().as_bytes(), &bytes[..]);
        prop_assert_eq!(parsed.totp.algorithm(), algorithm);
        prop_assert_eq!(parsed.totp.digits(), digits);
        prop_assert_eq!(parsed.totp.period(), period);
        prop_assert_eq!(&parsed.account, &account);
        prop_assert_eq!(&parsed.issuer, &issuer);
        prop_assert_eq!(&*parsed.to_uri(), &*text);
    }

    /// base32 round trip for any secret, also after lowercasing and grouping by 4.
    #[test]
    fn base32_round_trip(bytes in proptest::collection::vec(any::<u8>(), 10..100)) {
        let secret = Secret::from_bytes(&bytes).unwrap();
        let text = secret.to_base32();
        prop_assert!(!text.contains('='));
        let decoded = Secret::from_base32(&text).unwrap();
        prop_assert_eq!(decoded.as_bytes(), &bytes[..]);
        let grouped: String = text
            .to_lowercase()
            .chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let decoded = Secret::from_base32(&grouped).unwrap();
        prop_assert_eq!(decoded.as_bytes(), &bytes[..]);
    }

    /// A generated code always verifies at the same time, with any window, at any time.
    #[test]
    fn generated_codes_verify(
        bytes in proptest::collection::vec(any::<u8>(), 10..70),
        algorithm in algorithm(),
        digits in 6u32..=8,
        period in 1u64..=u64::MAX,
        time in any::<u64>(),
        window in 0u64..=3,
    ) {
        let totp = Totp::with_options(Secret::from_bytes(&bytes).unwrap(), algorithm, digits, period)
            .unwrap();
        let code = totp.generate(time);
        prop_assert_eq!(code.len(), digits as usize);
        prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
        let step = totp.verify(&code, time, window).unwrap();
        // Steps are tried nearest first, so the current step is the one found.
        prop_assert_eq!(step, totp.time_step(time));
        prop_assert!(totp.seconds_remaining(time) >= 1 && totp.seconds_remaining(time) <= period);
    }
}
