//! `casebook`: the command-line face of the core, for scripting and headless use. Every command
//! parses its arguments, calls the same `Case` API the desktop app uses, and prints the result
//! (as JSON with `--json`). Errors go to stderr with a non-zero exit.

use anyhow::{bail, Context, Result};
use casebook::audit::AuditQuery;
use casebook::case::{CaseUpdate, EmploymentStatus, NewCase, Severity, Status, Subject};
use casebook::custody::{CorrectionInput, TransferInput};
use casebook::dates::{KeyDateInput, KeyDateKind, Precision};
use casebook::evidence::{EvidenceCategory, ExportRequest, IntakeRequest, VerificationStatus};
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
    /// Print and verify the hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Your investigator profile, named on every change you make.
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// Create a complete demo case in DIR and print its path.
    Demo { dir: PathBuf },
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
}

impl StderrProgress {
    fn new(label: &'static str) -> Self {
        StderrProgress {
            label,
            started: std::time::Instant::now(),
            last: Default::default(),
        }
    }
}

/// Set by Ctrl-C: long work stops at its next step and leaves nothing half-written.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Progress for StderrProgress {
    fn cancelled(&self) -> bool {
        INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
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
        eprint!(
            "\r{}: {:5.1}%  {:.1} MB/s  {:.0} s left   ",
            self.label,
            100.0 * done as f64 / total as f64,
            rate / 1e6,
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
        Command::Profile(c) => profile_cmd(&ctx, c)?,
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
        AuditCmd::Log { case, json } => {
            let mut log = ctx.open(&case)?.audit_log(&AuditQuery::default())?;
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
