//! Files and folders the user chose. The native dialogs run here, in Rust, and the webview gets
//! an opaque token and a display name, never a path it could have made up: every command that
//! reads or writes a user's file takes a token of the matching kind and resolves it here. A
//! token lives for the session and serves one purpose (reading, writing a file, or writing
//! into a folder), so a file picked to check cannot be overwritten by an export.
//!
//! `CASEBOOK_E2E_DIALOG_ANSWERS=<file>` at start-up replaces the dialogs with a queue of answers
//! (one a line, the first taken per dialog; an empty line backs out; several paths on a line
//! separated by tabs) because the end-to-end tests cannot drive a native GTK dialog. Whoever
//! can set the app's environment can already run anything as the user (SECURITY.md).

use casebook::Error;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The environment variable naming the end-to-end tests' queue of dialog answers.
pub const ANSWERS_ENV: &str = "CASEBOOK_E2E_DIALOG_ANSWERS";

/// What a chosen path may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Use {
    /// Read a file or a folder (evidence intake, an import, a case to open).
    Read,
    /// Write (create or replace) one file.
    Write,
    /// Create files inside a folder (an export, a new case).
    WriteInto,
}

impl Use {
    fn noun(self) -> &'static str {
        match self {
            Use::Read => "a file to read",
            Use::Write => "a file to save",
            Use::WriteInto => "a folder to write into",
        }
    }
}

macro_rules! token {
    ($(#[$doc:meta])* $name:ident, $use:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub const USE: Use = $use;
        }
    };
}

token!(
    /// A token for a file or folder the user chose to read.
    ReadToken,
    Use::Read
);
token!(
    /// A token for a file the user chose to save (the dialog confirmed any overwrite).
    SaveToken,
    Use::Write
);
token!(
    /// A token for a folder the user chose to write new files into.
    FolderToken,
    Use::WriteInto
);

/// What the UI learns about a choice: the token to hand back and what to show the user.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Chosen {
    pub token: String,
    /// The file or folder's own name.
    pub name: String,
    /// The folder holding it, for the user's orientation only (no command takes it).
    pub folder: String,
}

/// The session's tokens and, in end-to-end tests only, the queue of dialog answers.
#[derive(Default)]
pub struct Tokens {
    issued: Mutex<HashMap<String, (Use, PathBuf)>>,
    answers: Option<PathBuf>,
}

impl Tokens {
    /// The store for this process: with the answer queue when [`ANSWERS_ENV`] is set.
    pub fn from_env() -> Self {
        Tokens {
            issued: Mutex::default(),
            answers: std::env::var_os(ANSWERS_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }

    /// The answer queue, when dialogs are replaced by one.
    pub fn answers(&self) -> Option<&Path> {
        self.answers.as_deref()
    }

    /// Registers `path` for `purpose` and returns what the UI may see of it.
    pub fn issue(&self, purpose: Use, path: PathBuf) -> Chosen {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let chosen = Chosen {
            token: token.clone(),
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            folder: path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        };
        self.lock().insert(token, (purpose, path));
        chosen
    }

    pub fn read(&self, token: &ReadToken) -> casebook::Result<PathBuf> {
        self.resolve(&token.0, ReadToken::USE)
    }

    pub fn save(&self, token: &SaveToken) -> casebook::Result<PathBuf> {
        self.resolve(&token.0, SaveToken::USE)
    }

    pub fn folder(&self, token: &FolderToken) -> casebook::Result<PathBuf> {
        self.resolve(&token.0, FolderToken::USE)
    }

    /// The path behind a token the UI put in a core request's path field (`ImportRequest::path`,
    /// `ExportRequest::destination`…), as the string the core takes.
    pub fn field(&self, token: &str, purpose: Use) -> casebook::Result<String> {
        self.resolve(token, purpose)?
            .into_os_string()
            .into_string()
            .map_err(|_| Error::invalid("file", "the chosen file's name is not valid UTF-8"))
    }

    /// The path behind `token` when it was issued for `purpose`; an unknown token (made up, or
    /// from an earlier session) is `not_found`, one issued for another purpose `invalid`.
    fn resolve(&self, token: &str, purpose: Use) -> casebook::Result<PathBuf> {
        match self.lock().get(token) {
            None => Err(Error::NotFound {
                what: "chosen file",
                id: "(choose the file again)".into(),
            }),
            Some((issued, _)) if *issued != purpose => Err(Error::invalid(
                "file",
                format!(
                    "this was chosen as {}, not {}; choose it again for this",
                    issued.noun(),
                    purpose.noun()
                ),
            )),
            Some((_, path)) => Ok(path.clone()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Use, PathBuf)>> {
        self.issued.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Takes the next answer from the end-to-end tests' queue at `queue`: `None` when the line
/// is empty (the user backed out), otherwise its tab-separated paths. An empty or missing
/// queue is an error, so a test that forgot an answer fails instead of hanging on a dialog.
pub fn next_answer(queue: &Path) -> casebook::Result<Option<Vec<PathBuf>>> {
    let context = || "reading the end-to-end dialog answers".to_string();
    let text = std::fs::read_to_string(queue).map_err(|e| Error::io(context(), e))?;
    if text.is_empty() {
        return Err(Error::invalid(
            "dialog",
            "the end-to-end dialog answer queue is empty",
        ));
    }
    let (first, rest) = text.split_once('\n').unwrap_or((text.as_str(), ""));
    std::fs::write(queue, rest).map_err(|e| Error::io(context(), e))?;
    Ok((!first.is_empty()).then(|| first.split('\t').map(PathBuf::from).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_resolves_only_for_the_purpose_it_was_issued_for() {
        let tokens = Tokens::default();
        let save = tokens.issue(Use::Write, PathBuf::from("/tmp/out/packet.pdf"));
        assert_eq!(save.name, "packet.pdf", "the UI shows the file's own name");
        assert_eq!(save.folder, "/tmp/out", "and the folder for orientation");
        assert_eq!(
            tokens.save(&SaveToken(save.token.clone())).unwrap(),
            PathBuf::from("/tmp/out/packet.pdf")
        );
        let read = tokens
            .read(&ReadToken(save.token.clone()))
            .expect_err("a file chosen to save must not be readable through its token");
        assert_eq!(read.kind(), casebook::ErrorKind::Invalid, "{read}");
        let into = tokens
            .folder(&FolderToken(save.token))
            .expect_err("a file chosen to save is not a folder to write into");
        assert_eq!(into.kind(), casebook::ErrorKind::Invalid, "{into}");

        let open = tokens.issue(Use::Read, PathBuf::from("/tmp/in/people.csv"));
        let write = tokens
            .save(&SaveToken(open.token))
            .expect_err("a file chosen to read must not be writable through its token");
        assert_eq!(write.kind(), casebook::ErrorKind::Invalid, "{write}");
    }

    #[test]
    fn an_unknown_or_made_up_token_is_not_found_and_names_no_path() {
        let tokens = Tokens::default();
        tokens.issue(Use::Read, PathBuf::from("/tmp/in/people.csv"));
        for made_up in ["", "/etc/passwd", "00000000000000000000000000000000"] {
            let e = tokens
                .read(&ReadToken(made_up.into()))
                .expect_err("only tokens this session issued resolve");
            assert_eq!(e.kind(), casebook::ErrorKind::NotFound, "{e}");
            assert!(!e.to_string().contains("/etc"), "{e}");
        }
        let other_session = Tokens::default();
        let stale = tokens.issue(Use::Read, PathBuf::from("/tmp/in/other.csv"));
        assert_eq!(
            other_session
                .read(&ReadToken(stale.token))
                .expect_err("a token from another session is stale")
                .kind(),
            casebook::ErrorKind::NotFound
        );
    }

    #[test]
    fn the_answer_queue_yields_its_lines_in_order_and_fails_when_empty() {
        let dir = tempfile::tempdir().unwrap();
        let queue = dir.path().join("answers");
        std::fs::write(&queue, "/a/one.csv\n\n/b/x\t/b/y\n").unwrap();
        assert_eq!(
            next_answer(&queue).unwrap(),
            Some(vec![PathBuf::from("/a/one.csv")])
        );
        assert_eq!(
            next_answer(&queue).unwrap(),
            None,
            "an empty line backs out"
        );
        assert_eq!(
            next_answer(&queue).unwrap(),
            Some(vec![PathBuf::from("/b/x"), PathBuf::from("/b/y")]),
            "tabs separate several files"
        );
        assert!(
            next_answer(&queue).is_err(),
            "an exhausted queue fails the dialog instead of showing one"
        );
    }
}
