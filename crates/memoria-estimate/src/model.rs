//! Hierarchical log-linear models over capture lists, and the formulas that name them.
//!
//! A model is a set of terms, each a set of lists (a bit mask): a main effect is one
//! list, `A:B` the two-way interaction of A and B. Models here are always
//! *hierarchical*: a term is in only if all its sub-terms are, which is what makes
//! the estimate of the unobserved cell invariant to how the lists are coded. So a
//! formula names the generating terms and the model is their closure: `A*B*C + A*D`
//! and `A:B:C + A:D` mean the same model, as in Rcapture. Every list's main effect is
//! always in, since a model without one says nothing sensible about that list.
//!
//! What this module does not do: fit (see [`mod@crate::loglinear`]).

use std::fmt;

/// A hierarchical log-linear model over `lists` lists.
///
/// Invariant: `terms` is closed under taking non-empty subsets, holds every main
/// effect, never the empty set (the intercept is implicit), and is sorted by order
/// and then by mask.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Model {
    lists: usize,
    terms: Vec<u32>,
}

/// A formula that does not name a model over the given lists.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormulaError {
    #[error("the formula is empty; give terms such as `A*B + C`")]
    Empty,
    #[error("at character {at}: {what}")]
    Syntax { at: usize, what: String },
    #[error("{name:?} is not a list of this table; the lists are {lists}")]
    UnknownList { name: String, lists: String },
}

impl Model {
    /// The model of independent lists: main effects only.
    pub fn independence(lists: usize) -> Model {
        Model::from_generators(lists, &[])
    }

    /// Every interaction up to `order` lists (`order = 2`: all two-way interactions).
    pub fn all_up_to(lists: usize, order: usize) -> Model {
        let gens: Vec<u32> = (1u32..1 << lists)
            .filter(|m| m.count_ones() as usize <= order)
            .collect();
        Model::from_generators(lists, &gens)
    }

    /// The hierarchical closure of these terms, with every main effect added.
    /// Bits at or above `lists` are ignored.
    pub fn from_generators(lists: usize, generators: &[u32]) -> Model {
        let full = if lists >= 32 {
            u32::MAX
        } else {
            (1u32 << lists) - 1
        };
        let mut set = std::collections::BTreeSet::new();
        for j in 0..lists {
            set.insert(1u32 << j);
        }
        for &g in generators {
            let g = g & full;
            // Every non-empty subset of g: the standard sub-mask walk.
            let mut s = g;
            while s != 0 {
                set.insert(s);
                s = (s - 1) & g;
            }
        }
        let mut terms: Vec<u32> = set.into_iter().collect();
        terms.sort_by_key(|&t| (t.count_ones(), t));
        Model { lists, terms }
    }

    /// Reads a formula such as `A*B*C + A*D + C:D` over these list names. Names with
    /// spaces or symbols are written between backticks: `` `Police reports`:News ``.
    pub fn parse(formula: &str, list_names: &[String]) -> Result<Model, FormulaError> {
        let mut generators = Vec::new();
        let mut term = 0u32;
        let mut expect_name = true;
        let mut any = false;
        let mut chars = formula.char_indices().peekable();
        while let Some(&(at, c)) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            if expect_name {
                let name: String = if c == '`' {
                    chars.next();
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '`')) => break,
                            Some((_, ch)) => name.push(ch),
                            None => {
                                return Err(FormulaError::Syntax {
                                    at,
                                    what: "a backtick is not closed".into(),
                                });
                            }
                        }
                    }
                    name
                } else if is_name_char(c) {
                    let mut name = String::new();
                    while let Some(&(_, ch)) = chars.peek() {
                        if !is_name_char(ch) {
                            break;
                        }
                        name.push(ch);
                        chars.next();
                    }
                    name
                } else {
                    return Err(FormulaError::Syntax {
                        at,
                        what: "expected a list name".into(),
                    });
                };
                let j = list_names.iter().position(|l| *l == name).ok_or_else(|| {
                    FormulaError::UnknownList {
                        name: name.clone(),
                        lists: list_names.join(", "),
                    }
                })?;
                term |= 1 << j;
                expect_name = false;
                any = true;
            } else {
                chars.next();
                match c {
                    '*' | ':' => {}
                    '+' => {
                        generators.push(term);
                        term = 0;
                    }
                    _ => {
                        return Err(FormulaError::Syntax {
                            at,
                            what: "expected `+`, `*` or `:` between list names".into(),
                        });
                    }
                }
                expect_name = true;
            }
        }
        if !any {
            return Err(FormulaError::Empty);
        }
        if expect_name {
            return Err(FormulaError::Syntax {
                at: formula.len(),
                what: "the formula ends with an operator".into(),
            });
        }
        generators.push(term);
        Ok(Model::from_generators(list_names.len(), &generators))
    }

    /// The number of lists the model is over.
    pub fn lists(&self) -> usize {
        self.lists
    }

    /// Every term, main effects included (the intercept is implicit).
    pub fn terms(&self) -> &[u32] {
        &self.terms
    }

    /// Parameters of the Poisson model: the intercept plus one per term.
    pub fn parameters(&self) -> usize {
        self.terms.len() + 1
    }

    /// Whether the term (a set of lists) is in the model.
    pub fn contains(&self, term: u32) -> bool {
        self.terms
            .binary_search_by_key(&(term.count_ones(), term), |&t| (t.count_ones(), t))
            .is_ok()
    }

    /// The interactions (terms of two lists or more) no other term contains: the
    /// generating class, which is what a formula has to name.
    /// They come by order, and within an order by their lists' numbers, as Rcapture
    /// writes them (`[12,13,15,24]`).
    pub fn generators(&self) -> Vec<u32> {
        let mut gens: Vec<u32> = self
            .terms
            .iter()
            .copied()
            .filter(|&t| t.count_ones() >= 2)
            .filter(|&t| !self.terms.iter().any(|&u| u != t && u & t == t))
            .collect();
        let lists = |t: u32| -> Vec<u32> { (0..32).filter(|b| t >> b & 1 == 1).collect() };
        gens.sort_by_key(|&t| (t.count_ones(), lists(t)));
        gens
    }

    /// The same model with the terms involving any list in `lists_mask` removed and
    /// the remaining lists renumbered, for a stratum where those lists were dropped.
    pub fn without_lists(&self, lists_mask: u32) -> Model {
        let kept: Vec<usize> = (0..self.lists)
            .filter(|&j| lists_mask >> j & 1 == 0)
            .collect();
        let gens: Vec<u32> = self
            .generators()
            .into_iter()
            .filter(|&g| g & lists_mask == 0)
            .map(|g| {
                kept.iter()
                    .enumerate()
                    .fold(0u32, |acc, (new, &old)| acc | ((g >> old & 1) << new))
            })
            .collect();
        Model::from_generators(kept.len(), &gens)
    }

    /// The formula with list names: the generating interactions joined by `+`, then
    /// the lists in no interaction. `A:B + C` means A, B, C and A:B.
    pub fn formula(&self, list_names: &[String]) -> String {
        let mut parts: Vec<String> = self
            .generators()
            .into_iter()
            .map(|g| term_name(g, list_names))
            .collect();
        let covered = self.generators().iter().fold(0u32, |a, &g| a | g);
        for j in 0..self.lists {
            if covered >> j & 1 == 0 {
                parts.push(term_name(1 << j, list_names));
            }
        }
        parts.join(" + ")
    }

    /// Rcapture's notation for the interactions, lists numbered from 1: `[12,13,245]`.
    /// Lists beyond the ninth are written in parentheses.
    pub fn rcapture_notation(&self) -> String {
        let gens = self.generators();
        let covered = gens.iter().fold(0u32, |a, &g| a | g);
        let mut parts: Vec<String> = gens
            .iter()
            .map(|&g| {
                (0..self.lists)
                    .filter(|&j| g >> j & 1 == 1)
                    .map(digit)
                    .collect()
            })
            .collect();
        for j in 0..self.lists {
            if covered >> j & 1 == 0 && !gens.is_empty() {
                parts.push(digit(j));
            }
        }
        format!("[{}]", parts.join(","))
    }
}

fn digit(j: usize) -> String {
    if j < 9 {
        (j + 1).to_string()
    } else {
        format!("({})", j + 1)
    }
}

/// A term's name in a formula: list names joined by `:`, backticked when needed.
pub fn term_name(term: u32, list_names: &[String]) -> String {
    (0..list_names.len())
        .filter(|&j| term >> j & 1 == 1)
        .map(|j| {
            let n = &list_names[j];
            if !n.is_empty() && n.chars().all(is_name_char) {
                n.clone()
            } else {
                format!("`{n}`")
            }
        })
        .collect::<Vec<_>>()
        .join(":")
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rcapture_notation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn formulas_close_hierarchically() {
        let l = names(&["A", "B", "C", "D"]);
        let m = Model::parse("A*B*C + A*D + C:D", &l).unwrap();
        assert_eq!(m.parameters(), 1 + 4 + 5 + 1);
        assert_eq!(m.formula(&l), "A:D + C:D + A:B:C");
        assert_eq!(m.rcapture_notation(), "[14,34,123]");
        assert_eq!(Model::parse("A:B:C + A:D + C*D", &l).unwrap(), m);
        assert_eq!(Model::parse("A + B", &l).unwrap(), Model::independence(4));
        assert_eq!(Model::independence(4).formula(&l), "A + B + C + D");
    }

    #[test]
    fn formula_errors_say_where() {
        let l = names(&["A", "B", "Police reports"]);
        assert!(matches!(
            Model::parse("A + Z", &l),
            Err(FormulaError::UnknownList { .. })
        ));
        assert!(matches!(
            Model::parse("A +", &l),
            Err(FormulaError::Syntax { .. })
        ));
        assert!(matches!(
            Model::parse("A B", &l),
            Err(FormulaError::Syntax { .. })
        ));
        assert!(matches!(Model::parse("  ", &l), Err(FormulaError::Empty)));
        let m = Model::parse("`Police reports`:A", &l).unwrap();
        assert!(m.contains(0b101));
        assert_eq!(m.formula(&l), "A:`Police reports` + B");
    }

    #[test]
    fn dropping_a_list_renumbers() {
        let m = Model::from_generators(3, &[0b011, 0b110]);
        let d = m.without_lists(0b001);
        assert_eq!(d, Model::from_generators(2, &[0b11]));
    }
}
