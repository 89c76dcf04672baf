//! `mediclear-local` — the whole MediClear system offline.
//!
//! ```text
//! mediclear-local [--listen 127.0.0.1:3000] [--data-dir DIR] [--demo]
//! mediclear-local demo [--url http://127.0.0.1:3000]
//! ```

use std::path::PathBuf;

use anyhow::Context;

use mediclear_local::system::{Options, start};

const USAGE: &str = "usage:
  mediclear-local [--listen ADDR] [--data-dir DIR] [--demo]   run the system (default 127.0.0.1:3000, ./.mediclear-local)
  mediclear-local demo [--url URL]                           guided tour: provider files a case, insurer approves
                                                             (without --url, starts a system with demo data in a temporary directory)";

struct Args {
    command: Option<String>,
    listen: String,
    data_dir: PathBuf,
    demo: bool,
    url: Option<String>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args { command: None, listen: "127.0.0.1:3000".into(), data_dir: PathBuf::from(".mediclear-local"), demo: false, url: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--listen" => args.listen = it.next().context("--listen needs an address")?,
            "--data-dir" => args.data_dir = PathBuf::from(it.next().context("--data-dir needs a directory")?),
            "--demo" => args.demo = true,
            "--url" => args.url = Some(it.next().context("--url needs a URL")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "demo" if args.command.is_none() => args.command = Some(arg),
            other => anyhow::bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| "warn,mediclear=info".into()))
        .with_writer(std::io::stderr)
        .init();
    let args = parse_args()?;
    if args.command.as_deref() == Some("demo") {
        if let Some(url) = args.url {
            return mediclear_local::walkthrough::run(&url).await;
        }
        let dir = std::env::temp_dir().join(format!("mediclear-demo-{}", std::process::id()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("starting MediClear with demo data in {} …", dir.display());
        let system = start(listener, Options { data_dir: dir.clone(), demo: true, time_scale: 1.0 }).await?;
        let result = mediclear_local::walkthrough::run(&system.url()).await;
        system.stop().await;
        let _ = std::fs::remove_dir_all(&dir);
        return result;
    }
    let listener = tokio::net::TcpListener::bind(&args.listen).await.with_context(|| format!("cannot listen on {}", args.listen))?;
    let system = start(listener, Options { data_dir: args.data_dir.clone(), demo: args.demo, time_scale: 1.0 })
        .await
        .with_context(|| format!("cannot start with data directory {}", args.data_dir.display()))?;
    println!("listening on http://{}", system.addr);
    tokio::signal::ctrl_c().await?;
    system.stop().await;
    Ok(())
}
