//! Closed vocabularies stored as text (statuses, roles, categories): one macro gives each the
//! same wire form, SQL mapping, labels and a parse error that lists the allowed values, and
//! [`Term`] is one value with its label as the UI receives it. Which vocabularies exist is
//! for the domains that define them to say, not this module.

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
