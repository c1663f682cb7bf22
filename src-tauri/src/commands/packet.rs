//! The packet for counsel: defaults, generation, the packet list, and the recorded packet
//! files (preview, copy, check, open in a reader, show in the file manager), which the core
//! limits to the packets the open case recorded.

use super::{commit_to_case, with_case, Res};
use crate::paths::{ReadToken, SaveToken};
use crate::{tasks, AppState};
use casebook::affected::snapshot::SnapshotCurrency;
use casebook::packet::{HashedFile, PacketCheck, PacketOptions, PacketRecord};
use casebook::Error;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

/// The options a new packet starts from, prepared by the investigator whose profile is set.
#[tauri::command]
#[specta::specta]
pub async fn packet_defaults(state: State<'_, AppState>) -> Res<PacketOptions> {
    let prepared_by = state.home.profile()?.map(|a| a.name).unwrap_or_default();
    let defaults = with_case(&state, |c| c.packet_defaults())?;
    Ok(PacketOptions {
        prepared_by,
        ..defaults
    })
}

/// Whether the snapshot a packet would cite (`None`: the newest) still matches the case's
/// affected data; `None` when no snapshot has been taken.
#[tauri::command]
#[specta::specta]
pub async fn packet_snapshot_currency(
    state: State<'_, AppState>,
    snapshot_id: Option<String>,
) -> Res<Option<SnapshotCurrency>> {
    with_case(&state, |c| {
        c.packet_snapshot_currency(snapshot_id.as_deref())
    })
}

/// Generates the packet into `dest` off the UI thread, with progress and cancellation, signed
/// with the investigator's key (made on first use; `key_locked` when it needs its passphrase).
#[tauri::command]
#[specta::specta]
pub async fn packet_generate(
    app: AppHandle,
    task_id: String,
    options: PacketOptions,
    dest: SaveToken,
    key_passphrase: Option<String>,
) -> Res<PacketRecord> {
    let key_passphrase = key_passphrase.map(Zeroizing::new);
    tasks::run(app, task_id, "Generating the packet", move |state, p| {
        let dest = state.chosen.save(&dest)?;
        // Unlocking the key is slow on purpose (scrypt): done before the case is locked.
        let key = state
            .home
            .signing_key(key_passphrase.as_deref().map(String::as_str))?;
        // Rendering reads its own snapshot of the case: the case is locked only to prepare
        // and to record.
        let job = with_case(state, |c| c.prepare_packet(&options, &dest))?;
        let rendered = job.run(&key, p)?;
        commit_to_case(state, "generating the packet", |c| {
            c.commit_packet(rendered)
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn packet_list(state: State<'_, AppState>) -> Res<Vec<PacketRecord>> {
    with_case(&state, |c| c.packets())
}

/// A recorded packet's bytes for the in-app preview, base64-encoded (tauri-specta cannot type
/// a raw `tauri::ipc::Response`, and a JSON number array would be four times the size).
#[tauri::command]
#[specta::specta]
pub async fn packet_read(state: State<'_, AppState>, path: String) -> Res<String> {
    use base64::Engine;
    let bytes = with_case(&state, |c| c.packet_preview(&path))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Copies a recorded packet to `dest` (the same bytes, so the same SHA-256); returns its size.
#[tauri::command]
#[specta::specta]
pub async fn packet_copy(state: State<'_, AppState>, path: String, dest: SaveToken) -> Res<f64> {
    let dest = state.chosen.save(&dest)?;
    with_case(&state, |c| c.copy_packet(&path, &dest)).map(|n| n as f64)
}

/// Which recorded packets a file is (by SHA-256): a copy that came back, or a packet at its
/// recorded path that may have been edited since.
#[tauri::command]
#[specta::specta]
pub async fn packet_check(state: State<'_, AppState>, file: ReadToken) -> Res<PacketCheck> {
    let hashed = hash_unlocked(state.chosen.read(&file)?).await?;
    with_case(&state, |c| c.check_packet_hash(hashed))
}

/// Checks the file at a recorded packet's path (which may have been edited since) against the
/// list; only paths of packets this case recorded.
#[tauri::command]
#[specta::specta]
pub async fn packet_check_recorded(state: State<'_, AppState>, path: String) -> Res<PacketCheck> {
    let file = with_case(&state, |c| c.packet_to_open(&path))?;
    let hashed = hash_unlocked(file).await?;
    with_case(&state, |c| c.check_packet_hash(hashed))
}

/// Hashes a file to check on a blocking thread and without the case: reading a large file
/// takes a while, and every other command waits for the case lock.
async fn hash_unlocked(file: PathBuf) -> Res<HashedFile> {
    super::unlocked(move || casebook::packet::hash_file(&file)).await
}

/// Opens a recorded packet in the system's PDF reader (for packets too large to preview here).
/// With no reader installed the launcher fails, and the UI says so by the `no_application` kind.
#[tauri::command]
#[specta::specta]
pub async fn packet_open(state: State<'_, AppState>, path: String) -> Res<()> {
    let file = with_case(&state, |c| c.packet_to_open(&path))?;
    hand_to_system(file, "PDF reader", path).await
}

/// Opens the folder holding a recorded packet in the file manager, for when no PDF reader
/// took it; only folders of packets this case recorded.
#[tauri::command]
#[specta::specta]
pub async fn packet_show_in_folder(state: State<'_, AppState>, path: String) -> Res<()> {
    let folder = with_case(&state, |c| c.packet_folder(&path))?;
    hand_to_system(folder, "file manager", path).await
}

/// How long a launcher is watched for failure. `open`'s default quarter second is shorter than
/// xdg-open's own search for a handler on a busy machine, and a launcher that failed after it
/// looked like success: the button then did nothing visible. A launcher still running at the
/// end (xdg-open waits for some readers to close) has handed the file over.
const LAUNCH_WATCH: std::time::Duration = std::time::Duration::from_secs(3);

/// Hands `target` to the system's default application, off the async runtime (the launcher is
/// watched for up to [`LAUNCH_WATCH`]); a launcher that failed is [`Error::NoApplication`].
async fn hand_to_system(target: PathBuf, what: &'static str, shown: String) -> Res<()> {
    let launched = tauri::async_runtime::spawn_blocking(move || {
        open::that_detached_with_timeout(&target, LAUNCH_WATCH)
    })
    .await
    .map_err(|e| {
        Error::io(
            format!("opening {shown}"),
            std::io::Error::other(e.to_string()),
        )
    })?;
    launched.map_err(|_| Error::NoApplication { what, path: shown }.into())
}
