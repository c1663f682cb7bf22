//! The PDF packet for counsel: what goes in it (sections chosen per packet, redaction of
//! personal data, the privilege marking, Bates numbering), generating it deterministically from
//! the case, and the record of every packet generated with its SHA-256.
//!
//! A packet covers the case as of the last audit entry that is not itself a packet record, so
//! generating again without changing the case gives the byte-identical file (and the same hash
//! recorded twice), which is how counsel proves which file was sent.

use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::store::Case;
use crate::vocab::vocabulary;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::Path;

vocabulary! {
    /// A part of the packet. The cover, contents and integrity page are always there.
    Section {
        Summary = "summary", "Executive summary";
        Timeline = "timeline", "Key dates and timeline";
        Subject = "subject", "The insider subject";
        Evidence = "evidence", "Evidence manifest";
        Custody = "custody", "Chain of custody";
        Tallies = "tallies", "Affected individuals";
        Methodology = "methodology", "Methodology";
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

impl Default for PacketOptions {
    fn default() -> Self {
        PacketOptions {
            title: "Incident packet".into(),
            purpose: "Prepared for counsel.".into(),
            sections: Section::ALL.to_vec(),
            redaction: Redaction::Partial,
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

impl Case {
    /// Writes the packet to `dest` (atomically: nothing half-written on failure or cancel) and
    /// records it, with its hash and options, in the packet list and the audit chain.
    pub fn generate_packet(
        &mut self,
        options: &PacketOptions,
        dest: &Path,
        progress: &dyn Progress,
    ) -> Result<PacketRecord> {
        let _ = (options, dest, progress);
        Err(Error::invalid("packet", "not built yet"))
    }

    /// Every packet generated from this case, newest first.
    pub fn packets(&self) -> Result<Vec<PacketRecord>> {
        Ok(Vec::new())
    }
}
