//! Interned category values: a vocabulary code becomes a small [`Key`] once, so that
//! counting a million items compares integers, never strings.

use std::collections::HashMap;

/// A category value (a violation type, a kind of perpetrator, a place, a sex) as a
/// small number handed out by [`Keys`], or [`Key::NONE`] when the item has no value.
///
/// A key may also stand for several values at once ([`Keys::intern_all`]): an act
/// committed by police and soldiers together is counted under each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(u32);

impl Key {
    /// No value: the record does not say.
    pub const NONE: Key = Key(u32::MAX);

    pub fn is_none(self) -> bool {
        self == Key::NONE
    }

    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }

    /// The key at an index of a [`Keys`] table, whose length is below `u32::MAX`.
    pub(crate) fn from_index(i: usize) -> Key {
        Key(i as u32)
    }
}

impl Default for Key {
    fn default() -> Key {
        Key::NONE
    }
}

/// The table of [`Key`]s: codes to keys and back, and the members of keys that stand
/// for several values.
///
/// One table serves every dimension; the dimension an item's key belongs to is the
/// field that holds it.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    /// The code of each key; for a key of several values, their codes joined by `+`.
    codes: Vec<String>,
    /// The single values each key stands for, sorted: itself for a single value.
    /// Invariant: members of a key are single values, never keys of several.
    members: Vec<Vec<Key>>,
    by_code: HashMap<String, Key>,
    by_members: HashMap<Vec<Key>, Key>,
}

impl Keys {
    pub fn new() -> Keys {
        Keys::default()
    }

    /// The key of one value, made on first use.
    pub fn intern(&mut self, code: &str) -> Key {
        if let Some(&key) = self.by_code.get(code) {
            return key;
        }
        let key = self.push(code.to_string(), Vec::new());
        self.members[key.index()] = vec![key];
        self.by_code.insert(code.to_string(), key);
        key
    }

    /// The key of a record holding several values (all the kinds of perpetrator of an
    /// act): [`Key::NONE`] for none, the value's own key for one (repeats ignored),
    /// else one key standing for the set, counted under each of its members.
    pub fn intern_all<I, S>(&mut self, codes: I) -> Key
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut members: Vec<Key> = codes.into_iter().map(|c| self.intern(c.as_ref())).collect();
        members.sort_unstable();
        members.dedup();
        match members.as_slice() {
            [] => Key::NONE,
            [one] => *one,
            _ => {
                if let Some(&key) = self.by_members.get(&members) {
                    return key;
                }
                let code = members
                    .iter()
                    .map(|k| self.codes[k.index()].as_str())
                    .collect::<Vec<_>>()
                    .join("+");
                let key = self.push(code, members.clone());
                self.by_members.insert(members, key);
                key
            }
        }
    }

    /// The key of a value already interned.
    pub fn get(&self, code: &str) -> Option<Key> {
        self.by_code.get(code).copied()
    }

    /// The code of a key (`killing`); for several values, their codes joined by `+`;
    /// empty for [`Key::NONE`].
    ///
    /// # Panics
    ///
    /// If `key` was not made by this table.
    pub fn code(&self, key: Key) -> &str {
        if key.is_none() {
            ""
        } else {
            &self.codes[key.index()]
        }
    }

    /// The single values a key stands for: itself for a single value, nothing for
    /// [`Key::NONE`].
    ///
    /// # Panics
    ///
    /// If `key` was not made by this table.
    pub fn members(&self, key: Key) -> &[Key] {
        if key.is_none() {
            &[]
        } else {
            &self.members[key.index()]
        }
    }

    /// How many keys there are, single values and sets together.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    fn push(&mut self, code: String, members: Vec<Key>) -> Key {
        // u32::MAX is NONE; four billion distinct values is beyond any collection.
        let id = u32::try_from(self.codes.len())
            .ok()
            .filter(|&i| i < u32::MAX)
            .expect("fewer than 2^32 - 1 distinct category values");
        self.codes.push(code);
        self.members.push(members);
        Key(id)
    }
}
