//! Seeded randomness, split into independent streams.
//!
//! The generator makes several passes over the incidents (persons first, then sources,
//! incidents, acts, …) and must draw the same incident every time without keeping it in
//! memory. So every incident gets its own ChaCha stream, derived from the seed and the
//! incident's number: drawing incident 7 never depends on how much randomness incident 6
//! used, and a pass can draw it again from the start. What one pass alone decides (the
//! wording of a narrative, a list's spelling) comes from a further stream of its own.

use memoria_core::RecordId;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a stream is used for. The stream number is `incident * PURPOSES + purpose`,
/// offset past the streams of the world.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Purpose {
    /// What happened: drawn again, identically, by every pass.
    Plan = 0,
    Persons = 1,
    Sources = 2,
    Incident = 3,
    Acts = 4,
    Claims = 5,
    Interventions = 6,
    /// One per source list, from here on.
    List = 7,
}

const PURPOSES: u64 = 16;
/// Streams below this number belong to the world (places, organisations, global sources).
const WORLD_STREAMS: u64 = 16;

/// The seeded generator from which every stream is cut.
pub(crate) struct Streams {
    base: ChaCha8Rng,
}

impl Streams {
    pub fn new(seed: u64) -> Streams {
        Streams {
            base: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A stream for the world (places, organisations, …), by number below 16.
    pub fn world(&self, n: u64) -> ChaCha8Rng {
        debug_assert!(n < WORLD_STREAMS);
        self.stream(n)
    }

    /// The stream of one incident for one purpose; `list` adds to [`Purpose::List`].
    pub fn incident(&self, index: usize, purpose: Purpose, list: u64) -> ChaCha8Rng {
        self.stream(WORLD_STREAMS + index as u64 * PURPOSES + purpose as u64 + list)
    }

    fn stream(&self, n: u64) -> ChaCha8Rng {
        let mut r = self.base.clone();
        r.set_stream(n);
        r
    }
}

/// A fresh record id from the stream: reproducible, yet shaped like any random v4 UUID.
pub(crate) fn new_id(rng: &mut impl Rng) -> RecordId {
    // One u128 draw: an array of 16 u8 would spend a 32-bit word on every byte.
    RecordId::from_random_bytes(rng.random::<u128>().to_le_bytes())
}

pub(crate) fn chance(rng: &mut impl Rng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// An index into a table of at most 255 entries.
pub(crate) fn pick_index(rng: &mut impl Rng, len: usize) -> u8 {
    debug_assert!(len > 0 && len < 255);
    rng.random_range(0..len) as u8
}

pub(crate) fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// One of `items`, with probability proportional to its weight. At least one weight must
/// be positive.
pub(crate) fn weighted<T: Copy>(rng: &mut impl Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for &(item, w) in items {
        if x < w {
            return item;
        }
        x -= w;
    }
    unreachable!("x is below the total of the weights")
}

/// An index with probability proportional to `weights`.
pub(crate) fn weighted_index(rng: &mut impl Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.random_range(0..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    unreachable!("x is below the total of the weights")
}

/// A standard normal draw, near enough for a latent trait (Irwin–Hall with 4 terms):
/// `rand_distr` is not a dependency, and the tails do not matter here.
pub(crate) fn normalish(rng: &mut impl Rng) -> f64 {
    let s: f64 = (0..4).map(|_| rng.random::<f64>()).sum();
    (s - 2.0) * 3f64.sqrt()
}
