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
    pub matched_by: Vec<Term<crate::harm::MatchedBy>>,
    pub harm_field: Vec<Term<crate::harm::HarmField>>,
    pub section: Vec<Term<crate::packet::Section>>,
    pub redaction: Vec<Term<crate::packet::Redaction>>,
    pub outcome: Vec<Term<crate::obligations::Outcome>>,
    pub recipient: Vec<Term<crate::obligations::Recipient>>,
    pub obligation_clock: Vec<Term<crate::obligations::Clock>>,
    pub question: Vec<Term<crate::obligations::Question>>,
    /// The obligations' jurisdiction codes (`US-CA`, `EU`, `GB`, `CA`, `JP`, `AU`) with their
    /// names.
    pub jurisdiction: Vec<Term<String>>,
    pub referral_channel: Vec<Term<crate::referral::ReferralChannel>>,
    pub referral_status: Vec<Term<crate::referral::ReferralStatus>>,
    pub share_form: Vec<Term<crate::referral::shares::ShareForm>>,
    pub legal_process_kind: Vec<Term<crate::referral::process::LegalProcessKind>>,
    pub statement_kind: Vec<Term<crate::statement::StatementKind>>,
    pub statement_state: Vec<Term<crate::statement::StatementState>>,
    pub approval_manner: Vec<Term<crate::statement::ApprovalManner>>,
    pub task_status: Vec<Term<crate::task::TaskStatus>>,
    pub task_source: Vec<Term<crate::task::TaskSource>>,
    pub link_kind: Vec<Term<crate::task::LinkKind>>,
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
        matched_by: terms!(crate::harm::MatchedBy),
        harm_field: terms!(crate::harm::HarmField),
        section: terms!(crate::packet::Section),
        redaction: terms!(crate::packet::Redaction),
        outcome: terms!(crate::obligations::Outcome),
        recipient: terms!(crate::obligations::Recipient),
        obligation_clock: terms!(crate::obligations::Clock),
        question: terms!(crate::obligations::Question),
        jurisdiction: jurisdictions(),
        referral_channel: terms!(crate::referral::ReferralChannel),
        referral_status: terms!(crate::referral::ReferralStatus),
        share_form: terms!(crate::referral::shares::ShareForm),
        legal_process_kind: terms!(crate::referral::process::LegalProcessKind),
        statement_kind: terms!(crate::statement::StatementKind),
        statement_state: terms!(crate::statement::StatementState),
        approval_manner: terms!(crate::statement::ApprovalManner),
        task_status: terms!(crate::task::TaskStatus),
        task_source: terms!(crate::task::TaskSource),
        link_kind: terms!(crate::task::LinkKind),
    }
}

/// The jurisdictions obligations are evaluated for: the EU as one, the countries with their own
/// regime, and each US state (`US-` + its USPS code).
fn jurisdictions() -> Vec<Term<String>> {
    use crate::affected::places::{country_name, us_states};
    let term = |code: String, label: &str| Term {
        code,
        label: label.to_string(),
    };
    let countries = ["GB", "CA", "JP", "AU"]
        .into_iter()
        .map(|c| term(c.to_string(), country_name(c).unwrap_or(c)));
    let states = us_states()
        .iter()
        .map(|(code, name)| term(format!("US-{code}"), name));
    std::iter::once(term("EU".to_string(), "European Union"))
        .chain(countries)
        .chain(states)
        .collect()
}
