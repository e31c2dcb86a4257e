//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use unspin::Stage;

#[derive(Parser, Debug)]
#[command(
    name = "unspin",
    version,
    about = "Repair spun, OCR-garbled and mis-encoded English text, with a reversible report of every edit",
    long_about = "unspin reverses article-spinner substitutions (\"mentioned\" for \"said\", \"live performance\" \
                  for \"concert\"), repairs OCR misreadings and broken encodings. Every change is an edit with \
                  its span, rule, confidence and reason; reports can be reviewed, filtered and re-applied.",
    after_help = "Exit codes: 0 success (check: nothing found), 1 error, 2 check found edits."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Clean files, folders, stdin (-) or JSON Lines shards.
    Clean(CleanArgs),
    /// Report proposed edits without writing anything (exit 2 when there are some).
    Check(CheckArgs),
    /// Apply a (reviewed) report to its inputs without re-running detection.
    Apply(ApplyArgs),
    /// Learn a spinner's substitution map from spun documents, as a reviewable dictionary.
    Learn(LearnArgs),
    /// Validate or list dictionaries.
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
}

/// Options shared by `clean` and `check`: what to read and how to detect.
#[derive(Args, Debug, Clone)]
pub struct DetectArgs {
    /// Files or folders (recursive) to read; `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// File-name glob for files found in folders.
    #[arg(long, value_name = "GLOB", default_value = "*.txt")]
    pub glob: String,
    /// Treat inputs as JSON Lines records (one JSON object a line).
    #[arg(long)]
    pub jsonl: bool,
    /// JSON Lines field holding the text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// JSON Lines field holding the record id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// Stages to run, comma-separated.
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "normalize,spin")]
    pub stages: Vec<Stage>,
    /// Apply only edits at least this confident (0 to 1).
    #[arg(long, value_name = "X", default_value_t = 0.5)]
    pub min_confidence: f32,
    /// Built-in dictionary packs for the spin stage, comma-separated.
    #[arg(long = "dict", value_name = "PACKS", value_delimiter = ',', default_value = "news")]
    pub packs: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    #[command(flatten)]
    pub detect: DetectArgs,
    /// Write each cleaned file under DIR, with the same relative path and name.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["write", "diff"])]
    pub out_dir: Option<PathBuf>,
    /// Rewrite changed files in place (atomically).
    #[arg(long, conflicts_with = "diff")]
    pub write: bool,
    /// Print a unified diff instead of writing.
    #[arg(long)]
    pub diff: bool,
    /// Write the JSON report of all edits to FILE (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `path:line:col: before → after (rule, confidence)`
    Text,
    /// One JSON report.
    Json,
    /// One JSON object per edit.
    Jsonl,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub detect: DetectArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
}

#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// The report to apply (from `clean --report` or `check --format json`).
    #[arg(long, value_name = "FILE")]
    pub report: PathBuf,
    /// Edit ids to leave out, comma-separated.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub reject: Vec<String>,
    /// Apply only edits at least this confident.
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f32>,
    /// Write results under DIR instead of rewriting the inputs in place.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Check dictionaries for format errors, self-maps, duplicates, order and cycles.
    Check {
        /// TSV files to check (default: the built-in packs).
        files: Vec<PathBuf>,
    },
    /// List the entries of built-in packs as TSV.
    List {
        /// Packs to list, comma-separated.
        #[arg(long = "dict", value_name = "PACKS", value_delimiter = ',', default_value = "news")]
        packs: Vec<String>,
    },
}

#[derive(Args, Debug)]
#[command(after_help = "Reads unlabelled spun documents and proposes `spun -> original` pairs whose \
    frequencies and contexts diverge from reference English the way a context-blind thesaurus spinner \
    makes them diverge. The output is a dictionary in the `dictionaries/` TSV format with the evidence of \
    each pair in its source column; review it, then use it with `unspin dict check`. See docs/learn.md.")]
pub struct LearnArgs {
    /// Spun documents: files or folders (recursive); `-` for stdin.
    #[arg(required = true, value_name = "CORPUS")]
    pub corpus: Vec<PathBuf>,
    /// Where to write the learned dictionary (`-` for stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: PathBuf,
    /// File-name glob for files found in folders.
    #[arg(long, value_name = "GLOB", default_value = "*.txt")]
    pub glob: String,
    /// Propose pairs at least this probable (0 to 1; 0.99 = posterior odds of 100 to 1).
    #[arg(long, value_name = "X", default_value_t = 0.99)]
    pub min_confidence: f64,
    /// Consider spun phrases seen at least this often (a spinner is consistent: one sighting says little).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_occurrences: usize,
}
