//! `cognito-mfa mock`: serve the mock Cognito endpoint (see the `cognito-mfa-mock` crate).

use std::process::ExitCode;

/// Arguments of `cognito-mfa mock`.
#[derive(Debug, clap::Args)]
pub struct MockArgs {}

/// Runs the mock endpoint until SIGINT/SIGTERM.
pub fn run(_args: MockArgs) -> ExitCode {
    eprintln!("cognito-mfa mock: not built yet");
    ExitCode::from(2)
}
