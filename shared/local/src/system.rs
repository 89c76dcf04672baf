//! Starting and stopping the whole offline system. The listener and the data directory are
//! parameters, so tests bind `127.0.0.1:0` with a fresh directory each.
//!
//! Stopping is graceful, as a Lambda's shutdown phase and API Gateway's connection draining
//! are: the listener closes first (new connections are refused, never accepted and dropped),
//! every request already being served is answered, event delivery and state-machine executions
//! finish the step they are in — all within [`Options::shutdown_grace`]; only what is still
//! running then is cut off, and it resumes at the next start.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Query, Request, WebSocketUpgrade};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use mediclear_local_adapters::LocalStore;
use mediclear_local_adapters::directory::LocalIssuer;

use crate::data_dir::DataDirLock;
use crate::deps::LocalDeps;
use crate::embedded;
use crate::gateway::Gateway;
use crate::registry::Registry;
use crate::template::Template;
use crate::websocket::SocketApi;
use crate::workflows::{Runner, load_machine};

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub data_dir: PathBuf,
    /// Seed the demo users, policies and notes.
    pub demo: bool,
    /// With `demo`: also the health-insights demo (patients, their documents through the
    /// pipeline, a verified doctor). Tests that do not need it leave it out: its scans cost OCR.
    pub health_demo: bool,
    /// Multiplies the state machine's Retry/Wait delays (1.0 as on AWS; tests use less).
    pub time_scale: f64,
    /// How long stopping waits for in-flight requests, deliveries and executions.
    pub shutdown_grace: Duration,
    /// The sentence-embedding model's directory; `None`: the hashing embedder (see `deps::embedder`).
    pub embedding_model: Option<PathBuf>,
}

impl Options {
    /// The defaults for a data directory: no demo data, AWS's timings, 10 s to stop, the hashing
    /// embedder.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Options { data_dir: data_dir.into(), demo: false, health_demo: true, time_scale: 1.0, shutdown_grace: Duration::from_secs(10), embedding_model: None }
    }
}

/// The running system.
pub struct System {
    pub addr: SocketAddr,
    pub deps: LocalDeps,
    pub template: Template,
    /// Every function of the template, by logical id (tests invoke event functions directly).
    pub registry: Registry,
    shutdown: watch::Sender<bool>,
    shutdown_grace: Duration,
    server: JoinHandle<()>,
    background: Vec<JoinHandle<()>>,
    /// Released last, once nothing uses the directory any more.
    _lock: DataDirLock,
}

/// The analysis state machine's logical id in the template.
pub const ANALYSIS_MACHINE_URI: &str = "statemachines/preauth-analysis.asl.json";

/// Opens the data directory, waiting briefly if a previous instance in this process is still
/// letting go of it.
async fn open_store(options: &Options) -> anyhow::Result<LocalStore> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match LocalStore::open(&options.data_dir) {
            Ok(store) => return Ok(store),
            Err(e) if e.is_locked() && tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Starts the system on `listener`.
pub async fn start(listener: TcpListener, options: Options) -> anyhow::Result<System> {
    let template = Template::parse(embedded::TEMPLATE)?;
    let machine_def = template
        .state_machines
        .iter()
        .find(|m| m.definition_uri.trim_start_matches("./") == ANALYSIS_MACHINE_URI)
        .ok_or_else(|| anyhow::anyhow!("template.yaml has no state machine for {ANALYSIS_MACHINE_URI}"))?
        .clone();
    let definition = embedded::state_machine(&machine_def.definition_uri).ok_or_else(|| anyhow::anyhow!("{} is missing", machine_def.definition_uri))?;
    let machine = load_machine(&machine_def, definition)?;
    let pipeline_def = template
        .state_machines
        .iter()
        .find(|m| m.logical_id == crate::deps::PIPELINE_MACHINE)
        .ok_or_else(|| anyhow::anyhow!("template.yaml has no {}", crate::deps::PIPELINE_MACHINE))?
        .clone();
    let pipeline_text = embedded::state_machine(&pipeline_def.definition_uri).ok_or_else(|| anyhow::anyhow!("{} is missing", pipeline_def.definition_uri))?;
    let pipeline = load_machine(&pipeline_def, pipeline_text)?;

    let embedder = crate::deps::embedder(options.embedding_model.as_deref()).await?;
    let lock = DataDirLock::acquire(&options.data_dir)?;
    let store = open_store(&options).await?;
    let issuer = LocalIssuer::load_or_create(&options.data_dir)?;
    let public_url = format!("http://{}", listener.local_addr()?);
    let deps = LocalDeps::with_engines(store.clone(), issuer.clone(), &machine_def.logical_id, embedder, crate::deps::ocr().await, Some(public_url));
    let registry = Registry::for_template(&template, &deps)?;

    let (shutdown, shutdown_rx) = watch::channel(false);
    let mut background = Vec::new();
    for source in &template.stream_sources {
        anyhow::ensure!(source.table == "CasesTable", "the offline runtime streams only CasesTable, not {}", source.table);
        background.push(tokio::spawn(crate::events::pump_case_stream(store.clone(), registry.clone(), source.clone(), shutdown_rx.clone())));
    }
    background.push(tokio::spawn(crate::events::pump_s3_events(store.clone(), registry.clone(), template.clone(), shutdown_rx.clone())));
    background.push(tokio::spawn(crate::events::pump_queues(store.clone(), registry.clone(), template.clone(), shutdown_rx.clone())));
    let runner = Runner::new(store.clone(), registry.clone(), machine, &machine_def.logical_id, options.time_scale);
    // The runner cuts off what is still running a little before the stop's own deadline, so it
    // can record those runs as cut off (not crashed) before it is aborted.
    let runner_grace = options.shutdown_grace.mul_f64(0.8);
    background.push(tokio::spawn(runner.run_until(deps.workflow_wake.clone(), shutdown_rx.clone(), runner_grace)));
    let pipeline_runner = Runner::new(store.clone(), registry.clone(), pipeline, &pipeline_def.logical_id, options.time_scale);
    background.push(tokio::spawn(pipeline_runner.run_until(deps.pipeline_wake.clone(), shutdown_rx.clone(), runner_grace)));

    let recovered = crate::workflows::recover_cases(&deps).await?;
    if recovered > 0 {
        tracing::info!(recovered, "restarted the analysis of cases a previous run left unfinished");
    }
    if options.demo {
        crate::demo::seed(&deps, options.health_demo).await?;
    }

    let registry_handle = registry.clone();
    let gateway = Gateway::new(&template.rest_routes, registry.clone(), issuer);
    let sockets = SocketApi::new(&template.socket_routes, template.socket_authorizer.clone(), registry, deps.pusher.clone(), shutdown_rx.clone());
    // The OpenAPI document of the routes above (the repository's openapi.json). Offline only:
    // it lives outside /api/v1, like /ws, because API Gateway does not serve it.
    let openapi = axum::body::Bytes::from(mediclear_handlers::openapi::to_json());
    let app = Router::new()
        .route(
            "/openapi.json",
            get(move || {
                let body = openapi.clone();
                async move { ([(http::header::CONTENT_TYPE, "application/json")], body) }
            }),
        )
        // Upload links (`POST /documents/upload-url`): S3's presigned PUT, offline.
        .route(
            "/local-s3/{*key}",
            axum::routing::put(crate::uploads::receive).get(crate::uploads::serve).with_state(deps.blobs.clone()).layer(axum::extract::DefaultBodyLimit::max(crate::uploads::MAX_BYTES)),
        )
        .route(
            "/ws",
            get(move |ws: WebSocketUpgrade, peer: ConnectInfo<SocketAddr>, query: Query<std::collections::HashMap<String, String>>| async move {
                sockets.upgrade(ws, peer, query).await
            }),
        )
        // The console at `/`, the API docs at `/docs`, the metrics at `/metrics` (offline only).
        .merge(crate::web::routes())
        .fallback(move |peer: ConnectInfo<SocketAddr>, request: Request| async move { gateway.handle(peer, request).await });

    let addr = listener.local_addr()?;
    let mut signal = shutdown_rx;
    let server = tokio::spawn(async move {
        let serving = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(async move {
            let _ = signal.wait_for(|stop| *stop).await;
        });
        if let Err(e) = serving.await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(System { addr, deps, template, registry: registry_handle, shutdown, shutdown_grace: options.shutdown_grace, server, background, _lock: lock })
}

impl System {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops gracefully (see the module doc) and lets go of the data directory.
    pub async fn stop(self) {
        let deadline = tokio::time::Instant::now() + self.shutdown_grace;
        let _ = self.shutdown.send(true);
        let mut server = self.server;
        if tokio::time::timeout_at(deadline, &mut server).await.is_err() {
            tracing::warn!("requests still in flight at the shutdown deadline were cut off");
            server.abort();
        }
        for mut task in self.background {
            // Each background task stops by itself at the signal, after its current step.
            if tokio::time::timeout_at(deadline, &mut task).await.is_err() {
                task.abort();
                let _ = task.await;
            }
        }
    }
}
