//! The `cognito-mfa totp` commands, run as a user would run them.

// Test helpers unwrap: a failure to spawn or read the binary should fail the test loudly.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

// RFC 6238 appendix B: the SHA-1 key "12345678901234567890" as base32.
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-mfa"));
    command.env_remove("COGNITO_MFA_SECRET");
    command
}

fn run(args: &[&str], secret: Option<&str>) -> Output {
    let mut command = cli();
    command.args(args);
    if let Some(secret) = secret {
        command.env("COGNITO_MFA_SECRET", secret);
    }
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn code_matches_rfc_6238_appendix_b() {
    let out = run(
        &["totp", "code", "--digits", "8", "--at", "1111111109"],
        Some(RFC_SECRET),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "07081804\n");

    let out = run(
        &[
            "totp",
            "code",
            "--digits",
            "8",
            "--algorithm",
            "SHA256",
            "--at",
            "59",
        ],
        Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"),
    );
    assert_eq!(stdout(&out), "46119246\n", "{}", stderr(&out));
}

#[test]
fn verify_exits_0_for_valid_1_for_invalid_2_for_usage_errors() {
    let valid = run(
        &["totp", "verify", "94287082", "--digits", "8", "--at", "59"],
        Some(RFC_SECRET),
    );
    assert_eq!(valid.status.code(), Some(0), "{}", stderr(&valid));
    assert!(stdout(&valid).starts_with("valid"));

    // The code of step 1 (t = 59) is refused two steps later with a window of 1.
    let invalid = run(
        &["totp", "verify", "94287082", "--digits", "8", "--at", "120"],
        Some(RFC_SECRET),
    );
    assert_eq!(invalid.status.code(), Some(1));
    assert_eq!(stdout(&invalid), "invalid\n");

    let malformed = run(
        &["totp", "verify", "9428708x", "--digits", "8", "--at", "59"],
        Some(RFC_SECRET),
    );
    assert_eq!(malformed.status.code(), Some(2));
    assert!(stderr(&malformed).contains("InvalidInputError"));

    let no_secret = run(&["totp", "verify", "123456"], None);
    assert_eq!(no_secret.status.code(), Some(2));
    assert!(stderr(&no_secret).contains("COGNITO_MFA_SECRET"));

    let bad_flag = run(
        &["totp", "verify", "123456", "--window", "-3"],
        Some(RFC_SECRET),
    );
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn secret_can_come_from_stdin_or_another_variable() {
    let mut child = cli()
        .args(["totp", "code", "--stdin", "--digits", "8", "--at", "59"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"gezd gnbv gy3t qojq gezd gnbv gy3t qojq\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), "94287082\n", "{}", stderr(&out));

    let out = cli()
        .args([
            "totp",
            "code",
            "--secret-env",
            "MY_KEY",
            "--digits",
            "8",
            "--at",
            "59",
        ])
        .env("MY_KEY", RFC_SECRET)
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "94287082\n", "{}", stderr(&out));
}

#[test]
fn secret_is_random_base32_of_the_asked_length() {
    let a = run(&["totp", "secret"], None);
    let b = run(&["totp", "secret"], None);
    let (a, b) = (stdout(&a), stdout(&b));
    assert_eq!(a.trim().len(), 32, "20 bytes are 32 base32 characters");
    assert_ne!(a, b);
    assert!(
        a.trim()
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
    );
    let long = run(&["totp", "secret", "--bytes", "40"], None);
    assert_eq!(stdout(&long).trim().len(), 64);
    let short = run(&["totp", "secret", "--bytes", "5"], None);
    assert_eq!(short.status.code(), Some(2));
}

#[test]
fn uri_and_qr_carry_the_account_and_issuer() {
    let out = run(
        &[
            "totp",
            "uri",
            "--account",
            "alice@example.com",
            "--issuer",
            "My App",
        ],
        Some(RFC_SECRET),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let uri = stdout(&out);
    assert!(
        uri.starts_with("otpauth://totp/My%20App:alice%40example.com?"),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={RFC_SECRET}")), "{uri}");
    assert!(uri.contains("issuer=My%20App"), "{uri}");

    let qr = run(
        &["totp", "qr", "--account", "alice", "--issuer", "X"],
        Some(RFC_SECRET),
    );
    let text = stdout(&qr);
    let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
    assert!(widths.len() > 10);
    assert!(widths.iter().all(|w| *w == widths[0]), "ragged QR lines");

    let svg = run(
        &["totp", "qr", "--svg", "--account", "alice", "--issuer", "X"],
        Some(RFC_SECRET),
    );
    assert!(stdout(&svg).contains("<svg"));
}

#[test]
fn errors_never_echo_the_secret() {
    let out = run(&["totp", "code"], Some("abc!defghijklmnopqrstu"));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("InvalidSecretError"), "{err}");
    assert!(!err.contains("abc!def"), "{err}");
}
