//! Serving a [`Mock`] over HTTP on a tokio runtime, and stopping it again.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::config::MockConfig;
use crate::error::MockError;
use crate::framing::{self, FirstHead, Prefixed};
use crate::http;
use crate::mock::Mock;

/// How long [`RunningMock::shutdown`] waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How the server treats its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// How long a connection may take to send a request's headers, counted from when the
    /// server starts waiting for them (the connection opened, or the previous response sent:
    /// it is also the idle timeout of kept-alive connections); then it is closed. A client
    /// that never finishes its headers holds one socket, never the server. Default 30 s
    /// (hyper's own default).
    pub header_read_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_read_timeout: Duration::from_secs(30),
        }
    }
}

/// Starts mock endpoints.
///
/// ```no_run
/// # async fn demo() -> Result<(), cognito_mfa_mock::MockError> {
/// use cognito_mfa_mock::{MockConfig, MockServer};
/// let running = MockServer::start(MockConfig::default()).await?;
/// println!("endpoint: {}", running.endpoint()); // http://127.0.0.1:<free port>
/// running.shutdown().await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct MockServer;

impl MockServer {
    /// Creates a [`Mock`] from `config` and serves it on `127.0.0.1` on a free port, on the
    /// current tokio runtime.
    ///
    /// # Errors
    /// [`MockError::Config`] for an invalid configuration, [`MockError::Io`] when the socket
    /// cannot be bound.
    pub async fn start(config: MockConfig) -> Result<RunningMock, MockError> {
        let mock = Mock::new(config)?;
        MockServer::serve(mock, SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0)).await
    }

    /// Serves an existing [`Mock`] on `addr` (port 0 picks a free port), on the current tokio
    /// runtime. The server runs as a spawned task until [`RunningMock::shutdown`] or until the
    /// `RunningMock` is dropped.
    ///
    /// # Errors
    /// [`MockError::Io`] when the socket cannot be bound.
    pub async fn serve(mock: Mock, addr: SocketAddr) -> Result<RunningMock, MockError> {
        MockServer::serve_with(mock, addr, ServeOptions::default()).await
    }

    /// [`MockServer::serve`] with `options`.
    ///
    /// # Errors
    /// [`MockError::Io`] when the socket cannot be bound.
    pub async fn serve_with(
        mock: Mock,
        addr: SocketAddr,
        options: ServeOptions,
    ) -> Result<RunningMock, MockError> {
        let listener = listen(addr)?;
        let addr = listener.local_addr()?;
        let endpoint = format!("http://{}", display_addr(addr));
        mock.set_endpoint(Some(endpoint.clone()));
        let (stop, stopped) = oneshot::channel::<()>();
        let router = http::router(mock.clone());
        let task = tokio::spawn(accept_loop(listener, router, options, stopped));
        Ok(RunningMock {
            mock,
            addr,
            endpoint,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// Accepts connections until `stopped`, each served on a task of its own with the header-read
/// timeout, its first request head checked by [`framing`]; then lets the open connections
/// finish their requests (idle ones close at once, and so do the ones still sending their first
/// request head, which would otherwise hold the shutdown for its whole grace).
async fn accept_loop(
    listener: TcpListener,
    router: axum::Router,
    options: ServeOptions,
    mut stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    // Closed when the loop ends: connections still reading their first request head stop
    // there (each holds a `graceful` watcher, so the shutdown would wait for them).
    let (closing, closed) = watch::channel(());
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stopped => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // A connection reset before it was accepted, or out of file descriptors: keep
            // serving (after a pause for the latter, as axum::serve does).
            Err(error) if is_connection_error(&error) => continue,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (router, watcher, mut closed) = (router.clone(), graceful.watcher(), closed.clone());
        tokio::spawn(async move {
            let mut stream = stream;
            // The first request's head is checked here, so broken framing gets the JSON
            // envelope (framing.rs); a client that never finishes it is closed at the timeout,
            // or when the server shuts down.
            let first = tokio::select! {
                first = framing::read_first_head(&mut stream, options.header_read_timeout) => first,
                _ = closed.changed() => FirstHead::Gone,
            };
            let read = match first {
                FirstHead::Ready(read) => read,
                FirstHead::Refused | FirstHead::Gone => return,
            };
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(options.header_read_timeout)
                .serve_connection(
                    TokioIo::new(Prefixed::new(read, stream)),
                    TowerToHyperService::new(router),
                );
            // A connection's failure (a reset, a timeout, bad framing of a later request)
            // ends that connection only; hyper has already answered what could be answered.
            let _ = watcher.watch(connection).await;
        });
    }
    drop(listener);
    drop(closing);
    graceful.shutdown().await;
    Ok(())
}

fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// The connections the kernel queues while the server is busy accepting. Tokio's
/// `TcpListener::bind` asks for 1,024; a test suite opening a thousand connections at once on a
/// loaded machine overflowed that queue, and the kernel reset the connections it dropped
/// (`mock/tests/endpoint/concurrency.rs`). Linux caps the value at `net.core.somaxconn` (4,096
/// by default).
const LISTEN_BACKLOG: u32 = 4_096;

/// A listening socket on `addr` with [`LISTEN_BACKLOG`].
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    // As `TcpListener::bind` does on Unix: a restarted server can bind its port again while
    // old connections are in TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// `host:port`, with brackets around IPv6 hosts.
fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

/// A mock endpoint being served. Dropping it stops the server (without waiting).
#[derive(Debug)]
pub struct RunningMock {
    mock: Mock,
    addr: SocketAddr,
    endpoint: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningMock {
    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint URL, `http://HOST:PORT` (pass it as `endpoint_url` to boto3 or as
    /// `endpoint` to amazon-cognito-identity-js).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The served [`Mock`], for in-process access to its state, clock and outbox.
    pub fn mock(&self) -> &Mock {
        &self.mock
    }

    /// Stops accepting connections, lets requests in flight finish (up to 5 seconds), and
    /// waits for the server task to end.
    ///
    /// # Errors
    /// [`MockError::Io`] / [`MockError::Server`] when the server task failed.
    pub async fn shutdown(mut self) -> Result<(), MockError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let Some(mut task) = self.task.take() else {
            return Ok(());
        };
        let result = match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
            Ok(joined) => joined,
            Err(_) => {
                task.abort();
                return Ok(());
            }
        };
        self.mock.set_endpoint(None);
        match result {
            Ok(served) => served.map_err(MockError::Io),
            Err(e) => Err(MockError::Server(e.to_string())),
        }
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
