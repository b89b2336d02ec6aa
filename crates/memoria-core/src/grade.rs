//! The Admiralty grading of sources (NATO AJP-2.1): how reliable the source is (A–F),
//! and how credible the particular piece of information is (1–6).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Source reliability, A (completely reliable) to F (cannot be judged).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

/// Information credibility, 1 (confirmed by other sources) to 6 (cannot be judged).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Reliability {
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

impl Credibility {
    pub fn new(grade: u8) -> Option<Credibility> {
        (1..=6).contains(&grade).then_some(Credibility(grade))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn meaning(self) -> &'static str {
        match self.0 {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not an Admiralty grade: reliability is a letter A–F, credibility a number 1–6")]
pub struct ParseGradeError;

impl TryFrom<u8> for Credibility {
    type Error = ParseGradeError;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        Credibility::new(v).ok_or(ParseGradeError)
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}

impl FromStr for Reliability {
    type Err = ParseGradeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Ok(Reliability::A),
            "B" => Ok(Reliability::B),
            "C" => Ok(Reliability::C),
            "D" => Ok(Reliability::D),
            "E" => Ok(Reliability::E),
            "F" => Ok(Reliability::F),
            _ => Err(ParseGradeError),
        }
    }
}

impl FromStr for Credibility {
    type Err = ParseGradeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse::<u8>()
            .ok()
            .and_then(Credibility::new)
            .ok_or(ParseGradeError)
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl fmt::Display for Credibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
