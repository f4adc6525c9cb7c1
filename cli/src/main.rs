//! The `cognito-mfa` command: TOTP tools, the mock Cognito endpoint and the MFA demo.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod mock_cmd;

/// cognito-mfa: Amazon Cognito MFA from the command line.
#[derive(Debug, Parser)]
#[command(name = "cognito-mfa", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the mock Cognito endpoint (for tests) until interrupted.
    Mock(mock_cmd::MockArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Mock(args) => mock_cmd::run(args),
    }
}
