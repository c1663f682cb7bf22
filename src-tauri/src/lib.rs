//! The desktop shell: Tauri commands that translate IPC into calls on the `casebook` core and
//! map its errors to `{kind, message}`. No rule lives here. Long work runs off the UI thread
//! through [`tasks`], reporting `TaskProgress` events.

mod commands;
mod tasks;

use casebook::Home;
use std::sync::Mutex;

/// What the shell keeps between commands: the app home and the one open case.
pub struct AppState {
    pub home: Home,
    pub case: Mutex<Option<casebook::Case>>,
    pub tasks: tasks::Registry,
}

pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(commands::all())
        .events(tauri_specta::collect_events![tasks::TaskProgress])
}

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    use specta_typescript::{BigIntExportBehavior, Typescript};
    specta_builder()
        .export(
            Typescript::default()
                .bigint(BigIntExportBehavior::Number)
                .header("// Generated from the Rust commands by tauri-specta: do not edit.\n// Regenerate with `UPDATE_BINDINGS=1 cargo test -p casebook-desktop bindings`.\n"),
            path,
        )
        .map_err(|e| e.to_string())
}

pub fn run() {
    let home = match Home::from_env() {
        Ok(h) => h,
        Err(e) => {
            eprintln!("casebook: {e}");
            std::process::exit(2);
        }
    };
    let builder = specta_builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState {
            home,
            case: Mutex::new(None),
            tasks: tasks::Registry::default(),
        })
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Tauri runtime starts");
}
