//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use unspin::normalize::Repair;
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
    /// Score repairs against gold restorations (the figures of shared/eval/score.py).
    Eval(EvalArgs),
    /// Validate or list dictionaries.
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(hide = true)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write pages for every subcommand into a folder.
    #[command(hide = true)]
    Man {
        /// Write unspin.1, unspin-clean.1, … into DIR.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

/// Options shared by `clean` and `check`: what to read and how to detect.
#[derive(Args, Debug, Clone)]
pub struct DetectArgs {
    /// Files or folders (recursive) to read; `-` for stdin.
    #[arg(required_unless_present = "dump_config", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// File-name glob for files found in folders [default: *.txt, or with --jsonl
    /// *.{jsonl,jsonl.gz,jsonl.zst}].
    #[arg(long, value_name = "GLOB")]
    pub glob: Option<String>,
    /// Treat inputs as JSON Lines records (one JSON object a line); gzip and zstd shards are
    /// read and written compressed.
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
    /// Normalize repairs to run, comma-separated: entities, mojibake, c1, ligatures, width,
    /// controls, invisibles, hyphenation [default: all but width and hyphenation]. See docs/normalize.md.
    #[arg(long = "normalize", value_name = "LIST", value_delimiter = ',')]
    pub normalize: Option<Vec<Repair>>,
    /// Normalize repairs to switch off, comma-separated.
    #[arg(long = "no-normalize", value_name = "LIST", value_delimiter = ',')]
    pub no_normalize: Vec<Repair>,
    /// Apply only edits at least this confident (0 to 1). The OCR stage's edits state a calibrated
    /// probability of being right and all pass unless this is given (docs/ocr.md, round 17)
    #[arg(long, value_name = "X", default_value_t = 0.5)]
    pub min_confidence: f32,
    /// Built-in dictionary packs for the spin stage, comma-separated.
    #[arg(long = "dict", value_name = "PACKS", value_delimiter = ',', default_value = "news")]
    pub packs: Vec<String>,
    /// Spin evidence a document needs before the spin stage edits it: renderings of the
    /// dictionary, a broken article ("a uncommon") counting two [default: 1]. 2 or 3 leaves short
    /// clean records (headlines, single lines) alone, at the price of short spun ones.
    #[arg(long, value_name = "N")]
    pub spin_min_evidence: Option<f64>,
    /// Pass documents (files, records) larger than N bytes through unchanged, with a warning;
    /// 0 for no limit. Bounds the memory and time one pathological document can take.
    #[arg(long, value_name = "N", default_value_t = 32 << 20)]
    pub max_doc_bytes: usize,
    /// A user dictionary (TSV, format in dictionaries/README.md) added to the built-in packs;
    /// repeatable.
    #[arg(long = "dict-file", value_name = "FILE")]
    pub dict_files: Vec<PathBuf>,
    /// Use only --dict-file dictionaries, not the built-in packs.
    #[arg(long)]
    pub no_builtin_dict: bool,
    /// Settings file (default: the nearest unspin.toml, .unspin.toml or pyproject.toml with
    /// [tool.unspin], from the current folder upward). Flags override it.
    #[arg(long, value_name = "FILE", help_heading = "Settings")]
    pub config: Option<PathBuf>,
    /// Ignore settings files.
    #[arg(long, conflicts_with = "config", help_heading = "Settings")]
    pub no_config: bool,
    /// Print the effective settings (defaults, file, flags) as TOML and exit.
    #[arg(long, help_heading = "Settings")]
    pub dump_config: bool,
    /// Never change this word or phrase (case-insensitive); repeatable.
    #[arg(long = "ignore-word", value_name = "WORD", help_heading = "Settings")]
    pub ignore_words: Vec<String>,
    /// Never change text matching this regular expression; repeatable.
    #[arg(long = "ignore-pattern", value_name = "REGEX", help_heading = "Settings")]
    pub ignore_patterns: Vec<String>,
    /// Do not honour unspin:ignore-line / unspin:ignore-start … unspin:ignore-end markers.
    #[arg(long, help_heading = "Settings")]
    pub no_ignore_markers: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
}

impl DetectArgs {
    /// The glob for files found in folders, defaulting by input kind.
    pub fn glob(&self) -> &str {
        match &self.glob {
            Some(g) => g,
            None if self.jsonl => "*.{jsonl,jsonl.gz,jsonl.zst}",
            None => "*.txt",
        }
    }
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    #[command(flatten)]
    pub detect: DetectArgs,
    /// Write each cleaned file under DIR, with the same relative path and name.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["write", "diff"])]
    pub out_dir: Option<PathBuf>,
    /// With --out-dir: skip inputs already cleaned by an earlier (interrupted) run, as recorded
    /// in DIR/.unspin-journal, when neither the input nor the output changed since.
    #[arg(long, requires = "out_dir")]
    pub resume: bool,
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
    /// A self-contained review page: edits inline, filters, accept/reject, export of decisions.
    Html,
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
    #[arg(long, value_name = "FILE", required_unless_present = "decisions")]
    pub report: Option<PathBuf>,
    /// Decisions exported from the review page (`check --format html`): rejected edits are left
    /// out. The file carries its report, so --report is not needed.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// With --decisions: apply only the edits the reviewer accepted (undecided ones are left out).
    #[arg(long, requires = "decisions")]
    pub only_accepted: bool,
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
    /// Write dictionaries in a format other tools read (to stdout).
    Export {
        #[arg(long, value_enum, default_value = "tsv")]
        format: DictFormatArg,
        /// Built-in packs to export, comma-separated.
        #[arg(long = "dict", value_name = "PACKS", value_delimiter = ',', default_value = "news")]
        packs: Vec<String>,
        /// User dictionaries (TSV) to export as well; repeatable.
        #[arg(long = "dict-file", value_name = "FILE")]
        dict_files: Vec<PathBuf>,
        /// Export only the --dict-file dictionaries.
        #[arg(long)]
        no_builtin_dict: bool,
    },
    /// Convert another tool's dictionary into unspin's TSV (to stdout), ready for --dict-file.
    Import {
        #[arg(long, value_enum)]
        format: DictFormatArg,
        /// Confidence given to imported entries (formats without one).
        #[arg(long, value_name = "X", default_value_t = 0.9)]
        confidence: f32,
        /// The file to read (`-` for stdin).
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DictFormatArg {
    /// unspin's TSV: spun, original, confidence, when, source.
    Tsv,
    /// A JSON array of {spun, original, confidence, when, source}.
    Json,
    /// codespell dictionary lines `typo->fix` (entries with conditions are left out).
    Codespell,
    /// LanguageTool replace.txt lines `wrong=right` (entries with conditions are left out).
    Languagetool,
}

impl From<DictFormatArg> for unspin::dict_format::DictFormat {
    fn from(f: DictFormatArg) -> Self {
        use unspin::dict_format::DictFormat;
        match f {
            DictFormatArg::Tsv => DictFormat::Tsv,
            DictFormatArg::Json => DictFormat::Json,
            DictFormatArg::Codespell => DictFormat::Codespell,
            DictFormatArg::Languagetool => DictFormat::LanguageTool,
        }
    }
}

/// `unspin eval`: score.py's figures, computed in Rust; cleans the input itself unless `--output`
/// gives repairs made before.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["input", "clean"])))]
pub struct EvalArgs {
    /// Spun (damaged) file or folder; scored against --gold.
    #[arg(long, value_name = "PATH", requires = "gold")]
    pub input: Option<PathBuf>,
    /// Gold restorations: a file, or a folder with files named as in --input.
    #[arg(long, value_name = "PATH")]
    pub gold: Option<PathBuf>,
    /// Clean (undamaged) file or folder: every edit counts as false.
    #[arg(long, value_name = "PATH", conflicts_with = "input")]
    pub clean: Option<PathBuf>,
    /// Repairs to score, named as the inputs (default: clean the inputs now).
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Print score.py's JSON.
    #[arg(long)]
    pub json: bool,
    /// Stages to run when cleaning, comma-separated.
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "normalize,spin")]
    pub stages: Vec<Stage>,
    /// Apply only edits at least this confident (0 to 1; default 0.5). Given, it judges the OCR
    /// stage's calibrated edits too, as `clean --min-confidence` does
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f32>,
    /// Built-in dictionary packs for the spin stage, comma-separated.
    #[arg(long = "dict", value_name = "PACKS", value_delimiter = ',', default_value = "news")]
    pub packs: Vec<String>,
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
