//! Builds the shell's Tauri context. The app manifest names every Casebook command the main
//! window's capability allows, so the capability file is the one list of what the webview may
//! call: a command registered in the shell but missing there is refused at the IPC boundary
//! (and `tests/network.rs` fails until it is listed or removed).

use std::fs;

const CAPABILITY: &str = "capabilities/default.json";

fn main() {
    println!("cargo:rerun-if-changed={CAPABILITY}");
    let text = fs::read_to_string(CAPABILITY).expect("the main window's capability");
    let cap: serde_json::Value = serde_json::from_str(&text).expect("the capability is JSON");
    let commands: Vec<&'static str> = cap["permissions"]
        .as_array()
        .expect("the capability lists its permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|kebab| &*Box::leak(kebab.replace('-', "_").into_boxed_str()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(commands.into_boxed_slice()));
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("../tauri.conf.json")
            .app_manifest(manifest),
    )
    .expect("tauri build script");
}
