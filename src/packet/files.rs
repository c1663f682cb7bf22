//! The packet files a case recorded, as callers outside the core may touch them: read for a
//! preview, copied elsewhere, handed to a PDF reader or shown in their folder. A path is
//! honoured only when the case recorded a packet there, so a caller that passes on paths from
//! elsewhere (the webview) reaches no other file.

use crate::error::{Error, Result};
use crate::store::Case;
use crate::util::fs::open_regular;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Larger packets are for a PDF reader: a preview holds the whole file in memory twice.
pub const PREVIEW_LIMIT: u64 = 256 << 20;

impl Case {
    /// The bytes of the packet recorded at `path`, for a preview; a packet over
    /// [`PREVIEW_LIMIT`] is refused with the advice to open it in a PDF reader.
    pub fn packet_preview(&self, path: &str) -> Result<Vec<u8>> {
        let file = self.recorded_packet(path)?;
        let reading = |e| Error::io(format!("reading {path}"), e);
        let mut f = open_regular(&file, "packet")?;
        let size = f.metadata().map_err(reading)?.len();
        if size > PREVIEW_LIMIT {
            let message = format!("{} MiB is too large to preview here", size >> 20);
            return Err(Error::invalid(
                "packet",
                message + "; open the file in a PDF reader",
            ));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        f.read_to_end(&mut bytes).map_err(reading)?;
        Ok(bytes)
    }

    /// Copies the packet recorded at `path` to `dest`, byte for byte (so with the same
    /// SHA-256), and returns the bytes copied. Copying it onto itself is refused: the copy
    /// would truncate the packet it reads.
    pub fn copy_packet(&self, path: &str, dest: &Path) -> Result<u64> {
        let file = self.recorded_packet(path)?;
        let real = |p: &Path| std::fs::canonicalize(p).ok();
        if real(dest).is_some_and(|d| real(&file) == Some(d)) {
            return Err(Error::invalid(
                "dest",
                "that is the packet itself; choose another place",
            ));
        }
        std::fs::copy(&file, dest)
            .map_err(|e| Error::io(format!("copying to {}", dest.display()), e))
    }

    /// The packet recorded at `path` when it is still there, to hand to a PDF reader.
    pub fn packet_to_open(&self, path: &str) -> Result<PathBuf> {
        let file = self.recorded_packet(path)?;
        if !file.is_file() {
            return Err(Error::NotFound {
                what: "packet file at its recorded path",
                id: path.into(),
            });
        }
        Ok(file)
    }

    /// The folder holding the packet recorded at `path`, to show in a file manager.
    pub fn packet_folder(&self, path: &str) -> Result<PathBuf> {
        let file = self.recorded_packet(path)?;
        file.parent()
            .filter(|d| d.is_dir())
            .map(Path::to_path_buf)
            .ok_or(Error::NotFound {
                what: "folder of the packet",
                id: path.into(),
            })
    }

    /// `path` as a file when this case recorded a packet there.
    fn recorded_packet(&self, path: &str) -> Result<PathBuf> {
        let recorded = self.packets()?.into_iter().any(|p| p.path == path);
        recorded
            .then(|| PathBuf::from(path))
            .ok_or(Error::NotFound {
                what: "packet generated from this case",
                id: path.into(),
            })
    }
}

/// The receipt a packet carries in its XMP metadata (`pdf:Keywords`), as text, read in one
/// streaming pass with bounded memory (a packet may be gigabytes). `None` when the file has
/// none: a packet from before receipts, or a copy whose metadata a tool rewrote or compressed.
pub(crate) fn embedded_receipt(path: &Path) -> Result<Option<String>> {
    const START: &[u8] = b"<pdf:Keywords>";
    const END: &[u8] = b"</pdf:Keywords>";
    // A receipt is well under this; anything longer is not one of ours.
    const MAX_VALUE: usize = 8 * 1024;
    let reading = |e| Error::io(format!("reading {}", path.display()), e);
    let mut file = open_regular(path, "file")?;
    let mut window: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut chunk).map_err(reading)?;
        window.extend_from_slice(&chunk[..n]);
        while let Some(at) = find(&window, START) {
            let value = &window[at + START.len()..];
            match find(value, END) {
                Some(end) => {
                    let text = String::from_utf8_lossy(&value[..end]);
                    let text = unescape_xml(&text);
                    if text.contains(crate::receipt::FORMAT) {
                        return Ok(Some(text));
                    }
                    window.drain(..at + START.len() + end + END.len());
                }
                None if value.len() > MAX_VALUE || n == 0 => {
                    window.drain(..at + START.len());
                }
                None => break,
            }
        }
        if n == 0 {
            return Ok(None);
        }
        // Keep only what may still hold the start of a value: the tail a marker may straddle,
        // or everything from an open `<pdf:Keywords>` on.
        let keep_from = match find(&window, START) {
            Some(at) => at,
            None => window.len().saturating_sub(START.len()),
        };
        window.drain(..keep_from);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The five entities `pdfa::escape` writes, back to their characters.
fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(value: &str) -> Vec<u8> {
        format!("<pdf:Keywords>{value}</pdf:Keywords>").into_bytes()
    }

    #[test]
    fn the_receipt_is_found_wherever_the_read_chunks_split_it() {
        let dir = tempfile::tempdir().unwrap();
        let value = "{&quot;format&quot;:&quot;casebook-receipt/1&quot;,&quot;a&quot;:&quot;&lt;&amp;&gt;&quot;}";
        let wanted = r#"{"format":"casebook-receipt/1","a":"<&>"}"#;
        // Before it, at every offset around the 64 KiB chunk edge: another tool's keywords and
        // filler, so the marker and the value straddle the boundary in every way.
        for pad in [0usize, 65_536 - 20, 65_536 - 7, 65_536, 65_536 + 3, 200_000] {
            let mut bytes = keywords("report, draft");
            bytes.resize(bytes.len() + pad, b'x');
            bytes.extend(keywords(value));
            bytes.extend(b"\n%%EOF\n");
            let path = dir.path().join(format!("p{pad}.pdf"));
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(
                embedded_receipt(&path).unwrap().as_deref(),
                Some(wanted),
                "padding {pad}"
            );
        }
    }

    #[test]
    fn a_file_without_one_or_with_an_endless_value_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.pdf");
        std::fs::write(&plain, vec![b'%'; 300_000]).unwrap();
        assert_eq!(embedded_receipt(&plain).unwrap(), None);
        let mut open = b"<pdf:Keywords>casebook-receipt/1".to_vec();
        open.resize(300_000, b'y');
        let endless = dir.path().join("endless.pdf");
        std::fs::write(&endless, open).unwrap();
        assert_eq!(
            embedded_receipt(&endless).unwrap(),
            None,
            "a value that never closes is not read past 8 KiB"
        );
    }
}
