//! Clusters from matching pairs, without chaining.
//!
//! Plain connected components chain: A looks like B, B like C, and A and C — two
//! people — end up as one. Here pairs join clusters strongest first, and two clusters
//! join only if the mean match probability of all the pairs between them (scored now
//! if blocking did not make them candidates) reaches `min_density`, and the result
//! stays under `max_size`. This is greedy average linkage on the sparse graph of
//! matches: cheap, since clusters are small.

use std::collections::HashSet;

use crate::records::Records;
use crate::schema::Mode;

/// The weight of a pair a reviewer decided: beyond any score the model gives, so that
/// decided pairs join first (or never) and leave the review band.
pub(crate) const DECIDED: f32 = 1000.0;

/// A pair as a key that does not depend on its order.
pub(crate) fn pair_key(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

/// Union–find over records with member lists.
struct Clusters {
    parent: Vec<u32>,
    size: Vec<u32>,
    /// Circular lists of members: `next[r]` is the next member of r's cluster.
    next: Vec<u32>,
}

impl Clusters {
    fn new(n: usize) -> Clusters {
        Clusters {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            next: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    fn members(&self, root: u32) -> Vec<u32> {
        let mut out = vec![root];
        let mut at = self.next[root as usize];
        while at != root {
            out.push(at);
            at = self.next[at as usize];
        }
        out
    }

    fn union(&mut self, a: u32, b: u32) {
        let (big, small) = if self.size[a as usize] >= self.size[b as usize] {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        self.next.swap(big as usize, small as usize);
    }
}

/// A cluster number per record, from 0, numbered in order of each cluster's first
/// record. `edges` are matching pairs `(a, b, weight)`; an edge of weight [`DECIDED`]
/// or more is a reviewer's "same" and joins without the density check or the size
/// limit. No two records
/// of a pair in `apart` (reviewers' "different", as [`pair_key`]s) end in one cluster.
/// `probability(x, y)` scores any two records.
pub(crate) fn cluster(
    records: &Records,
    mode: Mode,
    mut edges: Vec<(u32, u32, f32)>,
    apart: &HashSet<(u32, u32)>,
    min_density: f64,
    max_size: u32,
    probability: impl Fn(u32, u32) -> f64,
) -> Vec<u32> {
    let n = records.len();
    edges.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut clusters = Clusters::new(n);
    let comparable = |x: u32, y: u32| {
        let same_input = records.input_of(x as usize) == records.input_of(y as usize);
        match mode {
            Mode::Link => !same_input,
            Mode::Dedupe => same_input,
            Mode::LinkAndDedupe => true,
        }
    };
    for &(a, b, weight) in &edges {
        let (ra, rb) = (clusters.find(a), clusters.find(b));
        if ra == rb {
            continue;
        }
        let (sa, sb) = (clusters.size[ra as usize], clusters.size[rb as usize]);
        // The size limit guards against the model chaining strangers; what reviewers
        // joined (a merge of two people's records, say) is theirs to answer for.
        if weight < DECIDED && sa + sb > max_size {
            continue;
        }
        if !apart.is_empty() {
            let (ma, mb) = (clusters.members(ra), clusters.members(rb));
            if ma
                .iter()
                .any(|&x| mb.iter().any(|&y| apart.contains(&pair_key(x, y))))
            {
                continue;
            }
        }
        if weight < DECIDED && (sa > 1 || sb > 1) {
            let (ma, mb) = (clusters.members(ra), clusters.members(rb));
            let mut possible = 0u64;
            for &x in &ma {
                for &y in &mb {
                    possible += u64::from(comparable(x, y));
                }
            }
            let mut sum = 0.0;
            for &x in &ma {
                for &y in &mb {
                    if comparable(x, y) {
                        sum += probability(x, y);
                    }
                }
            }
            if possible == 0 || sum < min_density * possible as f64 {
                continue;
            }
        }
        clusters.union(ra, rb);
    }
    let mut number = vec![u32::MAX; n];
    let mut out = vec![0u32; n];
    let mut next_number = 0;
    for r in 0..n as u32 {
        let root = clusters.find(r);
        if number[root as usize] == u32::MAX {
            number[root as usize] = next_number;
            next_number += 1;
        }
        out[r as usize] = number[root as usize];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Field, FieldKind, Schema};

    /// `n` records of one input, with nothing in them: clustering looks only at the
    /// edges and the probabilities it is given.
    fn records(n: usize) -> Records {
        let schema = Schema::new().field(Field::new("name", FieldKind::Name));
        let mut records = Records::new(&schema).expect("schema");
        for r in 0..n {
            records.push(0, &format!("r{r}"), &[""]).expect("push");
        }
        records
    }

    /// Probabilities of the pairs given, 0.01 for any other.
    fn scores(known: &[(u32, u32, f64)]) -> impl Fn(u32, u32) -> f64 + '_ {
        move |x, y| {
            known
                .iter()
                .find(|&&(a, b, _)| pair_key(a, b) == pair_key(x, y))
                .map_or(0.01, |k| k.2)
        }
    }

    /// A looks like B and B like C, but A and C are plainly two people: B joins one of
    /// them, never both. Connected components would have made one person of the three.
    #[test]
    fn a_chain_of_look_alikes_is_not_one_person() {
        let recs = records(3);
        let known = [(0, 1, 0.95), (1, 2, 0.9), (0, 2, 0.01)];
        let edges = vec![(0, 1, 8.0), (1, 2, 6.0)];
        let out = cluster(
            &recs,
            Mode::Dedupe,
            edges,
            &HashSet::new(),
            0.5,
            64,
            scores(&known),
        );
        assert_eq!(out[0], out[1], "the strongest pair joins");
        assert_ne!(out[1], out[2], "C would bring the mean down to 0.455");
        // Where C looks like A as well, the three are one person.
        let known = [(0, 1, 0.95), (1, 2, 0.9), (0, 2, 0.7)];
        let out = cluster(
            &recs,
            Mode::Dedupe,
            vec![(0, 1, 8.0), (1, 2, 6.0)],
            &HashSet::new(),
            0.5,
            64,
            scores(&known),
        );
        assert!(out[0] == out[1] && out[1] == out[2]);
    }

    /// The model never makes a cluster larger than the limit; reviewers' "same" does,
    /// and it keeps what is decided "different" apart even so.
    #[test]
    fn reviewers_join_beyond_the_limits_but_never_across_a_different() {
        let recs = records(4);
        let all_alike = |_: u32, _: u32| 0.99;
        let chain = vec![(0, 1, 9.0), (1, 2, 9.0), (2, 3, 9.0)];
        let by_model = cluster(
            &recs,
            Mode::Dedupe,
            chain,
            &HashSet::new(),
            0.5,
            2,
            all_alike,
        );
        assert_eq!(by_model, vec![0, 0, 1, 1], "two pairs of two, the limit");
        let decided = vec![(0, 1, DECIDED), (1, 2, DECIDED), (2, 3, DECIDED)];
        let by_reviewers = cluster(
            &recs,
            Mode::Dedupe,
            decided.clone(),
            &HashSet::new(),
            0.99,
            2,
            |_, _| 0.0,
        );
        assert_eq!(by_reviewers, vec![0, 0, 0, 0], "no density or size check");
        let apart: HashSet<(u32, u32)> = [pair_key(3, 0)].into_iter().collect();
        let with_a_different = cluster(&recs, Mode::Dedupe, decided, &apart, 0.5, 64, all_alike);
        assert_ne!(with_a_different[0], with_a_different[3]);
        assert_eq!(with_a_different[0], with_a_different[2]);
    }
}
