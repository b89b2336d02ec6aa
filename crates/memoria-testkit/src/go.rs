//! Building the Go programs that independently check Memoria's transparency log
//! (`tests/go` of a crate), with Go's `golang.org/x/mod/sumdb` from Debian's
//! golang-golang-x-mod-dev: offline, with the one dependency from Debian's copy.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian's golang-golang-x-mod-dev puts the module (the `replace` in go.mod).
pub const XMOD: &str = "/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog";

fn go_required() -> bool {
    ["MEMORIA_REQUIRE_GO", "MEMORIA_REQUIRE_VALIDATORS"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Builds the Go program in `source` into `out`; `None` (after saying so) when Go or
/// Debian's x/mod is missing, unless `MEMORIA_REQUIRE_GO` or
/// `MEMORIA_REQUIRE_VALIDATORS` is set (as CI sets it), when the test fails instead.
pub fn build_go_program(source: &Path, out: &Path) -> Option<PathBuf> {
    let go = Command::new("go").arg("version").output();
    if !(matches!(go, Ok(o) if o.status.success()) && Path::new(XMOD).is_dir()) {
        assert!(
            !go_required(),
            "MEMORIA_REQUIRE_GO or MEMORIA_REQUIRE_VALIDATORS is set but `go` or {XMOD} is \
             missing: apt-get install -y golang-go golang-golang-x-mod-dev"
        );
        eprintln!("note: skipping the Go check (install golang-go and golang-golang-x-mod-dev)");
        return None;
    }
    let mut build = Command::new("go");
    build
        .arg("build")
        .arg("-o")
        .arg(out)
        .arg(".")
        .current_dir(source)
        // Offline and hermetic: the one dependency is Debian's copy (see go.mod).
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .env("GOSUMDB", "off")
        .env("GOWORK", "off")
        .env("GO111MODULE", "on");
    if std::env::var_os("GOCACHE").is_none() && std::env::var_os("HOME").is_none() {
        build.env("GOCACHE", std::env::temp_dir().join("memoria-go-cache"));
    }
    let result = build.output().expect("running go build");
    assert!(
        result.status.success(),
        "building the Go program in {} failed:\n{}",
        source.display(),
        String::from_utf8_lossy(&result.stderr)
    );
    Some(out.to_path_buf())
}
