//! `casebook evidence`: intake, verification, custody, export.

use super::CaseArgs;
use casebook::evidence::EvidenceCategory;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum EvidenceCmd {
    /// Add files or folders: hashed, copied into the vault (or registered in place).
    Add {
        #[command(flatten)]
        case: CaseArgs,
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
    },
    List(CaseArgs),
    /// An item with its chain of custody.
    Show {
        #[command(flatten)]
        case: CaseArgs,
        id: String,
    },
    /// Reread and rehash items (all when none named): exit 1 when any changed or is missing.
    Verify {
        #[command(flatten)]
        case: CaseArgs,
        ids: Vec<String>,
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
        #[command(flatten)]
        case: CaseArgs,
        id: String,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, value_parser = parse_evidence_category)]
        category: Option<EvidenceCategory>,
        /// Source or custodian the item came from.
        #[arg(long)]
        source: Option<String>,
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

vocab_parser!(parse_evidence_category, EvidenceCategory, "category");
