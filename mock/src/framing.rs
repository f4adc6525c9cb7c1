//! The head of a connection's first request, read and checked before hyper sees it, so that
//! broken HTTP framing gets the AWS JSON error envelope (`__type`, `message`,
//! `x-amzn-ErrorType`) like every other bad request, instead of hyper's empty 400 or 431.
//!
//! hyper answers a request it cannot parse by itself, with no body, and offers no hook to
//! change that answer. So the server reads the first request's head here (within the
//! header-read timeout), parses it with `httparse` (hyper's own parser) under hyper's limits,
//! and either answers the envelope and closes, or hands hyper the bytes read so far followed by
//! the rest of the stream ([`Prefixed`]). Later requests on a kept-alive connection come from
//! clients that framed the first one correctly, and are left to hyper.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

/// The longest request head accepted: 64 KiB (hyper's own limit is larger, ~400 KiB; Cognito's
/// requests carry a handful of short headers).
pub(crate) const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most headers a request may have (hyper's default).
pub(crate) const MAX_HEADERS: usize = 100;

/// What the first read of a connection found.
pub(crate) enum FirstHead {
    /// A well-formed head: the bytes read so far (the head and whatever followed it).
    Ready(Vec<u8>),
    /// Broken framing: answered with the envelope; the connection is done.
    Refused,
    /// The client closed, failed or timed out before finishing its head: close quietly.
    Gone,
}

/// Reads the first request head from `stream` within `timeout` and checks it.
pub(crate) async fn read_first_head(stream: &mut TcpStream, timeout: Duration) -> FirstHead {
    let mut read = Vec::with_capacity(4096);
    let outcome = tokio::time::timeout(timeout, async {
        let mut chunk = [0_u8; 4096];
        loop {
            if let Some(end) = head_end(&read) {
                return Some(check(read.get(..end).unwrap_or_default()));
            }
            if read.len() > MAX_HEAD_BYTES {
                return Some(Err(Refusal::TooLarge));
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => read.extend_from_slice(chunk.get(..n).unwrap_or_default()),
            }
        }
    })
    .await;
    match outcome {
        Ok(Some(Ok(()))) => FirstHead::Ready(read),
        Ok(Some(Err(refusal))) => {
            let _ = tokio::time::timeout(timeout, answer(stream, &refusal)).await;
            FirstHead::Refused
        }
        Ok(None) | Err(_) => FirstHead::Gone,
    }
}

/// The index just past the blank line that ends the head, if it has arrived.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let limit = bytes.len().min(MAX_HEAD_BYTES + 4);
    bytes
        .get(..limit)?
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map(|at| at + 4)
}

/// Why a head is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Longer than [`MAX_HEAD_BYTES`] or more than [`MAX_HEADERS`] headers: 431.
    TooLarge,
    /// Not an HTTP/1.x request head: 400, with what was wrong.
    Malformed(&'static str),
}

/// Checks a complete head (ending with the blank line) as hyper would parse it.
pub(crate) fn check(head: &[u8]) -> Result<(), Refusal> {
    if head.len() > MAX_HEAD_BYTES {
        return Err(Refusal::TooLarge);
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(Refusal::Malformed("incomplete request head")),
        Err(httparse::Error::TooManyHeaders) => return Err(Refusal::TooLarge),
        Err(httparse::Error::Version) => {
            return Err(Refusal::Malformed("unsupported HTTP version"));
        }
        Err(httparse::Error::Token | httparse::Error::NewLine | httparse::Error::Status) => {
            return Err(Refusal::Malformed("bad request line"));
        }
        Err(_) => return Err(Refusal::Malformed("bad header")),
    }
    // hyper's own framing rules: one Content-Length, a decimal number; no Content-Length
    // beside Transfer-Encoding.
    let mut length: Option<&[u8]> = None;
    let mut chunked = false;
    for header in request.headers.iter() {
        if header.name.eq_ignore_ascii_case("content-length") {
            let value = header.value.trim_ascii();
            if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
                return Err(Refusal::Malformed("bad Content-Length"));
            }
            if length.is_some_and(|seen| seen != value) {
                return Err(Refusal::Malformed("two different Content-Length headers"));
            }
            length = Some(value);
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        }
    }
    if chunked && length.is_some() {
        return Err(Refusal::Malformed(
            "both Content-Length and Transfer-Encoding",
        ));
    }
    Ok(())
}

/// The envelope answer of a refused head; the connection closes after it.
pub(crate) fn response(refusal: &Refusal) -> Vec<u8> {
    let (status, message) = match refusal {
        Refusal::TooLarge => (
            "431 Request Header Fields Too Large",
            format!(
                "The request's headers are larger than {MAX_HEAD_BYTES} bytes or more than \
                 {MAX_HEADERS}."
            ),
        ),
        Refusal::Malformed(what) => (
            "400 Bad Request",
            format!("The request is not valid HTTP/1.1: {what}."),
        ),
    };
    let code = "SerializationException";
    let body = json!({"__type": code, "message": message}).to_string();
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.1\r\n\
         x-amzn-errortype: {code}:\r\nx-amzn-requestid: {}\r\n\
         access-control-allow-origin: *\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        crate::random::uuid().unwrap_or_else(|_| "00000000-0000-4000-8000-000000000000".into()),
        body.len()
    )
    .into_bytes()
}

async fn answer(stream: &mut TcpStream, refusal: &Refusal) {
    if stream.write_all(&response(refusal)).await.is_ok() {
        let _ = stream.shutdown().await;
    }
}

/// A stream whose first bytes were already read: `prefix`, then the stream itself.
pub(crate) struct Prefixed {
    prefix: Vec<u8>,
    offset: usize,
    stream: TcpStream,
}

impl Prefixed {
    pub(crate) fn new(prefix: Vec<u8>, stream: TcpStream) -> Prefixed {
        Prefixed {
            prefix,
            offset: 0,
            stream,
        }
    }
}

impl AsyncRead for Prefixed {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if let Some(rest) = this
            .prefix
            .get(this.offset..)
            .filter(|rest| !rest.is_empty())
        {
            let n = rest.len().min(buf.remaining());
            buf.put_slice(rest.get(..n).unwrap_or_default());
            this.offset += n;
            if this.offset == this.prefix.len() {
                this.prefix = Vec::new();
                this.offset = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Prefixed {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_heads_pass() {
        assert_eq!(
            check(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"),
            Ok(())
        );
        assert_eq!(check(b"GET /health HTTP/1.0\r\n\r\n"), Ok(()));
        assert_eq!(
            check(b"POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\n"),
            Ok(())
        );
    }

    #[test]
    fn broken_heads_are_refused_with_their_reason() {
        for (head, refusal) in [
            (
                &b"HELLO\r\n\r\n"[..],
                Refusal::Malformed("bad request line"),
            ),
            (
                b"GET / HTTP/9.9\r\n\r\n",
                Refusal::Malformed("unsupported HTTP version"),
            ),
            (
                b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                Refusal::Malformed("bad header"),
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                Refusal::Malformed("bad Content-Length"),
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                Refusal::Malformed("two different Content-Length headers"),
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
                Refusal::Malformed("both Content-Length and Transfer-Encoding"),
            ),
        ] {
            assert_eq!(
                check(head),
                Err(refusal),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: v\r\n")).collect();
        let head = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(check(head.as_bytes()), Err(Refusal::TooLarge));
    }

    #[test]
    fn the_answer_is_the_json_envelope() {
        let text = String::from_utf8(response(&Refusal::Malformed("bad request line"))).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(head.contains("x-amzn-errortype: SerializationException:"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["__type"], "SerializationException");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("bad request line")
        );
    }
}
