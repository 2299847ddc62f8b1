//! A screenshot on the clipboard, read and written as a PNG file in Rust: the page never
//! handles the pixels.

use std::io::BufWriter;
use std::path::Path;

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};

use halodesk_core::{AppError, ErrorCode};

/// Writes the clipboard's image to `path` as a PNG. Blocking: the clipboard and the encoder
/// both take a while for a large screenshot, so call it off the async workers.
pub fn paste_image(path: &Path) -> Result<(), AppError> {
    let mut clipboard = arboard::Clipboard::new().map_err(|error| {
        AppError::new(
            ErrorCode::File,
            format!("The clipboard could not be opened ({error})."),
        )
    })?;
    let image = clipboard.get_image().map_err(|error| match error {
        arboard::Error::ContentNotAvailable => AppError::new(
            ErrorCode::Invalid,
            "The clipboard holds no image. Copy a screenshot first, then paste it here.",
        ),
        other => AppError::new(
            ErrorCode::File,
            format!("The clipboard's image could not be read ({other})."),
        ),
    })?;
    let (width, height) = (
        u32::try_from(image.width).unwrap_or(u32::MAX),
        u32::try_from(image.height).unwrap_or(u32::MAX),
    );
    write_png(path, width, height, &image.bytes)
}

/// Encodes RGBA pixels as a PNG at `path`. Fast compression: a 4K screenshot encodes in a
/// fraction of a second and stays a few megabytes.
fn write_png(path: &Path, width: u32, height: u32, rgba: &[u8]) -> Result<(), AppError> {
    let failed = |detail: String| {
        AppError::new(
            ErrorCode::File,
            format!(
                "The pasted image could not be saved as {}: {detail}.",
                path.display()
            ),
        )
    };
    // The encoder panics on a buffer of the wrong length; a clipboard owner may offer one.
    let expected = u64::from(width) * u64::from(height) * 4;
    if rgba.len() as u64 != expected {
        return Err(failed(format!(
            "the image data holds {} bytes, not the {expected} a {width}×{height} image needs",
            rgba.len()
        )));
    }
    let file = std::fs::File::create(path).map_err(|e| failed(e.to_string()))?;
    let mut writer = BufWriter::new(file);
    PngEncoder::new_with_quality(&mut writer, CompressionType::Fast, FilterType::Adaptive)
        .write_image(rgba, width, height, image::ExtendedColorType::Rgba8)
        .map_err(|e| failed(e.to_string()))?;
    writer
        .into_inner()
        .map_err(|e| failed(e.error().to_string()))?
        .sync_all()
        .map_err(|e| failed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_come_back_from_the_png() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("shot.png");
        let rgba: Vec<u8> = (0..4 * 3 * 2).map(|i| (i * 10) as u8).collect();
        write_png(&path, 3, 2, &rgba).unwrap();
        let decoded = image::open(&path).unwrap().into_rgba8();
        assert_eq!(decoded.dimensions(), (3, 2));
        assert_eq!(decoded.into_raw(), rgba);
    }

    #[test]
    fn pixels_that_do_not_match_the_size_are_an_error() {
        let folder = tempfile::tempdir().unwrap();
        let error = write_png(&folder.path().join("bad.png"), 10, 10, &[0; 3]).unwrap_err();
        assert_eq!(error.code, ErrorCode::File);
    }
}
