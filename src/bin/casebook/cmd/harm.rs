//! `casebook harm`: record, import, list and tally harm reports. Text tables mask the
//! reporter's contact; `--json` carries the records as the case holds them.

use crate::args::harm::HarmCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use crate::progress::StderrProgress;
use anyhow::{bail, Result};
use casebook::affected::normalise::{mask, mask_text, Field};
use casebook::harm::import::{data_quoted, HarmPreview};
use casebook::harm::{
    HarmField, HarmFieldMap, HarmImportReport, HarmImportRequest, HarmInput, HarmReport, HarmTally,
};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: HarmCmd) -> Result<ExitCode> {
    match c {
        HarmCmd::Add {
            case,
            when,
            tz,
            channel,
            kind,
            source,
            claimed,
            quoted,
            ticket,
            quoted_email,
            quoted_phone,
            loss,
            currency,
            police_reference,
            email,
            phone,
            notes,
        } => {
            let data_quoted = match data_quoted(&quoted) {
                Ok(q) => q,
                Err(why) => bail!("--quoted: {why}"),
            };
            let report = ctx.open(&case)?.add_harm_report(HarmInput {
                when,
                tz,
                channel,
                kind,
                source,
                caller_claimed: claimed,
                data_quoted,
                ticket,
                quoted_email,
                quoted_phone,
                loss,
                currency,
                police_reference,
                email,
                phone,
                notes,
            })?;
            outln!("{}", report.id);
        }
        HarmCmd::Import {
            case,
            file,
            map,
            tz,
            source,
            preview,
            shape,
        } => {
            let mut opened = ctx.open(&case.case)?;
            let path = file.to_string_lossy().into_owned();
            let shape = shape.into();
            let mut seen = opened.preview_harm_import(&path, &shape)?;
            seen.mapping = merged_mapping(seen.mapping, &map)?;
            if preview {
                emit(&seen, case.json)?;
                return Ok(ExitCode::SUCCESS);
            }
            let report = opened.import_harm_reports(
                HarmImportRequest {
                    path,
                    shape,
                    mapping: Some(seen.mapping),
                    tz,
                    source,
                },
                &StderrProgress::new("importing"),
            )?;
            emit(&report, case.json)?;
        }
        HarmCmd::List(a) => emit(&ctx.open(&a.case)?.harm_reports()?, a.json)?,
        HarmCmd::Tally(a) => emit(&ctx.open(&a.case)?.harm_tally()?, a.json)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The suggested mapping with `--map FIELD=COLUMN` applied: a field takes the column given
/// (taken from any other field that had it); `FIELD=` unmaps it.
fn merged_mapping(base: Vec<HarmFieldMap>, overrides: &[String]) -> Result<Vec<HarmFieldMap>> {
    let mut out = base;
    for m in overrides {
        let Some((field, column)) = m.split_once('=') else {
            bail!("--map {m:?}: write FIELD=COLUMN, e.g. --map when=\"Call date\"");
        };
        let field = HarmField::parse(field, "map")?;
        let column = column.trim();
        out.retain(|x| x.field != field && (column.is_empty() || x.column != column));
        if !column.is_empty() {
            out.push(HarmFieldMap {
                field,
                column: column.to_string(),
            });
        }
    }
    Ok(out)
}

impl Render for HarmPreview {
    fn render(&self) {
        outln!("columns: {}", self.headers.join(" | "));
        for m in &self.mapping {
            outln!("  {} <- {:?}", m.field.code(), m.column);
        }
        errln!(
            "{} rows shown; personal values are not printed in a preview",
            self.rows.len()
        );
    }
}

impl Render for HarmImportReport {
    fn render(&self) {
        let i = &self.import;
        outln!(
            "{}: {} rows read: {} accepted, {} rejected, {} blank (file {}, evidence {})",
            i.id,
            i.rows_read,
            i.accepted,
            i.rejected,
            i.blank,
            i.file_name,
            i.evidence_id
        );
        for r in &self.rejects {
            let value = if r.problem.value.is_empty() {
                String::new()
            } else {
                format!(" {:?}", r.problem.value)
            };
            outln!(
                "  row {}: {}{} {}",
                r.row,
                r.problem.field,
                value,
                r.problem.problem
            );
        }
    }
}

impl Render for Vec<HarmReport> {
    fn render(&self) {
        for r in self {
            let contact = [
                (!r.email.is_empty()).then(|| mask(Field::Email, &r.email)),
                (!r.phone.is_empty()).then(|| mask_text(&r.phone)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            outln!(
                "{}\t{} {}\t{}\t{}\t{}\t{}\t{}",
                r.id,
                r.when.local,
                r.when.tz,
                r.channel.code(),
                r.kind.code(),
                r.person_id.as_deref().unwrap_or("unmatched"),
                r.loss.as_ref().map(|m| m.to_string()).unwrap_or_default(),
                contact
            );
        }
        errln!("{} harm reports", self.len());
    }
}

impl Render for HarmTally {
    fn render(&self) {
        outln!(
            "{} reports: {} matched, {} unmatched; {} ({}%) quote data from the stolen set",
            self.reports,
            self.matched,
            self.unmatched,
            self.quoting_stolen_data,
            self.quoting_share_percent
        );
        let losses: Vec<String> = self.loss_total.iter().map(|m| m.to_string()).collect();
        outln!(
            "money lost: {} ({} reports); reported to police: {}",
            if losses.is_empty() {
                "none".to_string()
            } else {
                losses.join(", ")
            },
            self.with_loss,
            self.reported_to_police
        );
        for (title, map) in [
            ("week", &self.by_week),
            ("channel", &self.by_channel),
            ("kind", &self.by_kind),
            ("reporter", &self.by_source),
        ] {
            for (k, v) in map {
                outln!("{title}\t{k}\t{v}");
            }
        }
    }
}
