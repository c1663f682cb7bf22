//! The case at a glance: the record, subject, key dates, team and the counts the overview
//! shows (events of every source, evidence items, team members, audit entries); a domain
//! whose total belongs on the first screen adds its count to `Counts`.

use crate::audit::{self, AuditEntry, AuditQuery, Verification};
use crate::case::{CaseInfo, Subject};
use crate::dates::KeyDate;
use crate::error::Result;
use crate::progress::Progress;
use crate::referral::ReferralAgenda;
use crate::store::Case;
use crate::team::TeamMember;
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Serialize, Type)]
pub struct Counts {
    pub timeline_events: u32,
    pub evidence_items: u32,
    pub team_members: u32,
    pub audit_entries: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct Overview {
    pub path: String,
    pub info: CaseInfo,
    pub subject: Option<Subject>,
    pub key_dates: Vec<KeyDate>,
    pub team: Vec<TeamMember>,
    pub counts: Counts,
    /// Open follow-ups, legal process due and delays in force.
    pub referrals: ReferralAgenda,
}

impl Case {
    pub fn overview(&self) -> Result<Overview> {
        let count = |table: &str| -> Result<u32> {
            Ok(self
                .conn()
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        let team = self.team()?;
        let key_dates = self.key_dates()?;
        Ok(Overview {
            path: self.root().display().to_string(),
            info: self.info()?,
            subject: self.subject()?,
            counts: Counts {
                timeline_events: count("timeline_events")?
                    + count("custody_events")?
                    + key_dates.len() as u32
                    + self.referral_dates()?.len() as u32,
                evidence_items: count("evidence_items")?,
                team_members: team.len() as u32,
                audit_entries: count("audit_log")?,
            },
            key_dates,
            team,
            referrals: self.referral_agenda()?,
        })
    }

    /// Audit entries, newest first.
    pub fn audit_log(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
        audit::list(self.conn(), q)
    }

    /// Recomputes the whole chain from the first entry.
    pub fn verify_audit(&self, progress: &dyn Progress) -> Result<Verification> {
        audit::verify(self.conn(), progress)
    }
}
