//! `casebook`: the command-line face of the core, for scripting and headless use. Every command
//! parses its arguments, calls the same `Case` API the desktop app uses, and prints the result
//! (as JSON with `--json`). Errors go to stderr with a non-zero exit.
//!
//! `args/` declares what each domain's commands accept, `cmd/` does them, `output` prints
//! what they read, `ctx` holds what they ask the person at the terminal, `progress` draws long
//! work on stderr.

#[macro_use]
mod output;
mod args;
mod cmd;
mod ctx;
mod progress;

use anyhow::Result;
use args::{Cli, Command};
use casebook::Home;
use clap::FromArgMatches;
use ctx::Ctx;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::from_arg_matches(&args::command().get_matches())
        .unwrap_or_else(|e| e.format(&mut args::command()).exit());
    progress::stop_on_ctrl_c();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            errln!("casebook: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Ctx {
        home: Home::from_env()?,
        passphrase_file: cli.passphrase_file,
        key_passphrase_file: cli.key_passphrase_file,
    };
    match cli.command {
        Command::Case(c) => cmd::case::run(&ctx, c),
        Command::Subject(c) => cmd::subject::run(&ctx, c),
        Command::Date(c) => cmd::date::run(&ctx, c),
        Command::Team(c) => cmd::team::run(&ctx, c),
        Command::Event(c) => cmd::event::run(&ctx, c),
        Command::Evidence(c) => cmd::evidence::run(&ctx, c),
        Command::Affected(c) => cmd::affected::run(&ctx, c),
        Command::Obligations(a) => cmd::obligations::run(&ctx, a),
        Command::Harm(c) => cmd::harm::run(&ctx, c),
        Command::Audit(c) => cmd::audit::run(&ctx, c),
        Command::Profile(c) => cmd::profile::run(&ctx, c),
        Command::Referral(c) => cmd::referral::run(&ctx, c),
        Command::Statement(c) => cmd::statement::run(&ctx, c),
        Command::Packet(a) => cmd::packet::generate(&ctx, a),
        Command::Packets(a) => cmd::packet::list(&ctx, a),
        Command::Search(a) => cmd::search::run(&ctx, a),
        Command::Demo { dir } => cmd::demo::run(&ctx, &dir),
        Command::Rules(c) => cmd::rules::run(c),
        Command::Task(c) => cmd::task::run(&ctx, c),
        Command::Playbook(c) => cmd::task::playbook(&ctx, c),
    }
}
