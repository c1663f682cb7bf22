//! The native open and save dialogs, shown from Rust: the webview gets a token and a display
//! name for what the user chose ([`crate::paths`]), never a path to pass back.

use super::Res;
use crate::paths::{next_answer, Chosen, Use};
use crate::AppState;
use casebook::Error;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

/// A kind of file the dialog offers (`PDF`, `["pdf"]`).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct FileFilter {
    pub name: String,
    pub extensions: Vec<String>,
}

/// Files (or, with `directory`, folders) to read; none when the user backs out.
#[tauri::command]
#[specta::specta]
pub async fn pick_open(
    window: WebviewWindow,
    state: State<'_, AppState>,
    title: String,
    filters: Vec<FileFilter>,
    directory: bool,
    multiple: bool,
) -> Res<Vec<Chosen>> {
    let chosen = ask(&window, &state, &title, &filters, |dialog, answer| {
        match (directory, multiple) {
            (false, false) => dialog.pick_file(move |p| answer(p.map(|p| vec![p]))),
            (false, true) => dialog.pick_files(answer),
            (true, false) => dialog.pick_folder(move |p| answer(p.map(|p| vec![p]))),
            (true, true) => dialog.pick_folders(answer),
        }
    })
    .await?;
    Ok(chosen
        .into_iter()
        .map(|p| state.chosen.issue(Use::Read, p))
        .collect())
}

/// A folder to write new files into (an export, a new case); `None` when the user backs out.
#[tauri::command]
#[specta::specta]
pub async fn pick_folder(
    window: WebviewWindow,
    state: State<'_, AppState>,
    title: String,
) -> Res<Option<Chosen>> {
    let chosen = ask(&window, &state, &title, &[], |dialog, answer| {
        dialog
            .set_can_create_directories(true)
            .pick_folder(move |p| answer(p.map(|p| vec![p])))
    })
    .await?;
    Ok(chosen
        .into_iter()
        .next()
        .map(|p| state.chosen.issue(Use::WriteInto, p)))
}

/// A file to save, starting from `suggested_name`; `None` when the user backs out. The GTK
/// dialog asks before replacing a file. A name without the filter's extension gets it, and when
/// that changes the name to one that exists, `replaces` tells the UI to ask.
#[tauri::command]
#[specta::specta]
pub async fn pick_save(
    window: WebviewWindow,
    state: State<'_, AppState>,
    title: String,
    suggested_name: String,
    filter: FileFilter,
) -> Res<Option<SaveChoice>> {
    let filters = [filter.clone()];
    let chosen = ask(&window, &state, &title, &filters, |dialog, answer| {
        dialog
            .set_file_name(suggested_name)
            .set_can_create_directories(true)
            .save_file(move |p| answer(p.map(|p| vec![p])))
    })
    .await?;
    Ok(chosen.into_iter().next().map(|path| {
        let (path, renamed) = with_extension(path, &filter);
        let replaces = renamed && path.exists();
        SaveChoice {
            chosen: state.chosen.issue(Use::Write, path),
            replaces,
        }
    }))
}

/// A file chosen to save, and whether it would replace a file the dialog did not ask about.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SaveChoice {
    pub chosen: Chosen,
    pub replaces: bool,
}

/// `path` with the filter's first extension when it has none of them, and whether it changed.
fn with_extension(path: PathBuf, filter: &FileFilter) -> (PathBuf, bool) {
    let has = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| filter.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
    match filter.extensions.first() {
        Some(ext) if !has && ext != "*" => {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{ext}"));
            (PathBuf::from(name), true)
        }
        _ => (path, false),
    }
}

type Answer = Box<dyn FnOnce(Option<Vec<FilePath>>) + Send>;

/// Shows the dialog `show` builds (modal to `window`) and waits for it without blocking the
/// async runtime; in end-to-end tests takes the next queued answer instead.
async fn ask(
    window: &WebviewWindow,
    state: &AppState,
    title: &str,
    filters: &[FileFilter],
    show: impl FnOnce(FileDialogBuilder<tauri::Wry>, Answer),
) -> Res<Vec<PathBuf>> {
    if let Some(queue) = state.chosen.answers() {
        return Ok(next_answer(queue)?.unwrap_or_default());
    }
    let mut dialog = window.app_handle().dialog().file().set_title(title);
    for f in filters {
        let extensions: Vec<&str> = f.extensions.iter().map(String::as_str).collect();
        dialog = dialog.add_filter(&f.name, &extensions);
    }
    let dialog = dialog.set_parent(window);
    let (tx, mut rx) = tauri::async_runtime::channel(1);
    show(
        dialog,
        Box::new(move |picked| {
            let _ = tx.try_send(picked);
        }),
    );
    let picked = rx.recv().await.flatten().unwrap_or_default();
    picked
        .into_iter()
        .map(|p| {
            p.into_path()
                .map_err(|_| Error::invalid("file", "choose a file on this computer").into())
        })
        .collect()
}

/// Files dropped on the window, as read tokens (the webview's own drop event carries paths,
/// which no command takes).
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct FilesDropped {
    pub files: Vec<Chosen>,
}

/// Issues read tokens for dropped `paths` and tells the UI.
pub fn dropped(app: &AppHandle, paths: &[PathBuf]) {
    use tauri_specta::Event;
    let state = app.state::<AppState>();
    let files = paths
        .iter()
        .map(|p| state.chosen.issue(Use::Read, p.clone()))
        .collect();
    let _ = FilesDropped { files }.emit(app);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_name_gets_the_filters_extension_only_when_it_has_none_of_them() {
        let pdf = FileFilter {
            name: "PDF".into(),
            extensions: vec!["pdf".into()],
        };
        assert_eq!(
            with_extension(PathBuf::from("/t/packet"), &pdf),
            (PathBuf::from("/t/packet.pdf"), true)
        );
        assert_eq!(
            with_extension(PathBuf::from("/t/packet.PDF"), &pdf),
            (PathBuf::from("/t/packet.PDF"), false),
            "the case of an extension is the user's"
        );
        assert_eq!(
            with_extension(PathBuf::from("/t/v1.2"), &pdf),
            (PathBuf::from("/t/v1.2.pdf"), true),
            "a dot in the name is not an extension the filter knows"
        );
    }
}
