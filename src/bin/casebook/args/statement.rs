//! `casebook statement`: press releases, notices, FAQs and scripts whose figures are tokens
//! resolved against a tally snapshot, linted, approved and exported.

use super::CaseArgs;
use casebook::statement::{ApprovalManner, StatementKind, StatementState};
use casebook::team::Role;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum StatementCmd {
    /// Start a statement from a Markdown file with figure tokens ({{people}},
    /// {{people|approx:1000}}, {{state:CA}}…); prints its id (ST-0001).
    New {
        case: PathBuf,
        /// press_release, customer_notice, faq, call_script, regulator_notice, talking_points,
        /// internal_update or other.
        #[arg(long, value_parser = parse_kind)]
        kind: StatementKind,
        #[arg(long)]
        title: String,
        /// The Markdown body.
        #[arg(long, required_unless_present_any = ["from_library", "template"])]
        body_file: Option<PathBuf>,
        /// Start from the content library's draft for the kind and jurisdictions instead.
        #[arg(long, conflicts_with_all = ["body_file", "template"])]
        from_library: bool,
        /// Start from one of the case's templates (TP-0001) instead.
        #[arg(long, conflicts_with = "body_file")]
        template: Option<String>,
        /// A jurisdiction the notice is for (US-CA, US-MA, GB…); repeat or separate by commas.
        #[arg(long = "jurisdiction", value_delimiter = ',')]
        jurisdictions: Vec<String>,
        /// Statements that go out together share a release set; the linter compares them.
        #[arg(long)]
        release_set: Option<String>,
        #[arg(long)]
        audience: Option<String>,
        /// The snapshot the figures come from (default: the newest).
        #[arg(long)]
        snapshot: Option<String>,
    },
    /// Save a new version from a Markdown file (versions are never changed).
    Edit {
        case: PathBuf,
        statement: String,
        #[arg(long)]
        body_file: PathBuf,
        #[arg(long)]
        title: Option<String>,
        /// Rebind the figures to this snapshot.
        #[arg(long)]
        snapshot: Option<String>,
    },
    /// Check the latest version; exit 1 when anything blocks approval.
    Lint {
        #[command(flatten)]
        case: CaseArgs,
        statement: String,
    },
    /// Record one approval of the latest version (refused while the linter blocks).
    Approve {
        case: PathBuf,
        statement: String,
        /// A person on the case team (id, name or e-mail).
        #[arg(long)]
        by: String,
        /// Their role on the team: counsel, communications…
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// in_person, email, phone or signed (default in_person).
        #[arg(long, value_parser = parse_manner)]
        manner: Option<ApprovalManner>,
        /// A file holding the approval (an e-mail), registered as evidence.
        #[arg(long)]
        evidence: Option<PathBuf>,
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Move the latest version to another state: in_review, changes_requested, published,
    /// withdrawn.
    Move {
        case: PathBuf,
        statement: String,
        #[arg(long, value_parser = parse_state)]
        to: StatementState,
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Write a version to FILE.pdf, .docx, .md or .txt.
    Render {
        case: PathBuf,
        statement: String,
        #[arg(long)]
        out: PathBuf,
        /// Which version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Write the approved customer notice as one PDF of letters, one per person of its
    /// jurisdictions still waiting for a notice, each with their name and postal address.
    Merge {
        case: PathBuf,
        statement: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Every statement with its state, snapshot, staleness and hash.
    List(CaseArgs),
    /// One statement: versions, transitions and approvals.
    Show {
        #[command(flatten)]
        case: CaseArgs,
        statement: String,
    },
    /// The line diff between two versions.
    Diff {
        case: PathBuf,
        statement: String,
        from: u32,
        to: u32,
    },
    /// Add a template of the case's own to start statements of one kind from; prints its id.
    TemplateAdd {
        case: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_kind)]
        kind: StatementKind,
        #[arg(long)]
        body_file: PathBuf,
    },
    /// The templates the case added.
    Templates(CaseArgs),
    /// Approved and published statements whose figures the newest snapshot changes.
    Reissue(CaseArgs),
    /// The content library: its blocks with the jurisdictions that require or forbid them, or
    /// with --kind, the draft a new statement would start from.
    Library {
        #[command(flatten)]
        case: CaseArgs,
        #[arg(long, value_parser = parse_kind)]
        kind: Option<StatementKind>,
        #[arg(long = "jurisdiction", value_delimiter = ',', requires = "kind")]
        jurisdictions: Vec<String>,
    },
}

vocab_parser!(parse_kind, StatementKind, "kind");
vocab_parser!(parse_state, StatementState, "state");
vocab_parser!(parse_manner, ApprovalManner, "manner");
vocab_parser!(parse_role, Role, "role");
