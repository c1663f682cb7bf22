//! The app's home outside any case: the investigator profile, the recent cases, the case
//! folders found on disk and the demo case made from the app.

use super::{actor, adopt, Res};
use crate::paths::{FolderToken, ReadToken, Use};
use crate::{tasks, AppState};
use casebook::bundle::BundleSummary;
use casebook::overview::Overview;
use casebook::profile::{AppSettings, FoundCase, SigningKeyView};
use casebook::{Actor, SystemClock};
use serde::Serialize;
use specta::Type;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

#[tauri::command]
#[specta::specta]
pub async fn profile_get(state: State<'_, AppState>) -> Res<Option<Actor>> {
    Ok(state.home.profile()?)
}

#[tauri::command]
#[specta::specta]
pub async fn profile_set(state: State<'_, AppState>, profile: Actor) -> Res<Actor> {
    Ok(state.home.save_profile(profile)?)
}

/// The investigator's signing key as the profile screen shows it; `None` until one is made.
#[tauri::command]
#[specta::specta]
pub async fn signing_key_get(state: State<'_, AppState>) -> Res<Option<SigningKeyView>> {
    Ok(state.home.signing_key_view()?)
}

/// Makes the signing key now, encrypted under `passphrase` when one is given.
#[tauri::command]
#[specta::specta]
pub async fn signing_key_create(
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> Res<Option<SigningKeyView>> {
    let passphrase = passphrase.map(Zeroizing::new);
    state
        .home
        .create_signing_key(passphrase.as_deref().map(String::as_str))?;
    Ok(state.home.signing_key_view()?)
}

/// A case folder the app knows of, with a read token that opens it (the path is for display).
#[derive(Debug, Clone, Serialize, Type)]
pub struct KnownCase {
    pub token: ReadToken,
    #[serde(flatten)]
    pub found: FoundCase,
}

/// The case folder made from a bundle, with a read token that opens it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OpenedBundle {
    pub token: ReadToken,
    #[serde(flatten)]
    pub summary: BundleSummary,
}

fn known(state: &AppState, cases: Vec<FoundCase>) -> Vec<KnownCase> {
    cases
        .into_iter()
        .map(|found| KnownCase {
            token: ReadToken(
                state
                    .chosen
                    .issue(Use::Read, PathBuf::from(&found.path))
                    .token,
            ),
            found,
        })
        .collect()
}

#[tauri::command]
#[specta::specta]
pub async fn recent_cases(state: State<'_, AppState>) -> Res<Vec<KnownCase>> {
    Ok(known(&state, state.home.recent()?))
}

#[tauri::command]
#[specta::specta]
pub async fn app_settings_get(state: State<'_, AppState>) -> Res<AppSettings> {
    Ok(state.home.settings()?)
}

#[tauri::command]
#[specta::specta]
pub async fn app_settings_set(
    state: State<'_, AppState>,
    settings: AppSettings,
) -> Res<AppSettings> {
    Ok(state.home.save_settings(settings)?)
}

#[tauri::command]
#[specta::specta]
pub async fn recent_forget(state: State<'_, AppState>, folder: ReadToken) -> Res<()> {
    let path = state.chosen.read(&folder)?;
    Ok(state.home.forget(&path.display().to_string())?)
}

/// Case folders in the cases folder that the recent list does not show.
#[tauri::command]
#[specta::specta]
pub async fn cases_found(state: State<'_, AppState>) -> Res<Vec<KnownCase>> {
    Ok(known(&state, state.home.unlisted_cases()?))
}

/// Demo cases already in the cases folder, newest first, so the UI can offer to open one.
#[tauri::command]
#[specta::specta]
pub async fn demo_existing(state: State<'_, AppState>) -> Res<Vec<KnownCase>> {
    let existing = casebook::demo::existing(&state.home.default_cases_dir())?;
    Ok(known(&state, existing))
}

/// Creates a new demo case in the cases folder (beside any already there) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn demo_create(app: AppHandle, task_id: String, passphrase: String) -> Res<Overview> {
    let passphrase = Zeroizing::new(passphrase);
    tasks::run(app, task_id, "Creating the demo case", move |state, p| {
        let dir = state.home.default_cases_dir();
        let case = casebook::demo::build_with_progress(
            &dir,
            &passphrase,
            actor(state)?,
            Arc::new(SystemClock),
            p,
        )?;
        adopt(state, case)
    })
    .await
}

/// Checks the bundle `bundle` and places its case in the folder `into` under `name` (which
/// must not exist), as a task with progress; the case is not opened (that takes its
/// passphrase).
#[tauri::command]
#[specta::specta]
pub async fn bundle_open(
    app: AppHandle,
    task_id: String,
    bundle: ReadToken,
    into: FolderToken,
    name: String,
) -> Res<OpenedBundle> {
    tasks::run(app, task_id, "Checking the bundle", move |state, p| {
        let bundle = state.chosen.read(&bundle)?;
        let to = state
            .chosen
            .folder(&into)?
            .join(super::case::folder_name(&name)?);
        let summary = casebook::bundle::open_bundle(&bundle, &to, None, p)?;
        let token = ReadToken(
            state
                .chosen
                .issue(Use::Read, PathBuf::from(&summary.path))
                .token,
        );
        Ok(OpenedBundle { token, summary })
    })
    .await
}
