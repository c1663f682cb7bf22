//! The core's layering (ARCHITECTURE.md, "Architecture Invariant"): every top-level module of
//! `src/` sits in one layer, and a module only reaches modules of its own layer or below,
//! through `crate::` paths. Nothing in a lower layer names a higher one, and no two modules
//! import each other round a circle, so each layer builds and reads without the ones above.
//!
//! A source scan is enough: the core names other modules only as `crate::module…` (in `use`
//! items and in paths), and a folder module's files (`affected/*.rs`) count as that module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top. A new module goes into the lowest layer whose modules are all it needs.
const LAYERS: &[(&str, &[&str])] = &[
    // Mechanics that know nothing of cases.
    (
        "foundation",
        &[
            "util",
            "error",
            "clock",
            "progress",
            "vocab",
            "actor",
            "passphrase",
            "signing",
        ],
    ),
    // The case folder, its database, audit chain and vault.
    (
        "storage",
        &["store", "migrations", "audit", "vault", "moment"],
    ),
    // One domain each: its rows, rules and `impl Case` methods.
    (
        "domains",
        &[
            "evidence",
            "custody",
            "dates",
            "team",
            "timeline",
            "affected",
            "settings",
            "obligations",
            "referral",
            "harm",
            "tables",
            "task",
        ],
    ),
    // The case as a whole (its record, creating and opening it with what every domain needs)
    // and the app's home around cases.
    ("case", &["case", "profile", "receipt", "bundle"]),
    // Views over several domains.
    (
        "aggregates",
        &[
            "overview",
            "activity",
            "packet",
            "demo",
            "vocabularies",
            "statement",
            "fuzzing",
            "search",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/affected/people.rs` → `affected`), or `None`
/// for the crate root and the binaries, which are not in the library's layers.
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    if first == "lib.rs" || first == "bin" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

/// The modules `lib.rs` declares and its `pub use module::{Item, …}` re-exports of `lib.rs`, so `crate::Error`
/// counts as an import of `error`.
fn crate_root() -> (BTreeSet<String>, BTreeMap<String, String>) {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for line in lib.lines().map(str::trim) {
        let declared = line.ends_with(';') && (line.starts_with("mod ") || line.starts_with("pub"));
        if let Some((_, m)) = line.split_once("mod ").filter(|_| declared) {
            modules.insert(m.trim_end_matches(';').to_string());
        } else if let Some(rest) = line.strip_prefix("pub use ") {
            let Some((module, items)) = rest.trim_end_matches(';').split_once("::") else {
                continue;
            };
            for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
                let item = item.trim();
                let name = item.rsplit(" as ").next().unwrap_or(item).trim();
                reexports.insert(name.to_string(), module.to_string());
            }
        }
    }
    (modules, reexports)
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every module named through `crate::` on a line: `crate::store::Case`, `$crate::error`,
/// `crate::Error` (a re-export) and the groups of `use crate::{audit, store::Case}`.
fn named_modules(
    line: &str,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in line.match_indices("crate::") {
        if at > 0 {
            let before = line[..at].chars().next_back().unwrap();
            if before.is_alphanumeric() || before == '_' {
                continue; // `mycrate::`, not ours
            }
        }
        let rest = &line[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            group.split(',').map(|n| ident_at(n.trim())).collect()
        } else {
            vec![ident_at(rest)]
        };
        for name in names.into_iter().filter(|n| !n.is_empty()) {
            if modules.contains(name) {
                out.push(name.to_string());
            } else if let Some(m) = reexports.get(name) {
                out.push(m.clone());
            }
        }
    }
    out
}

struct Import {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
}

fn imports() -> Vec<Import> {
    let (modules, reexports) = crate_root();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(from) = module_of(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for to in named_modules(line, &modules, &reexports) {
                if to != from {
                    out.push(Import {
                        from: from.clone(),
                        to,
                        file: file.clone(),
                        line: i + 1,
                    });
                }
            }
        }
    }
    out
}

fn layer_of(module: &str) -> Option<(usize, &'static str)> {
    LAYERS
        .iter()
        .enumerate()
        .find(|(_, (_, members))| members.contains(&module))
        .map(|(i, (name, _))| (i, *name))
}

fn shown(file: &Path) -> String {
    file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(file)
        .display()
        .to_string()
}

#[test]
fn every_module_of_the_core_is_in_a_layer() {
    let (modules, _) = crate_root();
    let missing: Vec<String> = modules
        .iter()
        .filter(|m| layer_of(m).is_none())
        .map(|m| format!("src/{m}: module `{m}` is in no layer; add it to a layer in LAYERS"))
        .collect();
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn no_module_imports_a_higher_layer() {
    let mut wrong = Vec::new();
    for i in imports() {
        let (Some((from_layer, from_name)), Some((to_layer, to_name))) =
            (layer_of(&i.from), layer_of(&i.to))
        else {
            continue; // reported by every_module_of_the_core_is_in_a_layer
        };
        if to_layer <= from_layer {
            continue;
        }
        wrong.push(format!(
            "{}:{}: `{}` ({from_name}) imports `{}` ({to_name}), a higher layer; move what it \
             needs down, or have the higher module hand it in",
            shown(&i.file),
            i.line,
            i.from,
            i.to
        ));
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn no_modules_import_each_other_round_a_circle() {
    let mut graph: BTreeMap<String, BTreeMap<String, (PathBuf, usize)>> = BTreeMap::new();
    for i in imports() {
        graph
            .entry(i.from)
            .or_default()
            .entry(i.to)
            .or_insert((i.file, i.line));
    }
    // Depth-first search; a module met again while still on the path closes a circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeMap<String, (PathBuf, usize)>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == m) {
            let mut circle = path[start..].to_vec();
            circle.push(m.to_string());
            return Some(circle);
        }
        if !done.insert(m.to_string()) {
            return None;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flat_map(|e| e.keys()) {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            let steps: Vec<String> = circle
                .windows(2)
                .map(|w| {
                    let (file, line) = &graph[&w[0]][&w[1]];
                    format!("  {}:{}: `{}` imports `{}`", shown(file), line, w[0], w[1])
                })
                .collect();
            panic!(
                "modules import each other round a circle: {}\n{}",
                circle.join(" → "),
                steps.join("\n")
            );
        }
    }
}

#[test]
fn the_scan_reads_every_way_the_core_names_a_module() {
    let modules: BTreeSet<String> = ["store", "audit", "error", "vault"]
        .map(String::from)
        .into();
    let reexports: BTreeMap<String, String> = [("Error".to_string(), "error".to_string())].into();
    let named = |line: &str| named_modules(line, &modules, &reexports);
    assert_eq!(named("use crate::store::{Case, Tx};"), ["store"]);
    assert_eq!(
        named("use crate::{audit, vault::stream};"),
        ["audit", "vault"]
    );
    assert_eq!(
        named("    .map_err(|e| crate::Error::io(\"x\", e))?"),
        ["error"]
    );
    assert_eq!(named("$crate::error::Result<Self>"), ["error"]);
    assert_eq!(
        named("let x = crate::vault::stream(a, crate::store::DB_FILE);"),
        ["vault", "store"]
    );
    assert!(named("use mycrate::store;").is_empty());
    assert!(named("use crate::unknown::Thing;").is_empty());
}
