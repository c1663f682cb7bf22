//! No network: the CLI's workflows run under `strace -f -e trace=network` and open no inet
//! socket (Unix sockets are local and allowed), and the desktop app's content security policy
//! and capability allow no remote origin and no file, shell or HTTP access from the webview.
//! (The app itself is traced the same way in the e2e suite.)
mod common;

use common::*;
use std::path::Path;
use std::process::Command;

/// Whether strace can run here. Without it the proof is skipped with a loud message, except
/// in CI (`CI` set), where its absence fails the test.
fn strace_available() -> bool {
    let found = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "strace is missing in CI: scripts/setup installs it"
        );
        eprintln!(
            "\n*** SKIPPED: strace is not installed, so the CLI's network use is NOT checked ***\n"
        );
    }
    found
}

/// Runs `program args` under strace; returns the network calls traced (every process).
fn traced(home: &Path, trace: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new("strace")
        .args(["-f", "-e", "trace=network", "-o"])
        .arg(trace)
        .arg(program)
        .args(args)
        .env("CASEBOOK_HOME", home)
        .env("CASEBOOK_PASSPHRASE", PASSPHRASE)
        .env_remove("USER")
        .output()
        .unwrap();
    assert!(
        out.status.success() || program != env!("CARGO_BIN_EXE_casebook"),
        "casebook {args:?} runs under strace: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(trace).unwrap()
}

/// The lines of a trace that use an IPv4 or IPv6 socket.
fn inet(trace: &str) -> Vec<&str> {
    trace.lines().filter(|l| l.contains("AF_INET")).collect()
}

#[test]
fn the_detector_sees_an_inet_socket_when_one_is_opened() {
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // bash opens a TCP socket for /dev/tcp; nothing need listen for the socket to be seen.
    let trace = traced(
        dir.path(),
        &dir.path().join("t"),
        "bash",
        &["-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"],
    );
    assert!(
        !inet(&trace).is_empty(),
        "a TCP socket shows in the trace, so an empty finding below means something: {trace}"
    );
}

#[test]
fn the_cli_workflows_open_no_inet_socket() {
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let case = d.join("c.casebook");
    let case = case.to_str().unwrap();
    let item = write(d, "notes.txt", b"what the subject copied\n");
    let mut people = String::from("name,email,country\n");
    for i in 0..50 {
        people.push_str(&format!("Person {i},p{i}@example.com,US\n"));
    }
    let people = write(d, "people.csv", people.as_bytes());
    let packet = d.join("packet.pdf");
    let export = d.join("handover");
    let workflows: Vec<Vec<&str>> = vec![
        vec!["case", "new", case, "--title", "Traced"],
        vec!["evidence", "add", case, item.to_str().unwrap()],
        vec!["affected", "preview", case, people.to_str().unwrap()],
        vec!["affected", "import", case, people.to_str().unwrap()],
        vec!["affected", "snapshot", case],
        vec!["packet", case, "--out", packet.to_str().unwrap()],
        vec![
            "evidence",
            "export",
            case,
            "EV-0001",
            "--to",
            export.to_str().unwrap(),
            "--recipient",
            "Outside counsel",
            "--purpose",
            "review",
        ],
        vec!["evidence", "verify", case],
        vec!["audit", "verify", case],
    ];
    for (i, args) in workflows.iter().enumerate() {
        let trace = traced(
            d,
            &d.join(format!("trace-{i}")),
            env!("CARGO_BIN_EXE_casebook"),
            args,
        );
        assert!(
            inet(&trace).is_empty(),
            "casebook {args:?} opened an inet socket: {:#?}",
            inet(&trace)
        );
    }
}

fn repo_json(path: &str) -> serde_json::Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// The policy's sources for each directive.
fn directives(csp: &str) -> Vec<(String, Vec<String>)> {
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            (words.next().unwrap(), words.collect())
        })
        .collect()
}

#[test]
fn the_webview_may_load_and_reach_nothing_outside_the_app() {
    let conf = repo_json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("tauri.conf.json sets a content security policy");
    let d = directives(csp);
    let get = |name: &str| {
        d.iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| panic!("the policy sets {name}: {csp}"))
    };
    assert_eq!(
        get("default-src"),
        ["'self'"],
        "the fallback is the app itself"
    );
    assert_eq!(
        get("object-src"),
        ["'none'"],
        "no plugins or embedded objects"
    );
    // The IPC channel is the only place scripts may connect: `ipc:` on Linux and macOS, and
    // its http://ipc.localhost form where the webview cannot register a custom scheme.
    for source in get("connect-src") {
        assert!(
            ["ipc:", "http://ipc.localhost"].contains(&source.as_str()),
            "connect-src allows {source}: only the app's IPC may be reached"
        );
    }
    for (name, sources) in &d {
        for source in sources {
            let remote = (source.starts_with("http:") || source.starts_with("https:"))
                && source != "http://ipc.localhost"
                || source.starts_with("ws")
                || source == "*"
                || source.contains("://") && source != "http://ipc.localhost";
            assert!(!remote, "{name} allows the remote source {source}");
        }
    }
}

/// What the main window may call besides Casebook's own commands (`allow-…`, which
/// `src-tauri/tests/paths.rs` holds to exactly the shell's commands): listening to events. The
/// native dialogs run in the shell and hand the webview tokens (`src-tauri/src/paths.rs`).
const ALLOWED: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

#[test]
fn the_window_may_only_listen_to_events_and_call_casebooks_own_commands() {
    let cap = repo_json("src-tauri/capabilities/default.json");
    let permissions: Vec<String> = cap["permissions"]
        .as_array()
        .expect("the capability lists its permissions")
        .iter()
        .map(|p| {
            p.as_str()
                .or_else(|| p["identifier"].as_str())
                .expect("a permission is named")
                .to_string()
        })
        .collect();
    for p in &permissions {
        for plugin in [
            "fs:", "dialog:", "http:", "shell:", "process:", "opener:", "updater:",
        ] {
            assert!(
                !p.starts_with(plugin),
                "{p}: the webview gets no file, dialog, network, shell or process access"
            );
        }
        assert!(
            ALLOWED.contains(&p.as_str()) || (p.starts_with("allow-") && !p.contains(':')),
            "{p} is not one the window needs (events, or one of Casebook's commands)"
        );
    }
    assert!(
        !cap["remote"].is_object(),
        "no remote URL gets the capability"
    );
}
