//! `mediclear-local` — the whole MediClear system offline.
//!
//! ```text
//! mediclear-local [--listen 127.0.0.1:3000] [--data-dir DIR] [--demo] [--model-dir DIR]
//! mediclear-local demo [--url http://127.0.0.1:3000]
//! mediclear-local context < pairs.tsv
//! ```
//!
//! Documents and queries are embedded with the sentence-embedding model in `--model-dir`
//! (default `$MEDICLEAR_MODEL_DIR`, else `.models/all-MiniLM-L6-v2`, where
//! `scripts/fetch-model.sh` puts it); without one, with the hashing embedder, after one warning.
//!
//! Logs go to `<data dir>/mediclear-local.log`, so the terminal shows what a person needs (the
//! address, the walkthrough's story); with `RUST_LOG` set they go to stderr at that filter.
//! SIGINT (Ctrl-C) and SIGTERM both stop the system gracefully (see `system`).

use std::path::{Path, PathBuf};

use anyhow::Context;

use mediclear_local::system::{Options, start};

/// The log file's name in the data directory.
const LOG_FILE: &str = "mediclear-local.log";

const USAGE: &str = "usage:
  mediclear-local [--listen ADDR] [--data-dir DIR] [--demo]   run the system (default 127.0.0.1:3000, ./.mediclear-local)
                  [--model-dir DIR]                          embedding model (default $MEDICLEAR_MODEL_DIR, else ./.models/all-MiniLM-L6-v2)
  mediclear-local demo [--url URL]                           guided tour: provider files a case, insurer approves
                                                             (without --url, starts a system with demo data in a temporary directory)
  mediclear-local context < pairs.tsv                        condition<TAB>sentence lines in, negation<TAB>temporality<TAB>experiencer lines out";

struct Args {
    command: Option<String>,
    listen: String,
    data_dir: PathBuf,
    demo: bool,
    url: Option<String>,
    model_dir: Option<PathBuf>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args { command: None, listen: "127.0.0.1:3000".into(), data_dir: PathBuf::from(".mediclear-local"), demo: false, url: None, model_dir: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--listen" => args.listen = it.next().context("--listen needs an address")?,
            "--data-dir" => args.data_dir = PathBuf::from(it.next().context("--data-dir needs a directory")?),
            "--demo" => args.demo = true,
            "--url" => args.url = Some(it.next().context("--url needs a URL")?),
            "--model-dir" => args.model_dir = Some(PathBuf::from(it.next().context("--model-dir needs a directory")?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "demo" | "context" if args.command.is_none() => args.command = Some(arg),
            other => anyhow::bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    Ok(args)
}

/// `context`: reads `condition<TAB>sentence` lines from stdin and writes one
/// `negation<TAB>temporality<TAB>experiencer` line for each (`mediclear_domain::clinical_context`).
/// A blank line, a line without a tab or with an empty side stops the run with its line number
/// (never its text, which is clinical); the lines before it have been answered.
fn context_command() -> anyhow::Result<()> {
    use std::io::{BufRead, Write};
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let number = i + 1;
        let line = line.with_context(|| format!("cannot read line {number} of stdin"))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let pair = match line.split_once('\t') {
            _ if line.trim().is_empty() => Err("is blank"),
            None => Err("has no tab"),
            Some((condition, sentence)) if condition.trim().is_empty() || sentence.trim().is_empty() => Err("has an empty condition or sentence"),
            Some(pair) => Ok(pair),
        };
        let (condition, sentence) = match pair {
            Ok(pair) => pair,
            // Said plainly, like a data directory in use: no chain of contexts, no backtrace.
            Err(problem) => {
                out.flush()?;
                eprintln!("mediclear-local context: line {number} {problem}: expected condition<TAB>sentence");
                std::process::exit(1);
            }
        };
        let context = mediclear_domain::clinical_context::assess(sentence, condition);
        // The physicians' format is two-valued: a possible condition ("suspicious for") is not negated.
        let negation = if context.negation == mediclear_domain::clinical_context::Negation::Negated { "Negated" } else { "Affirmed" };
        writeln!(out, "{negation}\t{}\t{}", context.temporality.as_str(), context.experiencer.as_str())?;
    }
    out.flush()?;
    Ok(())
}

/// Logs to stderr when `RUST_LOG` is set, else to the log file in `data_dir`. Returns the file.
fn init_logging(data_dir: &Path) -> anyhow::Result<Option<PathBuf>> {
    let builder = tracing_subscriber::fmt();
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG") {
        builder.with_env_filter(filter).with_writer(std::io::stderr).init();
        return Ok(None);
    }
    std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
    let path = data_dir.join(LOG_FILE);
    let file = std::fs::OpenOptions::new().create(true).append(true).open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    builder
        .with_env_filter(tracing_subscriber::EnvFilter::new("warn,mediclear=info"))
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .init();
    Ok(Some(path))
}

/// The embedding model's directory when it exists; else `None`, after one loud line (retrieval
/// still works, with the hashing embedder).
fn embedding_model(flag: Option<PathBuf>) -> Option<PathBuf> {
    let dir = mediclear_embedding_model::model_dir::resolve(flag);
    if dir.is_dir() {
        return Some(dir);
    }
    println!("WARNING: no embedding model at {}: run scripts/fetch-model.sh; falling back to the hashing embedder (lower retrieval quality)", dir.display());
    None
}

/// SIGINT and SIGTERM (what `kill`, systemd and container runtimes send), listened for from the
/// moment this is built: built before the runtime says it is listening, so a stop sent right
/// after that line is never missed.
struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals { term: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// Resolves at the first of them; names it.
    async fn received(mut self) -> anyhow::Result<&'static str> {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => Ok("SIGINT"),
                _ = self.term.recv() => Ok("SIGTERM"),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await?;
            Ok("Ctrl-C")
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    if args.command.as_deref() == Some("context") {
        return context_command();
    }
    if args.command.as_deref() == Some("demo") {
        if let Some(url) = args.url {
            // Only a client: it logs nothing unless asked to.
            if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG") {
                tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
            }
            return mediclear_local::walkthrough::run(&url).await;
        }
        let dir = std::env::temp_dir().join(format!("mediclear-demo-{}", std::process::id()));
        let log = init_logging(&dir)?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("starting MediClear with demo data in {} …", dir.display());
        let options = Options { demo: true, embedding_model: embedding_model(args.model_dir), ..Options::new(&dir) };
        let system = start(listener, options).await?;
        let result = mediclear_local::walkthrough::run(&system.url()).await;
        system.stop().await;
        match (&result, log) {
            // Keep the directory when something went wrong: its log says what.
            (Err(_), Some(log)) => eprintln!("the runtime's log is in {}", log.display()),
            _ => {
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
        return result;
    }
    let log = init_logging(&args.data_dir)?;
    let listener = tokio::net::TcpListener::bind(&args.listen).await.with_context(|| format!("cannot listen on {}", args.listen))?;
    let options = Options { demo: args.demo, embedding_model: embedding_model(args.model_dir), ..Options::new(&args.data_dir) };
    let system = match start(listener, options).await {
        Ok(system) => system,
        // Said plainly, without a chain of contexts: the user has another runtime to stop.
        Err(e) if e.downcast_ref::<mediclear_local::data_dir::DataDirError>().is_some_and(|e| matches!(e, mediclear_local::data_dir::DataDirError::InUse { .. })) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
        Err(e) => return Err(e.context(format!("cannot start with data directory {}", args.data_dir.display()))),
    };
    let signals = StopSignals::install()?;
    println!("listening on http://{}", system.addr);
    if let Some(log) = log {
        println!("logs: {} (set RUST_LOG to log to the terminal instead)", log.display());
    }
    let signal = signals.received().await?;
    println!("{signal}: stopping (finishing requests in flight) …");
    system.stop().await;
    println!("stopped");
    Ok(())
}
