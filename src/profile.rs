//! The local investigator profile (who is acting) and the app's own files outside any case:
//! the profile and the list of recently opened cases. Both live in the platform's data
//! directory, or under `$CASEBOOK_HOME` when that is set (tests, portable installs).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::{Path, PathBuf};

/// Who performs a change: named on every audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Actor {
    pub name: String,
    pub email: String,
    pub organisation: String,
}

impl Actor {
    /// `Name <email> (Organisation)`, the form written into the audit log.
    pub fn label(&self) -> String {
        let mut s = self.name.clone();
        if !self.email.is_empty() {
            s.push_str(&format!(" <{}>", self.email));
        }
        if !self.organisation.is_empty() {
            s.push_str(&format!(" ({})", self.organisation));
        }
        s
    }

    pub fn validated(self) -> Result<Actor> {
        let a = Actor {
            name: self.name.trim().to_string(),
            email: self.email.trim().to_string(),
            organisation: self.organisation.trim().to_string(),
        };
        if a.name.is_empty() {
            return Err(Error::invalid(
                "name",
                "enter your name; it is recorded on every change",
            ));
        }
        if !a.email.is_empty() && !looks_like_email(&a.email) {
            return Err(Error::invalid(
                "email",
                "that is not an e-mail address (expected name@domain)",
            ));
        }
        Ok(a)
    }
}

pub(crate) fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !s.contains(' ')
        }
        None => false,
    }
}

/// The app's home: profile, recent cases, and the default folder for new cases.
#[derive(Debug, Clone)]
pub struct Home {
    dir: PathBuf,
}

impl Home {
    /// `$CASEBOOK_HOME` if set, else the platform data directory (`~/.local/share/casebook`).
    pub fn from_env() -> Result<Home> {
        if let Some(dir) = std::env::var_os("CASEBOOK_HOME").filter(|d| !d.is_empty()) {
            return Ok(Home { dir: dir.into() });
        }
        let dirs =
            directories::ProjectDirs::from("org", "Casebook", "casebook").ok_or_else(|| {
                Error::invalid(
                    "home",
                    "no home directory found; set CASEBOOK_HOME to a folder",
                )
            })?;
        Ok(Home {
            dir: dirs.data_dir().to_path_buf(),
        })
    }

    pub fn at(dir: impl Into<PathBuf>) -> Home {
        Home { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where new cases go unless the user picks another folder.
    pub fn default_cases_dir(&self) -> PathBuf {
        self.dir.join("cases")
    }

    fn profile_path(&self) -> PathBuf {
        self.dir.join("profile.json")
    }

    fn recent_path(&self) -> PathBuf {
        self.dir.join("recent.json")
    }

    pub fn profile(&self) -> Result<Option<Actor>> {
        read_json(&self.profile_path())
    }

    pub fn save_profile(&self, actor: Actor) -> Result<Actor> {
        let actor = actor.validated()?;
        write_json(&self.profile_path(), &actor)?;
        Ok(actor)
    }

    pub fn recent(&self) -> Result<Vec<RecentCase>> {
        Ok(read_json(&self.recent_path())?.unwrap_or_default())
    }

    /// Moves `case` to the top of the recent list (at most 20 kept).
    pub fn remember(&self, case: RecentCase) -> Result<()> {
        let mut list = self.recent()?;
        list.retain(|c| c.path != case.path);
        list.insert(0, case);
        list.truncate(20);
        write_json(&self.recent_path(), &list)
    }

    pub fn forget(&self, path: &str) -> Result<()> {
        let mut list = self.recent()?;
        list.retain(|c| c.path != path);
        write_json(&self.recent_path(), &list)
    }
}

/// A case in the recent list: enough to show it without its passphrase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecentCase {
    pub path: String,
    pub title: String,
    pub opened_at: String,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::invalid(
                "home",
                format!("{} is damaged ({e}); fix or delete it", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
    }
}

/// Writes via a temporary file and a rename so a crash never leaves half a file.
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let tmp = path.with_extension("json.tmp");
    let body = serde_json::to_vec_pretty(value).expect("plain data serialises");
    std::fs::write(&tmp, body).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(format!("writing {}", path.display()), e))
}
