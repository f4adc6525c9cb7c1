//! The `cognito-mfa` command: TOTP tools, the mock Cognito endpoint and the MFA demo.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod demo_cmd;
mod demo_devices;
mod mock_cmd;
mod totp_cmd;

/// cognito-mfa: Amazon Cognito MFA from the command line.
#[derive(Debug, Parser)]
#[command(name = "cognito-mfa", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// TOTP tools: make a secret, print or check a code, print a key URI or QR code.
    #[command(subcommand)]
    Totp(totp_cmd::TotpCommand),
    /// Run the demonstration (the README's first command).
    Demo(demo_cmd::DemoArgs),
    /// Serve the mock Cognito endpoint (for tests) until interrupted.
    Mock(mock_cmd::MockArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Totp(command) => totp_cmd::run(command),
        Command::Demo(args) => demo_cmd::run(args),
        Command::Mock(args) => mock_cmd::run(args),
    }
}
