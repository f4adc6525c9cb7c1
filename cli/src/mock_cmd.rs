//! `cognito-mfa mock`: serve the mock Cognito endpoint (see the `cognito-mfa-mock` crate).
//!
//! The first line on stdout is `listening on http://HOST:PORT`; the command then serves until
//! SIGINT or SIGTERM and exits 0. Exit code 2 means a bad configuration, 1 a failure to bind
//! or serve.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use cognito_mfa_mock::{Mock, MockConfig, MockError, MockServer, SigV4Credential, SigV4Settings};

/// Arguments of `cognito-mfa mock`.
#[derive(Debug, clap::Args)]
pub struct MockArgs {
    /// Address to bind (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on; 0 picks a free port (read it from the first line of output).
    #[arg(long, default_value_t = 9229)]
    pub port: u16,
    /// JSON file preloading settings, pools, app clients and users (see docs/mock.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Verify SigV4 on the admin operations, accepting these keys (comma-separated, or the
    /// option repeated); off by default. Prefer the environment variable: arguments are
    /// visible to other users of the machine.
    #[arg(
        long,
        value_name = "AKID:SECRET[:SESSION_TOKEN]",
        env = "COGNITO_MFA_MOCK_SIGV4_CREDENTIALS",
        hide_env_values = true,
        value_delimiter = ',',
        value_parser = SigV4Credential::parse,
    )]
    pub sigv4_credentials: Vec<SigV4Credential>,
}

/// Runs the mock endpoint until SIGINT/SIGTERM.
pub fn run(args: MockArgs) -> ExitCode {
    let mut config = match &args.config {
        Some(path) => match MockConfig::from_file(path) {
            Ok(config) => config,
            Err(e) => return fail(&e, 2),
        },
        None => MockConfig::default(),
    };
    if !args.sigv4_credentials.is_empty() {
        let sigv4 = config
            .settings
            .sigv4
            .get_or_insert_with(|| SigV4Settings::new(Vec::new()));
        sigv4
            .credentials
            .extend(args.sigv4_credentials.iter().cloned());
    }
    let mock = match Mock::new(config) {
        Ok(mock) => mock,
        Err(e) => return fail(&e, 2),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&MockError::Io(e), 1),
    };
    match runtime.block_on(serve(mock, &args.host, args.port)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e, 1),
    }
}

fn fail(error: &MockError, code: u8) -> ExitCode {
    eprintln!("cognito-mfa mock: {error}");
    ExitCode::from(code)
}

async fn resolve(host: &str, port: u16) -> Result<SocketAddr, MockError> {
    let mut addrs = tokio::net::lookup_host((host, port)).await?;
    addrs.next().ok_or_else(|| {
        MockError::Io(std::io::Error::new(
            std::io::ErrorKind::AddrNotAvailable,
            format!("{host} does not resolve to an address"),
        ))
    })
}

async fn serve(mock: Mock, host: &str, port: u16) -> Result<(), MockError> {
    let addr = resolve(host, port).await?;
    let running = MockServer::serve(mock, addr).await?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening on {}", running.endpoint())?;
        stdout.flush()?;
    }
    stop_signal().await?;
    running.shutdown().await
}

/// Waits for SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn stop_signal() -> Result<(), MockError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = term.recv() => {}
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await?;
        Ok(())
    }
}
