use clap::Parser;
use std::process::ExitCode;

mod cli;

use cli::args::{Cli, Command, DetectArgs};
use cli::engine::{warn, Tally};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut tally = Tally::default();
    let result = run(&cli, &mut tally);
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            warn(format!("{e:#}"));
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli, tally: &mut Tally) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Clean(args) => {
            let (cleaner, sources) = prepare(&args.detect, tally)?;
            cli::clean::run(args, &cleaner, &sources, tally)?;
            Ok(finish(tally, false))
        }
        Command::Check(args) => {
            let (cleaner, sources) = prepare(&args.detect, tally)?;
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
    }
}

fn prepare(args: &DetectArgs, tally: &mut Tally) -> anyhow::Result<(unspin::Cleaner, Vec<cli::input::Source>)> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global()?;
    }
    if !(0.0..=1.0).contains(&args.min_confidence) {
        anyhow::bail!("--min-confidence {} is not between 0 and 1", args.min_confidence);
    }
    let mut normalize = match &args.normalize {
        Some(repairs) => unspin::normalize::NormalizeOptions::only(repairs),
        None => unspin::normalize::NormalizeOptions::default(),
    };
    for &repair in &args.no_normalize {
        normalize.set(repair, false);
    }
    let mut config = unspin::Config {
        stages: args.stages.clone(),
        min_confidence: args.min_confidence,
        packs: args.packs.clone(),
        dict_files: args.dict_files.clone(),
        builtin_dicts: !args.no_builtin_dict,
        ..unspin::Config::default()
    };
    config.normalize = normalize;
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

// glibc's malloc spends a fifth of the run in allocation and freeing across threads; mimalloc
// halves that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
