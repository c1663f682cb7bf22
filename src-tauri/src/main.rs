// Keep a release build from opening a console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    quiet_gsettings();
    casebook_desktop::run();
}

/// Without a session bus (a bare X server, a container, `xvfb-run`), GTK's default GSettings
/// backend (dconf) prints "dconf-WARNING … dbus-launch" to stderr on every settings read, which
/// is on nearly every action. The app keeps no settings in GSettings, so the in-memory backend
/// loses nothing. Set before GTK starts and while the process has one thread; a backend the
/// user chose, or a session bus that dconf can use, is left alone.
fn quiet_gsettings() {
    let env = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    // GLib finds the session bus through the variable, else at $XDG_RUNTIME_DIR/bus.
    let session_bus = env("DBUS_SESSION_BUS_ADDRESS").is_some()
        || env("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists());
    if let Some(backend) =
        casebook_desktop::gsettings_backend(env("GSETTINGS_BACKEND").is_some(), session_bus)
    {
        std::env::set_var("GSETTINGS_BACKEND", backend);
    }
}
