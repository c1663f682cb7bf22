//! The PDF packet for counsel: what goes in it (sections chosen per packet, redaction of
//! personal data, the privilege marking, Bates numbering), generating it deterministically from
//! the case, and the record of every packet generated with its SHA-256.
//!
//! A packet covers the case as of the last audit entry that is not itself a packet record, so
//! generating again without changing the case gives the byte-identical file (and the same hash
//! recorded twice), which is how counsel proves which file was sent.

use crate::affected::snapshot::SnapshotCurrency;
use crate::audit::{canonical_json, AuditEntry};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::receipt::{Receipt, ReceiptCheck};
use crate::signing::KeyPair;
use crate::store::{Case, CaseIdentity, SnapshotSource};
use crate::util::failpoint::failpoint;
use crate::util::fs::{absolute, write_unnamed, Written};
use crate::util::json::to_json;
use crate::util::text::{limited, required};
use crate::vocab::vocabulary;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::path::Path;

mod content;
mod figure;
mod files;
mod fonts;
pub(crate) mod fuzzing;
mod layout;
mod letter;
mod page;
mod pdfa;
mod render;
mod statement;

pub use files::PREVIEW_LIMIT;
pub use fonts::shipped as shipped_font;
pub use letter::LetterRecord;
pub use statement::{MergeRecord, StatementExport, StatementFormat};

/// What packet generation records in the audit chain; entries after the last non-packet one
/// are not part of what a packet covers.
const GENERATED: &str = "packet.generated";

vocabulary! {
    /// A part of the packet. The cover, contents and integrity page are always there.
    Section {
        Summary = "summary", "Executive summary";
        Timeline = "timeline", "Key dates and timeline";
        Subject = "subject", "The insider subject";
        Evidence = "evidence", "Evidence manifest";
        Custody = "custody", "Chain of custody";
        Tallies = "tallies", "Affected individuals";
        Harm = "harm", "Harm reports";
        Methodology = "methodology", "Methodology";
        Obligations = "obligations", "Notification obligations";
        Referral = "referral", "Law-enforcement referral";
        Statements = "statements", "Statements and notices";
        Integrity = "integrity", "Audit-chain digest";
        People = "people", "Appendix: affected people";
        AuditLog = "audit_log", "Appendix: audit log";
    }
}

vocabulary! {
    /// How much of the affected people's personal data the people appendix shows.
    Redaction {
        Full = "full", "Fully redacted (person ids and countries only)";
        Partial = "partial", "Partially redacted (masked e-mail, last 2 phone digits)";
        None = "none", "Not redacted";
    }
}

pub const DEFAULT_MARKING: &str =
    "Privileged & Confidential \u{2014} Attorney-Client Communication / \
Attorney Work Product \u{2014} Prepared at the Direction of Counsel";

/// What a user chooses for one packet. Everything that changes the file is here, so the same
/// case state and the same options give the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PacketOptions {
    /// The packet's title on the cover, e.g. "Incident packet for outside counsel".
    pub title: String,
    /// Why it was prepared and for whom; shown on the cover.
    pub purpose: String,
    /// The sections to include, in the order the packet always uses.
    pub sections: Vec<Section>,
    pub redaction: Redaction,
    /// The privilege marking on the cover and every page header; `None` for a public version.
    pub marking: Option<String>,
    /// Bates prefix, e.g. "ACME-IR-"; numbers run from `bates_start` across every page.
    pub bates_prefix: String,
    pub bates_start: u32,
    /// Replaces the case record's summary in the executive summary when given.
    pub summary: Option<String>,
    /// The tally snapshot the figures come from; the newest when `None`.
    pub snapshot_id: Option<String>,
    /// Named on the cover as the packet's preparer; the case's actor when empty.
    pub prepared_by: String,
}

/// A packet leaves the case, so by default it lists no one: every section but the people
/// appendix, and full redaction should someone add the appendix.
impl Default for PacketOptions {
    fn default() -> Self {
        PacketOptions {
            title: "Incident packet".into(),
            purpose: "Prepared for counsel.".into(),
            sections: Section::ALL
                .iter()
                .copied()
                .filter(|s| *s != Section::People)
                .collect(),
            redaction: Redaction::Full,
            marking: Some(DEFAULT_MARKING.into()),
            bates_prefix: "CASEBOOK-".into(),
            bates_start: 1,
            summary: None,
            snapshot_id: None,
            prepared_by: String::new(),
        }
    }
}

/// A packet that was generated: its identity, hash and the options that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PacketRecord {
    /// Derived from the case state and the options: the same inputs give the same id.
    pub packet_id: String,
    pub generated_at: String,
    pub generated_by: String,
    /// Where it was written.
    pub path: String,
    pub sha256: String,
    pub pages: u32,
    pub bytes: f64,
    pub bates_first: String,
    pub bates_last: String,
    /// The audit entry the packet covers the case up to.
    pub as_of_seq: u32,
    pub options: PacketOptions,
}

/// A file held against the packet list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PacketCheck {
    pub path: String,
    /// The file's SHA-256 as it is now.
    pub sha256: String,
    pub bytes: f64,
    /// The packets recorded with that hash, newest first; empty when the file is none of them
    /// (edited, or never generated from this case). An unchanged case generated twice with the
    /// same options gives the same file, so one file may match several records.
    pub matches: Vec<PacketRecord>,
    /// The receipt the file carries, held against the case: checked whether or not the
    /// file's hash matches, so a re-saved copy still says who signed which head.
    pub receipt: Option<ReceiptCheck>,
    /// Why no receipt could be checked, when none was: the file carries none (a packet from
    /// before receipts, or a copy whose metadata was rewritten) or one that does not read.
    pub receipt_missing: Option<String>,
}

impl PacketOptions {
    /// Trims the text fields and refuses what cannot make a packet, naming the field.
    fn checked(&self) -> Result<PacketOptions> {
        let mut o = self.clone();
        o.title = required("title", &o.title, "a title for the packet")?;
        o.title = limited("title", &o.title, 200)?;
        o.purpose = limited("purpose", &o.purpose, 2000)?;
        o.bates_prefix = limited("bates_prefix", &o.bates_prefix, 40)?;
        if o.bates_prefix.chars().any(char::is_whitespace) {
            return Err(Error::invalid(
                "bates_prefix",
                "may not contain spaces; use letters, digits and dashes, e.g. ACME-IR-",
            ));
        }
        if o.bates_start == 0 {
            return Err(Error::invalid(
                "bates_start",
                "Bates numbers start at 1 or more",
            ));
        }
        o.marking = match o.marking.as_deref().map(str::trim) {
            Some("") | None => None,
            Some(m) => Some(limited("marking", m, 500)?),
        };
        o.summary = o
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from);
        if o.sections.is_empty() {
            return Err(Error::invalid("sections", "choose at least one section"));
        }
        // One order whatever order they were chosen in, so the same choice gives the same file.
        o.sections.sort();
        o.sections.dedup();
        Ok(o)
    }
}

/// The Bates prefix a case's packets start from: its reference, made safe for a page footer
/// ("IR 2019/0142" → "IR-2019-0142-"), or `CASEBOOK-` when the case has none.
pub fn bates_prefix_for(reference: &str) -> String {
    let mut prefix = String::new();
    for c in reference.trim().chars() {
        let c = if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
            c
        } else {
            '-'
        };
        if !(c == '-' && prefix.ends_with('-')) {
            prefix.push(c);
        }
    }
    let mut prefix: String = prefix.trim_matches('-').chars().take(39).collect();
    if prefix.is_empty() {
        return "CASEBOOK-".into();
    }
    if !prefix.ends_with('-') && !prefix.ends_with('_') {
        prefix.push('-');
    }
    prefix
}

impl Case {
    /// The options a new packet of this case starts from: the defaults, Bates-numbered with the
    /// case's reference.
    pub fn packet_defaults(&self) -> Result<PacketOptions> {
        Ok(PacketOptions {
            bates_prefix: bates_prefix_for(&self.info()?.reference),
            ..PacketOptions::default()
        })
    }

    /// The packet's snapshot choice (`None`: the newest) and how it stands against the case's
    /// affected data now; `None` when the case has no snapshot at all.
    pub fn packet_snapshot_currency(
        &self,
        snapshot_id: Option<&str>,
    ) -> Result<Option<SnapshotCurrency>> {
        let snapshot = match snapshot_id {
            Some(id) => Some(self.snapshot(id)?),
            None => self.newest_snapshot()?,
        };
        snapshot.map(|s| self.snapshot_currency(&s)).transpose()
    }

    /// Writes the packet to `dest` (atomically: nothing half-written on failure or cancel) and
    /// records it, with its hash and options, in the packet list and the audit chain: the
    /// three steps [`Case::prepare_packet`], [`PacketJob::run`], [`Case::commit_packet`] back
    /// to back.
    pub fn generate_packet(
        &mut self,
        options: &PacketOptions,
        dest: &Path,
        key: &KeyPair,
        progress: &dyn Progress,
    ) -> Result<PacketRecord> {
        let rendered = self.prepare_packet(options, dest)?.run(key, progress)?;
        self.commit_packet(rendered)
    }

    /// The first step of a packet: checks the options and the destination and resolves "the
    /// newest snapshot", taking from the case only what opening a read snapshot of it needs.
    pub fn prepare_packet(&self, options: &PacketOptions, dest: &Path) -> Result<PacketJob> {
        let mut o = options.checked()?;
        if o.prepared_by.trim().is_empty() {
            o.prepared_by = self.actor().label();
        }
        // "The newest" is resolved here, once, and recorded as the snapshot it was: the packet
        // list then says which figures a file cites, and asking for the newest by name gives
        // the same file.
        o.snapshot_id = match o.snapshot_id.take() {
            Some(id) => Some(self.snapshot(&id)?.content.id),
            None => self.newest_snapshot()?.map(|s| s.content.id),
        };
        if dest.as_os_str().is_empty() {
            return Err(Error::invalid("dest", "choose where to save the packet"));
        }
        let dest = absolute(dest)?;
        // Refused now, since the record commits before the file is named: a name that cannot
        // take a file must not leave a record of one.
        if dest.is_dir() {
            return Err(Error::invalid(
                "dest",
                format!(
                    "{} is a folder: choose a file name for the packet",
                    dest.display()
                ),
            ));
        }
        Ok(PacketJob {
            options: o,
            dest,
            source: self.snapshot_source()?,
        })
    }

    /// The last step of a packet: records it in one transaction (appended after whatever the
    /// case recorded while it was rendered), then gives the file its name. The record is
    /// committed before the file is named: a process killed between the two leaves a recorded
    /// packet whose file a rerun writes (the same bytes), never personal data on disk that the
    /// audit chain does not mention. Refused, with nothing left on disk, when the case it was
    /// rendered from is no longer this one.
    pub fn commit_packet(&mut self, rendered: RenderedPacket) -> Result<PacketRecord> {
        let RenderedPacket {
            mut record,
            people_listed,
            written,
            case,
        } = rendered;
        self.ensure_identity(&case, "generating the packet")?;
        record.generated_by = self.actor().label();
        let file = Path::new(&record.path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        let recorded = self.transact(|tx| {
            let mut r = record.clone();
            r.generated_at = tx.now_str();
            tx.conn().execute(
                "INSERT INTO packets (packet_id, generated_at, generated_by, path, sha256, pages,
                     bytes, bates_first, bates_last, as_of_seq, options)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    r.packet_id,
                    r.generated_at,
                    r.generated_by,
                    r.path,
                    r.sha256,
                    r.pages,
                    r.bytes as i64,
                    r.bates_first,
                    r.bates_last,
                    r.as_of_seq,
                    serde_json::to_string(&r.options).expect("plain data serialises"),
                ],
            )?;
            tx.record(
                GENERATED,
                "packet",
                &r.packet_id,
                None,
                Some(serde_json::json!({
                    "sha256": r.sha256,
                    "pages": r.pages,
                    "bytes": r.bytes,
                    "bates_first": r.bates_first,
                    "bates_last": r.bates_last,
                    "as_of_seq": r.as_of_seq,
                    "options": to_json(&r.options),
                    "file": file,
                    "people_listed": people_listed,
                })),
            )?;
            Ok(r)
        })?;
        failpoint("packet.recorded");
        written.name()?;
        Ok(recorded)
    }

    /// Every packet generated from this case, newest first.
    pub fn packets(&self) -> Result<Vec<PacketRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT packet_id, generated_at, generated_by, path, sha256, pages, bytes,
                    bates_first, bates_last, as_of_seq, options
             FROM packets ORDER BY seq DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                PacketRecord {
                    packet_id: r.get(0)?,
                    generated_at: r.get(1)?,
                    generated_by: r.get(2)?,
                    path: r.get(3)?,
                    sha256: r.get(4)?,
                    pages: r.get(5)?,
                    bytes: r.get::<_, i64>(6)? as f64,
                    bates_first: r.get(7)?,
                    bates_last: r.get(8)?,
                    as_of_seq: r.get(9)?,
                    options: PacketOptions::default(),
                },
                r.get::<_, String>(10)?,
            ))
        })?;
        rows.map(|row| {
            let (mut rec, options) = row?;
            rec.options = serde_json::from_str(&options).map_err(|e| {
                Error::corrupt(format!(
                    "stored options of {} are damaged: {e}",
                    rec.packet_id
                ))
            })?;
            Ok(rec)
        })
        .collect()
    }

    /// Says whether `file` is one of the packets generated from this case: its SHA-256 against
    /// every recorded one. For a copy that came back from counsel or a regulator, or the packet
    /// at its recorded path, which may have been edited since.
    pub fn check_packet_file(&self, file: &Path) -> Result<PacketCheck> {
        self.check_packet_hash(hash_file(file)?)
    }

    /// [`Self::check_packet_file`] for a file already hashed by [`hash_file`], which needs no
    /// case: the desktop shell hashes before it takes the case, so a large file does not hold
    /// every other command up.
    pub fn check_packet_hash(&self, file: HashedFile) -> Result<PacketCheck> {
        let matches = self
            .packets()?
            .into_iter()
            .filter(|p| p.sha256 == file.sha256)
            .collect();
        let (receipt, receipt_missing) = match file.receipt {
            None => (
                None,
                Some("the file carries no Casebook receipt in its metadata".to_string()),
            ),
            Some(text) => match Receipt::parse(&text) {
                Ok(r) => (Some(self.check_receipt(&r)?), None),
                Err(e) => (None, Some(format!("the file's receipt does not read: {e}"))),
            },
        };
        Ok(PacketCheck {
            path: file.path,
            sha256: file.sha256,
            bytes: file.bytes as f64,
            matches,
            receipt,
            receipt_missing,
        })
    }

    /// The last audit entry that is not the record of a generated document (a packet, a
    /// referral letter): what a document generated now covers.
    /// Records a document just written to `dest` in the audit chain (`audit` makes the
    /// entry), or removes the file when that fails: a file that is not in the chain must not
    /// look like one that is.
    fn record_written<T>(
        &mut self,
        dest: &Path,
        record: T,
        audit: impl FnOnce(&mut crate::store::Tx, &T) -> Result<()>,
    ) -> Result<T> {
        match self.transact(|tx| audit(tx, &record)) {
            Ok(()) => Ok(record),
            Err(e) => {
                let _ = std::fs::remove_file(dest);
                Err(e)
            }
        }
    }

    fn packet_head(&self) -> Result<AuditEntry> {
        let mut entries = self.audit_log(&crate::audit::AuditQuery::default())?;
        entries.retain(|e| {
            e.action != GENERATED
                && e.action != letter::GENERATED
                && e.action != statement::EXPORTED
        });
        entries
            .into_iter()
            .next()
            .ok_or_else(|| Error::corrupt("the case has no audit entries"))
    }

    /// Lays out the packet and writes it to `file`.
    fn render_packet(
        &self,
        o: &PacketOptions,
        key: &KeyPair,
        progress: &dyn Progress,
        file: std::fs::File,
    ) -> Result<Rendered> {
        let as_of = self.packet_head()?;
        let receipt = self.receipt_of(key, &as_of)?;
        let verification = self.verify_audit(&crate::progress::Silent)?;
        let snapshot = match &o.snapshot_id {
            Some(id) => Some(self.snapshot(id)?),
            None => None,
        };
        let currency = match &snapshot {
            Some(snap) => Some(self.snapshot_currency(snap)?),
            None => None,
        };
        let people_total = if o.sections.contains(&Section::People) {
            self.tally()?.people
        } else {
            0
        };
        let packet_id = {
            let mut h = Sha256::new();
            h.update(as_of.hash.as_bytes());
            h.update(canonical_json(&to_json(o)).as_bytes());
            format!("PK-{}", &hex::encode(h.finalize())[..12].to_uppercase())
        };
        let scope = content::Scope {
            packet_id,
            as_of,
            verification,
            snapshot,
            currency,
            prepared_by: o.prepared_by.clone(),
            people_total,
            receipt,
        };
        // Progress in rows, over both passes: the people appendix dominates; the rest counts
        // as a few hundred.
        let pass = 200 + people_total as u64;
        let mut tracker = content::Tracker {
            progress,
            done: 0,
            total: 2 * pass,
        };
        progress.update(0, 2 * pass);

        let info = self.info()?;
        let reference = if info.reference.trim().is_empty() {
            info.title.clone()
        } else {
            format!("{} \u{2014} {}", info.reference, info.title)
        };
        let furniture = render::Furniture {
            reference,
            marking: o.marking.clone(),
            bates_prefix: o.bates_prefix.clone(),
            bates_start: o.bates_start,
        };

        let date = chrono::DateTime::parse_from_rfc3339(&scope.as_of.at_utc)
            .map_err(|e| {
                Error::corrupt(format!("the time of the last audit entry is damaged: {e}"))
            })?
            .with_timezone(&chrono::Utc);
        let mut id = [0u8; 16];
        id.copy_from_slice(&Sha256::digest(scope.packet_id.as_bytes())[..16]);
        let doc = pdfa::DocumentInfo {
            title: &format!("{} \u{2014} {}", info.title, o.title),
            author: &o.prepared_by,
            subject: &o.purpose,
            creator: "Casebook",
            producer: "Casebook",
            keywords: &scope.receipt.to_line(),
            date,
        };
        let (written, pages, plan) = render_twice(file, furniture, &doc, id, |w, plan| {
            if plan.is_some() {
                tracker.done = pass;
            }
            self.lay_out(w, o, &scope, plan, &mut tracker)
        })?;
        progress.update(2 * pass, 2 * pass);
        // The last moment to stop: the file is still under its temporary name.
        if progress.cancelled() {
            return Err(Error::Cancelled);
        }
        Ok(Rendered {
            written,
            pages: pages as u32,
            scope,
            bates: plan.bates,
        })
    }

    /// Lays the whole packet out once; with a plan (the first pass's result) it also fills in
    /// the contents and the cover's Bates range. Returns the contents page.
    fn lay_out(
        &self,
        w: &mut layout::Writer,
        o: &PacketOptions,
        scope: &content::Scope,
        plan: Option<&Plan>,
        tracker: &mut content::Tracker,
    ) -> Result<usize> {
        let slot = content::cover(w, self, o, scope)?;
        if let Some(p) = plan {
            content::cover_bates(w, &slot, &p.bates.0, &p.bates.1);
        }
        w.new_page();
        let contents_page = w.page_count() - 1;
        w.heading("Contents", 16.0);
        if let Some(p) = plan {
            w.contents(contents_page, &p.outline);
        }
        for &s in &o.sections {
            if tracker.progress.cancelled() {
                return Err(Error::Cancelled);
            }
            content::section(w, self, o, scope, s, tracker)?;
        }
        content::receipt(w, scope);
        Ok(contents_page)
    }
}

/// Lays a document out twice and writes it to `file`: the first pass only counts pages and
/// learns where each section starts (so the contents, the outline and "Page N of M" can be
/// drawn), the second draws the same layout and hands it to the assembler a chunk at a time.
/// `lay_out` returns the contents page and must lay out the same pages in both passes.
fn render_twice(
    file: std::fs::File,
    furniture: render::Furniture,
    doc: &pdfa::DocumentInfo,
    id: [u8; 16],
    mut lay_out: impl FnMut(&mut layout::Writer, Option<&Plan>) -> Result<usize>,
) -> Result<(render::Written, usize, Plan)> {
    let mut counter = layout::Counter;
    let mut count = layout::Writer::new(&mut counter);
    let contents_page = lay_out(&mut count, None)?;
    let pages = count.page_count();
    let plan = Plan {
        outline: count
            .outline
            .iter()
            .map(|e| (e.title.clone(), e.page))
            .collect(),
        bates: (furniture.bates(0), furniture.bates(pages - 1)),
    };
    drop(count);

    let mut asm = render::Assembler::new(
        file,
        furniture,
        &mut fonts::Shaper::default(),
        pages,
        plan.outline.clone(),
        contents_page,
    )?;
    let mut draw = layout::Writer::new(&mut asm);
    lay_out(&mut draw, Some(&plan))?;
    if draw.page_count() != pages {
        return Err(Error::internal(
            "the two layout passes disagree on the page count",
        ));
    }
    draw.finish()?;
    let written = asm.finish(doc, id)?;
    Ok((written, pages, plan))
}

/// What the first layout pass learns: where each section starts and the Bates range.
struct Plan {
    outline: Vec<(String, usize)>,
    bates: (String, String),
}

/// A packet written to its (temporary) file.
/// A packet prepared by [`Case::prepare_packet`]: checked options, the destination, and what
/// opening a read snapshot of the case takes. It borrows nothing (`Send + 'static`):
/// [`PacketJob::run`] gathers, lays out and renders without the case or its lock.
pub struct PacketJob {
    options: PacketOptions,
    dest: std::path::PathBuf,
    source: SnapshotSource,
}

/// A rendered packet, complete and synced but not yet under its name, waiting for
/// [`Case::commit_packet`]; dropped, it leaves nothing on disk.
pub struct RenderedPacket {
    record: PacketRecord,
    people_listed: u32,
    written: Written,
    case: CaseIdentity,
}

impl PacketJob {
    /// The slow step of a packet: reads the case from its own snapshot (every figure, the
    /// audit head and its verification as of one moment, whatever is written meanwhile) and
    /// renders the PDF into an unnamed file beside the destination.
    pub fn run(self, key: &KeyPair, progress: &dyn Progress) -> Result<RenderedPacket> {
        let PacketJob {
            options: o,
            dest,
            source,
        } = self;
        let snapshot = source.open()?;
        let (
            Rendered {
                written,
                pages,
                scope,
                bates,
            },
            file_written,
        ) = write_unnamed(&dest, |file| {
            let handle = file
                .try_clone()
                .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?;
            let rendered = snapshot.render_packet(&o, key, progress, handle)?;
            failpoint("packet.rendered");
            Ok(rendered)
        })?;
        // The people appendix is personal data leaving the case: the entry says how many
        // people it lists (and the file name), never who.
        let people_listed = if o.sections.contains(&Section::People) {
            scope.people_total
        } else {
            0
        };
        Ok(RenderedPacket {
            record: PacketRecord {
                packet_id: scope.packet_id.clone(),
                generated_at: String::new(),
                generated_by: String::new(),
                path: dest.display().to_string(),
                sha256: written.sha256,
                pages,
                bytes: written.bytes as f64,
                bates_first: bates.0,
                bates_last: bates.1,
                as_of_seq: scope.as_of.seq,
                options: o,
            },
            people_listed,
            written: file_written,
            case: source.identity,
        })
    }
}

struct Rendered {
    written: render::Written,
    pages: u32,
    scope: content::Scope,
    /// First and last Bates numbers.
    bates: (String, String),
}

/// A file's SHA-256 and size, to check against the packets a case recorded.
#[derive(Debug, Clone)]
pub struct HashedFile {
    path: String,
    sha256: String,
    bytes: u64,
    /// The receipt text its metadata carries, if any.
    receipt: Option<String>,
}

/// Hashes `file` and reads the receipt it carries, for [`Case::check_packet_hash`]: a regular
/// file only (a folder, a pipe, which would block the read, or a link is refused before
/// reading).
pub fn hash_file(file: &Path) -> Result<HashedFile> {
    drop(crate::util::fs::open_regular(file, "file")?);
    // The same one streaming read that intake and verification hash evidence with.
    let read = crate::vault::stream(file, None, Default::default(), &crate::progress::Silent)?;
    Ok(HashedFile {
        path: file.display().to_string(),
        sha256: read.digests.sha256,
        bytes: read.size,
        receipt: files::embedded_receipt(file)?,
    })
}
