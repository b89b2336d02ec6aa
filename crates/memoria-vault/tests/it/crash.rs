//! A process that dies in the middle of an ingest: this test binary runs itself again
//! as a child that stores an endless file, and is killed once the upload is under way.

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::Duration;

use memoria_vault::Vault;

use crate::stories::{Feed, Then, key};

/// What the child prints once its input has run dry and the upload is under way.
pub const STALLED: &str = "memoria-vault-test: input stalled";
const CHILD_ENV: &str = "MEMORIA_VAULT_TEST_CRASH_INTO";

/// Starts a child ingesting into `location` and kills it mid-upload.
pub async fn kill_while_ingesting(location: &str) {
    let location = location.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "crash::child",
                "--exact",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(CHILD_ENV, &location)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut said = Vec::new();
        let mut lines = stderr.lines();
        for line in lines.by_ref() {
            let line = line.unwrap();
            if line == STALLED {
                break;
            }
            said.push(line);
        }
        // Let the last parts reach the store; the upload never completes.
        std::thread::sleep(Duration::from_millis(500));
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        if !still_running {
            let rest: Vec<String> = lines.map_while(Result::ok).collect();
            panic!("the child ended by itself: {said:?} {rest:?}");
        }
    })
    .await
    .unwrap();
}

/// Only does something as the child of [`kill_while_ingesting`]: stores 12 MiB (more
/// than one multipart part) of a file that then never ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child() {
    let Ok(location) = std::env::var(CHILD_ENV) else {
        return;
    };
    let vault = Vault::open(&location, key()).await.unwrap();
    let result = tokio::time::timeout(
        Duration::from_secs(60),
        vault.ingest(Feed::new(12 * 1024 * 1024, Then::Stall)),
    )
    .await;
    panic!("the ingest of an endless file ended: {result:?}");
}
