//! The transport against a real HTTPS server on 127.0.0.1 with freshly generated certificates:
//! the server certificate is verified by default, a CA given with `ca_certificates_pem` is
//! trusted (in addition to the system roots, or alone with `custom_ca_only`), and the name in the
//! certificate must match the endpoint's host even when its CA is trusted.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cognito_mfa::{AuthFlow, AuthenticationDetails, Error, UserPool, UserPoolBuilder};
use rcgen::{CertifiedKey, KeyPair};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

mod client_support;

use client_support::TestResult;
use client_support::http::read_request;

const REQUEST_ID: &str = "tls-req-1";
const NOT_AUTHORIZED: &str =
    r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#;

/// A self-signed certificate (its own CA) for the given names, with its key.
fn self_signed(names: &[&str]) -> TestResult<CertifiedKey<KeyPair>> {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    Ok(rcgen::generate_simple_self_signed(names)?)
}

/// What became of one connection, as the server saw it.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The TLS handshake failed (the client refused the certificate).
    HandshakeFailed,
    /// A request reached the handler and was answered.
    Handled,
}

/// An HTTPS server presenting `identity` that answers every request it can read with a 400
/// `NotAuthorizedException` AWS JSON 1.1 error. It counts the requests that reached the handler
/// and reports what became of each connection.
struct TlsServer {
    endpoint: String,
    handled: Arc<AtomicUsize>,
    outcomes: mpsc::UnboundedReceiver<Outcome>,
}

impl TlsServer {
    async fn start(identity: &CertifiedKey<KeyPair>) -> TestResult<TlsServer> {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            identity.signing_key.serialize_der(),
        ));
        let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![identity.cert.der().clone()], key)?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));

        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("https://{}/", listener.local_addr()?);
        let handled = Arc::new(AtomicUsize::new(0));
        let done = Arc::clone(&handled);
        let (report, outcomes) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let (done, report) = (Arc::clone(&done), report.clone());
                tokio::spawn(async move {
                    let Ok(mut stream) = acceptor.accept(socket).await else {
                        let _ = report.send(Outcome::HandshakeFailed);
                        return;
                    };
                    if read_request(&mut stream).await.is_none() {
                        return;
                    }
                    done.fetch_add(1, Ordering::SeqCst);
                    let head = format!(
                        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\
                         x-amzn-RequestId: {REQUEST_ID}\r\n\r\n",
                        NOT_AUTHORIZED.len()
                    );
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(NOT_AUTHORIZED.as_bytes()).await;
                    let _ = stream.shutdown().await;
                    let _ = report.send(Outcome::Handled);
                });
            }
        });
        Ok(TlsServer {
            endpoint,
            handled,
            outcomes,
        })
    }

    /// What became of the next connection (the server may learn it after the client gave up).
    async fn next_outcome(&mut self) -> Option<Outcome> {
        tokio::time::timeout(Duration::from_secs(10), self.outcomes.recv())
            .await
            .ok()
            .flatten()
    }

    fn handled(&self) -> usize {
        self.handled.load(Ordering::SeqCst)
    }
}

fn pool(endpoint: &str) -> UserPoolBuilder {
    UserPool::builder("us-east-1_Test", "client1")
        .endpoint(endpoint)
        .max_retries(0)
}

/// USER_PASSWORD_AUTH sign-in of `alice`: one InitiateAuth request.
async fn sign_in(builder: UserPoolBuilder) -> TestResult<Error> {
    let user = builder.build()?.user("alice");
    let details = AuthenticationDetails::new("pw").flow(AuthFlow::UserPasswordAuth);
    let outcome = user.authenticate_user(details).await;
    Ok(outcome
        .err()
        .ok_or("the scripted server only answers errors")?)
}

/// The error and all its sources, one per line, so that the TLS reason can be checked.
fn chain(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause} / {cause:?}"));
        source = cause.source();
    }
    text
}

/// Asserts a TLS refusal: a `NetworkError` from the transport naming `reason`, a failed
/// handshake on the server's side and no request handled.
async fn assert_refused(server: &mut TlsServer, error: &Error, reason: &str) {
    let chain = chain(error);
    assert_eq!(error.code(), "NetworkError", "{chain}");
    assert!(error.service().is_none());
    assert!(chain.contains(reason), "expected {reason:?} in:\n{chain}");
    assert_eq!(server.next_outcome().await, Some(Outcome::HandshakeFailed));
    assert_eq!(
        server.handled(),
        0,
        "a request passed an untrusted handshake"
    );
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_by_default() -> TestResult {
    let identity = self_signed(&["localhost", "127.0.0.1"])?;
    let mut server = TlsServer::start(&identity).await?;
    let error = sign_in(pool(&server.endpoint)).await?;
    assert_refused(&mut server, &error, "UnknownIssuer").await;
    Ok(())
}

#[tokio::test]
async fn a_custom_ca_is_trusted_and_the_service_answer_arrives() -> TestResult {
    let identity = self_signed(&["localhost", "127.0.0.1"])?;
    let mut server = TlsServer::start(&identity).await?;
    let pem = identity.cert.pem();

    // In addition to the system roots.
    let error = sign_in(pool(&server.endpoint).ca_certificates_pem(pem.clone())).await?;
    let service = error.service().ok_or_else(|| chain(&error))?;
    assert_eq!(service.code(), "NotAuthorizedException");
    assert_eq!(service.message(), "Incorrect username or password.");
    assert_eq!(service.status(), 400);
    assert_eq!(error.code(), "NotAuthorizedException");
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    assert_eq!(server.handled(), 1);

    // Instead of the system roots.
    let error = sign_in(
        pool(&server.endpoint)
            .ca_certificates_pem(pem)
            .custom_ca_only(true),
    )
    .await?;
    assert_eq!(error.code(), "NotAuthorizedException", "{}", chain(&error));
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    assert_eq!(server.handled(), 2);
    assert_eq!(server.next_outcome().await, Some(Outcome::Handled));
    assert_eq!(server.next_outcome().await, Some(Outcome::Handled));
    Ok(())
}

#[tokio::test]
async fn a_trusted_certificate_for_another_name_is_refused() -> TestResult {
    let identity = self_signed(&["example.invalid"])?;
    let mut server = TlsServer::start(&identity).await?;
    let error = sign_in(pool(&server.endpoint).ca_certificates_pem(identity.cert.pem())).await?;
    assert_refused(&mut server, &error, "NotValidForName").await;
    Ok(())
}

#[tokio::test]
async fn another_ca_does_not_vouch_for_the_server() -> TestResult {
    let identity = self_signed(&["localhost", "127.0.0.1"])?;
    let other = self_signed(&["localhost", "127.0.0.1"])?;
    let mut server = TlsServer::start(&identity).await?;
    let error = sign_in(
        pool(&server.endpoint)
            .ca_certificates_pem(other.cert.pem())
            .custom_ca_only(true),
    )
    .await?;
    assert_refused(&mut server, &error, "invalid peer certificate").await;
    Ok(())
}

#[test]
fn plain_http_off_loopback_needs_allow_insecure_http() -> TestResult {
    let builder =
        || UserPool::builder("us-east-1_Test", "client1").endpoint("http://cognito.test/");
    let error = builder().build().err().ok_or("plain http was accepted")?;
    assert_eq!(error.code(), "InvalidInputError");
    assert!(error.is_invalid_input());
    let pool = builder().allow_insecure_http(true).build()?;
    assert_eq!(pool.endpoint(), "http://cognito.test/");
    Ok(())
}
