use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

mod cli;

use cli::args::{Cli, Command, DetectArgs};
use cli::engine::{warn, Tally};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let mut tally = Tally::default();
    let sub = matches.subcommand().map(|(_, m)| m.clone()).unwrap_or_default();
    let result = run(&cli, &sub, &mut tally);
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            warn(format!("{e:#}"));
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli, sub: &clap::ArgMatches, tally: &mut Tally) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Clean(args) if args.detect.dump_config => cli::settings::dump(&args.detect, sub),
        Command::Check(args) if args.detect.dump_config => cli::settings::dump(&args.detect, sub),
        Command::Clean(args) => {
            let (cleaner, sources) = prepare(&args.detect, sub, tally)?;
            cli::clean::run(args, &cleaner, &sources, tally)?;
            Ok(finish(tally, false))
        }
        Command::Check(args) => {
            let (cleaner, sources) = prepare(&args.detect, sub, tally)?;
            cli::check::run(args, &cleaner, &sources, tally)?;
            Ok(finish(tally, true))
        }
        Command::Apply(args) => {
            cli::apply::run(args, tally)?;
            Ok(finish(tally, false))
        }
        Command::Dict { command } => {
            cli::dict::run(command)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "unspin", &mut script);
            std::io::Write::write_all(&mut std::io::stdout(), &script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { out_dir: Some(dir) } => {
            std::fs::create_dir_all(dir)?;
            clap_mangen::generate_to(Cli::command(), dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { out_dir: None } => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            std::io::Write::write_all(&mut std::io::stdout(), &page)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn prepare(
    args: &DetectArgs,
    sub: &clap::ArgMatches,
    tally: &mut Tally,
) -> anyhow::Result<(unspin::Cleaner, Vec<cli::input::Source>)> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global()?;
    }
    let (config, _) = cli::settings::resolve(args, sub)?;
    let cleaner = unspin::Cleaner::new(config)
        .map_err(|problems| anyhow::anyhow!(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))?;
    let (sources, problems) = cli::input::collect(&args.paths, args.glob())?;
    for p in &problems {
        warn(p);
    }
    tally.problems += problems.len();
    Ok((cleaner, sources))
}

/// Exit code: 1 when anything failed, 2 when `check` found edits, else 0.
fn finish(tally: &Tally, is_check: bool) -> ExitCode {
    if tally.problems > 0 {
        warn(format!("{} problem(s); see the messages above", tally.problems));
        ExitCode::from(1)
    } else if is_check && tally.edits > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
