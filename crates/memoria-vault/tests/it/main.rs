//! The vault's story, told against every configured backend: a folder always, and an
//! S3-compatible store (SeaweedFS, started by `.ci/start-s3`) when
//! `MEMORIA_TEST_S3_ENDPOINT` is set. With `MEMORIA_REQUIRE_S3=1` and no endpoint the S3
//! stories fail instead of being skipped.
//!
//! Each story takes a fresh [`place::Place`] (its own folder, or its own prefix in the
//! bucket) and pokes at the stored objects directly through object_store, the way an
//! attacker or a failing disk would.

mod crash;
mod keys;
mod place;
mod stories;

/// One test per story and backend: `local::round_trips`, `s3::round_trips`, …
macro_rules! on_every_backend {
    ($($story:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    crate::stories::$story(crate::place::Place::local()).await;
                }
            )*
        }
        mod s3 {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    if let Some(place) = crate::place::Place::s3(stringify!($story)) {
                        crate::stories::$story(place).await;
                    }
                }
            )*
        }
    };
}

on_every_backend!(
    round_trips,
    deduplicates,
    refuses_wrong_keys,
    detects_flipped_bits,
    detects_truncation,
    detects_swapped_objects,
    hides_contents_and_hashes,
    interrupted_ingests_leave_only_temporaries,
    resumes_uploads,
);
