//! The app's home outside any case: the investigator profile, the recent cases, the case
//! folders found on disk and the demo case made from the app.

use super::{actor, adopt, Res};
use crate::{tasks, AppState};
use casebook::bundle::BundleSummary;
use casebook::overview::Overview;
use casebook::profile::{AppSettings, FoundCase, SigningKeyView};
use casebook::{Actor, SystemClock};
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

#[tauri::command]
#[specta::specta]
pub async fn recent_cases(state: State<'_, AppState>) -> Res<Vec<FoundCase>> {
    Ok(state.home.recent()?)
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
pub async fn recent_forget(state: State<'_, AppState>, path: String) -> Res<()> {
    Ok(state.home.forget(&path)?)
}

/// Case folders in the cases folder that the recent list does not show.
#[tauri::command]
#[specta::specta]
pub async fn cases_found(state: State<'_, AppState>) -> Res<Vec<FoundCase>> {
    Ok(state.home.unlisted_cases()?)
}

/// Demo cases already in the cases folder, newest first, so the UI can offer to open one.
#[tauri::command]
#[specta::specta]
pub async fn demo_existing(state: State<'_, AppState>) -> Res<Vec<FoundCase>> {
    Ok(casebook::demo::existing(&state.home.default_cases_dir())?)
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

/// Checks the bundle `bundle` and places its case at `to` (which must not exist), as a task
/// with progress; the case is not opened (that takes its passphrase).
#[tauri::command]
#[specta::specta]
pub async fn bundle_open(
    app: AppHandle,
    task_id: String,
    bundle: String,
    to: String,
) -> Res<BundleSummary> {
    tasks::run(app, task_id, "Checking the bundle", move |_, p| {
        Ok(casebook::bundle::open_bundle(
            std::path::Path::new(&bundle),
            std::path::Path::new(&to),
            None,
            p,
        )?)
    })
    .await
}
