//! Every closed vocabulary of every domain with its labels, in one answer, so the UI never
//! hard-codes a label and fetches them once. It sits above the domains it lists: `vocab` only
//! defines how a vocabulary behaves and knows none of them.

use crate::vocab::Term;

/// Every closed vocabulary with its labels, so the UI never hard-codes a label.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Vocabularies {
    pub status: Vec<Term<crate::case::Status>>,
    pub severity: Vec<Term<crate::case::Severity>>,
    pub employment_status: Vec<Term<crate::case::EmploymentStatus>>,
    pub key_date_kind: Vec<Term<crate::dates::KeyDateKind>>,
    pub precision: Vec<Term<crate::dates::Precision>>,
    pub role: Vec<Term<crate::team::Role>>,
    pub category: Vec<Term<crate::timeline::Category>>,
    pub evidence_category: Vec<Term<crate::evidence::EvidenceCategory>>,
    pub verification_status: Vec<Term<crate::evidence::VerificationStatus>>,
    pub storage: Vec<Term<crate::evidence::Storage>>,
    pub custody_kind: Vec<Term<crate::custody::CustodyKind>>,
    pub field: Vec<Term<crate::affected::Field>>,
    pub text_encoding: Vec<Term<crate::affected::source::TextEncoding>>,
    pub dedupe_rule: Vec<Term<crate::affected::people::DedupeRule>>,
    pub notice_status: Vec<Term<crate::affected::notice::NoticeStatus>>,
    pub channel: Vec<Term<crate::affected::notice::Channel>>,
    pub harm_channel: Vec<Term<crate::harm::HarmChannel>>,
    pub harm_kind: Vec<Term<crate::harm::HarmKind>>,
    pub reporter_kind: Vec<Term<crate::harm::ReporterKind>>,
    pub quoted: Vec<Term<crate::harm::Quoted>>,
    pub harm_field: Vec<Term<crate::harm::HarmField>>,
    pub section: Vec<Term<crate::packet::Section>>,
    pub redaction: Vec<Term<crate::packet::Redaction>>,
}

pub fn vocabularies() -> Vocabularies {
    macro_rules! terms {
        ($t:ty) => {
            <$t>::ALL
                .iter()
                .map(|v| Term {
                    code: *v,
                    label: v.label().to_string(),
                })
                .collect()
        };
    }
    Vocabularies {
        status: terms!(crate::case::Status),
        severity: terms!(crate::case::Severity),
        employment_status: terms!(crate::case::EmploymentStatus),
        key_date_kind: terms!(crate::dates::KeyDateKind),
        precision: terms!(crate::dates::Precision),
        role: terms!(crate::team::Role),
        category: terms!(crate::timeline::Category),
        evidence_category: terms!(crate::evidence::EvidenceCategory),
        verification_status: terms!(crate::evidence::VerificationStatus),
        storage: terms!(crate::evidence::Storage),
        custody_kind: terms!(crate::custody::CustodyKind),
        field: terms!(crate::affected::Field),
        text_encoding: terms!(crate::affected::source::TextEncoding),
        dedupe_rule: terms!(crate::affected::people::DedupeRule),
        notice_status: terms!(crate::affected::notice::NoticeStatus),
        channel: terms!(crate::affected::notice::Channel),
        harm_channel: terms!(crate::harm::HarmChannel),
        harm_kind: terms!(crate::harm::HarmKind),
        reporter_kind: terms!(crate::harm::ReporterKind),
        quoted: terms!(crate::harm::Quoted),
        harm_field: terms!(crate::harm::HarmField),
        section: terms!(crate::packet::Section),
        redaction: terms!(crate::packet::Redaction),
    }
}
