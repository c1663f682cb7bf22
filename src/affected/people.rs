//! People: records grouped by the case's de-duplication rule, the live tallies over them, and
//! paging through them. The `people` table is derived data, rebuilt inside the transaction that
//! changes records or the rule, so tallies and the table never disagree with the records.

use super::normalise::Element;
use crate::audit::state::Bulk;
use crate::error::{Error, Result};
use crate::store::{Case, Tx};
use crate::util::failpoint::failpoint;
use crate::vocab::vocabulary;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashMap};

vocabulary! {
    /// How records are grouped into people. Each rule falls back to the others for records
    /// that lack its key; a record with none of them is a person of its own.
    DedupeRule {
        Email = "email", "E-mail, then phone, then name + postal code";
        Phone = "phone", "Phone, then e-mail, then name + postal code";
        NamePostal = "name_postal", "Name + postal code, then e-mail, then phone";
    }
}

/// The parts of a record that can identify its person.
pub struct KeyParts<'a> {
    pub id: i64,
    pub email: &'a str,
    pub phone: &'a str,
    pub name: &'a str,
    pub postal_code: &'a str,
}

/// The person a record belongs to under `rule`.
pub fn person_key(rule: DedupeRule, r: &KeyParts) -> String {
    let email = (!r.email.is_empty()).then(|| format!("e:{}", r.email));
    let phone = (!r.phone.is_empty()).then(|| format!("p:{}", r.phone));
    let name_postal = (!r.name.is_empty() && !r.postal_code.is_empty()).then(|| {
        format!(
            "n:{}|{}",
            r.name.to_lowercase(),
            r.postal_code.replace(' ', "")
        )
    });
    let order = match rule {
        DedupeRule::Email => [email, phone, name_postal],
        DedupeRule::Phone => [phone, email, name_postal],
        DedupeRule::NamePostal => [name_postal, email, phone],
    };
    order
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_else(|| format!("r:{}", r.id))
}

/// Every element bit in use: the fixed vocabulary and the case's custom elements.
fn bits(conn: &Connection) -> Result<Vec<(u32, String, String)>> {
    let mut out: Vec<(u32, String, String)> = Element::ALL
        .iter()
        .map(|e| (e.bit(), e.code().to_string(), e.label().to_string()))
        .collect();
    let mut stmt = conn.prepare("SELECT bit, key, label FROM custom_elements ORDER BY bit")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get(1)?, r.get(2)?)))? {
        out.push(row?);
    }
    Ok(out)
}

/// Rebuilds `people` from the records: one row per person key, their details from their first
/// record, the union of their exposed elements, and their latest notice status.
pub(crate) fn rebuild(tx: &Tx) -> Result<()> {
    let c = tx.conn();
    let union = bits(c)?
        .iter()
        .map(|(b, _, _)| format!("((total(elements & {m}) > 0) * {m})", m = 1i64 << b))
        .collect::<Vec<_>>()
        .join(" | ");
    // The whole table is rewritten: its rows are hashed out of and back into the state
    // digest by two scans rather than by a trigger per row.
    let mut bulk = Bulk::begin(c, "people")?;
    bulk.rows_where("", false)?;
    c.execute("DELETE FROM people", [])?;
    failpoint("people.rebuild");
    // Two steps, each sequential: the per-person aggregates come from the covering person
    // index alone (no table lookups), ordered by each person's first record; their details
    // are then read from those first records in rowid order.
    c.execute(
        &format!(
            "CREATE TEMP TABLE person_agg AS
             SELECT min(id) AS first, person_key, total(minor) > 0 AS minor_any, {union} AS elems,
                    count(*) AS n, coalesce(group_concat(nullif(phone, ''), ' '), '') AS phones
             FROM affected_records GROUP BY person_key ORDER BY first"
        ),
        [],
    )?;
    let inserted = c.execute(
        "INSERT INTO people (id, person_key, name, email, phone, street, city, postal_code,
            country, region, segment, minor, elements, records, notice_status,
            notice_at, notice_channel)
         SELECT person_id(a.person_key), a.person_key, r.name, r.email,
            substr(a.phones, 1, instr(a.phones || ' ', ' ') - 1), r.street, r.city, r.postal_code,
            r.country, r.region, r.segment, a.minor_any, a.elems, a.n, 'pending', '', ''
         FROM person_agg a CROSS JOIN affected_records r ON r.id = a.first
         ORDER BY r.name COLLATE NOCASE, a.person_key",
        [],
    );
    c.execute("DROP TABLE temp.person_agg", [])?;
    inserted?;
    c.execute(
        "UPDATE people SET (notice_status, notice_at, notice_channel) =
            (SELECT status, at, channel FROM notice_events e WHERE e.person_id = people.id
             ORDER BY seq DESC LIMIT 1)
         WHERE id IN (SELECT person_id FROM notice_events)",
        [],
    )?;
    bulk.rows_where("", true)?;
    bulk.finish()?;
    // The search index over people (`search_people`, external content on this table) in one
    // pass at the end rather than by per-row triggers, which would double a large import.
    c.execute(
        "INSERT INTO search_people (search_people) VALUES ('rebuild')",
        [],
    )?;
    Ok(())
}

/// Recomputes every record's person key under `rule`.
pub(crate) fn rekey(tx: &Tx, rule: DedupeRule) -> Result<()> {
    let c = tx.conn();
    let mut read = c.prepare("SELECT id, email, phone, name, postal_code FROM affected_records")?;
    let mut write = c.prepare("UPDATE affected_records SET person_key = ?2 WHERE id = ?1")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let (id, email, phone, name, postal): (i64, String, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let key = person_key(
            rule,
            &KeyParts {
                id,
                email: &email,
                phone: &phone,
                name: &name,
                postal_code: &postal,
            },
        );
        write.execute(params![id, key])?;
    }
    Ok(())
}

/// The tally the CLI prints with `--json`: exactly these keys, counts of people unless named
/// otherwise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Tally {
    pub people: u32,
    /// Accepted record rows in all current batches.
    pub records: u32,
    /// ISO 3166-1 alpha-2 → people; `unknown` when no record gave a country.
    pub by_country: BTreeMap<String, u32>,
    /// USPS code → people resident in the US.
    pub by_us_state: BTreeMap<String, u32>,
    pub by_segment: BTreeMap<String, u32>,
    /// Data element key → people with it exposed in any of their records.
    pub by_element: BTreeMap<String, u32>,
    pub minors: u32,
}

/// The full picture for the dashboard and snapshots: the tally and the other breakdowns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Breakdown {
    pub tally: Tally,
    pub by_ca_province: BTreeMap<String, u32>,
    pub by_notice_status: BTreeMap<String, u32>,
    pub rule: String,
}

/// People of one place with one set of exposed elements: how a snapshot freezes the people so
/// that what obligations judge per person (which elements appear *together*) survives the
/// freeze. The obligations engine reads these; it re-exports the type under its own name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PeopleGroup {
    /// ISO 3166-1 alpha-2, or `unknown`.
    pub country: String,
    /// US state or Canadian province code, or empty.
    pub region: String,
    pub minor: bool,
    /// Element keys (`name`, `email`, `government_id`, custom ones) exposed for these people.
    pub elements: Vec<String>,
    pub people: u32,
}

/// Every person in exactly one group, in a stable order (the canonical JSON of a snapshot
/// must not depend on the query plan).
pub(crate) fn groups(c: &Connection) -> Result<Vec<PeopleGroup>> {
    let bits = bits(c)?;
    let mut stmt = c.prepare(
        "SELECT country, region, minor, elements, count(*)
         FROM people GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let country: String = r.get(0)?;
        out.push(PeopleGroup {
            country: if country.is_empty() {
                UNKNOWN_PLACE.to_string()
            } else {
                country
            },
            region: r.get(1)?,
            minor: r.get(2)?,
            elements: element_keys(&bits, r.get(3)?),
            people: r.get(4)?,
        });
    }
    Ok(out)
}

/// The breakdown key for people whose records gave no country (or no state or province).
pub const UNKNOWN_PLACE: &str = "unknown";

/// (people, records): positions run 1..=n after every rebuild, so the last one is the count
/// of people, found in the primary key without a scan.
pub(crate) fn counts(c: &Connection) -> Result<(u32, u32)> {
    Ok((
        c.query_row("SELECT coalesce(max(pos), 0) FROM people", [], |r| r.get(0))?,
        c.query_row("SELECT count(*) FROM affected_records", [], |r| r.get(0))?,
    ))
}

pub(crate) fn breakdown(c: &Connection, rule: DedupeRule) -> Result<Breakdown> {
    let records: u32 = c.query_row("SELECT count(*) FROM affected_records", [], |r| r.get(0))?;
    let bits = bits(c)?;
    // One pass over people into a few hundred groups, counted in a hash map (a GROUP BY
    // would sort every person first), then summed here into every breakdown.
    type Group = (String, String, String, bool, i64, String);
    let mut counts: HashMap<Group, u32> = HashMap::new();
    {
        let mut stmt = c.prepare(
            "SELECT country, region, segment, minor, elements, notice_status FROM people",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let group: Group = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            );
            *counts.entry(group).or_insert(0) += 1;
        }
    }
    let mut b = Breakdown {
        rule: rule.code().to_string(),
        ..Breakdown::default()
    };
    let or = |s: String, empty: &str| if s.is_empty() { empty.to_string() } else { s };
    for ((country, region, segment, minor, elements, status), n) in counts {
        let t = &mut b.tally;
        t.people += n;
        if minor {
            t.minors += n;
        }
        if country == "US" {
            *t.by_us_state
                .entry(or(region.clone(), UNKNOWN_PLACE))
                .or_insert(0) += n;
        }
        if country == "CA" {
            *b.by_ca_province
                .entry(or(region, UNKNOWN_PLACE))
                .or_insert(0) += n;
        }
        *t.by_country.entry(or(country, UNKNOWN_PLACE)).or_insert(0) += n;
        *t.by_segment.entry(or(segment, "unspecified")).or_insert(0) += n;
        for key in element_keys(&bits, elements) {
            *t.by_element.entry(key).or_insert(0) += n;
        }
        *b.by_notice_status.entry(or(status, "pending")).or_insert(0) += n;
    }
    b.tally.records = records;
    Ok(b)
}

/// One row of the People table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PersonRow {
    /// Position in the whole list (0-based), for the virtualised table.
    pub pos: u32,
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub region: String,
    pub segment: String,
    pub minor: bool,
    pub elements: Vec<String>,
    pub records: u32,
    pub notice_status: String,
    pub notice_at: String,
    pub notice_channel: String,
}

/// Which people to list: all filters are optional and combine.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct PeopleQuery {
    /// Part of a name, e-mail or phone number.
    pub search: Option<String>,
    pub country: Option<String>,
    /// A US state or Canadian province code (or another country's region as written).
    pub region: Option<String>,
    /// A data element key.
    pub element: Option<String>,
    pub status: Option<String>,
    pub minors_only: bool,
    pub segment: Option<String>,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PeoplePage {
    /// People matching the filters.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<PersonRow>,
}

/// One source record of a person, for inspecting how they were merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecordRow {
    pub batch_id: String,
    pub row: u32,
    pub record_id: String,
    pub name: String,
    pub email: String,
    pub phone_raw: String,
    pub phone: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub region: String,
    pub segment: String,
    pub birth_date: String,
    pub minor: bool,
    pub elements: Vec<String>,
    pub account_id: String,
    pub notes: String,
    /// Values that only stood in for "none given" (a phone "n/a"), masked: the raw values stay
    /// in the case file.
    pub flagged: Vec<super::normalise::Problem>,
}

/// A record's flagged values as shown: field, why, and the value masked.
fn flagged_shown(raw: &str) -> Vec<super::normalise::Problem> {
    let kept: Vec<(String, String)> = serde_json::from_str(raw).unwrap_or_default();
    kept.into_iter()
        .filter_map(|(f, v)| {
            let field = super::Field::parse(&f, "field").ok()?;
            Some(super::normalise::Problem {
                field: f,
                problem: "stands in for no value; not counted as exposed".into(),
                value: super::normalise::mask(field, &v),
            })
        })
        .collect()
}

fn element_keys(bits: &[(u32, String, String)], mask: i64) -> Vec<String> {
    bits.iter()
        .filter(|(b, _, _)| mask & (1i64 << b) != 0)
        .map(|(_, k, _)| k.clone())
        .collect()
}

fn element_bit(bits: &[(u32, String, String)], key: &str) -> Result<i64> {
    bits.iter()
        .find(|(_, k, _)| k == key)
        .map(|(b, _, _)| 1i64 << b)
        .ok_or_else(|| {
            Error::invalid(
                "element",
                format!("{key:?} is not a data element of this case"),
            )
        })
}

impl Case {
    pub fn people(&self, q: &PeopleQuery) -> Result<PeoplePage> {
        let c = self.conn();
        let bits = bits(c)?;
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |clauses: &mut Vec<String>, sql: &str, v: rusqlite::types::Value| {
            args.push(v);
            clauses.push(sql.replace('?', &format!("?{}", args.len())));
        };
        if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let folded = s
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            arg(
                &mut clauses,
                "(lower(name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\')",
                format!("%{folded}%").into(),
            );
        }
        if let Some(v) = q.country.as_deref().filter(|s| !s.is_empty()) {
            let v = if v == "unknown" { "" } else { v };
            arg(&mut clauses, "country = ?", v.to_string().into());
        }
        if let Some(v) = q.region.as_deref().filter(|s| !s.is_empty()) {
            let v = if v == "unknown" { "" } else { v };
            arg(&mut clauses, "region = ?", v.to_string().into());
        }
        if let Some(v) = q.segment.as_deref().filter(|s| !s.is_empty()) {
            let v = if v == "unspecified" { "" } else { v };
            arg(&mut clauses, "segment = ?", v.to_string().into());
        }
        if let Some(v) = q.status.as_deref().filter(|s| !s.is_empty()) {
            arg(&mut clauses, "notice_status = ?", v.to_string().into());
        }
        if let Some(v) = q.element.as_deref().filter(|s| !s.is_empty()) {
            let bit = element_bit(&bits, v)?;
            arg(&mut clauses, "elements & ? != 0", bit.into());
        }
        if q.minors_only {
            clauses.push("minor".into());
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let limit = q.limit.clamp(1, 1000);
        let total: u32 = if clauses.is_empty() {
            // Positions run 1..=n after every rebuild: the last one is the count, found in the
            // primary key without scanning a million rows.
            c.query_row("SELECT coalesce(max(pos), 0) FROM people", [], |r| r.get(0))?
        } else {
            c.query_row(
                &format!("SELECT count(*) FROM people {filter}"),
                rusqlite::params_from_iter(&args),
                |r| r.get(0),
            )?
        };
        let cols =
            "pos, id, name, email, phone, country, region, segment, minor, elements, records, \
                    notice_status, notice_at, notice_channel";
        // Unfiltered pages are a range of positions: as fast at the millionth person as at the
        // first.
        let (sql, page_args): (String, Vec<rusqlite::types::Value>) = if clauses.is_empty() {
            (
                format!("SELECT {cols} FROM people WHERE pos > ?1 ORDER BY pos LIMIT ?2"),
                vec![(q.offset as i64).into(), (limit as i64).into()],
            )
        } else {
            let mut a = args.clone();
            a.push((limit as i64).into());
            a.push((q.offset as i64).into());
            (
                format!(
                    "SELECT {cols} FROM people {filter} ORDER BY pos LIMIT ?{} OFFSET ?{}",
                    a.len() - 1,
                    a.len()
                ),
                a,
            )
        };
        let mut stmt = c.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(&page_args), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    PersonRow {
                        pos: 0,
                        id: r.get(1)?,
                        name: r.get(2)?,
                        email: r.get(3)?,
                        phone: r.get(4)?,
                        country: r.get(5)?,
                        region: r.get(6)?,
                        segment: r.get(7)?,
                        minor: r.get(8)?,
                        elements: Vec::new(),
                        records: r.get(10)?,
                        notice_status: r.get(11)?,
                        notice_at: r.get(12)?,
                        notice_channel: r.get(13)?,
                    },
                    r.get::<_, i64>(9)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, (_, mut p, mask))| {
                p.pos = q.offset + i as u32;
                p.elements = element_keys(&bits, mask);
                p
            })
            .collect();
        Ok(PeoplePage {
            total,
            offset: q.offset,
            rows,
        })
    }

    /// The source records merged into one person.
    pub fn person_records(&self, person_id: &str) -> Result<Vec<RecordRow>> {
        let c = self.conn();
        let bits = bits(c)?;
        let key: String = c
            .query_row(
                "SELECT person_key FROM people WHERE id = ?1",
                [person_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "person",
                id: person_id.to_string(),
            })?;
        let mut stmt = c.prepare(
            "SELECT batch_id, row_num, record_id, name, email, phone_raw, phone, street, city,
                    postal_code, country, region, segment, birth_date, minor, elements, account_id, notes,
                    flagged
             FROM affected_records WHERE person_key = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([key], |r| {
                Ok(RecordRow {
                    batch_id: r.get(0)?,
                    row: r.get(1)?,
                    record_id: r.get(2)?,
                    name: r.get(3)?,
                    email: r.get(4)?,
                    phone_raw: r.get(5)?,
                    phone: r.get(6)?,
                    street: r.get(7)?,
                    city: r.get(8)?,
                    postal_code: r.get(9)?,
                    country: r.get(10)?,
                    region: r.get(11)?,
                    segment: r.get(12)?,
                    birth_date: r.get(13)?,
                    minor: r.get(14)?,
                    elements: element_keys(&bits, r.get(15)?),
                    account_id: r.get(16)?,
                    notes: r.get(17)?,
                    flagged: flagged_shown(&r.get::<_, String>(18)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
