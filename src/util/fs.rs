//! File-system mechanics shared by every writer: atomic replacement of a file, the folder a
//! new file or folder goes into, paths made absolute against the current folder, and private
//! folders (0700) and files (0600): what a case holds is for its owner's account alone.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Writes `dest` through a temporary file beside it, so a failure leaves no partial file. The
/// file is readable by its owner only: what Casebook writes out (a packet's people appendix,
/// letters with addresses, rejects, notice lists) comes from an encrypted case and may hold
/// personal data, so another account on the machine must not read it by default.
pub(crate) fn write_atomically<T>(
    dest: &Path,
    f: impl FnOnce(&mut std::fs::File) -> Result<T>,
) -> Result<T> {
    let dir = existing_parent(dest, "dest")?;
    let tmp = dir.join(format!(".{}.partial", uuid::Uuid::new_v4()));
    let result = (|| {
        let mut file = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?
        };
        let out = f(&mut file)?;
        file.sync_all()
            .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?;
        std::fs::rename(&tmp, dest)
            .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?;
        Ok(out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A folder only its owner may enter.
pub(crate) const PRIVATE_DIR: u32 = 0o700;
/// A file only its owner may read and write.
pub(crate) const PRIVATE_FILE: u32 = 0o600;

/// Creates the folder `path` private (0700), whatever the process's umask; an existing folder
/// is tightened instead.
pub(crate) fn private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    match std::fs::DirBuilder::new().mode(PRIVATE_DIR).create(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
        other => other?,
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE_DIR))
}

/// Creates the folder `path` and any missing parents private (0700, less the umask); folders
/// that exist are left as they are.
pub(crate) fn private_dir_all(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR)
        .create(path)
}

/// Takes every permission of group and others away from `root` and everything under it
/// (folders become 0700; a file keeps its owner's bits, so a read-only vault copy stays
/// read-only). Symbolic links are neither followed nor changed. Best effort: a file that
/// cannot be changed is left as it is, and the walk goes on.
pub(crate) fn tighten_tree(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o7777;
        if meta.is_dir() {
            if mode != PRIVATE_DIR {
                let _ =
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(PRIVATE_DIR));
            }
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if meta.is_file() && mode & 0o7077 != 0 {
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o700));
        }
    }
}

/// Whether the process `pid` is still running, as `/proc` tells; `None` where there is no
/// `/proc` to ask (then nothing may be swept as dead).
pub(crate) fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// Removes the entries of `dir` named `<pid>-…` whose process is no longer running: what a
/// killed process left in a folder of temporaries. Entries of live processes stay.
pub(crate) fn sweep_dead_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if process_alive(pid) != Some(false) {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                let _ = std::fs::remove_dir_all(&path);
            }
            Ok(_) => {
                let _ = std::fs::remove_file(&path);
            }
            Err(_) => {}
        }
    }
}

/// The folder `path` goes into (`.` for a bare name), refused when it does not exist; `field`
/// names the input the path came from.
pub(crate) fn existing_parent<'p>(path: &'p Path, field: &str) -> Result<&'p Path> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::invalid(
            field,
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    Ok(dir)
}

/// `path` joined to the current folder unless it is absolute already. Nothing is resolved
/// (no `..`, no symbolic links), so messages show the path as the user gave it, prefixed.
pub(crate) fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()
        .map_err(|e| Error::io("finding the current folder", e))?
        .join(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn what_is_written_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("letters.pdf");
        write_atomically(&dest, |f| {
            f.write_all(b"names").map_err(|e| Error::io("w", e))
        })
        .unwrap();
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "a written document may hold personal data: {mode:o}"
        );
    }

    #[test]
    fn a_failed_write_leaves_neither_the_file_nor_its_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.csv");
        let failed: Result<()> = write_atomically(&dest, |f| {
            f.write_all(b"half").unwrap();
            Err(Error::Cancelled)
        });
        assert!(matches!(failed, Err(Error::Cancelled)));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        write_atomically(&dest, |f| {
            f.write_all(b"whole").map_err(|e| Error::io("writing", e))
        })
        .unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"whole");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn tightening_takes_group_and_other_access_from_every_folder_and_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("case");
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/open.txt"), b"x").unwrap();
        std::fs::write(root.join("sealed"), b"x").unwrap();
        for (p, m) in [
            ("", 0o755),
            ("a", 0o777),
            ("a/b", 0o755),
            ("a/b/open.txt", 0o666),
            ("sealed", 0o444),
        ] {
            std::fs::set_permissions(root.join(p), std::fs::Permissions::from_mode(m)).unwrap();
        }
        tighten_tree(&root);
        let mode = |p: &str| {
            std::fs::metadata(root.join(p))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        for d in ["", "a", "a/b"] {
            assert_eq!(mode(d), 0o700, "folder {d:?} must be the owner's alone");
        }
        assert_eq!(
            mode("a/b/open.txt"),
            0o600,
            "a file keeps only its owner's bits"
        );
        assert_eq!(mode("sealed"), 0o400, "a read-only file stays read-only");
    }

    #[test]
    fn sweeping_removes_what_dead_processes_left_and_keeps_the_living() {
        let dir = tempfile::tempdir().unwrap();
        // pid_max on Linux is at most 2^22, so this process cannot exist.
        let dead = dir.path().join("4999999-staging");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("rows.csv"), b"a,b").unwrap();
        std::fs::write(dir.path().join("4999999-x.partial"), b"a").unwrap();
        let live = dir.path().join(format!("{}-staging", std::process::id()));
        std::fs::create_dir(&live).unwrap();
        std::fs::write(dir.path().join("notes"), b"not ours").unwrap();
        sweep_dead_temporaries(dir.path());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            vec![
                format!("{}-staging", std::process::id()),
                "notes".to_string()
            ],
            "only a dead process's temporaries are removed"
        );
    }

    #[test]
    fn a_missing_folder_is_refused_naming_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let err = existing_parent(&dir.path().join("no/such.pdf"), "dest").unwrap_err();
        assert!(
            matches!(&err, Error::Invalid { field, .. } if field == "dest"),
            "{err}"
        );
        assert_eq!(
            existing_parent(Path::new("bare.pdf"), "dest").unwrap(),
            Path::new(".")
        );
    }

    #[test]
    fn a_relative_path_is_joined_to_the_current_folder_unresolved() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/../b")).unwrap(), cwd.join("a/../b"));
        assert_eq!(absolute(Path::new("/x/y")).unwrap(), Path::new("/x/y"));
    }
}
