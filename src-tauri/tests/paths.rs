//! The webview never hands the shell a path: every command that reads or writes a user's file
//! takes a token a native dialog (run in Rust) issued. (That the window is granted no dialog
//! or file-system permission of its own is held by `tests/network.rs`.)

/// Parameters that still carry a path, each for a reason: a recorded packet's path, which the
/// core accepts only when the open case recorded a packet there.
const RECORDED_PACKET_PATHS: [(&str, &str); 5] = [
    ("packetRead", "path"),
    ("packetCopy", "path"),
    ("packetCheckRecorded", "path"),
    ("packetOpen", "path"),
    ("packetShowInFolder", "path"),
];

/// Every command in freshly generated bindings as (name, [(parameter, type)]).
fn commands() -> Vec<(String, Vec<(String, String)>)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bindings.ts");
    casebook_desktop::export_bindings(&file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("async "))
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('(')?;
            let (params, _) = rest.split_once(") :")?;
            let params = params
                .split(", ")
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (n, t) = p.split_once(": ").expect("name: type");
                    (n.to_string(), t.to_string())
                })
                .collect();
            Some((name.to_string(), params))
        })
        .collect()
}

#[test]
fn no_command_takes_a_path_the_webview_could_make_up_only_tokens_from_a_dialog() {
    let commands = commands();
    assert!(
        commands.len() > 100,
        "the bindings list Casebook's commands: {}",
        commands.len()
    );
    // A parameter named for a file or folder (`path`, `dest`, `sourceFile`…); `profile` and
    // the dialog's `directory` flag are not.
    let pathlike = |name: &str| {
        let words = [
            "path",
            "paths",
            "dest",
            "destination",
            "file",
            "files",
            "folder",
            "dir",
        ];
        let last = match name.rfind(|c: char| c.is_ascii_uppercase()) {
            Some(i) => name[i..].to_ascii_lowercase(),
            None => name.to_string(),
        };
        words.contains(&last.as_str())
    };
    let mut offenders = Vec::new();
    for (command, params) in &commands {
        for (name, ty) in params {
            let allowed = RECORDED_PACKET_PATHS.contains(&(command.as_str(), name.as_str()));
            if pathlike(name) && !ty.ends_with("Token") && !ty.contains("Token |") && !allowed {
                offenders.push(format!("{command}({name}: {ty})"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these commands take a file or folder as a plain string; take a ReadToken, SaveToken \
         or FolderToken from `pick_*` instead: {offenders:?}"
    );
    let takes = |command: &str, ty: &str| {
        commands
            .iter()
            .find(|(c, _)| c == command)
            .is_some_and(|(_, ps)| ps.iter().any(|(_, t)| t.starts_with(ty)))
    };
    for (command, ty) in [
        ("packetGenerate", "SaveToken"),
        ("packetCopy", "SaveToken"),
        ("affectedExportRejects", "SaveToken"),
        ("statementExport", "SaveToken"),
        ("packetCheck", "ReadToken"),
        ("affectedPreview", "ReadToken"),
        ("caseOpen", "ReadToken"),
        ("caseCreate", "FolderToken"),
    ] {
        assert!(
            takes(command, ty),
            "{command} writes or reads a user's file, so it takes a {ty}"
        );
    }
}

#[test]
fn the_capability_allows_exactly_the_commands_the_shell_registers() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
    )
    .unwrap();
    let cap: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut allowed: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-").map(str::to_string))
        .collect();
    allowed.sort();
    // Bindings name commands in camelCase; permissions in kebab-case.
    let mut registered: Vec<String> = commands()
        .into_iter()
        .map(|(name, _)| {
            name.chars()
                .flat_map(|c| match c.is_ascii_uppercase() {
                    true => vec!['-', c.to_ascii_lowercase()],
                    false => vec![c],
                })
                .collect()
        })
        .collect();
    registered.sort();
    let missing: Vec<_> = registered.iter().filter(|c| !allowed.contains(c)).collect();
    let stale: Vec<_> = allowed.iter().filter(|c| !registered.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "the app manifest is built from the capability, so these registered commands are \
         refused to the webview until src-tauri/capabilities/default.json allows them: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "the capability allows commands the shell no longer has: {stale:?}"
    );
}
