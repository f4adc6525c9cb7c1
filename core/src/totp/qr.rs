//! QR codes of key URIs, as an SVG document or as terminal text.

use qrcode::render::svg;
use qrcode::types::QrError;
use qrcode::{Color, QrCode};

use crate::error::{Error, Result};

/// The quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
const QUIET_ZONE: usize = 4;

fn encode(text: &str) -> Result<QrCode> {
    QrCode::new(text.as_bytes()).map_err(|e| match e {
        QrError::DataTooLong => Error::invalid_input(format!(
            "the text is too long for a QR code ({} bytes)",
            text.len()
        )),
        other => Error::invalid_input(format!("cannot make a QR code: {other}")),
    })
}

/// A QR code of `text` (error correction level M) as a standalone SVG document: black modules
/// on a white background with a 4-module quiet zone, at least 200×200 pixels.
///
/// # Errors
/// [`Error::InvalidInput`] if `text` is too long for a QR code (about 2,300 bytes at level M).
pub fn qr_svg(text: &str) -> Result<String> {
    let code = encode(text)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// A QR code of `text` as terminal text: two module rows per line, drawn with the Unicode
/// half blocks `▀`, `▄`, `█` and spaces, with a 4-module quiet zone. Every line has the same
/// number of characters and ends with `\n`.
///
/// Convention: the glyphs draw the *light* modules (and the quiet zone) and spaces leave the
/// *dark* modules to the terminal background. On the usual dark terminal with light text, the
/// code therefore appears the right way round (dark modules on a light field) and scans. On a
/// light-background terminal it appears inverted; most scanner apps read that too.
///
/// # Errors
/// [`Error::InvalidInput`] if `text` is too long for a QR code.
pub fn qr_text(text: &str) -> Result<String> {
    let code = encode(text)?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    // Whether the module at (x, y) of the padded square is light; outside the square (the
    // half row below an odd-sized symbol) counts as dark, i.e. the terminal background.
    let light = |x: usize, y: usize| -> bool {
        if x >= size || y >= size {
            return false;
        }
        let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
            && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
        if !inside {
            return true;
        }
        let index = (y - QUIET_ZONE) * width + (x - QUIET_ZONE);
        colors.get(index) != Some(&Color::Dark)
    };
    let rows = size.div_ceil(2);
    let mut out = String::with_capacity(rows * (size * 3 + 1));
    for row in 0..rows {
        let (top, bottom) = (2 * row, 2 * row + 1);
        for x in 0..size {
            out.push(match (light(x, top), light(x, bottom)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading the text back gives the modules of the symbol, the right way round.
    #[test]
    fn text_round_trips_the_modules() {
        let code = QrCode::new(b"otpauth://totp/x?secret=AAAAAAAAAAAAAAAA").unwrap();
        let width = code.width();
        let colors = code.to_colors();
        let text = qr_text("otpauth://totp/x?secret=AAAAAAAAAAAAAAAA").unwrap();
        let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let size = width + 2 * QUIET_ZONE;
        for y in 0..size {
            for x in 0..size {
                let ch = lines[y / 2][x];
                let light = if y % 2 == 0 {
                    ch == '█' || ch == '▀'
                } else {
                    ch == '█' || ch == '▄'
                };
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let expected_light =
                    !inside || colors[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)] == Color::Light;
                assert_eq!(light, expected_light, "module ({x}, {y})");
            }
        }
        // The last half row, below the odd-sized square, is background.
        let last = lines.last().unwrap();
        assert!(last.iter().all(|&c| c == '▀'));
    }
}
