//! The core's typed errors. Every failure a user can cause or meet has a [`ErrorKind`] that the
//! shell sends across IPC as `{kind, message}`, so the UI branches on the kind, never on text.

use serde::Serialize;
use specta::Type;

/// What went wrong, as a stable machine-readable tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    WrongPassphrase,
    NotACase,
    AlreadyExists,
    NewerVersion,
    NotFound,
    Invalid,
    NoCaseOpen,
    Cancelled,
    Io,
    Database,
    /// No application on this computer took the file (no PDF reader, no file manager).
    NoApplication,
    /// Casebook broke one of its own rules; nothing the user did or can fix.
    Internal,
    /// Stored data is damaged: a value in the case or the app's own files no longer reads as
    /// what Casebook wrote.
    Corrupt,
    /// Another program (another Casebook window or a script) has the case open.
    InUse,
    /// The investigator's signing key is protected by a passphrase that was not given or is
    /// wrong: ask for it and try again.
    KeyLocked,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("wrong passphrase for the case at {0}")]
    WrongPassphrase(String),
    #[error("{0} is not a Casebook case (no case.db inside)")]
    NotACase(String),
    #[error("{0} already exists; choose a new folder for the case")]
    AlreadyExists(String),
    #[error(
        "this case was written by a newer Casebook (schema {found}, this version reads up to \
         {supported}); update Casebook to open it"
    )]
    NewerVersion { found: i64, supported: i64 },
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    /// A value the user supplied breaks a rule; `field` names it so forms can point at it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("no case is open")]
    NoCaseOpen,
    /// Slow work ran without the case, and by its end the case it was prepared from was no
    /// longer the open one; `during` says what the work was doing.
    #[error(
        "the case was closed while {during}; nothing was recorded: open the case and do it again"
    )]
    CaseClosed { during: &'static str },
    #[error("cancelled")]
    Cancelled,
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The system found no application to hand a file to; `what` says which (a PDF reader).
    #[error("no {what} on this computer opened {path}")]
    NoApplication { what: &'static str, path: String },
    /// A fault in Casebook itself, such as a change without its audit entry.
    #[error("internal error: {0}")]
    Internal(String),
    /// Stored data that should read back as written and does not; the message says which.
    #[error("{0}")]
    Corrupt(String),
    #[error(
        "{0} is open in another Casebook window or program; close it there first (one program \
         at a time writes a case, so two never interleave their changes)"
    )]
    InUse(String),
    #[error(
        "the signing key at {0} is protected by a passphrase that was not given or is wrong; \
         give the key's passphrase and try again"
    )]
    KeyLocked(String),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::WrongPassphrase(_) => ErrorKind::WrongPassphrase,
            Error::NotACase(_) => ErrorKind::NotACase,
            Error::AlreadyExists(_) => ErrorKind::AlreadyExists,
            Error::NewerVersion { .. } => ErrorKind::NewerVersion,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::NoCaseOpen | Error::CaseClosed { .. } => ErrorKind::NoCaseOpen,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Io { .. } => ErrorKind::Io,
            Error::Database(_) => ErrorKind::Database,
            Error::NoApplication { .. } => ErrorKind::NoApplication,
            Error::Internal(_) => ErrorKind::Internal,
            Error::Corrupt(_) => ErrorKind::Corrupt,
            Error::InUse(_) => ErrorKind::InUse,
            Error::KeyLocked(_) => ErrorKind::KeyLocked,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal(message.into())
    }

    pub fn corrupt(message: impl Into<String>) -> Self {
        Error::Corrupt(message.into())
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The wire form of an error: what the desktop shell returns and the CLI prints with `--json`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    /// The field an `invalid` error names (`loss`, `when`…), so a form can show the message
    /// beside that field; absent for every other kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError {
            kind: e.kind(),
            field: match &e {
                Error::Invalid { field, .. } => Some(field.clone()),
                _ => None,
            },
            message: e.to_string(),
        }
    }
}
