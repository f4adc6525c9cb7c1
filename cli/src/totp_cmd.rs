//! `cognito-mfa totp ...`: the TOTP engine from the command line.
//!
//! Secrets never come from a command-line argument (it would end up in the shell history and in
//! `ps` output): they are read from an environment variable (`COGNITO_MFA_SECRET` unless
//! `--secret-env` names another) or, with `--stdin`, from the first line of standard input.
//!
//! Exit codes: 0 success (for `verify`: the code is valid), 1 the code is invalid (`verify`
//! only), 2 a usage error (bad arguments, a malformed secret or code).

use std::io::{self, BufRead, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, Subcommand};
use cognito_mfa::Error;
use cognito_mfa::totp::{Algorithm, Secret, Totp, qr_svg, qr_text};
use zeroize::Zeroizing;

/// The default environment variable that holds the base32 secret.
pub const DEFAULT_SECRET_ENV: &str = "COGNITO_MFA_SECRET";

/// Exit code for a usage error (also what clap uses for bad arguments).
pub const EXIT_USAGE: u8 = 2;
/// Exit code of `verify` for a well-formed code that does not match.
pub const EXIT_INVALID_CODE: u8 = 1;

/// `cognito-mfa totp` subcommands.
#[derive(Debug, Subcommand)]
pub enum TotpCommand {
    /// Print a new random base32 secret (from the OS CSPRNG).
    Secret {
        /// Secret length in bytes (10 to 1024; Cognito issues 20... and so do we by default).
        #[arg(long, default_value_t = cognito_mfa::totp::DEFAULT_SECRET_BYTES)]
        bytes: usize,
    },
    /// Print the code for now (or for --at).
    Code {
        #[command(flatten)]
        key: KeyArgs,
        /// Unix time in seconds to compute the code for (default: now).
        #[arg(long)]
        at: Option<u64>,
    },
    /// Check a code: exit 0 if valid, 1 if not, 2 on a usage error.
    Verify {
        /// The code to check (digits only).
        code: String,
        #[command(flatten)]
        key: KeyArgs,
        /// Unix time in seconds to check the code against (default: now).
        #[arg(long)]
        at: Option<u64>,
        /// Number of time steps accepted before and after the current one.
        #[arg(long, default_value_t = 1)]
        window: u64,
    },
    /// Print the otpauth:// key URI for an authenticator app.
    Uri {
        #[command(flatten)]
        key: KeyArgs,
        #[command(flatten)]
        label: LabelArgs,
    },
    /// Print the key URI as a QR code (terminal blocks, or SVG with --svg).
    Qr {
        #[command(flatten)]
        key: KeyArgs,
        #[command(flatten)]
        label: LabelArgs,
        /// Print an SVG document instead of terminal blocks.
        #[arg(long)]
        svg: bool,
    },
}

/// Where the secret comes from, and the TOTP parameters.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// Environment variable holding the base32 secret.
    #[arg(long, value_name = "VAR", default_value = DEFAULT_SECRET_ENV)]
    secret_env: String,
    /// Read the base32 secret from the first line of standard input instead.
    #[arg(long)]
    stdin: bool,
    /// Number of digits (6 to 8).
    #[arg(long, default_value_t = cognito_mfa::totp::DEFAULT_DIGITS)]
    digits: u32,
    /// Time step in seconds.
    #[arg(long, default_value_t = cognito_mfa::totp::DEFAULT_PERIOD)]
    period: u64,
    /// HMAC algorithm: SHA1, SHA256 or SHA512.
    #[arg(long, default_value = "SHA1")]
    algorithm: String,
}

/// The account and issuer shown by authenticator apps.
#[derive(Debug, Args)]
pub struct LabelArgs {
    /// Account name (e.g. the user's e-mail address).
    #[arg(long)]
    account: String,
    /// Issuer (your application's name).
    #[arg(long)]
    issuer: Option<String>,
}

/// Runs a `totp` subcommand and returns the process exit code.
pub fn run(command: TotpCommand) -> ExitCode {
    let mut out = io::stdout().lock();
    match execute(command, &mut out) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("cognito-mfa totp: {message}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Runs a subcommand, writing to `out`; returns the exit code, or a usage error message.
fn execute(command: TotpCommand, out: &mut dyn Write) -> Result<u8, String> {
    let written = match command {
        TotpCommand::Secret { bytes } => {
            let secret = Secret::generate_with_len(bytes).map_err(describe)?;
            writeln!(out, "{}", secret.to_base32().as_str())
        }
        TotpCommand::Code { key, at } => {
            let totp = key.totp()?;
            let code = totp.generate(at.map_or_else(unix_now, Ok)?);
            writeln!(out, "{code}")
        }
        TotpCommand::Verify {
            code,
            key,
            at,
            window,
        } => {
            let totp = key.totp()?;
            let now = at.map_or_else(unix_now, Ok)?;
            return match totp.verify(code.trim(), now, window) {
                Ok(step) => {
                    writeln!(out, "valid (time step {step})").map_err(|e| e.to_string())?;
                    Ok(0)
                }
                Err(Error::CodeMismatch) => {
                    writeln!(out, "invalid").map_err(|e| e.to_string())?;
                    Ok(EXIT_INVALID_CODE)
                }
                Err(other) => Err(describe(other)),
            };
        }
        TotpCommand::Uri { key, label } => {
            let uri = key
                .totp()?
                .key_uri(&label.account, label.issuer.as_deref())
                .map_err(describe)?;
            writeln!(out, "{}", uri.to_uri().as_str())
        }
        TotpCommand::Qr { key, label, svg } => {
            let uri = key
                .totp()?
                .key_uri(&label.account, label.issuer.as_deref())
                .map_err(describe)?;
            let text = uri.to_uri();
            let rendered = if svg { qr_svg(&text) } else { qr_text(&text) }.map_err(describe)?;
            write!(out, "{rendered}")
        }
    };
    written.map_err(|e| format!("cannot write output: {e}"))?;
    Ok(0)
}

impl KeyArgs {
    /// Reads the secret from its source and builds the TOTP.
    fn totp(&self) -> Result<Totp, String> {
        let text = if self.stdin {
            read_stdin_line()?
        } else {
            match std::env::var(&self.secret_env) {
                Ok(value) => Zeroizing::new(value),
                Err(_) => {
                    return Err(format!(
                        "no secret: set the environment variable {} or pass --stdin",
                        self.secret_env
                    ));
                }
            }
        };
        let secret = Secret::from_base32(text.trim()).map_err(describe)?;
        let algorithm: Algorithm = self.algorithm.parse().map_err(describe)?;
        Totp::with_options(secret, algorithm, self.digits, self.period).map_err(describe)
    }
}

fn read_stdin_line() -> Result<Zeroizing<String>, String> {
    let mut line = Zeroizing::new(String::new());
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the secret from standard input: {e}"))?;
    if line.trim().is_empty() {
        return Err("no secret on standard input".to_owned());
    }
    Ok(line)
}

fn unix_now() -> Result<u64, String> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| "the system clock is before 1970".to_owned())
}

fn describe(error: Error) -> String {
    format!("{error} [{}]", error.code())
}
