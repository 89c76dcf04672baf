//! Starting a function binary the way Lambda starts `bootstrap`: a clean environment with the
//! variables the Lambda service sets (`AWS_LAMBDA_RUNTIME_API`, function name, memory, version,
//! log format, region, credentials), the endpoints of the emulated stack, and the function's own
//! variables from the template. Nothing is inherited from the shell, so a variable the function
//! forgot to declare in `template.yaml` fails here as it would on AWS.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Instant;

use anyhow::Context;

/// A running function process.
pub struct LambdaProcess {
    child: Child,
    /// Taken immediately before `spawn`.
    pub spawned_at: Instant,
}

/// How to start one function.
#[derive(Debug, Clone)]
pub struct Launch {
    pub binary: PathBuf,
    pub function_name: String,
    pub memory_mb: u64,
    /// Endpoints and the template's variables, already resolved.
    pub variables: Vec<(String, String)>,
    /// Where the process's stdout and stderr (its JSON logs) go.
    pub log: PathBuf,
    /// `AWS_LAMBDA_LOG_LEVEL` (template.yaml: `ApplicationLogLevel: INFO`).
    pub log_level: String,
}

impl Launch {
    fn lambda_environment(&self, runtime_api: &str) -> Vec<(String, String)> {
        let today = chrono::Utc::now().format("%Y/%m/%d");
        let stream = &uuid::Uuid::new_v4().simple().to_string()[..32];
        let task_root = self.binary.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut vars: Vec<(String, String)> = [
            ("AWS_LAMBDA_RUNTIME_API", runtime_api.to_string()),
            ("AWS_LAMBDA_FUNCTION_NAME", self.function_name.clone()),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", self.memory_mb.to_string()),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_string()),
            ("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{}", self.function_name)),
            ("AWS_LAMBDA_LOG_STREAM_NAME", format!("{today}/[$LATEST]{stream}")),
            // template.yaml: LoggingConfig LogFormat JSON.
            ("AWS_LAMBDA_LOG_FORMAT", "JSON".to_string()),
            ("AWS_LAMBDA_LOG_LEVEL", self.log_level.clone()),
            ("AWS_REGION", crate::stack::REGION.to_string()),
            ("AWS_DEFAULT_REGION", crate::stack::REGION.to_string()),
            ("AWS_ACCESS_KEY_ID", "testing".to_string()),
            ("AWS_SECRET_ACCESS_KEY", "testing".to_string()),
            ("AWS_SESSION_TOKEN", "testing".to_string()),
            ("AWS_EXECUTION_ENV", "AWS_Lambda_provided.al2023".to_string()),
            ("LAMBDA_TASK_ROOT", task_root.display().to_string()),
            ("_HANDLER", "bootstrap".to_string()),
            ("TZ", ":UTC".to_string()),
            ("LANG", "en_US.UTF-8".to_string()),
            ("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        vars.extend(self.variables.iter().cloned());
        // `--log-level` sets both variables the functions read (`AWS_LAMBDA_LOG_LEVEL` first).
        if !self.log_level.eq_ignore_ascii_case("INFO") {
            vars.retain(|(k, _)| k != "RUST_LOG");
            vars.push(("RUST_LOG".into(), self.log_level.to_ascii_lowercase()));
        }
        vars
    }

    /// Starts the function against the runtime API at `runtime_api` (`host:port`).
    pub fn spawn(&self, runtime_api: &str) -> anyhow::Result<LambdaProcess> {
        let log = OpenOptions::new().create(true).append(true).open(&self.log).with_context(|| format!("opening {}", self.log.display()))?;
        let mut command = Command::new(&self.binary);
        command
            .env_clear()
            .envs(self.lambda_environment(runtime_api))
            .current_dir(self.binary.parent().unwrap_or(Path::new(".")))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let spawned_at = Instant::now();
        let child = command.spawn().with_context(|| format!("starting {}", self.binary.display()))?;
        Ok(LambdaProcess { child, spawned_at })
    }
}

impl LambdaProcess {
    /// The exit status if the process has ended.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Ends the process (SIGKILL: a Lambda sandbox is frozen or discarded, never asked to stop).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
