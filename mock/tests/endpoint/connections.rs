//! The server's connections: a client that never finishes its headers is closed after the
//! header-read timeout and holds up nobody meanwhile; clients that vanish mid-request leave the
//! server serving.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use cognito_mfa_mock::{Mock, MockConfig, MockServer, ServeOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::install_crypto_provider;

async fn serve(timeout: Duration) -> cognito_mfa_mock::RunningMock {
    install_crypto_provider();
    let mock = Mock::new(MockConfig::default()).unwrap();
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
    MockServer::serve_with(
        mock,
        addr,
        ServeOptions {
            header_read_timeout: timeout,
        },
    )
    .await
    .unwrap()
}

/// One complete request on a fresh connection; the status code.
async fn status_of_a_request(addr: SocketAddr) -> u16 {
    let client = reqwest::Client::new();
    let response = client
        .post(format!("http://{addr}/"))
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.ListUserPools",
        )
        .body(r#"{"MaxResults": 10}"#)
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_is_closed_after_the_header_timeout_and_blocks_no_one() {
    let running = serve(Duration::from_millis(400)).await;
    let addr = running.addr();
    let mut slow: Vec<TcpStream> = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar")
            .await
            .unwrap();
        slow.push(stream);
    }
    // Meanwhile another client is served at once.
    assert_eq!(status_of_a_request(addr).await, 200);

    let started = Instant::now();
    for mut stream in slow {
        let mut buffer = [0_u8; 512];
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await;
        // Closed by the server (EOF, or a reset), with nothing or an error status written.
        match read.expect("the server closes the slow connection") {
            Ok(0) | Err(_) => {}
            Ok(n) => {
                let text = String::from_utf8_lossy(buffer.get(..n).unwrap_or_default()).to_string();
                assert!(!text.starts_with("HTTP/1.1 200"), "{text}");
            }
        }
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(status_of_a_request(addr).await, 200);
    running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_dropped_mid_request_leave_the_server_serving() {
    let running = serve(Duration::from_secs(30)).await;
    let addr = running.addr();
    for cut in [10_usize, 60, 120] {
        for _ in 0..25 {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            let request = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\nContent-Length: 100\r\n\r\n{\"MaxResults\": 10";
            stream
                .write_all(request.get(..cut.min(request.len())).unwrap_or_default())
                .await
                .unwrap();
            drop(stream);
        }
    }
    assert_eq!(status_of_a_request(addr).await, 200);
    // The server shuts down promptly: no connection is left waiting.
    let started = Instant::now();
    running.shutdown().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(4));
}
