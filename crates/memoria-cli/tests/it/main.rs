//! The `memoria` command as a person or a script uses it: the real binary, a real
//! data directory, real files, and PostgreSQL when `MEMORIA_TEST_POSTGRES_URL` is set.

mod analysis;
mod backup;
mod commands;
mod evidence;
mod faults;
mod kill;
mod log;
mod publish;
mod serve;
mod upload;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `memoria` binary with a clean environment: no `MEMORIA_*` variable from the
/// developer's shell leaks into a test.
pub fn memoria() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_memoria"));
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("MEMORIA_") {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// The `memoria` binary pointed at the data directory `data`.
pub fn memoria_at(data: &Path) -> Command {
    let mut cmd = memoria();
    cmd.arg("--data").arg(data);
    cmd
}

/// Runs `cmd`, asserts success, returns (stdout, stderr).
pub fn ok(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().expect("running memoria");
    let (stdout, stderr) = texts(&out);
    assert!(
        out.status.success(),
        "memoria failed ({:?}):\n{stderr}",
        out.status
    );
    (stdout, stderr)
}

/// Runs `cmd`, asserts failure, returns stderr.
pub fn fails(cmd: &mut Command) -> String {
    let out = cmd.output().expect("running memoria");
    let (_, stderr) = texts(&out);
    assert!(
        !out.status.success(),
        "memoria should have failed:\n{stderr}"
    );
    stderr
}

fn texts(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn data_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Where a test keeps its store: a data directory, or a fresh PostgreSQL database.
pub enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres(tempfile::TempDir, memoria_testkit::FreshPostgres),
}

impl Backend {
    pub fn sqlite() -> Backend {
        Backend::Sqlite(tempfile::tempdir().unwrap())
    }

    pub fn postgres() -> Option<Backend> {
        memoria_testkit::fresh_postgres()
            .map(|pg| Backend::Postgres(tempfile::tempdir().unwrap(), pg))
    }

    /// Both backends that this run can use.
    pub fn all() -> Vec<Backend> {
        let mut v = vec![Backend::sqlite()];
        v.extend(Backend::postgres());
        v
    }

    pub fn dir(&self) -> &Path {
        match self {
            Backend::Sqlite(d) | Backend::Postgres(d, _) => d.path(),
        }
    }

    /// `memoria` pointed at this store.
    pub fn memoria(&self) -> Command {
        let mut cmd = memoria();
        cmd.arg("--data").arg(self.dir());
        if let Backend::Postgres(_, pg) = self {
            cmd.arg("--database").arg(&pg.url);
        }
        cmd
    }

    /// The whole store as JSON Lines, to compare states.
    pub fn export(&self) -> Vec<u8> {
        let out = self
            .dir()
            .join(format!("export-{}.jsonl", std::process::id()));
        ok(self
            .memoria()
            .args(["export", "--format", "jsonl", "--out"])
            .arg(&out));
        let bytes = std::fs::read(&out).unwrap();
        std::fs::remove_file(&out).unwrap();
        bytes
    }
}
