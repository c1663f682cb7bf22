//! `casebook search`: the hits of every kind, one line each, or a JSON array of them.

use crate::args::search::SearchArgs;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::search::SearchHit;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(ctx: &Ctx, a: SearchArgs) -> Result<ExitCode> {
    let mut case = ctx.open(&a.case.case)?;
    if a.rebuild {
        let n = case.rebuild_search()?;
        errln!("search index rebuilt: {n} items");
    }
    let Some(query) = a.query else {
        return Ok(ExitCode::SUCCESS);
    };
    let started = Instant::now();
    let results = case.search(&query, a.per_kind)?;
    let took = started.elapsed();
    let hits: Vec<SearchHit> = results.groups.into_iter().flat_map(|g| g.hits).collect();
    emit(&hits, a.case.json)?;
    if a.time {
        errln!("search took {:.2} ms", took.as_secs_f64() * 1000.0);
    }
    Ok(ExitCode::SUCCESS)
}

impl Render for Vec<SearchHit> {
    fn render(&self) {
        for h in self {
            let kind = h.kind.code();
            if h.detail.is_empty() {
                outln!("{kind}\t{}\t{}", h.id, h.title);
            } else {
                outln!("{kind}\t{}\t{}\t{}", h.id, h.title, h.detail);
            }
        }
    }
}
