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

fn lay_out(w: &mut Writer, v: &StatementVersion) {
    w.new_page();
    if !titled(v) {
        w.heading(&v.title, 18.0);
    }
    for block in blocks(&v.rendered) {
        draw(w, &block);
    }
}

fn draw(w: &mut Writer, block: &Block) {
    match block {
        Block::Heading(1, text) => w.heading(text, 15.0),
        Block::Heading(_, text) => w.paragraph(text, Style::Bold, BODY + 1.0),
        Block::Paragraph(text) => w.paragraph(text, Style::Regular, BODY),
        Block::Item(text) => w.paragraph(&format!("\u{2022}  {text}"), Style::Regular, BODY),
    }
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

/// Writes a PDF of one statement version on the packet engine: the version names it in the
/// page header, its Bates numbers (`ST-0001-V2-` plus `part`) and its document id, and its
/// time dates it, so the same version gives the same bytes.
fn write_pdf(
    file: &std::fs::File,
    dest: &Path,
    v: &StatementVersion,
    part: &str,
    lay_out: impl FnMut(&mut Writer) -> Result<()>,
) -> Result<(render::Written, usize)> {
    let mut lay_out = lay_out;
    let handle = file
        .try_clone()
        .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?;
    let furniture = render::Furniture {
        reference: format!(
            "{} version {} \u{2014} {}",
            v.statement_id, v.version, v.title
        ),
        marking: None,
        bates_prefix: format!("{}-V{}-{part}", v.statement_id, v.version),
        bates_start: 1,
    };
    let date = chrono::DateTime::parse_from_rfc3339(&v.saved_at)
        .map_err(|e| Error::corrupt(format!("the version's time is damaged: {e}")))?
        .with_timezone(&chrono::Utc);
    let mut pdf_id = [0u8; 16];
    pdf_id.copy_from_slice(
        &Sha256::digest(format!("{}\n{part}\n{}", v.statement_id, v.sha256).as_bytes())[..16],
    );
    let subject = format!("{} version {}", v.statement_id, v.version);
    let doc = pdfa::DocumentInfo {
        title: &v.title,
        author: "",
        subject: &subject,
        creator: "Casebook",
        producer: "Casebook",
        keywords: "",
        date,
    };
    let (written, pages, _) = render_twice(handle, furniture, &doc, pdf_id, |w, _| {
        lay_out(w)?;
        Ok(0)
    })?;
    Ok((written, pages))
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
                let (written, _) = write_pdf(file, &dest, &v, "", |w| {
                    lay_out(w, &v);
                    Ok(())
                })?;
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
        self.record_written(&dest, record, |tx, r| {
            tx.record(
                EXPORTED,
                "statement",
                &r.statement_id,
                None,
                Some(crate::util::json::to_json(r)),
            )
        })
    }
}

/// What merging a notice with its people records in the audit chain.
const MERGED: &str = "statement.merge";

/// Letters written from an approved customer notice, one per person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MergeRecord {
    pub statement_id: String,
    pub version: u32,
    pub path: String,
    pub letters: u32,
    pub pages: u32,
    pub sha256: String,
}

/// `US-CA` → (`US`, `CA`); `CA-ON` → (`CA`, `ON`); `GB` → (`GB`, none). The EU is no country:
/// a notice for it is merged per member state.
fn place(jurisdiction: &str) -> Result<(String, Option<String>)> {
    match jurisdiction.split_once('-') {
        Some((c, r)) => Ok((c.to_string(), Some(r.to_string()))),
        None if jurisdiction == "EU" => Err(Error::invalid(
            "jurisdictions",
            "a notice for the EU is merged per member state: give it those countries' codes",
        )),
        None => Ok((jurisdiction.to_string(), None)),
    }
}

impl Case {
    /// Writes one PDF of letters from the approved (or published) version of a customer
    /// notice: one letter per person of its jurisdictions whose notice is still pending, each
    /// opening with the person's name and postal address. Personal data leaves the case only
    /// in this file; the audit entry records how many letters, never who.
    pub fn merge_statement(&mut self, id: &str, dest: &Path) -> Result<MergeRecord> {
        use crate::affected::notice::NoticeStatus;
        use crate::statement::{StatementKind, StatementState};
        let s = self.statement(id)?;
        if s.kind != StatementKind::CustomerNotice {
            return Err(Error::invalid(
                "statement",
                format!(
                    "{} is a {}: only customer notices are merged",
                    s.id,
                    s.kind.label().to_lowercase()
                ),
            ));
        }
        let version = match (s.state, s.published_version) {
            (StatementState::Approved, _) => s.version,
            (_, Some(v)) => v,
            _ => {
                return Err(Error::invalid(
                    "statement",
                    format!(
                    "{} has no approved or published version: people only receive approved text",
                    s.id
                ),
                ))
            }
        };
        if s.jurisdictions.is_empty() {
            return Err(Error::invalid(
                "jurisdictions",
                format!(
                    "{} names no jurisdiction, so it is addressed to no one",
                    s.id
                ),
            ));
        }
        let places = s
            .jurisdictions
            .iter()
            .map(|j| place(j))
            .collect::<Result<Vec<_>>>()?;
        if dest.as_os_str().is_empty() || StatementFormat::of(dest)? != StatementFormat::Pdf {
            return Err(Error::invalid("out", "save the letters as one .pdf file"));
        }
        let v = self
            .statement_detail(&s.id)?
            .versions
            .into_iter()
            .find(|x| x.version == version)
            .ok_or_else(|| Error::internal("the approved version is missing"))?;
        let dest = absolute(dest)?;
        let body = blocks(&v.rendered);
        let head = (!titled(&v)).then(|| v.title.clone());
        let mut letters = 0u32;
        let case: &Case = self;
        let (written, pages) = write_atomically(&dest, |file| {
            write_pdf(file, &dest, &v, "L", |w| {
                letters = 0;
                for (country, region) in &places {
                    case.for_each_addressee(
                        country,
                        region.as_deref(),
                        NoticeStatus::Pending,
                        |a| {
                            letters += 1;
                            w.new_page();
                            w.paragraph(&a.lines().join("\n"), Style::Regular, BODY);
                            w.space(18.0);
                            if let Some(t) = &head {
                                w.heading(t, 18.0);
                            }
                            for block in &body {
                                draw(w, block);
                            }
                            Ok(())
                        },
                    )?;
                }
                Ok(())
            })
        })?;
        if letters == 0 {
            let _ = std::fs::remove_file(&dest);
            return Err(Error::invalid(
                "jurisdictions",
                format!(
                    "no one in {} is waiting for a notice: nothing was written",
                    s.jurisdictions.join(", ")
                ),
            ));
        }
        let record = MergeRecord {
            statement_id: s.id.clone(),
            version,
            path: dest.display().to_string(),
            letters,
            pages: pages as u32,
            sha256: written.sha256,
        };
        self.record_written(&dest, record, |tx, r| {
            tx.record(
                MERGED,
                "statement",
                &r.statement_id,
                None,
                Some(crate::util::json::to_json(r)),
            )
        })
    }
}
