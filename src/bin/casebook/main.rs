//! `casebook`: the command-line face of the core, for scripting and headless use. Every command
//! parses its arguments, calls the same `Case` API the desktop app uses, and prints the result
//! (as JSON with `--json`). Errors go to stderr with a non-zero exit.

use anyhow::{bail, Context, Result};
use casebook::affected::normalise::FieldMap;
use casebook::affected::notice::{Channel, NoticeListRequest, NoticeStatus, NoticeUpdate};
use casebook::affected::people::DedupeRule;
use casebook::affected::source::{FileFormat, ShapeOverride, TextEncoding};
use casebook::affected::{Field, ImportRequest, PeopleQuery, Reject};
use casebook::audit::AuditQuery;
use casebook::case::{CaseUpdate, EmploymentStatus, NewCase, Severity, Status, Subject};
use casebook::custody::{CorrectionInput, TransferInput};
use casebook::dates::{KeyDateInput, KeyDateKind, Precision};
use casebook::evidence::{
    EvidenceCategory, EvidenceEdit, ExportRequest, IntakeRequest, VerificationStatus,
};
use casebook::packet::{PacketOptions, Redaction, Section};
use casebook::profile::RecentCase;
use casebook::progress::Progress;
use casebook::settings::CaseSettings;
use casebook::team::{MemberInput, Role};
use casebook::timeline::{Category, EventInput, TimelineFilter};
use casebook::vault::LegacyHashes;
use casebook::{Actor, Case, Home, SystemClock};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "casebook",
    version,
    about = "Offline case manager for insider data-theft incidents"
)]
struct Cli {
    /// Read the case passphrase from this file (first line). Otherwise CASEBOOK_PASSPHRASE, or
    /// a prompt on a terminal.
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create, show and list cases.
    #[command(subcommand)]
    Case(CaseCmd),
    /// The insider subject.
    #[command(subcommand)]
    Subject(SubjectCmd),
    /// Key dates (first/last unauthorized access, discovery, containment, notices…).
    #[command(subcommand)]
    Date(DateCmd),
    /// People working the case.
    #[command(subcommand)]
    Team(TeamCmd),
    /// Timeline events.
    #[command(subcommand)]
    Event(EventCmd),
    /// Evidence items: intake, verification, custody, export.
    #[command(subcommand)]
    Evidence(EvidenceCmd),
    /// Affected people: import, tallies, snapshots, the people list and notices.
    #[command(subcommand)]
    Affected(AffectedCmd),
    /// Print and verify the hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Your investigator profile, named on every change you make.
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// Generate the PDF packet for counsel; prints its id, pages, Bates range and SHA-256.
    Packet(PacketArgs),
    /// List the packets generated from a case, newest first, with their hashes; with --check,
    /// say which of them a file is (exit 1 when it is none of them).
    Packets {
        case: PathBuf,
        /// A PDF to hold against the list: a copy sent out, or a packet at its recorded path.
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
        #[command(flatten)]
        json: Json,
    },
    /// Create a complete demo case in DIR and print its path.
    Demo { dir: PathBuf },
}

#[derive(Args)]
struct PacketArgs {
    case: PathBuf,
    /// Where to write the PDF.
    #[arg(long)]
    out: PathBuf,
    /// Sections to include, comma-separated (default: all): summary, timeline, subject,
    /// evidence, custody, tallies, methodology, integrity, people, audit_log.
    #[arg(long, value_delimiter = ',', value_parser = parse_section)]
    sections: Vec<Section>,
    /// Personal data in the people appendix: full (redacted), partial or none.
    #[arg(long, value_parser = parse_redaction, default_value = "partial")]
    redact: Redaction,
    /// Bates prefix; numbers run from --bates-start across every page (default: the case's
    /// reference, e.g. IR-2019-0142-, or CASEBOOK- when it has none).
    #[arg(long)]
    bates: Option<String>,
    #[arg(long, default_value_t = 1)]
    bates_start: u32,
    /// The privilege marking on the cover and every page (default: the standard wording).
    #[arg(long, conflicts_with = "no_marking")]
    marking: Option<String>,
    /// A public version: no privilege marking.
    #[arg(long)]
    no_marking: bool,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    purpose: Option<String>,
    /// Executive summary text replacing the case record's.
    #[arg(long)]
    summary: Option<String>,
    /// The tally snapshot to cite, e.g. TS-0002 (default: the newest).
    #[arg(long)]
    snapshot: Option<String>,
    #[command(flatten)]
    json: Json,
}

fn parse_section(s: &str) -> std::result::Result<Section, String> {
    Section::parse(s, "sections").map_err(|e| e.to_string())
}

fn parse_redaction(s: &str) -> std::result::Result<Redaction, String> {
    Redaction::parse(s, "redact").map_err(|e| e.to_string())
}

#[derive(Args)]
struct Json {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CaseCmd {
    /// Create a case folder PATH.casebook (the extension is added when missing).
    New {
        path: PathBuf,
        #[arg(long)]
        title: String,
        #[arg(long)]
        code_name: Option<String>,
        #[arg(long, value_parser = parse_severity)]
        severity: Option<Severity>,
        #[arg(long)]
        reference: Option<String>,
        #[arg(long)]
        summary: Option<String>,
    },
    /// Show a case: record, subject, key dates, team, counts.
    Show {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// List recent cases and those in the default cases folder.
    List {
        #[command(flatten)]
        json: Json,
    },
    /// Change the case record.
    Set {
        case: PathBuf,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        code_name: Option<String>,
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        #[arg(long, value_parser = parse_severity)]
        severity: Option<Severity>,
        #[arg(long)]
        reference: Option<String>,
        #[arg(long)]
        summary: Option<String>,
        /// Digests evidence intake computes beside SHA-256: sha1, md5, sha1,md5 or none.
        #[arg(long, value_parser = parse_legacy_hashes)]
        legacy_hashes: Option<LegacyHashes>,
    },
}

fn parse_legacy_hashes(s: &str) -> std::result::Result<LegacyHashes, String> {
    let mut legacy = LegacyHashes::default();
    for part in s.split(',').map(str::trim) {
        match part {
            "sha1" => legacy.sha1 = true,
            "md5" => legacy.md5 = true,
            "none" | "" => {}
            other => return Err(format!("{other:?}: use sha1, md5, sha1,md5 or none")),
        }
    }
    Ok(legacy)
}

#[derive(Subcommand)]
enum SubjectCmd {
    /// Set the insider subject (fields left out keep their value).
    Set {
        case: PathBuf,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        employee_id: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        access_rights: Option<String>,
        #[arg(long, value_parser = parse_employment)]
        employment_status: Option<EmploymentStatus>,
        #[arg(long)]
        notes: Option<String>,
    },
    Show {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Subcommand)]
enum DateCmd {
    /// Set a key date, e.g. `date set CASE discovery "2019-10-18 16:00" --tz Europe/Dublin`.
    Set {
        case: PathBuf,
        #[arg(value_parser = parse_kind)]
        kind: KeyDateKind,
        /// YYYY-MM-DD, "YYYY-MM-DD HH:MM", or RFC 3339 with an offset.
        when: String,
        /// Time zone the date was observed in (IANA name, UTC, or +HH:MM).
        #[arg(long, default_value = "UTC")]
        tz: String,
        #[arg(long, value_parser = parse_precision)]
        precision: Option<Precision>,
        /// What the date rests on.
        #[arg(long)]
        basis: Option<String>,
    },
    Clear {
        case: PathBuf,
        #[arg(value_parser = parse_kind)]
        kind: KeyDateKind,
    },
    List {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Subcommand)]
enum TeamCmd {
    Add {
        case: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        organisation: String,
    },
    Remove {
        case: PathBuf,
        id: String,
    },
    List {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Subcommand)]
enum EventCmd {
    Add {
        case: PathBuf,
        /// YYYY-MM-DD, "YYYY-MM-DD HH:MM", or RFC 3339 with an offset.
        #[arg(long)]
        when: String,
        #[arg(long, default_value = "UTC")]
        tz: String,
        /// What happened.
        #[arg(long)]
        title: String,
        #[arg(long, value_parser = parse_category, default_value = "other")]
        category: Category,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        detail: Option<String>,
    },
    List {
        case: PathBuf,
        #[arg(long, value_parser = parse_category)]
        category: Vec<Category>,
        /// First day to show (YYYY-MM-DD, UTC).
        #[arg(long)]
        from: Option<String>,
        /// Last day to show (YYYY-MM-DD, UTC).
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        json: Json,
    },
    Delete {
        case: PathBuf,
        id: String,
    },
}

/// How to read a file when detection guesses wrong.
#[derive(Args)]
struct ShapeArgs {
    /// utf-8, utf-8-bom, utf-16le, utf-16be or windows-1252.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<TextEncoding>,
    /// comma, semicolon, tab or pipe (or the character itself).
    #[arg(long)]
    delimiter: Option<String>,
    /// The workbook sheet to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
}

impl ShapeArgs {
    fn into_override(self) -> ShapeOverride {
        ShapeOverride {
            encoding: self.encoding,
            delimiter: self.delimiter,
            sheet: self.sheet,
        }
    }
}

#[derive(Subcommand)]
enum AffectedCmd {
    /// Show how a file will be read: encoding, delimiter, columns, first rows and mapping.
    Preview {
        case: PathBuf,
        file: PathBuf,
        #[command(flatten)]
        shape: ShapeArgs,
        #[command(flatten)]
        json: Json,
    },
    /// Import a CSV/TSV or .xlsx file of affected records (one transaction; the file is kept
    /// as evidence).
    Import {
        case: PathBuf,
        file: PathBuf,
        /// FIELD=COLUMN, over the saved or suggested mapping (FIELD= unmaps). Repeat it for
        /// one field to build that field from several columns in order, e.g. --map
        /// name="First name" --map name="Last name" (a name or phone joined with spaces,
        /// anything else with ", "). Fields: record_id, name, email, phone, street, city,
        /// postal_code, country, region, segment, birth_date, minor, elements, account_id,
        /// notes.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        #[command(flatten)]
        shape: ShapeArgs,
        /// Where the file came from, for its evidence record.
        #[arg(long)]
        source: Option<String>,
        #[command(flatten)]
        json: Json,
    },
    /// The live tally (with --json exactly: people, records, by_country, by_us_state,
    /// by_segment, by_element, minors).
    Tally {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// Freeze the current tallies as a snapshot with a SHA-256.
    Snapshot {
        case: PathBuf,
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        json: Json,
    },
    /// List snapshots.
    Snapshots {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// List people (a page at a time), with filters.
    People {
        case: PathBuf,
        /// Part of a name, e-mail or phone number.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        element: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[command(flatten)]
        json: Json,
    },
    /// One person's source records and notice history.
    Person {
        case: PathBuf,
        id: String,
        #[command(flatten)]
        json: Json,
    },
    /// Import batches, with their counts.
    Batches {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// Remove a batch's records (audited; tallies follow).
    RemoveBatch {
        case: PathBuf,
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// A batch's rejected rows; with --out, write them as CSV to fix and import again.
    Rejects {
        case: PathBuf,
        batch: String,
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        json: Json,
    },
    /// Show or set how records are grouped into people: email, phone or name_postal.
    Rule {
        case: PathBuf,
        #[arg(value_parser = parse_rule)]
        rule: Option<DedupeRule>,
    },
    /// Notice tracking.
    #[command(subcommand)]
    Notices(NoticesCmd),
}

#[derive(Subcommand)]
enum NoticesCmd {
    /// Set the notice status of people.
    Set {
        case: PathBuf,
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, value_parser = parse_notice_status)]
        status: NoticeStatus,
        #[arg(long, value_parser = parse_channel)]
        channel: Option<Channel>,
        /// YYYY-MM-DD (default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Apply a mailing house's results file (person_id or email, status, date, channel).
    Import {
        case: PathBuf,
        file: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// Write a mail-merge list (CSV) of people with a status, per country/state.
    Export {
        case: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_parser = parse_channel)]
        channel: Option<Channel>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long, value_parser = parse_notice_status)]
        status: Option<NoticeStatus>,
    },
    /// A person's notice history.
    History {
        case: PathBuf,
        id: String,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Subcommand)]
enum EvidenceCmd {
    /// Add files or folders: hashed, copied into the vault (or registered in place).
    Add {
        case: PathBuf,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_parser = parse_evidence_category)]
        category: Option<EvidenceCategory>,
        /// Source or custodian the items came from.
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Acquisition method (tool, query, export procedure).
        #[arg(long)]
        method: Option<String>,
        /// Keep only hashes and the path (too large to copy, or on a write-blocked drive).
        #[arg(long)]
        in_place: bool,
        #[command(flatten)]
        json: Json,
    },
    List {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// An item with its chain of custody.
    Show {
        case: PathBuf,
        id: String,
        #[command(flatten)]
        json: Json,
    },
    /// Reread and rehash items (all when none named): exit 1 when any changed or is missing.
    Verify {
        case: PathBuf,
        ids: Vec<String>,
        #[command(flatten)]
        json: Json,
    },
    /// Record a hand-over of an item.
    Transfer {
        case: PathBuf,
        id: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        method: Option<String>,
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        when: Option<String>,
        #[arg(long)]
        tz: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Correct a custody entry: a new entry naming the one it corrects (which stays as it was).
    Correct {
        case: PathBuf,
        id: String,
        /// The custody entry's number (`evidence show` lists them).
        #[arg(long)]
        entry: u32,
        /// What was wrong and what is right.
        #[arg(long)]
        note: String,
    },
    /// Correct an item's description, category or source (audited, old and new); its hashes,
    /// file and custody log never change.
    Edit {
        case: PathBuf,
        id: String,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, value_parser = parse_evidence_category)]
        category: Option<EvidenceCategory>,
        /// Source or custodian the item came from.
        #[arg(long)]
        source: Option<String>,
        #[command(flatten)]
        json: Json,
    },
    /// Copy items to a new folder with MANIFEST.csv and SHA256SUMS, recording the hand-over.
    Export {
        case: PathBuf,
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long)]
        to: PathBuf,
        #[arg(long)]
        recipient: String,
        #[arg(long)]
        purpose: String,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Print the audit log, oldest first.
    Log {
        case: PathBuf,
        /// Only this action: a code (`evidence.add`), its label, or a family (`custody`).
        #[arg(long)]
        action: Option<String>,
        /// Only this entity: `KIND:ID` (`evidence:EV-0003`), a kind (`key_date`) or an id.
        #[arg(long)]
        entity: Option<String>,
        /// Only changes by this person (any part of the recorded name or e-mail).
        #[arg(long)]
        actor: Option<String>,
        #[command(flatten)]
        json: Json,
    },
    /// Recompute the chain: exit 0 when intact, 1 naming the first broken entry.
    Verify {
        case: PathBuf,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Subcommand)]
enum ProfileCmd {
    Show {
        #[command(flatten)]
        json: Json,
    },
    Set {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        organisation: String,
    },
}

macro_rules! vocab_parser {
    ($fn:ident, $ty:ty, $field:literal) => {
        fn $fn(s: &str) -> Result<$ty, String> {
            <$ty>::parse(s, $field).map_err(|e| e.to_string())
        }
    };
}
vocab_parser!(parse_severity, Severity, "severity");
vocab_parser!(parse_status, Status, "status");
vocab_parser!(parse_employment, EmploymentStatus, "employment_status");
vocab_parser!(parse_kind, KeyDateKind, "kind");
vocab_parser!(parse_precision, Precision, "precision");
vocab_parser!(parse_role, Role, "role");
vocab_parser!(parse_category, Category, "category");
vocab_parser!(parse_evidence_category, EvidenceCategory, "category");

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The first Ctrl-C asks long work to stop cleanly; a second one exits at once (a partial
    // vault file it leaves is swept when the case next opens).
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            std::process::exit(130);
        }
        eprintln!("\ncasebook: stopping; nothing half-done will be kept (Ctrl-C again to kill)");
    });
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("casebook: {e:#}");
            ExitCode::from(2)
        }
    }
}

struct Ctx {
    home: Home,
    passphrase_file: Option<PathBuf>,
}

impl Ctx {
    fn passphrase(&self, confirm: bool) -> Result<String> {
        if let Some(f) = &self.passphrase_file {
            let text = std::fs::read_to_string(f)
                .with_context(|| format!("reading the passphrase file {}", f.display()))?;
            return Ok(text.lines().next().unwrap_or("").to_string());
        }
        if let Ok(p) = std::env::var("CASEBOOK_PASSPHRASE") {
            return Ok(p);
        }
        if !std::io::stdin().is_terminal() {
            bail!("no passphrase: use --passphrase-file FILE or set CASEBOOK_PASSPHRASE");
        }
        let p = rpassword::prompt_password("Case passphrase: ")?;
        if confirm && rpassword::prompt_password("Repeat passphrase: ")? != p {
            bail!("the two passphrases differ; nothing was created");
        }
        Ok(p)
    }

    /// The profile; on a terminal, asked for at first use, otherwise the login name.
    fn actor(&self) -> Result<Actor> {
        if let Some(a) = self.home.profile()? {
            return Ok(a);
        }
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            eprintln!("First run: who are you? This is recorded on every change you make.");
            let ask = |q: &str| -> Result<String> {
                eprint!("{q}: ");
                std::io::stderr().flush()?;
                let mut s = String::new();
                std::io::stdin().read_line(&mut s)?;
                Ok(s.trim().to_string())
            };
            let actor = Actor {
                name: ask("Your name")?,
                email: ask("E-mail (optional)")?,
                organisation: ask("Organisation (optional)")?,
            };
            return Ok(self.home.save_profile(actor)?);
        }
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_else(|_| "unknown".into());
        Ok(Actor {
            name: login,
            email: String::new(),
            organisation: "no Casebook profile set".into(),
        })
    }

    fn open(&self, path: &Path) -> Result<Case> {
        let case = Case::open(
            path,
            &self.passphrase(false)?,
            self.actor()?,
            Arc::new(SystemClock),
        )?;
        self.remember(&case);
        Ok(case)
    }

    fn remember(&self, case: &Case) {
        if let Ok(info) = case.info() {
            // The recent list is a convenience: failing to update it must not fail the command.
            let _ = self.home.remember(RecentCase {
                path: case.root().display().to_string(),
                title: info.title,
                opened_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            });
        }
    }
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// Draws progress (with rate and time left) on stderr when it is a terminal.
struct StderrProgress {
    label: &'static str,
    started: std::time::Instant,
    last: std::sync::Mutex<Option<std::time::Instant>>,
    items: std::sync::atomic::AtomicU64,
}

impl StderrProgress {
    fn new(label: &'static str) -> Self {
        StderrProgress {
            label,
            started: std::time::Instant::now(),
            last: Default::default(),
            items: Default::default(),
        }
    }
}

/// Set by Ctrl-C: long work stops at its next step and leaves nothing half-written.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Progress for StderrProgress {
    fn cancelled(&self) -> bool {
        INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn items(&self, count: u64) {
        self.items
            .store(count, std::sync::atomic::Ordering::Relaxed);
    }

    fn update(&self, done: u64, total: u64) {
        if !std::io::stderr().is_terminal() || total == 0 {
            return;
        }
        let now = std::time::Instant::now();
        let mut last = self.last.lock().unwrap();
        if done < total && last.is_some_and(|t| now - t < std::time::Duration::from_millis(200)) {
            return;
        }
        *last = Some(now);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let eta = if rate > 0.0 {
            (total - done.min(total)) as f64 / rate
        } else {
            0.0
        };
        let items = self.items.load(std::sync::atomic::Ordering::Relaxed);
        let speed = if items > 0 {
            format!("{items} rows, {:.0} rows/s", items as f64 / secs)
        } else {
            format!("{:.1} MB/s", rate / 1e6)
        };
        eprint!(
            "\r{}: {:5.1}%  {speed}  {:.0} s left   ",
            self.label,
            100.0 * done as f64 / total as f64,
            eta
        );
        if done >= total {
            eprintln!();
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Ctx {
        home: Home::from_env()?,
        passphrase_file: cli.passphrase_file,
    };
    match cli.command {
        Command::Case(c) => case_cmd(&ctx, c)?,
        Command::Subject(c) => subject_cmd(&ctx, c)?,
        Command::Date(c) => date_cmd(&ctx, c)?,
        Command::Team(c) => team_cmd(&ctx, c)?,
        Command::Event(c) => event_cmd(&ctx, c)?,
        Command::Audit(c) => return audit_cmd(&ctx, c),
        Command::Evidence(c) => return evidence_cmd(&ctx, c),
        Command::Affected(c) => affected_cmd(&ctx, c)?,
        Command::Profile(c) => profile_cmd(&ctx, c)?,
        Command::Packet(a) => packet_cmd(&ctx, a)?,
        Command::Packets {
            case,
            check: Some(file),
            json,
        } => {
            let check = ctx.open(&case)?.check_packet_file(&file)?;
            if json.json {
                print_json(&check)?;
            } else if check.matches.is_empty() {
                eprintln!(
                    "{} (SHA-256 {}) is not a packet generated from this case: \
                     it was changed after it was generated, or never came from this case",
                    check.path, check.sha256
                );
            } else {
                for p in &check.matches {
                    println!(
                        "{} is packet {}, generated {} by {} ({} pages, {}..{}); SHA-256 {}",
                        check.path,
                        p.packet_id,
                        p.generated_at,
                        p.generated_by,
                        p.pages,
                        p.bates_first,
                        p.bates_last,
                        check.sha256
                    );
                }
            }
            if check.matches.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Packets {
            case,
            check: None,
            json,
        } => {
            let packets = ctx.open(&case)?.packets()?;
            if json.json {
                print_json(&packets)?;
            } else {
                for p in packets {
                    println!(
                        "{}  {}  {} pages  {}..{}  {}  {}",
                        p.packet_id,
                        p.generated_at,
                        p.pages,
                        p.bates_first,
                        p.bates_last,
                        p.sha256,
                        p.path
                    );
                }
            }
        }
        Command::Demo { dir } => {
            let case = casebook::demo::build(
                &dir,
                &ctx.passphrase(true)?,
                ctx.actor()?,
                Arc::new(SystemClock),
            )?;
            ctx.remember(&case);
            println!("{}", case.root().display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn packet_cmd(ctx: &Ctx, a: PacketArgs) -> Result<()> {
    let mut case = ctx.open(&a.case)?;
    let defaults = case.packet_defaults()?;
    let options = PacketOptions {
        title: a.title.unwrap_or(defaults.title),
        purpose: a.purpose.unwrap_or(defaults.purpose),
        sections: if a.sections.is_empty() {
            defaults.sections
        } else {
            a.sections
        },
        redaction: a.redact,
        marking: if a.no_marking {
            None
        } else {
            a.marking.or(defaults.marking)
        },
        bates_prefix: a.bates.unwrap_or(defaults.bates_prefix),
        bates_start: a.bates_start,
        summary: a.summary,
        snapshot_id: a.snapshot,
        prepared_by: String::new(),
    };
    let progress = StderrProgress::new("packet");
    let p = case.generate_packet(&options, &a.out, &progress)?;
    // A packet citing an out-of-date snapshot says so inside; say it here too, on stderr so
    // the output scripts read stays as it was.
    if let Some(note) = case
        .packet_snapshot_currency(p.options.snapshot_id.as_deref())?
        .and_then(|c| c.note)
    {
        eprintln!("warning: {note}");
    }
    if a.json.json {
        print_json(&p)?;
    } else {
        println!(
            "{}  {} pages  {}..{}\n{}  {}",
            p.packet_id, p.pages, p.bates_first, p.bates_last, p.sha256, p.path
        );
    }
    Ok(())
}

fn case_cmd(ctx: &Ctx, c: CaseCmd) -> Result<()> {
    match c {
        CaseCmd::New {
            path,
            title,
            code_name,
            severity,
            reference,
            summary,
        } => {
            let case = casebook::create(
                &path,
                &ctx.passphrase(true)?,
                NewCase {
                    title,
                    code_name,
                    severity,
                    summary,
                    reference,
                },
                ctx.actor()?,
                Arc::new(SystemClock),
            )?;
            ctx.remember(&case);
            println!("{}", case.root().display());
        }
        CaseCmd::Show { case, json } => {
            let o = ctx.open(&case)?.overview()?;
            if json.json {
                return print_json(&o);
            }
            println!("{}  [{}]", o.info.title, o.path);
            println!(
                "  reference: {}   code name: {}",
                o.info.reference, o.info.code_name
            );
            println!(
                "  status: {}   severity: {}",
                o.info.status, o.info.severity
            );
            println!("  created {} by {}", o.info.created_at, o.info.created_by);
            if !o.info.summary.is_empty() {
                println!("\n{}\n", o.info.summary);
            }
            if let Some(s) = &o.subject {
                println!(
                    "Subject: {} ({}), {}; {}",
                    s.name, s.employee_id, s.role, s.employment_status
                );
            }
            println!("Key dates:");
            for d in &o.key_dates {
                println!(
                    "  {:<28} {} {} ({})",
                    d.kind.label(),
                    d.when.local,
                    d.when.tz,
                    d.precision
                );
            }
            println!("Team:");
            for m in &o.team {
                println!("  {:<20} {} <{}>", m.role.label(), m.name, m.email);
            }
            println!(
                "Counts: {} timeline events, {} team members, {} audit entries",
                o.counts.timeline_events, o.counts.team_members, o.counts.audit_entries
            );
        }
        CaseCmd::List { json } => {
            let mut cases: Vec<RecentCase> = ctx.home.recent()?;
            if let Ok(entries) = std::fs::read_dir(ctx.home.default_cases_dir()) {
                for e in entries.flatten() {
                    let p = e.path();
                    let path = p.display().to_string();
                    if p.join(casebook::store::DB_FILE).is_file()
                        && !cases.iter().any(|c| c.path == path)
                    {
                        cases.push(RecentCase {
                            path,
                            title: String::new(),
                            opened_at: String::new(),
                        });
                    }
                }
            }
            if json.json {
                return print_json(&cases);
            }
            for c in cases {
                println!("{}\t{}\t{}", c.path, c.title, c.opened_at);
            }
        }
        CaseCmd::Set {
            case,
            title,
            code_name,
            status,
            severity,
            reference,
            summary,
            legacy_hashes,
        } => {
            let mut opened = ctx.open(&case)?;
            if let Some(legacy_hashes) = legacy_hashes {
                let s = opened.set_settings(CaseSettings { legacy_hashes })?;
                println!(
                    "evidence digests: sha256{}{}",
                    if s.legacy_hashes.sha1 { ", sha1" } else { "" },
                    if s.legacy_hashes.md5 { ", md5" } else { "" }
                );
            }
            let update = CaseUpdate {
                title,
                code_name,
                status,
                severity,
                summary,
                reference,
            };
            if legacy_hashes.is_none() || update != CaseUpdate::default() {
                let info = opened.update_info(update)?;
                println!("{} — {} / {}", info.title, info.status, info.severity);
            }
        }
    }
    Ok(())
}

fn subject_cmd(ctx: &Ctx, c: SubjectCmd) -> Result<()> {
    match c {
        SubjectCmd::Set {
            case,
            name,
            employee_id,
            role,
            access_rights,
            employment_status,
            notes,
        } => {
            let mut case = ctx.open(&case)?;
            let old = case.subject()?;
            let keep = |new: Option<String>, old: Option<&str>| {
                new.unwrap_or_else(|| old.unwrap_or("").to_string())
            };
            let s = Subject {
                name: keep(name, old.as_ref().map(|s| s.name.as_str())),
                employee_id: keep(employee_id, old.as_ref().map(|s| s.employee_id.as_str())),
                role: keep(role, old.as_ref().map(|s| s.role.as_str())),
                access_rights: keep(
                    access_rights,
                    old.as_ref().map(|s| s.access_rights.as_str()),
                ),
                employment_status: employment_status
                    .or(old.as_ref().map(|s| s.employment_status))
                    .unwrap_or(EmploymentStatus::Unknown),
                notes: keep(notes, old.as_ref().map(|s| s.notes.as_str())),
            };
            let s = case.set_subject(s)?;
            println!("Subject: {} ({})", s.name, s.employment_status);
        }
        SubjectCmd::Show { case, json } => {
            let s = ctx.open(&case)?.subject()?;
            if json.json {
                return print_json(&s);
            }
            match s {
                Some(s) => {
                    println!(
                        "{} ({})\n  role: {}\n  access: {}\n  status: {}",
                        s.name, s.employee_id, s.role, s.access_rights, s.employment_status
                    );
                    if !s.notes.is_empty() {
                        println!("  notes: {}", s.notes);
                    }
                }
                None => println!("No subject recorded."),
            }
        }
    }
    Ok(())
}

fn date_cmd(ctx: &Ctx, c: DateCmd) -> Result<()> {
    match c {
        DateCmd::Set {
            case,
            kind,
            when,
            tz,
            precision,
            basis,
        } => {
            let d = ctx.open(&case)?.set_key_date(KeyDateInput {
                kind,
                when,
                tz,
                precision,
                basis,
            })?;
            println!(
                "{}: {} {} ({})",
                d.kind.label(),
                d.when.local,
                d.when.tz,
                d.when.utc
            );
        }
        DateCmd::Clear { case, kind } => {
            ctx.open(&case)?.clear_key_date(kind)?;
            println!("{} cleared", kind.label());
        }
        DateCmd::List { case, json } => {
            let dates = ctx.open(&case)?.key_dates()?;
            if json.json {
                return print_json(&dates);
            }
            for d in dates {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    d.kind.code(),
                    d.when.utc,
                    d.when.tz,
                    d.precision.code(),
                    d.basis
                );
            }
        }
    }
    Ok(())
}

fn team_cmd(ctx: &Ctx, c: TeamCmd) -> Result<()> {
    match c {
        TeamCmd::Add {
            case,
            name,
            role,
            email,
            organisation,
        } => {
            let m = ctx.open(&case)?.add_member(MemberInput {
                name,
                email,
                role,
                organisation,
            })?;
            println!("{}", m.id);
        }
        TeamCmd::Remove { case, id } => ctx.open(&case)?.remove_member(&id)?,
        TeamCmd::List { case, json } => {
            let team = ctx.open(&case)?.team()?;
            if json.json {
                return print_json(&team);
            }
            for m in team {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    m.id,
                    m.role.code(),
                    m.name,
                    m.email,
                    m.organisation
                );
            }
        }
    }
    Ok(())
}

fn event_cmd(ctx: &Ctx, c: EventCmd) -> Result<()> {
    match c {
        EventCmd::Add {
            case,
            when,
            tz,
            title,
            category,
            source,
            detail,
        } => {
            let e = ctx.open(&case)?.add_event(EventInput {
                when,
                tz,
                title,
                detail,
                source,
                category,
                linked_type: None,
                linked_id: None,
            })?;
            println!("{}", e.id);
        }
        EventCmd::List {
            case,
            category,
            from,
            to,
            json,
        } => {
            let events = ctx.open(&case)?.timeline(&TimelineFilter {
                categories: category,
                from,
                to,
            })?;
            if json.json {
                return print_json(&events);
            }
            for e in events {
                println!(
                    "{}\t{} {}\t{}\t{}\t{}",
                    e.when.utc,
                    e.when.local,
                    e.when.tz,
                    e.category.code(),
                    e.title,
                    e.id
                );
            }
        }
        EventCmd::Delete { case, id } => ctx.open(&case)?.delete_event(&id)?,
    }
    Ok(())
}

fn audit_cmd(ctx: &Ctx, c: AuditCmd) -> Result<ExitCode> {
    match c {
        AuditCmd::Log {
            case,
            action,
            entity,
            actor,
            json,
        } => {
            let (entity_type, entity_id) = match entity.as_deref().map(str::trim) {
                None | Some("") => (None, None),
                Some(e) => match e.split_once(':') {
                    Some((kind, id)) => (Some(kind.to_string()), Some(id.to_string())),
                    None if casebook::audit::entity_kind_label(e).is_some() => {
                        (Some(e.to_string()), None)
                    }
                    None => (None, Some(e.to_string())),
                },
            };
            let mut log = ctx.open(&case)?.audit_log(&AuditQuery {
                entity_type,
                entity_id,
                action,
                actor,
                ..AuditQuery::default()
            })?;
            log.reverse();
            if json.json {
                print_json(&log)?;
            } else {
                for e in log {
                    println!(
                        "{:>6}  {}  {:<18} {}:{}  {}  {}",
                        e.seq,
                        e.at_utc,
                        e.action,
                        e.entity_type,
                        e.entity_id,
                        e.actor,
                        &e.hash[..16]
                    );
                }
            }
        }
        AuditCmd::Verify { case, json } => {
            let v = ctx
                .open(&case)?
                .verify_audit(&StderrProgress::new("verifying"))?;
            if json.json {
                print_json(&v)?;
            } else if v.intact {
                println!(
                    "audit chain intact: {} entries, head {}",
                    v.entries, v.head_hash
                );
            }
            if let Some(b) = &v.first_broken {
                eprintln!("audit chain BROKEN at entry {}: {}", b.seq, b.reason);
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn profile_cmd(ctx: &Ctx, c: ProfileCmd) -> Result<()> {
    match c {
        ProfileCmd::Show { json } => {
            let p = ctx.home.profile()?;
            if json.json {
                return print_json(&p);
            }
            match p {
                Some(a) => println!("{}", a.label()),
                None => println!("No profile yet: casebook profile set --name …"),
            }
        }
        ProfileCmd::Set {
            name,
            email,
            organisation,
        } => {
            let a = ctx.home.save_profile(Actor {
                name,
                email,
                organisation,
            })?;
            println!("{}", a.label());
        }
    }
    Ok(())
}

fn parse_encoding(s: &str) -> Result<TextEncoding, String> {
    TextEncoding::parse(s, "encoding").map_err(|e| e.to_string())
}

fn parse_rule(s: &str) -> Result<DedupeRule, String> {
    DedupeRule::parse(s, "rule").map_err(|e| e.to_string())
}

fn parse_notice_status(s: &str) -> Result<NoticeStatus, String> {
    NoticeStatus::parse(s, "status").map_err(|e| e.to_string())
}

fn parse_channel(s: &str) -> Result<Channel, String> {
    Channel::parse(s, "channel").map_err(|e| e.to_string())
}

/// The mapping an import will use: the saved or suggested one, with `--map` applied over it.
/// The first `--map` of a field replaces its columns; each further one adds a column after them.
fn merged_mapping(base: Vec<FieldMap>, overrides: &[String]) -> Result<Vec<FieldMap>> {
    let mut out = base;
    let mut seen: Vec<Field> = Vec::new();
    for m in overrides {
        let Some((field, column)) = m.split_once('=') else {
            bail!("--map {m:?}: write FIELD=COLUMN, e.g. --map email=\"E-Mail Address\"");
        };
        let field = Field::parse(field, "map")?;
        let column = column.trim();
        let first = !seen.contains(&field);
        if first {
            seen.push(field);
        }
        // A column given to a field is taken from any other field that had it.
        out.retain(|x| {
            if x.field == field {
                !first
            } else {
                column.is_empty() || x.column != column
            }
        });
        if !column.is_empty() {
            out.push(FieldMap {
                field,
                column: column.to_string(),
            });
        }
    }
    Ok(out)
}

fn print_rejects(rejects: &[Reject], total: u32) {
    for r in rejects {
        println!(
            "  row {}: {} {} {}",
            r.row,
            r.problem.field,
            if r.problem.value.is_empty() {
                String::new()
            } else {
                format!("{:?}", r.problem.value)
            },
            r.problem.problem
        );
    }
    if total as usize > rejects.len() {
        println!("  … and {} more", total as usize - rejects.len());
    }
}

fn affected_cmd(ctx: &Ctx, c: AffectedCmd) -> Result<()> {
    match c {
        AffectedCmd::Preview {
            case,
            file,
            shape,
            json,
        } => {
            let case = ctx.open(&case)?;
            let p = case.preview_import(&file.to_string_lossy(), &shape.into_override())?;
            if json.json {
                print_json(&p)?;
            } else {
                println!("format: {}", p.shape.format.label());
                if p.shape.format == FileFormat::Delimited {
                    println!("encoding: {}", p.shape.encoding.code());
                    println!("delimiter: {:?}", p.shape.delimiter);
                } else {
                    println!(
                        "sheet: {} (of {})",
                        p.shape.sheet,
                        p.shape.sheets.join(", ")
                    );
                }
                println!("columns: {}", p.headers.join(" | "));
                println!("mapping ({}):", p.mapping_from);
                // A field built from several columns shows them joined in order with " + ".
                let mut shown: Vec<Field> = Vec::new();
                for m in &p.mapping {
                    if shown.contains(&m.field) {
                        continue;
                    }
                    shown.push(m.field);
                    let cols: Vec<&str> = p
                        .mapping
                        .iter()
                        .filter(|x| x.field == m.field)
                        .map(|x| x.column.as_str())
                        .collect();
                    println!("  {} = {}", m.field.code(), cols.join(" + "));
                }
                println!("first {} rows read", p.rows.len());
                if !p.lines.is_empty() {
                    // The file's line numbers, as rejects and records give them.
                    let lines: Vec<String> = p.lines.iter().map(u32::to_string).collect();
                    println!("on lines: {}", lines.join(", "));
                }
            }
        }
        AffectedCmd::Import {
            case,
            file,
            map,
            shape,
            source,
            json,
        } => {
            let mut case = ctx.open(&case)?;
            let path = file.to_string_lossy().into_owned();
            let over = shape.into_override();
            let mapping = if map.is_empty() {
                None
            } else {
                Some(merged_mapping(
                    case.preview_import(&path, &over)?.mapping,
                    &map,
                )?)
            };
            let report = case.import_affected(
                ImportRequest {
                    path,
                    shape: over,
                    mapping,
                    source,
                },
                &StderrProgress::new("importing"),
            )?;
            if json.json {
                print_json(&report)?;
            } else {
                let b = &report.batch;
                println!(
                    "{}: {} rows read = {} accepted + {} rejected + {} blank (file kept as {})",
                    b.id, b.rows_read, b.accepted, b.rejected, b.blank, b.evidence_id
                );
                for w in &b.warnings {
                    println!(
                        "  flagged: {} in {} accepted rows stood in for no value (kept, not counted as exposed)",
                        w.field.code(),
                        w.rows
                    );
                }
                print_rejects(&report.rejects, b.rejected);
                println!(
                    "case now: {} records, {} people",
                    report.records, report.people
                );
            }
        }
        AffectedCmd::Tally { case, json } => {
            let case = ctx.open(&case)?;
            if json.json {
                print_json(&case.tally()?)?;
            } else {
                let b = case.affected_breakdown()?;
                let t = &b.tally;
                println!(
                    "people: {}\nrecords: {}\nminors: {}",
                    t.people, t.records, t.minors
                );
                for (name, m) in [
                    ("by country", &t.by_country),
                    ("by US state", &t.by_us_state),
                    ("by Canadian province", &b.by_ca_province),
                    ("by segment", &t.by_segment),
                    ("by data element", &t.by_element),
                    ("by notice status", &b.by_notice_status),
                ] {
                    println!("{name}:");
                    for (k, v) in m {
                        println!("  {k}\t{v}");
                    }
                }
            }
        }
        AffectedCmd::Snapshot { case, note, json } => {
            let snap = ctx.open(&case)?.take_snapshot(&note)?;
            if json.json {
                print_json(&snap)?;
            } else {
                println!(
                    "{}  {}  {} people, {} records",
                    snap.content.id,
                    snap.sha256,
                    snap.content.breakdown.tally.people,
                    snap.content.breakdown.tally.records
                );
            }
        }
        AffectedCmd::Snapshots { case, json } => {
            let snaps = ctx.open(&case)?.snapshots()?;
            if json.json {
                print_json(&snaps)?;
            } else {
                for s in snaps {
                    println!(
                        "{}\t{}\t{}\t{} people\t{}",
                        s.content.id,
                        s.content.taken_at,
                        s.sha256,
                        s.content.breakdown.tally.people,
                        if s.intact {
                            "intact"
                        } else {
                            "CONTENT DOES NOT MATCH ITS HASH"
                        }
                    );
                }
            }
        }
        AffectedCmd::People {
            case,
            search,
            country,
            region,
            element,
            status,
            offset,
            limit,
            json,
        } => {
            let page = ctx.open(&case)?.people(&PeopleQuery {
                search,
                country,
                region,
                element,
                status,
                offset,
                limit,
                ..PeopleQuery::default()
            })?;
            if json.json {
                print_json(&page)?;
            } else {
                for p in &page.rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{} records\t{}",
                        p.id,
                        p.name,
                        p.email,
                        p.phone,
                        p.country,
                        p.region,
                        p.records,
                        p.notice_status
                    );
                }
                eprintln!(
                    "{}–{} of {}",
                    page.offset + 1.min(page.rows.len() as u32),
                    page.offset + page.rows.len() as u32,
                    page.total
                );
            }
        }
        AffectedCmd::Person { case, id, json } => {
            let case = ctx.open(&case)?;
            let records = case.person_records(&id)?;
            let history = case.notice_history(&id)?;
            if json.json {
                print_json(&serde_json::json!({ "records": records, "notices": history }))?;
            } else {
                for r in &records {
                    println!(
                        "{} row {}\t{}\t{}\t{}\t{}",
                        r.batch_id,
                        r.row,
                        r.name,
                        r.email,
                        r.phone_raw,
                        r.elements.join(",")
                    );
                }
                for n in &history {
                    println!(
                        "notice {}\t{}\t{}\t{}",
                        n.at,
                        n.status.code(),
                        n.channel,
                        n.source
                    );
                }
            }
        }
        AffectedCmd::Batches { case, json } => {
            let batches = ctx.open(&case)?.import_batches()?;
            if json.json {
                print_json(&batches)?;
            } else {
                for b in batches {
                    println!(
                        "{}\t{}\t{}\t{} read\t{} accepted\t{} rejected\t{} blank{}",
                        b.id,
                        b.file_name,
                        b.imported_at,
                        b.rows_read,
                        b.accepted,
                        b.rejected,
                        b.blank,
                        b.removed_at
                            .map(|r| format!("\tremoved {r}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        AffectedCmd::RemoveBatch { case, id, reason } => {
            let b = ctx.open(&case)?.remove_import_batch(&id, &reason)?;
            println!("{} removed ({} records)", b.id, b.accepted);
        }
        AffectedCmd::Rejects {
            case,
            batch,
            out,
            json,
        } => {
            let case = ctx.open(&case)?;
            match out {
                Some(out) => {
                    let n = case.export_rejects(&batch, &out)?;
                    println!("{n} rejected rows written to {}", out.display());
                }
                None => {
                    let rejects = case.import_rejects(&batch)?;
                    if json.json {
                        print_json(&rejects)?;
                    } else {
                        print_rejects(&rejects, rejects.len() as u32);
                    }
                }
            }
        }
        AffectedCmd::Rule { case, rule } => {
            let mut case = ctx.open(&case)?;
            if let Some(rule) = rule {
                let b = case.set_dedupe_rule(rule)?;
                println!("{}: {} people", rule.label(), b.tally.people);
            } else {
                let rule = case.dedupe_rule()?;
                println!("{} ({})", rule.code(), rule.label());
            }
        }
        AffectedCmd::Notices(n) => notices_cmd(ctx, n)?,
    }
    Ok(())
}

fn notices_cmd(ctx: &Ctx, c: NoticesCmd) -> Result<()> {
    match c {
        NoticesCmd::Set {
            case,
            ids,
            status,
            channel,
            date,
        } => {
            let n = ctx.open(&case)?.set_notice_status(NoticeUpdate {
                person_ids: ids,
                status,
                at: date,
                channel,
            })?;
            println!("{n} people now {}", status.code());
        }
        NoticesCmd::Import { case, file, json } => {
            let r = ctx
                .open(&case)?
                .import_notice_results(&file.to_string_lossy(), &StderrProgress::new("reading"))?;
            if json.json {
                print_json(&r)?;
            } else {
                println!(
                    "{} rows read = {} updated + {} rejected + {} blank (file kept as {})",
                    r.rows_read, r.updated, r.rejected, r.blank, r.evidence_id
                );
                print_rejects(&r.rejects, r.rejected);
            }
        }
        NoticesCmd::Export {
            case,
            out,
            channel,
            country,
            region,
            status,
        } => {
            let n = ctx.open(&case)?.export_notice_list(&NoticeListRequest {
                dest: out.to_string_lossy().into_owned(),
                channel,
                country,
                region,
                status,
            })?;
            println!("{n} people written to {}", out.display());
        }
        NoticesCmd::History { case, id, json } => {
            let h = ctx.open(&case)?.notice_history(&id)?;
            if json.json {
                print_json(&h)?;
            } else {
                for n in h {
                    println!(
                        "{}\t{}\t{}\t{}\t{} by {}",
                        n.at,
                        n.status.code(),
                        n.channel,
                        n.source,
                        n.recorded_at,
                        n.recorded_by
                    );
                }
            }
        }
    }
    Ok(())
}

fn evidence_cmd(ctx: &Ctx, c: EvidenceCmd) -> Result<ExitCode> {
    match c {
        EvidenceCmd::Add {
            case,
            paths,
            category,
            source,
            description,
            method,
            in_place,
            json,
        } => {
            let mut case = ctx.open(&case)?;
            let report = case.add_evidence(
                IntakeRequest {
                    paths: paths
                        .iter()
                        .map(|p| p.to_string_lossy().into_owned())
                        .collect(),
                    description,
                    category,
                    source,
                    acquisition_method: method,
                    acquired_at: None,
                    acquired_tz: None,
                    in_place,
                },
                &StderrProgress::new("adding"),
            )?;
            if json.json {
                print_json(&report)?;
            } else {
                for item in &report.added {
                    let dup = item
                        .duplicate_of
                        .as_ref()
                        .map(|d| format!("  (duplicate of {d})"))
                        .unwrap_or_default();
                    let flags = if item.flags.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", item.flags.join(", "))
                    };
                    println!(
                        "{}  {}  {} bytes  {}{dup}{flags}",
                        item.id, item.sha256, item.size, item.original_name
                    );
                }
                for l in &report.links {
                    println!("link recorded, not followed: {} -> {}", l.path, l.target);
                }
            }
        }
        EvidenceCmd::List { case, json } => {
            let items = ctx.open(&case)?.evidence()?;
            if json.json {
                print_json(&items)?;
            } else {
                for i in items {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        i.id,
                        i.original_name,
                        i.category.code(),
                        i.size,
                        i.sha256,
                        i.status.code()
                    );
                }
            }
        }
        EvidenceCmd::Show { case, id, json } => {
            let case = ctx.open(&case)?;
            let item = case.evidence_item(&id)?;
            let custody = case.custody(Some(&item.id))?;
            if json.json {
                print_json(&serde_json::json!({ "item": item, "custody": custody }))?;
            } else {
                println!("{} — {}", item.id, item.description);
                println!(
                    "  file: {} ({} bytes) from {}",
                    item.original_name, item.size, item.original_path
                );
                println!("  sha256: {}", item.sha256);
                if let Some(h) = &item.sha1 {
                    println!("  sha1:   {h}");
                }
                if let Some(h) = &item.md5 {
                    println!("  md5:    {h}");
                }
                println!(
                    "  category: {}   storage: {}   status: {}",
                    item.category, item.storage, item.status
                );
                println!("Chain of custody:");
                for e in custody {
                    println!(
                        "  {:>4}  {} {}  {:<12} {} → {}  {} {}",
                        e.seq,
                        e.when.local,
                        e.when.tz,
                        e.kind.code(),
                        e.from_party,
                        e.to_party,
                        e.purpose,
                        e.result
                    );
                }
            }
        }
        EvidenceCmd::Verify { case, ids, json } => {
            let outcomes = ctx
                .open(&case)?
                .verify_evidence(&ids, &StderrProgress::new("verifying"))?;
            if json.json {
                print_json(&outcomes)?;
            }
            let mut bad = 0;
            for o in &outcomes {
                if o.status == VerificationStatus::Ok {
                    if !json.json {
                        println!("{}  OK  {}", o.id, o.actual_sha256);
                    }
                } else {
                    bad += 1;
                    eprintln!(
                        "{}  {}: {}\n    expected sha256 {}\n    actual   sha256 {}",
                        o.id,
                        o.status.label().to_uppercase(),
                        o.detail,
                        o.expected_sha256,
                        if o.actual_sha256.is_empty() {
                            "(unreadable)"
                        } else {
                            &o.actual_sha256
                        }
                    );
                }
            }
            if bad > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        EvidenceCmd::Transfer {
            case,
            id,
            from,
            to,
            purpose,
            method,
            location,
            when,
            tz,
            note,
        } => {
            let e = ctx.open(&case)?.record_transfer(TransferInput {
                item_id: id,
                from_party: from,
                to_party: to,
                purpose,
                method,
                location,
                when,
                tz,
                note,
            })?;
            println!("custody entry {} recorded for {}", e.seq, e.item_id);
        }
        EvidenceCmd::Correct {
            case,
            id,
            entry,
            note,
        } => {
            let e = ctx.open(&case)?.record_correction(CorrectionInput {
                item_id: id,
                corrects_seq: entry,
                note,
            })?;
            println!(
                "custody entry {} recorded for {}, correcting entry {entry}",
                e.seq, e.item_id
            );
        }
        EvidenceCmd::Edit {
            case,
            id,
            description,
            category,
            source,
            json,
        } => {
            if description.is_none() && category.is_none() && source.is_none() {
                bail!("nothing to change: give --description, --category or --source");
            }
            let item = ctx.open(&case)?.edit_evidence(
                &id,
                EvidenceEdit {
                    description,
                    category,
                    source,
                },
            )?;
            if json.json {
                print_json(&item)?;
            } else {
                println!(
                    "{}  {}  {}  {}",
                    item.id,
                    item.category.code(),
                    item.source,
                    item.description
                );
            }
        }
        EvidenceCmd::Export {
            case,
            ids,
            to,
            recipient,
            purpose,
        } => {
            let r = ctx.open(&case)?.export_evidence(
                ExportRequest {
                    ids,
                    destination: to.to_string_lossy().into_owned(),
                    recipient,
                    purpose,
                },
                &StderrProgress::new("exporting"),
            )?;
            println!("{}", r.destination);
        }
    }
    Ok(ExitCode::SUCCESS)
}
