//! `casebook affected`: import, tallies, snapshots, the people list and notices.

use crate::args::affected::{AffectedCmd, NoticesCmd};
use crate::ctx::Ctx;
use crate::output::{emit, print_json, Render};
use crate::progress::StderrProgress;
use anyhow::{bail, Result};
use casebook::affected::normalise::FieldMap;
use casebook::affected::notice::{
    NoticeEvent, NoticeImportReport, NoticeListRequest, NoticeUpdate,
};
use casebook::affected::snapshot::Snapshot;
use casebook::affected::source::{FileFormat, ShapeOverride};
use casebook::affected::{
    Batch, Breakdown, Field, ImportReport, ImportRequest, PeoplePage, PeopleQuery, Preview,
    RecordRow, Reject,
};
use serde::{Serialize, Serializer};
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: AffectedCmd) -> Result<ExitCode> {
    match c {
        AffectedCmd::Preview { case, file, shape } => {
            let preview = ctx
                .open(&case.case)?
                .preview_import(&file.to_string_lossy(), &shape.into())?;
            emit(&preview, case.json)?;
        }
        AffectedCmd::Import {
            case,
            file,
            map,
            shape,
            source,
        } => {
            let report = import(ctx, &case.case, &file, &map, shape.into(), source)?;
            emit(&report, case.json)?;
        }
        AffectedCmd::Tally(a) => {
            let case = ctx.open(&a.case)?;
            // The JSON is the tally alone (its keys are fixed); the text adds the breakdowns.
            if a.json {
                print_json(&case.tally()?)?;
            } else {
                case.affected_breakdown()?.render();
            }
        }
        AffectedCmd::Snapshot { case, note } => {
            let mut opened = ctx.open(&case.case)?;
            emit(&opened.take_snapshot(&note)?, case.json)?;
            // On stderr, so the snapshot's JSON stays what scripts read.
            for r in opened.statements_to_reissue(None)? {
                errln!(
                    "must be reissued: {} version {} ({}): {}",
                    r.statement_id,
                    r.version,
                    r.state.label().to_lowercase(),
                    r.changes.join("; ")
                );
            }
        }
        AffectedCmd::Snapshots(a) => emit(&ctx.open(&a.case)?.snapshots()?, a.json)?,
        AffectedCmd::People {
            case,
            search,
            country,
            region,
            element,
            status,
            offset,
            limit,
        } => {
            let page = ctx.open(&case.case)?.people(&PeopleQuery {
                search,
                country,
                region,
                element,
                status,
                offset,
                limit,
                ..PeopleQuery::default()
            })?;
            emit(&page, case.json)?;
        }
        AffectedCmd::Person { case, id } => {
            let opened = ctx.open(&case.case)?;
            let person = Person {
                records: opened.person_records(&id)?,
                notices: opened.notice_history(&id)?,
            };
            emit(&person, case.json)?;
        }
        AffectedCmd::Batches(a) => emit(&ctx.open(&a.case)?.import_batches()?, a.json)?,
        AffectedCmd::RemoveBatch { case, id, reason } => {
            let b = ctx.open(&case)?.remove_import_batch(&id, &reason)?;
            outln!("{} removed ({} records)", b.id, b.accepted);
        }
        AffectedCmd::Rejects {
            case,
            batch,
            out,
            raw,
        } => {
            let mut opened = ctx.open(&case.case)?;
            match out {
                Some(out) => {
                    let n = opened.export_rejects(&batch, &out, raw)?;
                    outln!("{n} rejected rows written to {}", out.display());
                }
                None => emit(&opened.import_rejects(&batch)?, case.json)?,
            }
        }
        AffectedCmd::Rule { case, rule } => {
            let mut case = ctx.open(&case)?;
            if let Some(rule) = rule {
                let b = case.set_dedupe_rule(rule)?;
                outln!("{}: {} people", rule.label(), b.tally.people);
            } else {
                let rule = case.dedupe_rule()?;
                outln!("{} ({})", rule.code(), rule.label());
            }
        }
        AffectedCmd::Notices(n) => notices(ctx, n)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    ctx: &Ctx,
    case: &Path,
    file: &Path,
    map: &[String],
    shape: ShapeOverride,
    source: Option<String>,
) -> Result<ImportReport> {
    let mut case = ctx.open(case)?;
    let path = file.to_string_lossy().into_owned();
    let mapping = if map.is_empty() {
        None
    } else {
        Some(merged_mapping(
            case.preview_import(&path, &shape)?.mapping,
            map,
        )?)
    };
    Ok(case.import_affected(
        ImportRequest {
            path,
            shape,
            mapping,
            source,
        },
        &StderrProgress::new("importing"),
    )?)
}

/// The mapping an import will use: the saved or suggested one, with `--map` applied over it.
/// The first `--map` of a field replaces its columns; each further one adds a column after them.
fn merged_mapping(base: Vec<FieldMap>, overrides: &[String]) -> Result<Vec<FieldMap>> {
    let mut out = base;
    let mut seen: Vec<Field> = Vec::new();
    for m in overrides {
        let Some((field, column)) = m.split_once('=') else {
            bail!("--map {m:?}: write FIELD=COLUMN, e.g. --map email=\"E-Mail Address\"");
        };
        let field = Field::parse(field, "map")?;
        let column = column.trim();
        let first = !seen.contains(&field);
        if first {
            seen.push(field);
        }
        // A column given to a field is taken from any other field that had it.
        out.retain(|x| {
            if x.field == field {
                !first
            } else {
                column.is_empty() || x.column != column
            }
        });
        if !column.is_empty() {
            out.push(FieldMap {
                field,
                column: column.to_string(),
            });
        }
    }
    Ok(out)
}

fn notices(ctx: &Ctx, c: NoticesCmd) -> Result<()> {
    match c {
        NoticesCmd::Set {
            case,
            ids,
            status,
            channel,
            date,
        } => {
            let n = ctx.open(&case)?.set_notice_status(NoticeUpdate {
                person_ids: ids,
                status,
                at: date,
                channel,
            })?;
            outln!("{n} people now {}", status.code());
        }
        NoticesCmd::Import { case, file } => {
            let report = ctx
                .open(&case.case)?
                .import_notice_results(&file.to_string_lossy(), &StderrProgress::new("reading"))?;
            emit(&report, case.json)?;
        }
        NoticesCmd::Export {
            case,
            out,
            channel,
            country,
            region,
            status,
        } => {
            let n = ctx.open(&case)?.export_notice_list(&NoticeListRequest {
                dest: out.to_string_lossy().into_owned(),
                channel,
                country,
                region,
                status,
            })?;
            outln!("{n} people written to {}", out.display());
        }
        NoticesCmd::History { case, id } => {
            emit(&ctx.open(&case.case)?.notice_history(&id)?, case.json)?
        }
    }
    Ok(())
}

/// Rejected rows, then how many more there are than shown.
fn print_rejects(rejects: &[Reject], total: u32) {
    for r in rejects {
        outln!(
            "  row {}: {} {} {}",
            r.row,
            r.problem.field,
            if r.problem.value.is_empty() {
                String::new()
            } else {
                format!("{:?}", r.problem.value)
            },
            r.problem.problem
        );
    }
    if total as usize > rejects.len() {
        outln!("  … and {} more", total as usize - rejects.len());
    }
}

impl Render for Vec<Reject> {
    fn render(&self) {
        print_rejects(self, self.len() as u32);
    }
}

impl Render for Preview {
    fn render(&self) {
        let p = self;
        outln!("format: {}", p.shape.format.label());
        if p.shape.format == FileFormat::Delimited {
            outln!("encoding: {}", p.shape.encoding.code());
            outln!("delimiter: {:?}", p.shape.delimiter);
        } else {
            outln!(
                "sheet: {} (of {})",
                p.shape.sheet,
                p.shape.sheets.join(", ")
            );
        }
        outln!("columns: {}", p.headers.join(" | "));
        outln!("mapping ({}):", p.mapping_from);
        // A field built from several columns shows them joined in order with " + ".
        let mut shown: Vec<Field> = Vec::new();
        for m in &p.mapping {
            if shown.contains(&m.field) {
                continue;
            }
            shown.push(m.field);
            let cols: Vec<&str> = p
                .mapping
                .iter()
                .filter(|x| x.field == m.field)
                .map(|x| x.column.as_str())
                .collect();
            outln!("  {} = {}", m.field.code(), cols.join(" + "));
        }
        outln!("first {} rows read", p.rows.len());
        if !p.lines.is_empty() {
            // The file's line numbers, as rejects and records give them.
            let lines: Vec<String> = p.lines.iter().map(u32::to_string).collect();
            outln!("on lines: {}", lines.join(", "));
        }
    }
}

impl Render for ImportReport {
    fn render(&self) {
        let b = &self.batch;
        outln!(
            "{}: {} rows read = {} accepted + {} rejected + {} blank (file kept as {})",
            b.id,
            b.rows_read,
            b.accepted,
            b.rejected,
            b.blank,
            b.evidence_id
        );
        for w in &b.warnings {
            outln!(
                "  flagged: {} in {} accepted rows stood in for no value (kept, not counted as exposed)",
                w.field.code(),
                w.rows
            );
        }
        print_rejects(&self.rejects, b.rejected);
        outln!("case now: {} records, {} people", self.records, self.people);
    }
}

impl Render for Breakdown {
    fn render(&self) {
        let t = &self.tally;
        outln!(
            "people: {}\nrecords: {}\nminors: {}",
            t.people,
            t.records,
            t.minors
        );
        for (name, m) in [
            ("by country", &t.by_country),
            ("by US state", &t.by_us_state),
            ("by Canadian province", &self.by_ca_province),
            ("by segment", &t.by_segment),
            ("by data element", &t.by_element),
            ("by notice status", &self.by_notice_status),
        ] {
            outln!("{name}:");
            for (k, v) in m {
                outln!("  {k}\t{v}");
            }
        }
    }
}

impl Render for Snapshot {
    fn render(&self) {
        outln!(
            "{}  {}  {} people, {} records",
            self.content.id,
            self.sha256,
            self.content.breakdown.tally.people,
            self.content.breakdown.tally.records
        );
    }
}

impl Render for Vec<Snapshot> {
    fn render(&self) {
        for s in self {
            outln!(
                "{}\t{}\t{}\t{} people\t{}",
                s.content.id,
                s.content.taken_at,
                s.sha256,
                s.content.breakdown.tally.people,
                if s.intact {
                    "intact"
                } else {
                    "CONTENT DOES NOT MATCH ITS HASH"
                }
            );
        }
    }
}

impl Render for PeoplePage {
    fn render(&self) {
        for p in &self.rows {
            outln!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{} records\t{}",
                p.id,
                p.name,
                p.email,
                p.phone,
                p.country,
                p.region,
                p.records,
                p.notice_status
            );
        }
        errln!(
            "{}–{} of {}",
            self.offset + 1.min(self.rows.len() as u32),
            self.offset + self.rows.len() as u32,
            self.total
        );
    }
}

/// One person: the source records grouped into them and their notice history.
struct Person {
    records: Vec<RecordRow>,
    notices: Vec<NoticeEvent>,
}

impl Serialize for Person {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Through a JSON value, as this output has always been made (its keys come sorted).
        serde_json::json!({ "records": self.records, "notices": self.notices }).serialize(s)
    }
}

impl Render for Person {
    fn render(&self) {
        for r in &self.records {
            outln!(
                "{} row {}\t{}\t{}\t{}\t{}",
                r.batch_id,
                r.row,
                r.name,
                r.email,
                r.phone_raw,
                r.elements.join(",")
            );
        }
        for n in &self.notices {
            outln!(
                "notice {}\t{}\t{}\t{}",
                n.at,
                n.status.code(),
                n.channel,
                n.source
            );
        }
    }
}

impl Render for Vec<Batch> {
    fn render(&self) {
        for b in self {
            outln!(
                "{}\t{}\t{}\t{} read\t{} accepted\t{} rejected\t{} blank{}",
                b.id,
                b.file_name,
                b.imported_at,
                b.rows_read,
                b.accepted,
                b.rejected,
                b.blank,
                b.removed_at
                    .as_ref()
                    .map(|r| format!("\tremoved {r}"))
                    .unwrap_or_default()
            );
        }
    }
}

impl Render for NoticeImportReport {
    fn render(&self) {
        let r = self;
        outln!(
            "{} rows read = {} updated + {} rejected + {} blank (file kept as {})",
            r.rows_read,
            r.updated,
            r.rejected,
            r.blank,
            r.evidence_id
        );
        print_rejects(&r.rejects, r.rejected);
    }
}

impl Render for Vec<NoticeEvent> {
    fn render(&self) {
        for n in self {
            outln!(
                "{}\t{}\t{}\t{}\t{} by {}",
                n.at,
                n.status.code(),
                n.channel,
                n.source,
                n.recorded_at,
                n.recorded_by
            );
        }
    }
}
