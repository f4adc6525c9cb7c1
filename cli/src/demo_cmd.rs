//! `cognito-mfa demo`: a tour of what the library does, each step printed with its timing.
//!
//! For now it shows the parts that need no network: TOTP enrolment and verification (with the
//! replay guard) and one Cognito SRP exchange between the client and server halves. The full
//! sign-in demo against the embedded mock endpoint replaces it once the client exists.

use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use cognito_mfa::srp::{Password, SrpClient, SrpServer, Verifier, format_timestamp};
use cognito_mfa::totp::{ReplayGuard, Secret, Totp, qr_text};
use cognito_mfa::{Error, totp::Algorithm};

/// Arguments of `cognito-mfa demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Do not print the QR code.
    #[arg(long)]
    no_qr: bool,
}

/// Runs the demo; exit code 0 when every step behaved as expected.
pub fn run(args: DemoArgs) -> ExitCode {
    match demo(&args) {
        Ok(()) => {
            println!("\nAll steps behaved as expected.");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("demo failed: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints one step with the time it took.
fn step<T>(title: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let started = Instant::now();
    let value = work()?;
    let elapsed = started.elapsed();
    println!("[{:>9.3} ms] {title}", elapsed.as_secs_f64() * 1000.0);
    Ok(value)
}

fn fail(error: Error) -> String {
    format!("{error} [{}]", error.code())
}

fn demo(args: &DemoArgs) -> Result<(), String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_owned())?
        .as_secs();
    println!("cognito-mfa {} — TOTP and SRP demo\n", env!("CARGO_PKG_VERSION"));

    let totp = step("generate a 160-bit secret from the OS CSPRNG", || {
        Secret::generate().map(Totp::new).map_err(fail)
    })?;
    println!("             secret: {} (shown because this is a demo)", totp.secret().to_base32().as_str());

    let uri = step("build the otpauth:// key URI", || {
        totp.key_uri("demo@example.com", Some("cognito-mfa demo")).map_err(fail)
    })?;
    println!("             {}", uri.to_uri().as_str());
    if !args.no_qr {
        let qr = step("render it as a terminal QR code", || qr_text(&uri.to_uri()).map_err(fail))?;
        println!("{qr}");
    }

    let code = step("compute the current code (SHA-1, 6 digits, 30 s)", || Ok(totp.generate(now)))?;
    println!("             code: {code}, valid for {} more seconds", totp.seconds_remaining(now));

    let mut guard = ReplayGuard::new();
    let accepted = step("verify it with the replay guard (window ±1 step)", || {
        guard.verify("demo", &totp, &code, now, 1).map_err(fail)
    })?;
    println!("             accepted for time step {accepted}");
    step("present the same code again: refused as a replay", || {
        match guard.verify("demo", &totp, &code, now, 1) {
            Err(e @ Error::CodeReused { .. }) => {
                println!("             refused: {e} [{}]", e.code());
                Ok(())
            }
            other => Err(format!("expected CodeReusedError, got {other:?}")),
        }
    })?;
    let stale = totp.generate(now.saturating_sub(90));
    step("a code from three steps ago: refused as a mismatch", || {
        match totp.verify(&stale, now, 1) {
            Err(Error::CodeMismatch) => Ok(()),
            Ok(step) if stale == code => Ok(println!("             (same digits by chance: step {step})")),
            other => Err(format!("expected CodeMismatchError, got {other:?}")),
        }
    })?;
    step("check RFC 6238 appendix B (SHA-1, t = 59 → 94287082)", || {
        let rfc = Secret::from_bytes(b"12345678901234567890").map_err(fail)?;
        let rfc = Totp::with_options(rfc, Algorithm::Sha1, 8, 30).map_err(fail)?;
        match rfc.generate(59).as_str() {
            "94287082" => Ok(()),
            other => Err(format!("RFC vector mismatch: {other}")),
        }
    })?;

    println!("\nCognito SRP (3072-bit group, SHA-256), both halves in process:");
    let pool = "DemoPool1";
    let user_id = "3f2a4c1e-1111-2222-3333-444455556666";
    let password = Password::new("Correct horse battery staple 1!");
    let verifier = step("server: derive the password verifier (random salt)", || {
        Verifier::new_random_salt(pool, user_id, &password).map_err(fail)
    })?;
    let client = step("client: draw a and compute SRP_A", || SrpClient::new_random().map_err(fail))?;
    let server = step("server: draw b and compute SRP_B", || {
        SrpServer::new_random(&verifier).map_err(fail)
    })?;
    let timestamp = format_timestamp(now).map_err(fail)?;
    let secret_block = "c2VjcmV0IGJsb2NrIGZyb20gdGhlIHNlcnZlcg==";
    let claim = step("client: compute PASSWORD_CLAIM_SIGNATURE", || {
        client
            .password_claim(
                pool,
                user_id,
                &password,
                &server.salt_hex(),
                &server.srp_b(),
                secret_block,
                &timestamp,
            )
            .map_err(fail)
    })?;
    println!("             TIMESTAMP: {timestamp}");
    step("server: verify the signature", || {
        server
            .verify_claim(
                pool,
                user_id,
                &client.srp_a(),
                &claim.secret_block,
                &claim.timestamp,
                &claim.signature,
            )
            .map_err(fail)
    })?;
    let wrong = Password::new("wrong password");
    step("a wrong password: the server refuses the signature", || {
        let bad = client
            .password_claim(
                pool,
                user_id,
                &wrong,
                &server.salt_hex(),
                &server.srp_b(),
                secret_block,
                &timestamp,
            )
            .map_err(fail)?;
        match server.verify_claim(
            pool,
            user_id,
            &client.srp_a(),
            &bad.secret_block,
            &bad.timestamp,
            &bad.signature,
        ) {
            Err(e @ Error::Srp { .. }) => Ok(println!("             refused: {e} [{}]", e.code())),
            other => Err(format!("expected SrpError, got {other:?}")),
        }
    })?;
    Ok(())
}
