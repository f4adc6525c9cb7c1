//! The server's connections: a client that never finishes its headers is closed after the
//! header-read timeout and holds up nobody meanwhile, or at once by a shutdown; clients that
//! vanish mid-request leave the server serving.

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_a_connection_still_sending_its_first_request_at_once() {
    let running = serve(Duration::from_secs(30)).await;
    let addr = running.addr();
    let mut late = TcpStream::connect(addr).await.unwrap();
    late.write_all(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    // Accepted before this one (connections are accepted in order), which is served.
    assert_eq!(status_of_a_request(addr).await, 200);
    // Not held for the shutdown's grace period (5 s) by the unfinished head.
    let started = Instant::now();
    running.shutdown().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(4));
    // The rest of the request, after the shutdown: nobody answers it, the connection is closed.
    let _ = late
        .write_all(b"Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\nContent-Length: 2\r\n\r\n{}")
        .await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), late.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection is closed, not left open");
    assert_eq!(String::from_utf8_lossy(&answer), "");
}

/// Sends `bytes` on a fresh connection and reads the answer to the end (the server closes).
async fn raw_exchange(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // A peer closing early may refuse the rest of an oversized head: keep what was answered.
    let _ = stream.write_all(bytes).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_http_framing_gets_the_json_envelope() {
    let running = serve(Duration::from_secs(5)).await;
    let addr = running.addr();
    let many_headers: String = (0..150).map(|i| format!("X-H{i}: v\r\n")).collect();
    let huge_header = format!("X-Big: {}\r\n", "a".repeat(70 * 1024));
    let cases: Vec<(String, Vec<u8>, u16, &str)> = vec![
        (
            "a bad request line".into(),
            b"HELLO WORLD\r\n\r\n".to_vec(),
            400,
            "bad request line",
        ),
        (
            "binary noise".into(),
            b"\x00\x01\x02\xff\r\n\r\n".to_vec(),
            400,
            "not valid HTTP",
        ),
        (
            "HTTP/2.0 as text".into(),
            b"POST / HTTP/2.0\r\n\r\n".to_vec(),
            400,
            "version",
        ),
        (
            "a header without a colon".into(),
            b"POST / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n".to_vec(),
            400,
            "bad header",
        ),
        (
            "a negative Content-Length".into(),
            b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n".to_vec(),
            400,
            "Content-Length",
        ),
        (
            "Content-Length beside chunked".into(),
            b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec(),
            400,
            "Transfer-Encoding",
        ),
        (
            "150 headers".into(),
            format!("POST / HTTP/1.1\r\n{many_headers}\r\n").into_bytes(),
            431,
            "headers",
        ),
        (
            "a 70 KiB header".into(),
            format!("POST / HTTP/1.1\r\n{huge_header}\r\n").into_bytes(),
            431,
            "headers",
        ),
        (
            "a 70 KiB head never ended".into(),
            format!("POST / HTTP/1.1\r\nX-Big: {}", "a".repeat(70 * 1024)).into_bytes(),
            431,
            "headers",
        ),
    ];
    for (name, bytes, status, needle) in cases {
        let answer = raw_exchange(addr, &bytes).await;
        let (head, body) = answer
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("{name}: no answer: {answer:?}"));
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status} ")),
            "{name}: {head}"
        );
        assert!(
            head.to_ascii_lowercase()
                .contains("x-amzn-errortype: serializationexception:"),
            "{name}: {head}"
        );
        let body: serde_json::Value =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{name}: {e}: {body}"));
        assert_eq!(body["__type"], "SerializationException", "{name}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{name}: {message}");
    }
    // Well-framed requests still work, also several on one kept-alive connection.
    assert_eq!(status_of_a_request(addr).await, 200);
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let twice = [&request[..], &request[..]].concat();
    stream.write_all(&twice).await.unwrap();
    let mut answer = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while String::from_utf8_lossy(&answer)
        .matches("HTTP/1.1 200")
        .count()
        < 2
        && Instant::now() < deadline
    {
        let mut buffer = [0_u8; 4096];
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await {
            Ok(Ok(n)) if n > 0 => answer.extend_from_slice(&buffer[..n]),
            _ => break,
        }
    }
    assert_eq!(
        String::from_utf8_lossy(&answer)
            .matches("HTTP/1.1 200")
            .count(),
        2
    );
    running.shutdown().await.unwrap();
}
