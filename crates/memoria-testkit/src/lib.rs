//! Test support shared by every crate's tests; never a dependency of product code.
//!
//! - [`shared_data`]: the one place that knows where the real public data sets are.
//! - [`fresh_postgres`]: a new, empty PostgreSQL database for one test, dropped after.
//! - [`build_go_program`]: the Go checkers of the transparency log, built offline.
//! - [`noise`]: bytes that never repeat, standing in for recordings.

mod go;

pub use go::build_go_program;

use std::path::PathBuf;

/// `len` bytes of xorshift noise from `seed`: a stand-in for a recording that nothing
/// compresses or deduplicates away, different for each seed.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(len + 8);
    let mut x = seed | 1;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// The folder of real public data sets (`../shared/data` beside the repository, or
/// `MEMORIA_SHARED_DATA`). `None` on a bare clone, so tests that need it can skip;
/// but when `MEMORIA_REQUIRE_SHARED_DATA` is set (CI sets it), a missing folder fails
/// the test instead of silently skipping it.
pub fn shared_data() -> Option<PathBuf> {
    let candidate = match std::env::var_os("MEMORIA_SHARED_DATA") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    if candidate.is_dir() {
        return Some(candidate);
    }
    if std::env::var_os("MEMORIA_REQUIRE_SHARED_DATA").is_some() {
        panic!(
            "the real data sets are required (MEMORIA_REQUIRE_SHARED_DATA is set) but {} is missing",
            candidate.display()
        );
    }
    eprintln!(
        "note: {} not found; skipping a test on the real data sets",
        candidate.display()
    );
    None
}

/// A path inside [`shared_data`], or `None` to skip.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    shared_data().map(|d| d.join(relative))
}

/// An empty PostgreSQL database made for one test, dropped when this value is.
pub struct FreshPostgres {
    /// The URL of the new database.
    pub url: String,
    server_url: String,
    name: String,
}

/// A fresh database on the server `MEMORIA_TEST_POSTGRES_URL` names; `None` (with a
/// note) when the variable is not set. `.ci/run` always sets it.
pub fn fresh_postgres() -> Option<FreshPostgres> {
    let Ok(server_url) = std::env::var("MEMORIA_TEST_POSTGRES_URL") else {
        eprintln!(
            "note: MEMORIA_TEST_POSTGRES_URL is not set; skipping the PostgreSQL run of this test"
        );
        return None;
    };
    let name = format!("memoria_t_{}", uuid::Uuid::new_v4().simple());
    let mut client = postgres::Client::connect(&server_url, postgres::NoTls).unwrap_or_else(|e| {
        panic!("MEMORIA_TEST_POSTGRES_URL is set but the server is not reachable: {e}")
    });
    // A database name cannot be a bind parameter; this one is generated above from hex digits only.
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("creating a test database");
    let url = replace_database(&server_url, &name);
    Some(FreshPostgres {
        url,
        server_url,
        name,
    })
}

impl Drop for FreshPostgres {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.server_url, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The URL with its database path replaced by `name` (query parameters kept).
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| scheme_end + i)
        .unwrap_or(base.len());
    let mut out = format!("{}/{}", &base[..host_end], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Fictional given names for tests that make up people (never real victims' names):
/// different enough that no two people share a name by accident.
pub const GIVEN_NAMES: [&str; 20] = [
    "Aurelio", "Brisa", "Casimir", "Delphine", "Eskil", "Fenna", "Gaspard", "Hedda", "Isidro",
    "Jovana", "Kasimir", "Liora", "Mattias", "Nerea", "Orvar", "Paloma", "Quirin", "Rosalind",
    "Sten", "Tamsin",
];

/// Fictional family names, the companion of [`GIVEN_NAMES`].
pub const FAMILY_NAMES: [&str; 20] = [
    "Quennell",
    "Rasmussen",
    "Sobrevilla",
    "Thistlewood",
    "Umberfield",
    "Vargason",
    "Westergaard",
    "Ximenova",
    "Yarrowby",
    "Zelinski",
    "Obradovic",
    "Pemberton",
    "Aldana",
    "Brightwater",
    "Castellet",
    "Dunmore",
    "Eriksdottir",
    "Fairweather",
    "Galindo",
    "Hollingsworth",
];

#[cfg(test)]
mod tests {
    #[test]
    fn database_is_replaced() {
        assert_eq!(
            super::replace_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            super::replace_database("postgres://u@h", "x"),
            "postgres://u@h/x"
        );
        assert_eq!(
            super::replace_database("postgres://u@h/t?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
