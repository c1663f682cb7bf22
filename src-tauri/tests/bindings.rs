//! The TypeScript bindings the UI compiles against are generated from the Rust commands and
//! committed. This test fails when they are stale; `UPDATE_BINDINGS=1` rewrites them.

use std::path::Path;

#[test]
fn the_committed_typescript_bindings_match_the_rust_commands() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(casebook_desktop::BINDINGS_PATH);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        casebook_desktop::export_bindings(&committed).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    casebook_desktop::export_bindings(&fresh).unwrap();
    let want = std::fs::read_to_string(&fresh).unwrap();
    let have = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        want == have,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test --features casebook-desktop/custom-protocol \
         --test bindings` from the root and \
         commit the result",
        committed.display()
    );
}
