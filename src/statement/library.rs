//! The content library statements start from: `statements/library.toml` at the repository
//! root, compiled in. Blocks of Markdown with figure tokens, each naming the content keys of
//! the notification rules it covers; a template per statement kind. Which jurisdictions
//! require or forbid a block is read from the rule set in use, so the library never restates
//! the law. A draft for a kind and its jurisdictions is its template, less the blocks a
//! jurisdiction forbids, plus a block for each required key the template leaves out.

use super::StatementKind;
use crate::error::{Error, Result};
use crate::obligations::rules::{RuleSet, CONTENT_KEYS};
use crate::obligations::Recipient;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../statements/library.toml");

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    key: String,
    #[serde(default)]
    heading: Option<String>,
    covers: Vec<String>,
    body: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Template {
    kind: StatementKind,
    #[serde(default)]
    title: Option<String>,
    blocks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Library {
    block: Vec<Block>,
    template: Vec<Template>,
}

/// A library block as the UI and the CLI show it, with the jurisdictions whose rules require
/// or forbid what it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LibraryBlock {
    pub key: String,
    pub heading: Option<String>,
    pub covers: Vec<String>,
    pub body: String,
    /// Jurisdiction codes whose notice to individuals requires one of `covers`.
    pub required_by: Vec<String>,
    /// Jurisdiction codes whose notice to individuals forbids one of `covers`.
    pub forbidden_by: Vec<String>,
}

fn parse(source: &str) -> Result<Library> {
    let lib: Library = toml::from_str(source)
        .map_err(|e| Error::corrupt(format!("statements/library.toml does not read: {e}")))?;
    for b in &lib.block {
        if let Some(k) = b
            .covers
            .iter()
            .find(|k| !CONTENT_KEYS.contains(&k.as_str()))
        {
            return Err(Error::corrupt(format!(
                "statements/library.toml: block {:?} covers {k:?}, which is not a content key",
                b.key
            )));
        }
        if b.body.contains("<!--") {
            return Err(Error::corrupt(format!(
                "statements/library.toml: block {:?} writes its own marker; `covers` makes it",
                b.key
            )));
        }
    }
    for t in &lib.template {
        if let Some(missing) = t
            .blocks
            .iter()
            .find(|k| !lib.block.iter().any(|b| &b.key == *k))
        {
            return Err(Error::corrupt(format!(
                "statements/library.toml: the {} template names no block {missing:?}",
                t.kind.code()
            )));
        }
    }
    Ok(lib)
}

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| parse(SOURCE).expect("the shipped library is checked by its tests"))
}

/// Checks the shipped library; a test calls it so a broken file fails the build's tests, not
/// a user's first draft.
pub fn check_shipped() -> Result<()> {
    parse(SOURCE).map(|_| ())
}

/// Required and forbidden content keys for `recipient` in `jurisdictions`.
fn content(
    rules: &RuleSet,
    recipient: Option<Recipient>,
    jurisdictions: &[String],
) -> (Vec<String>, Vec<String>) {
    let mut required = Vec::new();
    let mut forbidden = Vec::new();
    let Some(recipient) = recipient else {
        return (required, forbidden);
    };
    for r in rules
        .rules
        .iter()
        .filter(|r| r.recipient == recipient && jurisdictions.contains(&r.jurisdiction))
    {
        for k in &r.content_required {
            if !required.contains(k) {
                required.push(k.clone());
            }
        }
        for k in &r.content_prohibited {
            if !forbidden.contains(k) {
                forbidden.push(k.clone());
            }
        }
    }
    (required, forbidden)
}

/// Every block, with the jurisdictions whose notices to individuals require or forbid it.
pub fn blocks(rules: &RuleSet) -> Vec<LibraryBlock> {
    library()
        .block
        .iter()
        .map(|b| {
            let mut required_by = Vec::new();
            let mut forbidden_by = Vec::new();
            for r in rules
                .rules
                .iter()
                .filter(|r| r.recipient == Recipient::Individuals)
            {
                let hits = |keys: &[String]| keys.iter().any(|k| b.covers.contains(k));
                if hits(&r.content_required) && !required_by.contains(&r.jurisdiction) {
                    required_by.push(r.jurisdiction.clone());
                }
                if hits(&r.content_prohibited) && !forbidden_by.contains(&r.jurisdiction) {
                    forbidden_by.push(r.jurisdiction.clone());
                }
            }
            LibraryBlock {
                key: b.key.clone(),
                heading: b.heading.clone(),
                covers: b.covers.clone(),
                body: b.body.trim().to_string(),
                required_by,
                forbidden_by,
            }
        })
        .collect()
}

/// A first draft for `kind` in `jurisdictions`: the kind's template without the blocks a
/// jurisdiction forbids, then a block for each required key still uncovered. Each block ends
/// with the marker that tells the linter what it covers.
pub fn draft(rules: &RuleSet, kind: StatementKind, jurisdictions: &[String]) -> String {
    let lib = library();
    let (required, forbidden) = content(rules, kind.recipient(), jurisdictions);
    let allowed = |b: &Block| !b.covers.iter().any(|k| forbidden.contains(k));
    let template = lib.template.iter().find(|t| t.kind == kind);
    let mut chosen: Vec<&Block> = template
        .map(|t| {
            t.blocks
                .iter()
                .filter_map(|k| lib.block.iter().find(|b| &b.key == k))
                .filter(|b| allowed(b))
                .collect()
        })
        .unwrap_or_default();
    for key in &required {
        if chosen.iter().any(|b| b.covers.contains(key)) {
            continue;
        }
        if let Some(b) = lib
            .block
            .iter()
            .find(|b| b.covers.contains(key) && allowed(b))
        {
            chosen.push(b);
        }
    }
    let mut out = String::new();
    if let Some(title) = template.and_then(|t| t.title.as_deref()) {
        out.push_str(&format!("# {title}\n\n"));
    }
    for b in chosen {
        if let Some(h) = &b.heading {
            out.push_str(&format!("## {h}\n\n"));
        }
        out.push_str(b.body.trim());
        out.push_str(&format!("\n<!-- covers: {} -->\n\n", b.covers.join(", ")));
    }
    out.trim_end().to_string() + "\n"
}

/// A template a case added for itself: a body to start statements of one kind from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CaseTemplate {
    /// `TP-0001`, never reused.
    pub id: String,
    pub name: String,
    pub kind: StatementKind,
    pub body: String,
    pub created_at: String,
    pub created_by: String,
}

/// A template as a user gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TemplateInput {
    pub name: String,
    pub kind: StatementKind,
    pub body: String,
}

impl crate::store::Case {
    /// The templates this case added, oldest first.
    pub fn statement_templates(&self) -> Result<Vec<CaseTemplate>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, kind, body, created_at, created_by FROM statement_templates
             ORDER BY num",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(CaseTemplate {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    body: r.get(3)?,
                    created_at: r.get(4)?,
                    created_by: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One of the case's templates by id (`TP-0001`, also as typed: `tp-1`).
    pub fn statement_template(&self, id: &str) -> Result<CaseTemplate> {
        let id = crate::util::text::normal_id(id, "TP");
        self.statement_templates()?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or(Error::NotFound {
                what: "statement template",
                id,
            })
    }

    /// Adds a template of the case's own (a notice counsel settled on, say); audited with the
    /// body's SHA-256. Templates are never changed: a better one is added beside it.
    pub fn add_statement_template(&mut self, input: TemplateInput) -> Result<CaseTemplate> {
        use crate::util::text::{limited, required};
        let name = limited(
            "name",
            &required("name", &input.name, "a name for the template")?,
            200,
        )?;
        let body = limited("body", &input.body, 200_000)?;
        if body.trim().is_empty() {
            return Err(Error::invalid(
                "body",
                "a template needs a body to start from",
            ));
        }
        if self
            .statement_templates()?
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(&name))
        {
            return Err(Error::invalid(
                "name",
                format!("the case already has a template named {name:?}: choose another name"),
            ));
        }
        let id = self.transact(|tx| {
            let (num, id) = tx.next_id("statement_templates", "TP")?;
            tx.conn().execute(
                "INSERT INTO statement_templates (id, num, name, kind, body, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![id, num, name, input.kind, body, tx.now_str(), tx.actor()],
            )?;
            tx.record(
                "statement.template",
                "statement_template",
                &id,
                None,
                Some(serde_json::json!({
                    "name": name,
                    "kind": input.kind,
                    "body_sha256": hex::encode(<sha2::Sha256 as sha2::Digest>::digest(body.as_bytes())),
                })),
            )?;
            Ok(id)
        })?;
        self.statement_templates()?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::internal("the template was not recorded"))
    }
}
