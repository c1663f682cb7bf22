//! The local investigator profile (who is acting) and the app's own files outside any case:
//! the profile and the list of recently opened cases. Both live in the platform's data
//! directory, or under `$CASEBOOK_HOME` when that is set (tests, portable installs), in a
//! private folder (0700, files 0600). The recent list holds paths only: a case's title is
//! case content and stays in its encrypted database.

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::signing::{self, KeyInfo, KeyPair};
use crate::util::fs::{private_dir, write_atomically};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The app's home: profile, recent cases, and the default folder for new cases.
#[derive(Debug, Clone)]
pub struct Home {
    dir: PathBuf,
    /// The login name from the environment, named on changes made before a profile is saved.
    login: Option<String>,
}

impl Home {
    /// `$CASEBOOK_HOME` if set, else the platform data directory (`~/.local/share/casebook`).
    pub fn from_env() -> Result<Home> {
        if let Some(dir) = std::env::var_os("CASEBOOK_HOME").filter(|d| !d.is_empty()) {
            return Ok(Home {
                dir: dir.into(),
                login: login_name(),
            });
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
            login: login_name(),
        })
    }

    /// A home in `dir`, with no login name to fall back on.
    pub fn at(dir: impl Into<PathBuf>) -> Home {
        Home {
            dir: dir.into(),
            login: None,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where new cases go unless the user picks another folder.
    pub fn default_cases_dir(&self) -> PathBuf {
        self.dir.join("cases")
    }

    /// Makes the default cases folder when the new case at `path` goes straight into it, so
    /// the first case needs no folder made by hand. Any other parent is left as it is: a case
    /// is created only in a folder that exists.
    pub fn prepare_new_case(&self, path: &Path) -> Result<()> {
        let cases = self.default_cases_dir();
        if path.parent() == Some(cases.as_path()) {
            std::fs::create_dir_all(&self.dir)
                .map_err(|e| Error::io("creating the cases folder", e))?;
            // Case folders' names say what the cases are about: the list is private too.
            for dir in [&self.dir, &cases] {
                private_dir(dir).map_err(|e| Error::io("creating the cases folder", e))?;
            }
        }
        Ok(())
    }

    /// The investigator's signing key, made the first time one is needed (encrypted under
    /// `passphrase` when one is given then); an encrypted key needs it every time.
    pub fn signing_key(&self, passphrase: Option<&str>) -> Result<KeyPair> {
        KeyPair::load_or_create(&self.dir, passphrase)
    }

    /// Makes the signing key now (`casebook profile key`, the profile screen); refused when
    /// one exists.
    pub fn create_signing_key(&self, passphrase: Option<&str>) -> Result<KeyPair> {
        KeyPair::create(&self.dir, passphrase)
    }

    /// The signing key as far as it can be known without its passphrase.
    pub fn signing_key_info(&self) -> Result<Option<KeyInfo>> {
        signing::key_info(&self.dir)
    }

    /// The signing key as the profile shows it; `None` until one is made.
    pub fn signing_key_view(&self) -> Result<Option<SigningKeyView>> {
        Ok(self.signing_key_info()?.map(|info| SigningKeyView {
            fingerprint: info.public_key.map(|k| k.fingerprint()),
            public_key: info.public_key.map(|k| k.to_base64()),
            protected: info.encrypted,
        }))
    }

    fn profile_path(&self) -> PathBuf {
        self.dir.join("profile.json")
    }

    fn recent_path(&self) -> PathBuf {
        self.dir.join("recent.json")
    }

    fn settings_path(&self) -> PathBuf {
        self.dir.join("settings.json")
    }

    /// The app's own settings, the defaults until some are saved.
    pub fn settings(&self) -> Result<AppSettings> {
        Ok(read_json(&self.settings_path())?.unwrap_or_default())
    }

    pub fn save_settings(&self, settings: AppSettings) -> Result<AppSettings> {
        if settings.lock_after_minutes > MAX_LOCK_MINUTES {
            return Err(Error::invalid(
                "lock_after_minutes",
                format!(
                    "lock after at most {MAX_LOCK_MINUTES} minutes (a day) idle, or 0 for never"
                ),
            ));
        }
        write_json(&self.settings_path(), &settings)?;
        Ok(settings)
    }

    pub fn profile(&self) -> Result<Option<Actor>> {
        read_json(&self.profile_path())
    }

    /// Who is acting: the saved profile or, when none is saved, a stand-in named by the login
    /// name, so a change made before anyone set a profile is still attributed to the account
    /// that made it (and says that no profile was set).
    pub fn actor(&self) -> Result<Actor> {
        Ok(self.profile()?.unwrap_or_else(|| Actor {
            name: self.login.clone().unwrap_or_else(|| "unknown".into()),
            email: String::new(),
            organisation: "no Casebook profile set".into(),
        }))
    }

    pub fn save_profile(&self, actor: Actor) -> Result<Actor> {
        let actor = actor.validated()?;
        write_json(&self.profile_path(), &actor)?;
        Ok(actor)
    }

    /// The recently opened cases, most recent first, each described from its folder alone.
    pub fn recent(&self) -> Result<Vec<FoundCase>> {
        Ok(self
            .recent_paths()?
            .iter()
            .map(|p| found_case(Path::new(p)))
            .collect())
    }

    /// The recent list as stored. A list written before it held paths only (entries with a
    /// title) is read too; the titles are dropped at the next write.
    fn recent_paths(&self) -> Result<Vec<String>> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Path(String),
            Entry { path: String },
        }
        let stored: Vec<Stored> = read_json(&self.recent_path())?.unwrap_or_default();
        Ok(stored
            .into_iter()
            .map(|s| match s {
                Stored::Path(p) | Stored::Entry { path: p } => p,
            })
            .collect())
    }

    /// Moves the case folder `path` to the top of the recent list (at most 20 kept).
    pub fn remember(&self, path: &Path) -> Result<()> {
        let path = path.display().to_string();
        let mut list = self.recent_paths()?;
        list.retain(|p| *p != path);
        list.insert(0, path);
        list.truncate(20);
        write_json(&self.recent_path(), &list)
    }

    pub fn forget(&self, path: &str) -> Result<()> {
        let mut list = self.recent_paths()?;
        list.retain(|p| p != path);
        write_json(&self.recent_path(), &list)
    }

    /// The case folders in the default cases folder that the recent list does not already
    /// show (a case made by the CLI or copied in, or one forgotten), newest first.
    pub fn unlisted_cases(&self) -> Result<Vec<FoundCase>> {
        let recent: Vec<PathBuf> = self
            .recent_paths()?
            .iter()
            .map(|p| same_path(Path::new(p)))
            .collect();
        let mut found = case_folders(&self.default_cases_dir())?;
        found.retain(|f| !recent.contains(&same_path(Path::new(&f.path))));
        Ok(found)
    }
}

/// The investigator's signing key as the profile shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SigningKeyView {
    /// `None` only when the public half was removed and the key is passphrase-protected: it
    /// comes back the next time the key is unlocked.
    pub fingerprint: Option<String>,
    /// Base64, as receipts name it.
    pub public_key: Option<String>,
    /// Whether the private key is encrypted under a key passphrase.
    pub protected: bool,
}

/// The longest idle time a lock may wait: a day.
const MAX_LOCK_MINUTES: u32 = 24 * 60;

/// Settings of the app on this computer, not of any case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AppSettings {
    /// Minutes without input after which the app locks the open case; 0 never locks.
    pub lock_after_minutes: u32,
    /// Whether the window title names the open case; off where a passer-by must not read it.
    pub case_in_title: bool,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            lock_after_minutes: 15,
            case_in_title: true,
        }
    }
}

/// The window's title: "Casebook — <case title>" while a case is open and the settings allow
/// naming it, else plain "Casebook" (on Home, locked, or for shoulder-surfing reasons).
pub fn window_title(settings: &AppSettings, case_title: Option<&str>) -> String {
    match case_title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if settings.case_in_title => format!("Casebook \u{2014} {t}"),
        _ => "Casebook".to_string(),
    }
}

fn login_name() -> Option<String> {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
}

/// A case folder found on disk: only what can be known without its passphrase (the title
/// lives in the encrypted database).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FoundCase {
    pub path: String,
    /// The folder's name without `.casebook`.
    pub name: String,
    /// When the case last changed on disk (UTC, RFC 3339): the newest of the folder and its
    /// database files, as a write may touch only the write-ahead log.
    pub modified_at: String,
}

/// The case folders (`*.casebook` holding a case database) directly in `dir`, newest first;
/// none when `dir` does not exist yet.
pub fn case_folders(dir: &Path) -> Result<Vec<FoundCase>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("listing {}", dir.display()), e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Error::io(format!("listing {}", dir.display()), e))?
            .path();
        let is_case_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".casebook"))
            .is_some_and(|n| !n.is_empty());
        if is_case_name && path.join(crate::store::DB_FILE).is_file() {
            found.push((last_change(&path), found_case(&path)));
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    Ok(found.into_iter().map(|(_, f)| f).collect())
}

/// When the case at `path` last changed on disk: the newest of the folder and its database
/// files, as a write may touch only the write-ahead log.
fn last_change(path: &Path) -> Option<std::time::SystemTime> {
    let db = path.join(crate::store::DB_FILE);
    [path.to_path_buf(), db.clone(), db.with_extension("db-wal")]
        .iter()
        .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .max()
}

/// What can be known of the case folder `path` without its passphrase: its name and when it
/// last changed (empty when it is gone).
fn found_case(path: &Path) -> FoundCase {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.strip_suffix(".casebook").unwrap_or(n).to_string())
        .unwrap_or_default();
    FoundCase {
        path: path.display().to_string(),
        name,
        modified_at: last_change(path)
            .map(|t| crate::moment::utc_string(t.into()))
            .unwrap_or_default(),
    }
}

/// A path as the file system knows it, so `cases/x.casebook` and `cases/./x.casebook/` match.
fn same_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::corrupt(format!(
                "{} is damaged ({e}); fix or delete it",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
    }
}

/// Writes atomically (0600), so a crash never leaves half a file, into the home it creates if
/// need be and keeps private (0700).
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Some(above) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(above)
            .map_err(|e| Error::io(format!("creating {}", above.display()), e))?;
    }
    private_dir(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let body = serde_json::to_vec_pretty(value).expect("plain data serialises");
    write_atomically(path, |f| {
        f.write_all(&body)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))
    })
}
