//! File-system mechanics shared by every writer: atomic replacement of a file, the folder a
//! new file or folder goes into, paths made absolute against the current folder, and private
//! folders (0700) and files (0600): what a case holds is for its owner's account alone.

use crate::error::{Error, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Writes `dest` so that it appears whole or not at all: a failure, a cancel or a killed
/// process leaves nothing in the destination folder. The file is readable by its owner only:
/// what Casebook writes out (a packet's people appendix, letters with addresses, rejects,
/// notice lists) comes from an encrypted case and may hold personal data, so another account
/// on the machine must not read it by default.
///
/// On Linux the bytes go to an unnamed `O_TMPFILE` in the destination folder, given its name
/// only once complete and synced: a process killed half-way leaves no name behind, only
/// blocks the kernel frees. Where that is refused (another system, or a file system without
/// `O_TMPFILE` such as some network and FUSE mounts) the bytes go to a named temporary beside
/// the destination, removed on every error path. Such a temporary left by a killed process
/// is not swept on a later open — the destination folder is the user's, outside any case,
/// and Casebook keeps no list of the folders it wrote to (that list would itself say where
/// personal data went) — but by the next write into the same folder: its name,
/// `.casebook-<pid>-<uuid>.partial`, says what made it and whether that process is gone.
pub(crate) fn write_atomically<T>(
    dest: &Path,
    f: impl FnOnce(&mut File) -> Result<T>,
) -> Result<T> {
    let (out, written) = write_unnamed(dest, f)?;
    written.name()?;
    Ok(out)
}

/// The first half of [`write_atomically`]: the bytes complete and synced, not yet under their
/// name, so a caller can record the file (its hash in the audit chain) before anyone can
/// see it. Dropped without [`Written::name`], it leaves nothing behind.
pub(crate) fn write_unnamed<T>(
    dest: &Path,
    f: impl FnOnce(&mut File) -> Result<T>,
) -> Result<(T, Written)> {
    let dir = existing_parent(dest, "dest")?.to_path_buf();
    let failed = |e| Error::io(format!("cannot write {}", dest.display()), e);
    sweep_dead_partials(&dir);
    #[cfg(target_os = "linux")]
    if let Some(mut file) = unnamed::open(&dir).map_err(failed)? {
        let out = f(&mut file)?;
        file.sync_all().map_err(failed)?;
        let written = Written {
            file,
            dir,
            dest: dest.to_path_buf(),
            tmp: None,
        };
        return Ok((out, written));
    }
    let tmp = dir.join(partial_name());
    let mut file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(failed)?
    };
    // From here the guard removes the temporary on every error path.
    let mut written = Written {
        file: file.try_clone().map_err(failed)?,
        dir,
        dest: dest.to_path_buf(),
        tmp: Some(tmp),
    };
    let out = f(&mut file)?;
    file.sync_all().map_err(failed)?;
    written.file = file;
    Ok((out, written))
}

/// A complete file waiting for its name (see [`write_unnamed`]).
pub(crate) struct Written {
    file: File,
    dir: PathBuf,
    dest: PathBuf,
    /// The named temporary where there is no unnamed file.
    tmp: Option<PathBuf>,
}

impl Written {
    /// Gives the file its name, replacing what is there.
    pub(crate) fn name(mut self) -> Result<()> {
        crate::util::failpoint::failpoint("fs.before_name");
        let failed = |e| Error::io(format!("cannot write {}", self.dest.display()), e);
        match self.tmp.take() {
            Some(tmp) => {
                std::fs::rename(&tmp, &self.dest).map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    failed(e)
                })?;
                File::open(&self.dir)
                    .and_then(|d| d.sync_all())
                    .map_err(failed)
            }
            #[cfg(target_os = "linux")]
            None => unnamed::link(&self.file, &self.dir, &self.dest).map_err(failed),
            #[cfg(not(target_os = "linux"))]
            None => unreachable!("only Linux writes unnamed files"),
        }
    }
}

impl Drop for Written {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// The name of a temporary beside a destination: the pid says whether its writer still runs.
fn partial_name() -> String {
    format!(
        ".casebook-{}-{}.partial",
        std::process::id(),
        uuid::Uuid::new_v4()
    )
}

/// Removes the temporaries of [`partial_name`] in `dir` whose process is gone: what a writer
/// killed between its temporary and the rename left.
fn sweep_dead_partials(dir: &Path) {
    let pid_of = |n: &str| {
        n.strip_suffix(".partial")?
            .strip_prefix(".casebook-")?
            .split_once('-')?
            .0
            .parse()
            .ok()
    };
    for entry in entries_of_dead_processes(dir, pid_of) {
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The entries of `dir` whose name carries (by `pid_of`) the id of a process that is no longer
/// running.
fn entries_of_dead_processes(
    dir: &Path,
    pid_of: impl Fn(&str) -> Option<u32>,
) -> impl Iterator<Item = std::fs::DirEntry> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(move |e| {
            e.file_name()
                .to_str()
                .and_then(&pid_of)
                .is_some_and(|pid| process_alive(pid) == Some(false))
        })
}

#[cfg(target_os = "linux")]
mod unnamed {
    use std::ffi::CString;
    use std::fs::File;
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    /// An unnamed file in `dir`, or `None` where the file system does not offer them.
    pub(super) fn open(dir: &Path) -> io::Result<Option<File>> {
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_TMPFILE)
            .mode(0o600)
            .open(dir)
        {
            Ok(f) => Ok(Some(f)),
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Gives the unnamed `file` the name `dest`, replacing what is there. `linkat` refuses an
    /// existing name, so a replacement is linked under a temporary name and renamed over: the
    /// file is complete by then, and only a kill between the two calls could leave that name
    /// (swept by the next write into the folder).
    pub(super) fn link(file: &File, dir: &Path, dest: &Path) -> io::Result<()> {
        // Through /proc, as open(2) documents, so no privilege (CAP_DAC_READ_SEARCH) is needed.
        let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
        let linked = |to: &Path| -> io::Result<()> {
            let to = CString::new(to.as_os_str().as_bytes())?;
            // SAFETY: both are NUL-terminated strings that outlive the call.
            let rc = unsafe {
                libc::linkat(
                    libc::AT_FDCWD,
                    from.as_ptr(),
                    libc::AT_FDCWD,
                    to.as_ptr(),
                    libc::AT_SYMLINK_FOLLOW,
                )
            };
            if rc == 0 {
                Ok(())
            } else {
                Err(io::Error::last_os_error())
            }
        };
        match linked(dest) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let tmp = dir.join(super::partial_name());
                linked(&tmp)?;
                crate::util::failpoint::failpoint("fs.before_rename_over");
                std::fs::rename(&tmp, dest).inspect_err(|_| {
                    let _ = std::fs::remove_file(&tmp);
                })?;
            }
            other => other?,
        }
        // The new name must survive a crash as the bytes do.
        File::open(dir)?.sync_all()
    }
}

/// A new file readable by its owner only, refused if the name exists: for the files of a
/// folder written at once (an evidence export), which that folder's own clean-up removes.
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
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
    let pid_of = |n: &str| n.split_once('-')?.0.parse().ok();
    for entry in entries_of_dead_processes(dir, pid_of) {
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

/// Opens `path` for reading only if it is a regular file, without blocking and without
/// following a symbolic link in its last component: a FIFO, a device or a socket would block
/// a read forever (while the case is locked), and a link may point anywhere. `field` names the
/// input in the refusal.
pub(crate) fn open_regular(path: &Path, field: &str) -> Result<std::fs::File> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let shown = path.display();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => Error::invalid(
                field,
                format!("{shown} is a symbolic link: choose the file it points to"),
            ),
            _ => Error::io(format!("opening {shown}"), e),
        })?;
    let kind = file
        .metadata()
        .map_err(|e| Error::io(format!("reading {shown}"), e))?
        .file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "a folder"
        } else if kind.is_fifo() {
            "a pipe"
        } else if kind.is_socket() {
            "a socket"
        } else {
            "a device"
        };
        return Err(Error::invalid(
            field,
            format!("{shown} is {what}, not a regular file: choose the file itself"),
        ));
    }
    // Regular files never block; clearing the flag keeps later reads ordinary everywhere.
    {
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on a descriptor this function owns, with flags it just read.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
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

    /// A process killed inside the closure leaves what the folder shows at that moment.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_half_written_file_has_no_name_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("rejects.csv");
        std::fs::write(&dest, b"old").unwrap();
        write_atomically(&dest, |f| {
            f.write_all(b"Dana Whitlock,dana@example.com")
                .map_err(|e| Error::io("w", e))?;
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(
                names,
                vec![std::ffi::OsString::from("rejects.csv")],
                "mid-write, only the old file may be named: a kill now must leave no partial"
            );
            assert_eq!(std::fs::read(&dest).unwrap(), b"old", "not replaced yet");
            Ok(())
        })
        .unwrap();
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            b"Dana Whitlock,dana@example.com",
            "an existing file is replaced once the new one is whole"
        );
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

    #[test]
    fn only_a_regular_file_is_opened_and_a_pipe_or_link_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("packet.pdf");
        std::fs::write(&file, b"%PDF").unwrap();
        assert!(open_regular(&file, "file").is_ok());

        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string naming a path in our own temporary folder.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = open_regular(&fifo, "file").unwrap_err();
        assert!(
            err.to_string().contains("is a pipe"),
            "a FIFO with no writer must be refused, not waited on: {err}"
        );

        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let err = open_regular(&link, "file").unwrap_err();
        assert!(
            matches!(&err, Error::Invalid { field, .. } if field == "file"),
            "a link is refused naming the field: {err}"
        );
        let err = open_regular(dir.path(), "file").unwrap_err();
        assert!(err.to_string().contains("is a folder"), "{err}");
    }
}
