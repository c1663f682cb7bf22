// Keep a release build from opening a console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    fixed_mmap_threshold();
    quiet_gsettings();
    webkit_without_gl();
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

/// With glibc, blocks of 128 KiB and more get memory of their own from the system, returned
/// when freed. glibc starts so but raises the threshold each time such a block is freed, after
/// which the packet's fonts here and a drawn page's pixels in WebKit's web process come from
/// the heap and stay there when freed: about 20 MiB here after a packet and 5 in the web
/// process after a preview, for good (README, "Start-up and memory"). The web process inherits
/// the variable; this process read its own before `main`, so it is told directly. A threshold
/// the user set is left alone.
fn fixed_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const THRESHOLD: usize = 128 * 1024;
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_some() {
            return;
        }
        std::env::set_var("MALLOC_MMAP_THRESHOLD_", THRESHOLD.to_string());
        // SAFETY: mallopt only sets an allocator parameter, before any other thread runs.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD as libc::c_int);
        }
    }
}

/// With the web view drawn in software (`lib.rs`, `software_rendering`), WebKit still drew its
/// page with Skia on the GPU and handed frames to the window as DMA-BUFs: without a GPU that
/// is Mesa's software GL in both processes. Skia's CPU renderer and shared-memory frames kept
/// 8 MiB less idle (README, "Start-up and memory"). Set before GTK starts, while the process has
/// one thread, and inherited by the web process; left alone when the user set either or asked
/// for GPU compositing.
fn webkit_without_gl() {
    if std::env::var_os("CASEBOOK_GPU_COMPOSITING").is_some_and(|v| v == "1") {
        return;
    }
    for name in [
        "WEBKIT_SKIA_ENABLE_CPU_RENDERING",
        "WEBKIT_DISABLE_DMABUF_RENDERER",
    ] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, "1");
        }
    }
}
