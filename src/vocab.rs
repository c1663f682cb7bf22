//! Closed vocabularies stored as text (statuses, roles, categories): one macro gives each the
//! same wire form, SQL mapping, labels and a parse error that lists the allowed values.

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, specta::Type)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Accepts the code (`lead_investigator`) or, case-insensitively, the label or the
            /// code with dashes or spaces.
            pub fn parse(s: &str, field: &str) -> $crate::error::Result<Self> {
                let norm = s.trim().to_lowercase().replace(['-', ' '], "_");
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == norm || v.label().to_lowercase() == s.trim().to_lowercase())
                    .ok_or_else(|| $crate::error::Error::invalid(
                        field,
                        format!(
                            "{:?} is not one of: {}",
                            s,
                            $name::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
                        ),
                    ))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::ALL
                    .iter()
                    .copied()
                    .find(|x| x.code() == s)
                    .ok_or_else(|| rusqlite::types::FromSqlError::Other(
                        format!("unknown {} {:?}", stringify!($name), s).into(),
                    ))
            }
        }
    };
}

pub(crate) use vocabulary;

/// One value of a vocabulary, with the label the UI shows for it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Term<T> {
    pub code: T,
    pub label: String,
}

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
    }
}
