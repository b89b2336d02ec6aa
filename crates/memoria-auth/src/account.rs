//! What an account name may be: the same rule for the command line and the interface.

/// Account names are 1–64 ASCII letters, digits, dots, hyphens and underscores: safe
/// in logs, URLs and audit entries, and never mistaken for one another across scripts.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        for ok in ["admin", "a.b-c_d", "A1"] {
            assert!(super::valid_name(ok), "{ok}");
        }
        for bad in ["", "with space", "émile", "a/b", &"x".repeat(65)] {
            assert!(!super::valid_name(bad), "{bad}");
        }
    }
}
