//! Reading one HTTP/1.1 request, for the tests that script their own server.

use tokio::io::{AsyncRead, AsyncReadExt};

/// Reads one request from `stream`; returns its `X-Amz-Target` and its body, or `None` when the
/// connection closes first or the request lacks those headers.
pub async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<(String, String)> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(buffer.get(..n)?);
        let text = String::from_utf8_lossy(&data).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let header = |name: &str| {
                head.lines().find_map(|line| {
                    let (key, value) = line.split_once(':')?;
                    key.trim()
                        .eq_ignore_ascii_case(name)
                        .then(|| value.trim().to_owned())
                })
            };
            let length: usize = header("content-length")?.parse().ok()?;
            if body.len() >= length {
                return Some((header("x-amz-target")?, body.to_owned()));
            }
        }
    }
}
