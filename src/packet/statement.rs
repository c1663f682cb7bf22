//! A statement version written out for use: PDF on the packet's engine (fonts embedded, the
//! same bytes for the same version), DOCX for counsel who edit in Word, Markdown and plain
//! text. Every export is of a saved, immutable version, so two exports of one version are the
//! same file; each is recorded in the audit chain with the file's SHA-256.

use super::fonts::Style;
use super::layout::Writer;
use super::page::BODY;
use super::{pdfa, render, render_twice};
use crate::error::{Error, Result};
use crate::statement::{blocks, plain_text, without_markers, Block, StatementVersion};
use crate::store::Case;
use crate::util::fs::{absolute, write_atomically};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::io::Write;
use std::path::Path;

/// What exporting a statement records in the audit chain.
pub(super) const EXPORTED: &str = "statement.export";

/// The forms a statement is written in, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StatementFormat {
    Pdf,
    Docx,
    Markdown,
    Text,
}

impl StatementFormat {
    pub fn of(path: &Path) -> Result<Self> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("pdf") => Ok(StatementFormat::Pdf),
            Some("docx") => Ok(StatementFormat::Docx),
            Some("md") | Some("markdown") => Ok(StatementFormat::Markdown),
            Some("txt") => Ok(StatementFormat::Text),
            _ => Err(Error::invalid(
                "out",
                format!(
                    "{} has no known extension: end it in .pdf, .docx, .md or .txt",
                    path.display()
                ),
            )),
        }
    }
}

/// A statement version that was written to a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StatementExport {
    pub statement_id: String,
    pub version: u32,
    pub format: StatementFormat,
    pub path: String,
    /// SHA-256 of the file written.
    pub sha256: String,
    /// SHA-256 of the version's rendered text, as its approvals name it.
    pub text_sha256: String,
    pub bytes: f64,
}

/// Whether the body opens with its own title (a notice's "# Notice of Data Breach"): then the
/// statement's title, which names it in lists, is not printed above it.
fn titled(v: &StatementVersion) -> bool {
    matches!(blocks(&v.rendered).first(), Some(Block::Heading(1, _)))
}

fn lay_out(w: &mut Writer, v: &StatementVersion) -> usize {
    w.new_page();
    if !titled(v) {
        w.heading(&v.title, 18.0);
    }
    for block in blocks(&v.rendered) {
        match block {
            Block::Heading(1, text) => w.heading(&text, 15.0),
            Block::Heading(_, text) => w.paragraph(&text, Style::Bold, BODY + 1.0),
            Block::Paragraph(text) => w.paragraph(&text, Style::Regular, BODY),
            Block::Item(text) => w.paragraph(&format!("\u{2022}  {text}"), Style::Regular, BODY),
        }
    }
    0
}

fn docx(v: &StatementVersion) -> Result<Vec<u8>> {
    use docx_rs::{Docx, Paragraph, Run};
    let mut doc = Docx::new();
    if !titled(v) {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(&v.title).bold().size(32))
                .style("Title"),
        );
    }
    for block in blocks(&v.rendered) {
        doc = doc.add_paragraph(match block {
            Block::Heading(level, text) => Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text(text)
                        .bold()
                        .size(if level == 1 { 28 } else { 24 }),
                )
                .style(&format!("Heading{level}")),
            Block::Paragraph(text) => Paragraph::new().add_run(Run::new().add_text(text)),
            Block::Item(text) => {
                Paragraph::new().add_run(Run::new().add_text(format!("\u{2022}  {text}")))
            }
        });
    }
    // The package carries no clock: the same version gives the same file.
    let doc = doc
        .created_at(&v.saved_at)
        .updated_at(&v.saved_at)
        .doc_id(&doc_id(v));
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| Error::internal(format!("the DOCX could not be built: {e}")))?;
    Ok(buf.into_inner())
}

fn doc_id(v: &StatementVersion) -> String {
    let h = hex::encode_upper(
        &Sha256::digest(format!("{}\n{}", v.statement_id, v.sha256).as_bytes())[..16],
    );
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

impl Case {
    /// Writes one version of a statement (the latest when `version` is `None`) to `dest`, in
    /// the form its extension names, atomically; audited with the file's SHA-256.
    pub fn export_statement(
        &mut self,
        id: &str,
        version: Option<u32>,
        dest: &Path,
    ) -> Result<StatementExport> {
        let s = self.statement(id)?;
        let v = self
            .statement_detail(&s.id)?
            .versions
            .into_iter()
            .find(|v| v.version == version.unwrap_or(s.version))
            .ok_or_else(|| {
                Error::invalid(
                    "version",
                    format!("{} has no version {}", s.id, version.unwrap_or(0)),
                )
            })?;
        if dest.as_os_str().is_empty() {
            return Err(Error::invalid("out", "choose where to save the statement"));
        }
        let format = StatementFormat::of(dest)?;
        let dest = absolute(dest)?;
        let (sha256, bytes) = write_atomically(&dest, |file| match format {
            StatementFormat::Markdown | StatementFormat::Text => {
                let title = if titled(&v) {
                    String::new()
                } else {
                    match format {
                        StatementFormat::Markdown => format!("# {}\n\n", v.title),
                        _ => format!("{}\n\n", v.title),
                    }
                };
                let body = match format {
                    StatementFormat::Markdown => without_markers(&v.rendered),
                    _ => plain_text(&v.rendered),
                };
                let text = format!("{title}{body}\n");
                file.write_all(text.as_bytes())
                    .map_err(|e| Error::io(format!("writing {}", dest.display()), e))?;
                Ok((
                    hex::encode(Sha256::digest(text.as_bytes())),
                    text.len() as u64,
                ))
            }
            StatementFormat::Docx => {
                let bytes = docx(&v)?;
                file.write_all(&bytes)
                    .map_err(|e| Error::io(format!("writing {}", dest.display()), e))?;
                Ok((hex::encode(Sha256::digest(&bytes)), bytes.len() as u64))
            }
            StatementFormat::Pdf => {
                let handle = file
                    .try_clone()
                    .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?;
                let furniture = render::Furniture {
                    reference: format!(
                        "{} version {} \u{2014} {}",
                        v.statement_id, v.version, v.title
                    ),
                    marking: None,
                    bates_prefix: format!("{}-V{}-", v.statement_id, v.version),
                    bates_start: 1,
                };
                let date = chrono::DateTime::parse_from_rfc3339(&v.saved_at)
                    .map_err(|e| Error::corrupt(format!("the version's time is damaged: {e}")))?
                    .with_timezone(&chrono::Utc);
                let mut pdf_id = [0u8; 16];
                pdf_id.copy_from_slice(
                    &Sha256::digest(format!("{}\n{}", v.statement_id, v.sha256).as_bytes())[..16],
                );
                let doc = pdfa::DocumentInfo {
                    title: &v.title,
                    author: "",
                    subject: &format!("{} version {}", v.statement_id, v.version),
                    creator: "Casebook",
                    producer: "Casebook",
                    date,
                };
                let (written, _, _) =
                    render_twice(handle, furniture, &doc, pdf_id, |w, _| Ok(lay_out(w, &v)))?;
                Ok((written.sha256, written.bytes))
            }
        })?;
        let record = StatementExport {
            statement_id: s.id.clone(),
            version: v.version,
            format,
            path: dest.display().to_string(),
            sha256,
            text_sha256: v.sha256.clone(),
            bytes: bytes as f64,
        };
        let recorded = self.transact(|tx| {
            tx.record(
                EXPORTED,
                "statement",
                &record.statement_id,
                None,
                Some(crate::util::json::to_json(&record)),
            )
        });
        if let Err(e) = recorded {
            let _ = std::fs::remove_file(&dest);
            return Err(e);
        }
        Ok(record)
    }
}
