//! Integration tests of `cognito_mfa::srp`: a known-answer vector of a whole exchange (fixed
//! `a`, `b`, salt and SECRET_BLOCK; its values agree across three independent implementations
//! of Cognito's SRP), round trips between the two halves, and every refusal.

// Helpers outside `#[test]` functions fail the test the same way.
#![allow(clippy::unwrap_used, clippy::panic)]

use cognito_mfa::Error;
use cognito_mfa::error::SrpErrorKind;
use cognito_mfa::srp::{
    Password, SrpClient, SrpServer, Verifier, format_timestamp, kat, parse_timestamp, pool_name,
    secret_hash,
};
use data_encoding::{BASE64, HEXLOWER};

// ---- the known-answer vector ----

const POOL_ID: &str = "us-east-1_AbCdEfGhI";
const USER_ID: &str = "3f2a4c1e-1111-2222-3333-444455556666";
const PASSWORD: &str = "Passw0rd!";
const SALT_HEX: &str = "8f3e0c9a1b2c3d4e5f60718293a4b5c6";
const TIMESTAMP: &str = "Tue Jan 2 03:04:05 UTC 2024";

fn kat_a() -> Vec<u8> {
    vec![0xa1; 128]
}

fn kat_b() -> Vec<u8> {
    vec![0xb2; 32]
}

fn kat_secret_block() -> String {
    BASE64.encode(&(0u8..0x40).collect::<Vec<u8>>())
}

fn kat_verifier() -> Verifier {
    let salt = HEXLOWER.decode(SALT_HEX.as_bytes()).unwrap();
    Verifier::new("AbCdEfGhI", USER_ID, &Password::new(PASSWORD), &salt).unwrap()
}

fn srp_kind(err: &Error) -> SrpErrorKind {
    match err {
        Error::Srp { kind, .. } => kind.clone(),
        other => panic!("expected an SRP error, got {other:?}"),
    }
}

#[test]
fn kat_group_constants() {
    // RFC 3526 §4: the 3072-bit MODP prime; padHex puts "00" before its leading "ff".
    let n = kat::n_hex();
    assert_eq!(n.len(), 770);
    assert!(n.starts_with("00ffffffffffffffffc90fdaa22168c234"), "{n}");
    assert!(n.ends_with("4b82d120a93ad2caffffffffffffffff"), "{n}");
    assert_eq!(
        kat::k_hex(),
        "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
    );
}

#[test]
fn kat_pool_name() {
    assert_eq!(pool_name(POOL_ID).unwrap(), "AbCdEfGhI");
}

#[test]
fn kat_srp_a() {
    let client = SrpClient::from_private_bytes(&kat_a()).unwrap();
    let a = client.srp_a();
    assert_eq!(a.len(), 768);
    assert!(a.starts_with("c02a160ecd7f774f857baa05bd1b2ad7"), "{a}");
    assert!(a.ends_with("30d423a19a1870467123d843146b2d63"), "{a}");
}

#[test]
fn kat_srp_b_and_salt() {
    let server = SrpServer::new(&kat_verifier(), &kat_b()).unwrap();
    let b = server.srp_b();
    assert!(b.starts_with("f07b3d162dec49f8d37797d9962b08e2"), "{b}");
    assert!(b.ends_with("3c218bdebcb6088d35852c099f7c9a84"), "{b}");
    // padHex of a salt whose first digit is 8: "00" in front.
    assert_eq!(server.salt_hex(), format!("00{SALT_HEX}"));
}

#[test]
fn kat_user_password_hash() {
    assert_eq!(
        kat::user_password_hash_hex("AbCdEfGhI", USER_ID, &Password::new(PASSWORD)),
        "a0f60b56d292efb98de506769bb9536eb4c50ff897215e1af2b5ff89030e0bcf"
    );
}

#[test]
fn kat_every_client_intermediate() {
    let server = SrpServer::new(&kat_verifier(), &kat_b()).unwrap();
    let client = SrpClient::from_private_bytes(&kat_a()).unwrap();
    let trace = kat::client_trace(
        &client,
        "AbCdEfGhI",
        USER_ID,
        &Password::new(PASSWORD),
        SALT_HEX,
        &server.srp_b(),
        &kat_secret_block(),
        TIMESTAMP,
    )
    .unwrap();
    assert_eq!(
        trace.x,
        "c49fa302c7cea556a364dd6ae8aae217a632ab13617623a74730660f6079897b"
    );
    assert_eq!(
        trace.u,
        "6397ef8b18242a78d3bbeaba637fc859f74b3a90fa5765a63ddc0a32b6950f6c"
    );
    assert!(trace.s.starts_with("01d809f7df98310f"), "{}", trace.s);
    assert!(trace.s.ends_with("c7bf152379f7c265"), "{}", trace.s);
    assert_eq!(trace.key, "1d46d42167d7bb38c33804e36d9a60ac");
    assert_eq!(
        trace.signature,
        "yM/xz01PYhJ64jrxIo8MqL7BUu8zAxQkEYjtjFEN3io="
    );

    // The server reaches the same S from its side.
    assert_eq!(
        kat::server_premaster_hex(&server, &client.srp_a()).unwrap(),
        trace.s
    );
}

#[test]
fn kat_server_reaches_the_same_values_without_x() {
    // A verifier made from the password computes v^u as g^(x·u) from the fixed-base table; one
    // received on the wire (as ConfirmDevice sends it) has no x and takes the generic power of
    // v. Both must give the vector's B and S.
    let verifier = kat_verifier();
    let wire = Verifier::from_wire(verifier.salt_bytes(), &verifier.verifier_bytes()).unwrap();
    let client = SrpClient::from_private_bytes(&kat_a()).unwrap();
    let with_x = SrpServer::new(&verifier, &kat_b()).unwrap();
    let without_x = SrpServer::new(&wire, &kat_b()).unwrap();
    assert_eq!(with_x.srp_b(), without_x.srp_b());
    assert_eq!(with_x.salt_hex(), without_x.salt_hex());
    let s = kat::server_premaster_hex(&with_x, &client.srp_a()).unwrap();
    assert!(s.starts_with("01d809f7df98310f"), "{s}");
    assert_eq!(
        kat::server_premaster_hex(&without_x, &client.srp_a()).unwrap(),
        s
    );
    // Random b of every accepted size, both paths.
    for len in [1usize, 53, 64, 65, 256] {
        let b: Vec<u8> = (0..len).map(|i| (i as u8).wrapping_mul(37) | 1).collect();
        let with_x = SrpServer::new(&verifier, &b).unwrap();
        let without_x = SrpServer::new(&wire, &b).unwrap();
        assert_eq!(with_x.srp_b(), without_x.srp_b(), "{len}-byte b");
        assert_eq!(
            kat::server_premaster_hex(&with_x, &client.srp_a()).unwrap(),
            kat::server_premaster_hex(&without_x, &client.srp_a()).unwrap(),
            "{len}-byte b"
        );
        let block = kat_secret_block();
        let signature = kat_claim(&with_x.srp_b(), &with_x.salt_hex(), &block).unwrap();
        for server in [&with_x, &without_x] {
            server
                .verify_claim(
                    "AbCdEfGhI",
                    USER_ID,
                    &client.srp_a(),
                    &block,
                    TIMESTAMP,
                    &signature,
                )
                .unwrap();
        }
    }
}

#[test]
fn claim_key_ahead_of_the_claim_verifies_as_verify_claim_does() {
    let server = SrpServer::new(&kat_verifier(), &kat_b()).unwrap();
    let client = SrpClient::from_private_bytes(&kat_a()).unwrap();
    let block = kat_secret_block();
    let signature = kat_claim(&server.srp_b(), SALT_HEX, &block).unwrap();
    let key = server.claim_key(&client.srp_a()).unwrap();
    assert_eq!(format!("{key:?}"), "ClaimKey { key: [redacted] }");
    key.verify_claim("AbCdEfGhI", USER_ID, &block, TIMESTAMP, &signature)
        .unwrap();
    let wrong = kat_claim(&server.srp_b(), SALT_HEX, "AAECAw==").unwrap();
    let err = key
        .verify_claim("AbCdEfGhI", USER_ID, &block, TIMESTAMP, &wrong)
        .unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::BadSignature);
    let err = server.claim_key("0").map(|_| ()).unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::ClientValueZero);
}

#[test]
fn kat_password_claim_and_server_verify() {
    let server = SrpServer::new(&kat_verifier(), &kat_b()).unwrap();
    let client = SrpClient::from_private_bytes(&kat_a()).unwrap();
    let block = kat_secret_block();
    let claim = client
        .password_claim(
            "AbCdEfGhI",
            USER_ID,
            &Password::new(PASSWORD),
            SALT_HEX,
            &server.srp_b(),
            &block,
            TIMESTAMP,
        )
        .unwrap();
    assert_eq!(
        claim.signature,
        "yM/xz01PYhJ64jrxIo8MqL7BUu8zAxQkEYjtjFEN3io="
    );
    assert_eq!(claim.secret_block, block);
    assert_eq!(claim.timestamp, TIMESTAMP);
    server
        .verify_claim(
            "AbCdEfGhI",
            USER_ID,
            &client.srp_a(),
            &claim.secret_block,
            &claim.timestamp,
            &claim.signature,
        )
        .unwrap();
}

#[test]
fn kat_secret_hash() {
    // base64(HMAC-SHA256(key "secretsecret", "alice" + "1example23456789")).
    assert_eq!(
        secret_hash("secretsecret", "alice", "1example23456789"),
        "cDGMGyKSnP2OTXWyRL1FXlsWMa9lAJM+pnUHxX0xRT4="
    );
}

// ---- padHex ----

#[test]
fn pad_hex_edge_cases() {
    // Leading nibble 0-7 with even length: unchanged.
    assert_eq!(kat::pad_hex("7f").unwrap(), "7f");
    // Leading nibble 8-f: "00" in front (the number stays positive in two's complement).
    for digit in ["8", "9", "a", "b", "c", "d", "e", "f"] {
        assert_eq!(
            kat::pad_hex(&format!("{digit}0")).unwrap(),
            format!("00{digit}0")
        );
    }
    // Odd length: "0" in front, after which the leading nibble is 0.
    assert_eq!(kat::pad_hex("abc").unwrap(), "0abc");
    assert_eq!(kat::pad_hex("8").unwrap(), "08");
    // Leading zeros of the input do not count (padHex works on the number).
    assert_eq!(kat::pad_hex("0000ff").unwrap(), "00ff");
    assert_eq!(kat::pad_hex("0").unwrap(), "00");
    // Upper case input, lower case output.
    assert_eq!(kat::pad_hex("ABCD").unwrap(), "00abcd");
}

// ---- round trips ----

#[test]
fn round_trip_with_random_values() {
    for _ in 0..3 {
        let verifier =
            Verifier::new_random_salt("AbCdEfGhI", "user-1", &Password::from("correct horse"))
                .unwrap();
        assert_eq!(verifier.salt_hex().len() % 2, 0);
        let server = SrpServer::new_random(&verifier).unwrap();
        let client = SrpClient::new_random().unwrap();
        let claim = client
            .password_claim(
                "AbCdEfGhI",
                "user-1",
                &Password::from("correct horse".to_owned()),
                &server.salt_hex(),
                &server.srp_b(),
                "AAECAw==",
                &format_timestamp(1_700_000_000).unwrap(),
            )
            .unwrap();
        server
            .verify_claim(
                "AbCdEfGhI",
                "user-1",
                &client.srp_a(),
                &claim.secret_block,
                &claim.timestamp,
                &claim.signature,
            )
            .unwrap();
    }
}

#[test]
fn two_random_clients_differ() {
    let one = SrpClient::new_random().unwrap();
    let two = SrpClient::new_random().unwrap();
    assert_ne!(one.srp_a(), two.srp_a());
}

fn claim_with(password: &str, server: &SrpServer, client: &SrpClient) -> String {
    client
        .password_claim(
            "AbCdEfGhI",
            "user-1",
            &Password::new(password),
            &server.salt_hex(),
            &server.srp_b(),
            "AAECAw==",
            TIMESTAMP,
        )
        .unwrap()
        .signature
}

#[test]
fn wrong_password_gives_bad_signature() {
    let verifier =
        Verifier::new_random_salt("AbCdEfGhI", "user-1", &Password::new("right")).unwrap();
    let server = SrpServer::new_random(&verifier).unwrap();
    let client = SrpClient::new_random().unwrap();
    let signature = claim_with("wrong", &server, &client);
    let err = server
        .verify_claim(
            "AbCdEfGhI",
            "user-1",
            &client.srp_a(),
            "AAECAw==",
            TIMESTAMP,
            &signature,
        )
        .unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::BadSignature);
    assert_eq!(err.code(), "SrpError");
}

#[test]
fn signature_binds_every_signed_field() {
    let verifier = Verifier::new_random_salt("AbCdEfGhI", "user-1", &Password::new("pw")).unwrap();
    let server = SrpServer::new_random(&verifier).unwrap();
    let client = SrpClient::new_random().unwrap();
    let signature = claim_with("pw", &server, &client);
    let a = client.srp_a();
    // The genuine claim verifies ...
    server
        .verify_claim("AbCdEfGhI", "user-1", &a, "AAECAw==", TIMESTAMP, &signature)
        .unwrap();
    // ... and changing any one signed input breaks it.
    let other_client = SrpClient::new_random().unwrap();
    let cases = [
        ("OtherPool", "user-1", a.as_str(), "AAECAw==", TIMESTAMP),
        ("AbCdEfGhI", "user-2", a.as_str(), "AAECAw==", TIMESTAMP),
        ("AbCdEfGhI", "user-1", a.as_str(), "AAECBA==", TIMESTAMP),
        (
            "AbCdEfGhI",
            "user-1",
            a.as_str(),
            "AAECAw==",
            "Tue Jan 2 03:04:06 UTC 2024",
        ),
    ];
    for (pool, user, srp_a, block, timestamp) in cases {
        let err = server
            .verify_claim(pool, user, srp_a, block, timestamp, &signature)
            .unwrap_err();
        assert_eq!(
            srp_kind(&err),
            SrpErrorKind::BadSignature,
            "{pool} {user} {block} {timestamp}"
        );
    }
    let err = server
        .verify_claim(
            "AbCdEfGhI",
            "user-1",
            &other_client.srp_a(),
            "AAECAw==",
            TIMESTAMP,
            &signature,
        )
        .unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::BadSignature);
    // A truncated signature (valid base64, 31 bytes) is refused, not compared partially.
    let short = BASE64.encode(&BASE64.decode(signature.as_bytes()).unwrap()[..31]);
    let err = server
        .verify_claim("AbCdEfGhI", "user-1", &a, "AAECAw==", TIMESTAMP, &short)
        .unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::BadSignature);
}

// ---- refusals ----

fn kat_claim(srp_b: &str, salt: &str, block: &str) -> Result<String, Error> {
    SrpClient::from_private_bytes(&kat_a())?
        .password_claim(
            "AbCdEfGhI",
            USER_ID,
            &Password::new(PASSWORD),
            salt,
            srp_b,
            block,
            TIMESTAMP,
        )
        .map(|c| c.signature)
}

#[test]
fn client_refuses_b_that_is_zero_mod_n() {
    let n_hex = kat::n_hex();
    let block = kat_secret_block();
    for b in ["0", "000", n_hex.as_str(), n_hex.trim_start_matches('0')] {
        let err = kat_claim(b, SALT_HEX, &block).unwrap_err();
        assert_eq!(srp_kind(&err), SrpErrorKind::ServerValueZero, "B = {b}");
        assert_eq!(err.code(), "SrpError");
    }
    // B = N - 1 (the last digit f becomes e) is not 0 mod N: accepted.
    let mut n_minus_one = n_hex.trim_start_matches('0').to_owned();
    n_minus_one.replace_range(n_minus_one.len() - 1.., "e");
    assert!(kat_claim(&n_minus_one, SALT_HEX, &block).is_ok());
}

#[test]
fn server_refuses_a_that_is_zero_mod_n() {
    let server = SrpServer::new(&kat_verifier(), &kat_b()).unwrap();
    let n_hex = kat::n_hex();
    for a in ["0", n_hex.as_str()] {
        let err = server
            .verify_claim("AbCdEfGhI", USER_ID, a, "AAECAw==", TIMESTAMP, "AAAA")
            .unwrap_err();
        assert_eq!(srp_kind(&err), SrpErrorKind::ClientValueZero, "A = {a}");
    }
}

#[test]
fn scrambler_zero_is_refused() {
    // u = H(A ‖ B) cannot be steered to 0, so the check itself is tested.
    let err = kat::check_scrambler(&[0u8; 32]).unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::ScramblerZero);
    let mut one = [0u8; 32];
    one[31] = 1;
    assert!(kat::check_scrambler(&one).is_ok());
}

#[test]
fn bad_hex_names_the_field() {
    let block = kat_secret_block();
    let server = SrpServer::new(&kat_verifier(), &kat_b()).unwrap();
    let b = server.srp_b();
    for bad in ["", "xyz", "12 34", "0x12", "-1"] {
        let err = kat_claim(&b, bad, &block).unwrap_err();
        assert_eq!(
            srp_kind(&err),
            SrpErrorKind::BadHex { field: "SALT" },
            "{bad:?}"
        );
        let err = kat_claim(bad, SALT_HEX, &block).unwrap_err();
        assert_eq!(
            srp_kind(&err),
            SrpErrorKind::BadHex { field: "SRP_B" },
            "{bad:?}"
        );
        let err = server
            .verify_claim("AbCdEfGhI", USER_ID, bad, "AAECAw==", TIMESTAMP, "AAAA")
            .unwrap_err();
        assert_eq!(
            srp_kind(&err),
            SrpErrorKind::BadHex { field: "SRP_A" },
            "{bad:?}"
        );
    }
    // More than 3072 bits is refused as well; leading zeros are not counted.
    let too_long = format!("1{}", "0".repeat(768));
    let err = kat_claim(&too_long, SALT_HEX, &block).unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::BadHex { field: "SRP_B" });
    assert_eq!(
        kat_claim(&format!("0000{b}"), SALT_HEX, &block).unwrap(),
        "yM/xz01PYhJ64jrxIo8MqL7BUu8zAxQkEYjtjFEN3io="
    );
    // Upper-case hex is the same number.
    assert_eq!(
        kat_claim(&b.to_uppercase(), &SALT_HEX.to_uppercase(), &block).unwrap(),
        "yM/xz01PYhJ64jrxIo8MqL7BUu8zAxQkEYjtjFEN3io="
    );
}

#[test]
fn bad_base64_names_the_field() {
    let server = SrpServer::new(&kat_verifier(), &kat_b()).unwrap();
    let b = server.srp_b();
    for bad in [
        "not base64!",
        "AAECAw",
        "AAE=CAw=",
        "AAECAw===",
        "AA==AA==",
        "AAECAx==",
    ] {
        let err = kat_claim(&b, SALT_HEX, bad).unwrap_err();
        assert_eq!(
            srp_kind(&err),
            SrpErrorKind::BadBase64 {
                field: "SECRET_BLOCK"
            },
            "{bad:?}"
        );
    }
    let a = SrpClient::from_private_bytes(&kat_a()).unwrap().srp_a();
    let err = server
        .verify_claim("AbCdEfGhI", USER_ID, &a, "%%%", TIMESTAMP, "AAAA")
        .unwrap_err();
    assert_eq!(
        srp_kind(&err),
        SrpErrorKind::BadBase64 {
            field: "PASSWORD_CLAIM_SECRET_BLOCK"
        }
    );
    let err = server
        .verify_claim("AbCdEfGhI", USER_ID, &a, "AAECAw==", TIMESTAMP, "%%%")
        .unwrap_err();
    assert_eq!(
        srp_kind(&err),
        SrpErrorKind::BadBase64 {
            field: "PASSWORD_CLAIM_SIGNATURE"
        }
    );
}

#[test]
fn private_values_are_checked() {
    for bad in [&[][..], &[0u8; 16][..], &[1u8; 257][..]] {
        let err = SrpClient::from_private_bytes(bad).unwrap_err();
        assert_eq!(err.code(), "InvalidInputError", "{} bytes", bad.len());
        let err = SrpServer::new(&kat_verifier(), bad).unwrap_err();
        assert_eq!(err.code(), "InvalidInputError", "{} bytes", bad.len());
    }
    assert!(SrpClient::from_private_bytes(&[1u8; 256]).is_ok());
    let err = Verifier::new("AbCdEfGhI", USER_ID, &Password::new(PASSWORD), &[]).unwrap_err();
    assert_eq!(err.code(), "InvalidInputError");
}

// ---- secrets stay secret ----

#[test]
fn debug_output_redacts_secrets() {
    let password = Password::new("hunter2-secret");
    assert_eq!(format!("{password:?}"), "Password([redacted])");
    assert_eq!(password.expose_secret(), "hunter2-secret");

    let client = SrpClient::from_private_bytes(&kat_a()).unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains("a1a1"), "{shown}");
    assert!(shown.contains(&client.srp_a()), "A is public: {shown}");

    let verifier = kat_verifier();
    let server = SrpServer::new(&verifier, &kat_b()).unwrap();
    let shown = format!("{verifier:?} {server:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains("b2b2"), "{shown}");
}

// ---- SECRET_HASH ----

#[test]
fn secret_hash_matches_hmac_definition() {
    // HMAC keys longer than SHA-256's 64-byte block are hashed first (RFC 2104 §2); the
    // crate's infallible key handling must agree with the hmac crate for every key length.
    use hmac::{Hmac, KeyInit, Mac};
    for len in [0usize, 1, 32, 63, 64, 65, 200] {
        let key = vec![0x5a; len];
        let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key).unwrap();
        mac.update(b"message");
        let expected: [u8; 32] = mac.finalize().into_bytes().into();
        assert_eq!(
            kat::hmac_sha256(&key, b"message"),
            expected,
            "key of {len} bytes"
        );
    }
    assert_ne!(
        secret_hash("secretsecret", "bob", "1example23456789"),
        secret_hash("secretsecret", "alice", "1example23456789")
    );
}

// ---- TIMESTAMP ----

#[test]
fn timestamp_day_is_not_padded() {
    // 2024-01-02T03:04:05Z: the day is not zero-padded, the time is.
    assert_eq!(
        format_timestamp(1_704_164_645).unwrap(),
        "Tue Jan 2 03:04:05 UTC 2024"
    );
    // 2024-11-23T19:08:07Z: a two-digit day.
    assert_eq!(
        format_timestamp(1_732_388_887).unwrap(),
        "Sat Nov 23 19:08:07 UTC 2024"
    );
    assert_eq!(
        parse_timestamp("Sat Nov 23 19:08:07 UTC 2024").unwrap(),
        1_732_388_887
    );
    assert_eq!(format_timestamp(0).unwrap(), "Thu Jan 1 00:00:00 UTC 1970");
}

#[test]
fn timestamp_past_year_9999_is_invalid_input() {
    let err = format_timestamp(253_402_300_800).unwrap_err();
    assert_eq!(err.code(), "InvalidInputError");
    assert!(format_timestamp(u64::MAX).is_err());
}

#[test]
fn parse_timestamp_rejects_wrong_shapes() {
    for bad in [
        "Tue Jan 02 03:04:05 UTC 2024", // padded day
        "Wed Jan 2 03:04:05 UTC 2024",  // wrong weekday for the date
        "Di Jan 2 03:04:05 UTC 2024",   // not English
        "Tue Jän 2 03:04:05 UTC 2024",  // not English
        "tue jan 2 03:04:05 UTC 2024",  // wrong case
        "Tue Jan  2 03:04:05 UTC 2024", // C asctime-style double space
        "Tue Jan 2 3:04:05 UTC 2024",   // unpadded hour
        "Tue Jan 2 03:04:05 GMT 2024",  // not UTC
        "Tue Jan 2 03:04:05 UTC 24",    // two-digit year
        "Tue Jan 2 24:00:00 UTC 2024",  // hour out of range
        "Tue Jan 2 03:60:05 UTC 2024",  // minute out of range
        "Tue Jan 2 03:04:60 UTC 2024",  // leap seconds are not accepted
        "Wed Jan 32 03:04:05 UTC 2024", // no such day
        "Thu Feb 29 03:04:05 UTC 2023", // 2023 is not a leap year
        "Sun Jan 0 03:04:05 UTC 2024",  // day 0
        "Mon Jan 1 00:00:00 UTC 1969",  // before the epoch
        "Tue Jan 2 03:04:05 UTC 2024 ", // trailing space
        "Tue Jan 2 03:04:05 UTC +2024", // sign
        "",
    ] {
        let err = parse_timestamp(bad).unwrap_err();
        assert_eq!(srp_kind(&err), SrpErrorKind::BadTimestamp, "{bad:?}");
    }
}

// ---- pool names ----

#[test]
fn pool_name_validation() {
    assert_eq!(pool_name("eu-west-2_9xYz").unwrap(), "9xYz");
    assert_eq!(pool_name("a_b").unwrap(), "b");
    // \w includes '_', so the region part may contain one; the name is after the last.
    assert_eq!(pool_name("us_east_1_Abc").unwrap(), "Abc");
    // 55 characters is the limit.
    let longest = format!("us-east-1_{}", "a".repeat(45));
    assert_eq!(longest.len(), 55);
    assert!(pool_name(&longest).is_ok());
    for bad in [
        "",
        "AbCdEfGhI",                              // no region
        "_AbCdEfGhI",                             // empty region
        "us-east-1_",                             // empty name
        "us-east-1_Ab-Cd",                        // '-' in the name
        "us east-1_Abc",                          // space
        "us-east-1_Äbc",                          // not ASCII
        "us-east-1_Abc\n",                        // trailing newline
        &format!("us-east-1_{}", "a".repeat(46)), // 56 characters
    ] {
        let err = pool_name(bad).unwrap_err();
        assert_eq!(err.code(), "InvalidInputError", "{bad:?}");
    }
}

// ---- wire formats and thread safety ----

#[test]
fn srp_a_is_plain_lowercase_hex() {
    // a = 1: A = 2. a = 12: A = 2^12 = 0x1000 (no padding, no leading zeros).
    assert_eq!(SrpClient::from_private_bytes(&[1]).unwrap().srp_a(), "2");
    assert_eq!(
        SrpClient::from_private_bytes(&[0, 12]).unwrap().srp_a(),
        "1000"
    );
    // The 3072-bit A of the known-answer vector: no leading '0' digit, lower case.
    let a = SrpClient::from_private_bytes(&kat_a()).unwrap().srp_a();
    assert!(!a.starts_with('0'));
    assert_eq!(a, a.to_lowercase());
}

#[test]
fn salt_is_a_number_so_leading_zero_bytes_do_not_count() {
    let pw = Password::new("pw");
    let with_zeros = Verifier::new("Pool", "u", &pw, &[0, 0, 0x12, 0x34]).unwrap();
    let without = Verifier::new("Pool", "u", &pw, &[0x12, 0x34]).unwrap();
    assert_eq!(with_zeros.salt_hex(), "1234");
    assert_eq!(without.salt_hex(), "1234");
    // A client given the salt with zero digits in front still proves the password.
    let server = SrpServer::new_random(&with_zeros).unwrap();
    let client = SrpClient::new_random().unwrap();
    let claim = client
        .password_claim("Pool", "u", &pw, "00001234", &server.srp_b(), "", TIMESTAMP)
        .unwrap();
    server
        .verify_claim(
            "Pool",
            "u",
            &client.srp_a(),
            "",
            TIMESTAMP,
            &claim.signature,
        )
        .unwrap();
    let other = Verifier::new("Pool", "u", &pw, &[0x12, 0x35]).unwrap();
    let server = SrpServer::new_random(&other).unwrap();
    let claim = client
        .password_claim("Pool", "u", &pw, "1234", &server.srp_b(), "", TIMESTAMP)
        .unwrap();
    let err = server
        .verify_claim(
            "Pool",
            "u",
            &client.srp_a(),
            "",
            TIMESTAMP,
            &claim.signature,
        )
        .unwrap_err();
    assert_eq!(srp_kind(&err), SrpErrorKind::BadSignature);
}

#[test]
fn error_messages_carry_no_secret() {
    let verifier = Verifier::new_random_salt("Pool", "u", &Password::new("s3cr3t-pw")).unwrap();
    let server = SrpServer::new_random(&verifier).unwrap();
    let client = SrpClient::new_random().unwrap();
    let signature = claim_with("wrong-pw", &server, &client);
    let err = server
        .verify_claim(
            "Pool",
            "u",
            &client.srp_a(),
            "AAECAw==",
            TIMESTAMP,
            &signature,
        )
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("s3cr3t-pw") && !text.contains("wrong-pw"),
        "{text}"
    );
    assert!(!text.contains(&signature), "{text}");
}

#[test]
fn exchange_types_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SrpClient>();
    assert_send_sync::<SrpServer>();
    assert_send_sync::<Verifier>();
    assert_send_sync::<Password>();
    assert_send_sync::<cognito_mfa::srp::PasswordClaim>();
}
