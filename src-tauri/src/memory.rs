//! What the shell does to keep the app's memory small while it idles with a case open and
//! after heavy work (README, "Start-up and memory of the desktop app"): freed heap goes back to
//! the system once a task ends, and WebKit is told the app shows one document.

/// Hands the free pages of every malloc heap back to the system. glibc keeps blocks freed
/// below the mmap threshold in the heap of the thread that allocated them, and gives a heap
/// back only from its top: after a packet (its drawing operations, the people it read) or an
/// import, the Casebook process otherwise kept their pages resident for good. Costs a walk of
/// the heaps, a few milliseconds, so it runs when a heavy step ends, not on every command.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes the allocator's own locks and only releases free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// WebKit's cache model for an app that shows one document and never navigates: no page cache
/// (a page kept alive for Back), a small memory cache for decoded resources and no disk cache.
/// The default model (web browser) sizes its caches from the machine's RAM for many pages.
#[cfg(target_os = "linux")]
pub fn one_document(view: &webkit2gtk::WebView) {
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
}
