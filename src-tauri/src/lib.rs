//! The desktop shell: Tauri commands that translate IPC into calls on the `casebook` core and
//! map its errors to `{kind, message}`. No rule lives here. Long work runs off the UI thread
//! through [`tasks`], reporting `TaskProgress` events.

mod commands;
mod memory;
pub mod paths;
mod tasks;

use casebook::Home;
use std::borrow::Cow;
use std::sync::Mutex;
use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{Assets, Runtime};

/// What the shell keeps between commands: the app home and the one open case.
pub struct AppState {
    pub home: Home,
    pub case: Mutex<Option<casebook::Case>>,
    pub tasks: tasks::Registry,
    /// The files and folders the user chose this session, by token.
    pub chosen: paths::Tokens,
}

pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(commands::all())
        .events(tauri_specta::collect_events![
            tasks::TaskProgress,
            commands::FilesDropped
        ])
}

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    use specta_typescript::{BigIntExportBehavior, Typescript};
    specta_builder()
        .export(
            Typescript::default()
                .bigint(BigIntExportBehavior::Number)
                .header("// Generated from the Rust commands by tauri-specta: do not edit.\n// Regenerate with `UPDATE_BINDINGS=1 cargo test --features casebook-desktop/custom-protocol --test bindings`.\n"),
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
            chosen: paths::Tokens::from_env(),
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                commands::dropped(tauri::Manager::app_handle(window), paths);
            }
        })
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            software_rendering(app);
            #[cfg(target_os = "linux")]
            {
                use tauri::Manager;
                for window in app.webview_windows().into_values() {
                    let _ = window.with_webview(|view| memory::one_document(&view.inner()));
                }
            }
            Ok(())
        })
        .run(with_fonts(tauri::generate_context!("../tauri.conf.json")))
        .expect("the Tauri runtime starts");
}

/// Draws the UI without GPU compositing. Casebook's screens are forms, tables and a PDF canvas,
/// which software rendering draws as well; composited mode kept about 80 MiB more in the web
/// process (its layer buffers and, without a GPU, Mesa's software GL), which took idle memory with
/// a case open from about 245 MiB PSS to about 335 (README, "Start-up and memory").
/// `CASEBOOK_GPU_COMPOSITING=1` keeps WebKit's default: WebKitGTK's snapshot, which WebDriver
/// screenshots use, never completes without compositing, so the end-to-end tests set it.
fn software_rendering(app: &tauri::App) {
    use tauri::Manager;
    if std::env::var_os("CASEBOOK_GPU_COMPOSITING").is_some_and(|v| v == "1") {
        return;
    }
    #[cfg(target_os = "linux")]
    for window in app.webview_windows().into_values() {
        let _ = window.with_webview(|view| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = view.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// Which GSettings backend the app should ask for, if any: the in-memory one when the user
/// chose none and there is no session bus for dconf (which otherwise warns on every read).
pub fn gsettings_backend(user_chose_one: bool, session_bus: bool) -> Option<&'static str> {
    (!user_chose_one && !session_bus).then_some("memory")
}

/// Where the UI finds the shipped fonts (`ui/src/fonts.css` names them under this path).
pub const FONTS_PATH: &str = "/fonts/";

/// The UI's embedded files plus the fonts the core already compiles in for the packet, served
/// under [`FONTS_PATH`] from the app's own origin: CJK, Arabic, Hebrew and Korean names render
/// on a machine without those fonts, the fonts are not in the binary twice, and the CSP needs
/// nothing beyond `font-src 'self'`.
struct WithFonts<R: Runtime>(Box<dyn Assets<R>>);

impl<R: Runtime> Assets<R> for WithFonts<R> {
    fn setup(&self, app: &tauri::App<R>) {
        self.0.setup(app)
    }

    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        match key.as_ref().strip_prefix(FONTS_PATH) {
            Some(file) => casebook::packet::shipped_font(file).map(Cow::Borrowed),
            None => self.0.get(key),
        }
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.0.iter()
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.0.csp_hashes(html_path)
    }
}

/// Stands in for the UI's assets for the moment they are moved into [`WithFonts`].
struct NoAssets;

impl<R: Runtime> Assets<R> for NoAssets {
    fn get(&self, _: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(&self, _: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

fn with_fonts<R: Runtime>(mut context: tauri::Context<R>) -> tauri::Context<R> {
    let ui = context.set_assets(Box::new(NoAssets));
    context.set_assets(Box::new(WithFonts(ui)));
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_in_memory_gsettings_backend_is_chosen_only_without_a_session_bus_or_a_user_choice() {
        assert_eq!(
            gsettings_backend(false, false),
            Some("memory"),
            "no bus: dconf would warn"
        );
        assert_eq!(
            gsettings_backend(false, true),
            None,
            "dconf works with a session bus"
        );
        assert_eq!(
            gsettings_backend(true, false),
            None,
            "the user's choice stands"
        );
        assert_eq!(
            gsettings_backend(true, true),
            None,
            "the user's choice stands"
        );
    }

    #[test]
    fn every_font_the_ui_names_is_served_from_the_core_and_other_paths_are_the_uis() {
        let css = include_str!("../../ui/src/fonts.css");
        let urls: Vec<&str> = css
            .split("url(")
            .skip(1)
            .map(|rest| rest.split(')').next().unwrap().trim_matches(['\'', '"']))
            .collect();
        assert!(
            urls.len() >= 4,
            "fonts.css names the fallback fonts: {urls:?}"
        );
        let assets = WithFonts::<tauri::Wry>(Box::new(NoAssets));
        for url in urls {
            let served = assets.get(&AssetKey::from(url));
            assert!(
                served.is_some_and(|b| b.len() > 10_000),
                "{url} is named by the UI, so the shell must serve it"
            );
        }
        assert!(
            assets.get(&AssetKey::from("/fonts/missing.ttf")).is_none(),
            "an unknown font is not found (no fallback to some other file)"
        );
    }
}
