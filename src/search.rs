//! Search over the whole case: the kinds of thing it finds, the query the user typed turned
//! into a safe FTS5 expression, and the ranked hits grouped by kind.
//!
//! The index lives in `case.db` (encrypted with it) and is kept by SQL triggers in the same
//! transaction as every write (migration "Search"): `search_docs` holds one row per item,
//! each kind's text coming from its view `search_src_<kind>`, and `search_text` is the FTS5
//! index over it; people have their own index over `people` (`search_people`), which the
//! people rebuild refreshes in one statement. Evidence is also found by a SHA-256 prefix,
//! looked up on the hash column. All of it is derived data: [`Case::rebuild_search`] makes
//! it again from the rows.

use crate::audit::action_label;
use crate::error::Result;
use crate::store::Case;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// What a hit is, and so which view opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Event,
    Evidence,
    Custody,
    Person,
    ReferralNotes,
    Statement,
    Task,
    Audit,
}

impl SearchKind {
    /// The kind as the CLI and `search_docs` write it (`event`, `referral_notes`…).
    pub fn code(self) -> &'static str {
        SOURCES
            .iter()
            .find(|s| s.kind == self)
            .map_or("", |s| s.code)
    }
}

/// One searchable kind: its code in `search_docs.kind` (and its view's name), its label, and
/// whether its documents come from a `search_src_<code>` view (people are indexed apart).
struct Source {
    kind: SearchKind,
    code: &'static str,
    label: &'static str,
    docs: bool,
}

/// The kinds in the order results show them. A new kind is one line here plus, in a
/// migration, its view and the triggers that keep its rows in `search_docs`.
const SOURCES: &[Source] = &[
    Source {
        kind: SearchKind::Event,
        code: "event",
        label: "Timeline events",
        docs: true,
    },
    Source {
        kind: SearchKind::Evidence,
        code: "evidence",
        label: "Evidence",
        docs: true,
    },
    Source {
        kind: SearchKind::Custody,
        code: "custody",
        label: "Custody notes",
        docs: true,
    },
    Source {
        kind: SearchKind::Person,
        code: "person",
        label: "People",
        docs: false,
    },
    Source {
        kind: SearchKind::ReferralNotes,
        code: "referral_notes",
        label: "Referral notes",
        docs: true,
    },
    Source {
        kind: SearchKind::Statement,
        code: "statement",
        label: "Statements",
        docs: true,
    },
    Source {
        kind: SearchKind::Task,
        code: "task",
        label: "Tasks",
        docs: true,
    },
    Source {
        kind: SearchKind::Audit,
        code: "audit",
        label: "Audit log",
        docs: true,
    },
];

/// Per kind: the hits kept, how many matched, whether counting stopped at [`COUNT_LIMIT`].
type Found = HashMap<SearchKind, (Vec<SearchHit>, u32, bool)>;

/// Hits shown per kind unless the caller asks otherwise.
pub const PER_KIND: u32 = 8;
/// Counting stops here: "1000+ more" says enough, and counting every match of a one-letter
/// prefix among a million people would not stay fast.
const COUNT_LIMIT: u32 = 1000;
/// Words past these are ignored: a pasted page is not a query.
const MAX_WORDS: usize = 16;
const MAX_CHARS: usize = 400;
/// The shortest hexadecimal word looked up as a SHA-256 prefix.
const HASH_PREFIX_MIN: usize = 6;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// What opens: `EV-0003`, `P-…`, `LE-0001`, `ST-0002`, a timeline event's id, or an audit
    /// entry's sequence number.
    pub id: String,
    pub title: String,
    /// A line under the title: the matching passage, a person's e-mail and phone, an entry's
    /// time and actor.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchGroup {
    pub kind: SearchKind,
    pub label: String,
    /// The best matches first (bm25); people in their name order.
    pub hits: Vec<SearchHit>,
    /// Further matches not shown.
    pub more: u32,
    /// `more` is a floor: counting stopped at a limit.
    pub more_capped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchResults {
    pub query: String,
    /// Kinds with at least one hit, in a fixed order.
    pub groups: Vec<SearchGroup>,
}

/// The user's words as an FTS5 expression: each word a quoted phrase matched as a prefix, all
/// of them required. Quoting is ours, so `"`, `AND`, `-`, `*` or `:` typed by the user are
/// text, never syntax; a word with nothing to match (punctuation only) is dropped. Control
/// characters separate words: FTS5 reads the expression as a C string, so a NUL would cut it
/// short. `None` when nothing is left.
pub fn match_expression(query: &str) -> Option<String> {
    let query: String = query.chars().take(MAX_CHARS).collect();
    let words: Vec<String> = query
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_WORDS)
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A lowercase SHA-256 prefix when the query is one hexadecimal word long enough to mean one.
fn hash_prefix(query: &str) -> Option<String> {
    let q = query.trim();
    (q.len() >= HASH_PREFIX_MIN && q.len() <= 64 && q.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| q.to_ascii_lowercase())
}

impl Case {
    /// Searches every kind for `query`, at most `per_kind` hits each. Any text is a valid
    /// query; one with nothing to match finds nothing.
    pub fn search(&self, query: &str, per_kind: u32) -> Result<SearchResults> {
        let c = self.conn();
        let per_kind = per_kind.clamp(1, 100);
        let mut found = Found::new();
        if let Some(prefix) = hash_prefix(query) {
            let (hits, total) = by_hash(c, &prefix, per_kind)?;
            found.insert(SearchKind::Evidence, (hits, total, false));
        }
        if let Some(expr) = match_expression(query) {
            documents(c, &expr, per_kind, &mut found)?;
            let (hits, total) = people(c, &expr, per_kind)?;
            found.insert(SearchKind::Person, (hits, total, total >= COUNT_LIMIT));
        }
        let groups = SOURCES
            .iter()
            .filter_map(|s| {
                let (hits, total, capped) = found.remove(&s.kind)?;
                (!hits.is_empty()).then(|| SearchGroup {
                    kind: s.kind,
                    label: s.label.to_string(),
                    more: total.saturating_sub(hits.len() as u32),
                    more_capped: capped,
                    hits,
                })
            })
            .collect();
        Ok(SearchResults {
            query: query.to_string(),
            groups,
        })
    }

    /// Makes the search index again from the rows, in one audited transaction: for a case whose
    /// index was edited outside Casebook (it is derived data, not evidence) or damaged.
    pub fn rebuild_search(&mut self) -> Result<u64> {
        self.transact(|tx| {
            let c = tx.conn();
            c.execute("DELETE FROM search_docs", [])?;
            let mut documents = 0u64;
            for s in SOURCES.iter().filter(|s| s.docs) {
                documents += c.execute(
                    &format!(
                        "INSERT INTO search_docs (kind, key, item, title, body)
                         SELECT '{code}', key, item, title, body FROM search_src_{code}",
                        code = s.code
                    ),
                    [],
                )? as u64;
            }
            // Whatever state the index was in, it is made from `search_docs` and `people`.
            c.execute_batch(
                "INSERT INTO search_text (search_text) VALUES ('rebuild');
                 INSERT INTO search_people (search_people) VALUES ('rebuild');",
            )?;
            let people: i64 = c.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
            let people = people as u64;
            tx.record(
                "search.rebuild",
                "case",
                "",
                None,
                Some(serde_json::json!({ "documents": documents, "people": people })),
            )?;
            Ok(documents + people)
        })
    }
}

fn source(code: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.code == code)
}

/// Every kind kept in `search_docs`, in one ranked pass: the first `per_kind` of each kind are
/// kept, the rest counted up to [`COUNT_LIMIT`] matches in all.
fn documents(c: &Connection, expr: &str, per_kind: u32, found: &mut Found) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "SELECT d.kind, d.key, d.item, d.title, snippet(search_text, 1, '', '', '…', 12)
         FROM search_text JOIN search_docs d ON d.id = search_text.rowid
         WHERE search_text MATCH ?1 ORDER BY rank LIMIT ?2",
    )?;
    let mut rows = stmt.query(params![expr, COUNT_LIMIT])?;
    let mut seen = 0u32;
    while let Some(r) = rows.next()? {
        seen += 1;
        let code: String = r.get(0)?;
        let Some(s) = source(&code) else { continue };
        let item: String = r.get(2)?;
        let entry = found
            .entry(s.kind)
            .or_insert_with(|| (Vec::new(), 0, false));
        if s.kind == SearchKind::Evidence && entry.0.iter().any(|h| h.id == item) {
            // Already found by its hash.
            continue;
        }
        entry.1 += 1;
        if entry.0.len() < per_kind as usize {
            let (title, detail) = if s.kind == SearchKind::Audit {
                audit_entry(c, &r.get::<_, String>(1)?)?
            } else {
                (r.get(3)?, r.get(4)?)
            };
            entry.0.push(SearchHit {
                kind: s.kind,
                id: item,
                title,
                detail,
            });
        }
    }
    if seen >= COUNT_LIMIT {
        for (_, _, capped) in found.values_mut() {
            *capped = true;
        }
    }
    Ok(())
}

/// An audit entry as the Activity view names it: its action's label and entity, then its
/// time and actor. The chain stores codes; labels are this version's.
fn audit_entry(c: &Connection, seq: &str) -> Result<(String, String)> {
    let (action, entity_type, entity_id, at, actor): (String, String, String, String, String) = c
        .query_row(
        "SELECT action, entity_type, entity_id, at_utc, actor FROM audit_log WHERE seq = ?1",
        [seq],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let label = action_label(&action).unwrap_or(&action);
    let entity = if entity_id.is_empty() {
        entity_type
    } else {
        entity_id
    };
    Ok((
        format!("{label} · {entity}"),
        format!("#{seq} · {at} · {actor}"),
    ))
}

fn people(c: &Connection, expr: &str, per_kind: u32) -> Result<(Vec<SearchHit>, u32)> {
    let mut stmt = c.prepare_cached(
        // In the People table's own order (name, via `pos`), not by rank: FTS5 hands matches
        // over in rowid order, so the first few cost the same whether a prefix matches ten
        // people or three hundred thousand, where ranking them all cost over a second at a
        // million people.
        "SELECT p.id, p.name, p.email, p.phone
         FROM (SELECT rowid FROM search_people WHERE search_people MATCH ?1 LIMIT ?2) s
         JOIN people p ON p.pos = s.rowid ORDER BY p.pos",
    )?;
    let hits = stmt
        .query_map(params![expr, per_kind], |r| {
            let (email, phone): (String, String) = (r.get(2)?, r.get(3)?);
            Ok(SearchHit {
                kind: SearchKind::Person,
                id: r.get(0)?,
                title: r.get(1)?,
                detail: [email, phone]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total: u32 = if (hits.len() as u32) < per_kind {
        hits.len() as u32
    } else {
        c.prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM search_people WHERE search_people MATCH ?1
             LIMIT ?2)",
        )?
        .query_row(params![expr, COUNT_LIMIT], |r| r.get(0))?
    };
    Ok((hits, total))
}

fn by_hash(c: &Connection, prefix: &str, per_kind: u32) -> Result<(Vec<SearchHit>, u32)> {
    // A range on the indexed hash column: every hash that starts with the prefix sorts
    // between it and the prefix followed by a character above any hex digit.
    let range = "sha256 >= ?1 AND sha256 < ?1 || 'g'";
    let hits = c
        .prepare_cached(&format!(
            "SELECT id, id || ' · ' || original_name, sha256 FROM evidence_items
             WHERE {range} ORDER BY num LIMIT ?2"
        ))?
        .query_map(params![prefix, per_kind], |r| {
            Ok(SearchHit {
                kind: SearchKind::Evidence,
                id: r.get(0)?,
                title: r.get(1)?,
                detail: format!("SHA-256 {}", r.get::<_, String>(2)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total: u32 = c.query_row(
        &format!("SELECT count(*) FROM evidence_items WHERE {range}"),
        [prefix],
        |r| r.get(0),
    )?;
    Ok((hits, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_becomes_a_quoted_prefix_and_syntax_typed_by_the_user_stays_text() {
        assert_eq!(
            match_expression("jane doe").as_deref(),
            Some("\"jane\"* \"doe\"*"),
            "every word is required, each as a prefix"
        );
        assert_eq!(
            match_expression("say \"hi AND -x").as_deref(),
            Some("\"say\"* \"\"\"hi\"* \"AND\"* \"-x\"*"),
            "quotes are doubled inside our own quotes; AND and - are words"
        );
        assert_eq!(
            match_expression(" \" - * ( ) "),
            None,
            "punctuation alone has nothing to match"
        );
    }

    #[test]
    fn only_a_long_enough_hex_word_is_a_hash_prefix() {
        assert_eq!(hash_prefix("AB12CD").as_deref(), Some("ab12cd"));
        assert_eq!(hash_prefix("ab12c"), None, "five characters are too few");
        assert_eq!(hash_prefix("ab12cx"), None, "not hexadecimal");
        assert_eq!(hash_prefix("ab12cd ef"), None, "two words");
    }
}
