//! Keys as the checks keep them: hashed, and for the keys foreign keys
//! reference most often (one integer column, numbered from a sequence) as bits.
//!
//! A key is hashed as the text COPY wrote for it (128-bit XXH3), never
//! compared as a number: `007` and `7` are different keys, as the text
//! comparison the module documents says. [`KeySet`] only stores the keys
//! written as canonical non-negative integers below [`BITS`] (`0`, `1`, ... with
//! no sign and no leading zero, one text per number) as one bit each; looking
//! one up is then a bit test in a bitmap of a few MiB at most, instead of a
//! random access into a hash table ten times larger.

use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::xxh3_128;

use super::scan::Cell;

/// Numbers below this are kept as bits: a bitmap of at most 8 MiB.
const BITS: u64 = 1 << 26;

/// The hash of a key's cells; `None` for a key with a NULL (or a missing column), unless
/// NULLs count as values. A one-column key is hashed as its bytes; a longer one as its
/// cells laid out in `scratch` (a marker and the length before each value, so that no two
/// keys share a layout).
pub(super) fn key_hash(
    cells: &[Cell<'_>],
    at: &[usize],
    nulls_are_values: bool,
    scratch: &mut Vec<u8>,
) -> Option<u128> {
    if let [i] = at {
        return match cells[*i] {
            Cell::Value(bytes) => Some(xxh3_128(bytes)),
            Cell::Null if nulls_are_values => Some(NULL_KEY),
            _ => None,
        };
    }
    scratch.clear();
    for &i in at {
        match cells[i] {
            Cell::Value(bytes) => {
                scratch.push(1);
                scratch.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
                scratch.extend_from_slice(bytes);
            }
            Cell::Null if nulls_are_values => scratch.push(0),
            _ => return None,
        }
    }
    Some(xxh3_128(scratch))
}

/// The hash of a one-column key that is NULL, where NULLs count as values: a value no
/// byte string is likely to hash to.
const NULL_KEY: u128 = 0x6e75_6c6c_0000_0000_0000_0000_6e75_6c6c;

/// The keys of a referenced table (without NULLs), for foreign keys to look up.
#[derive(Debug, Clone, Default)]
pub(super) struct KeySet {
    /// Bit `n` is set when the one-column key written `n` is in the set.
    bits: Vec<u64>,
    hashed: FxHashSet<u128>,
}

impl KeySet {
    /// Adds the key at `at` of a row; a key with a NULL is not added.
    pub fn insert(&mut self, cells: &[Cell<'_>], at: &[usize], scratch: &mut Vec<u8>) {
        if let Some(n) = small_number(cells, at) {
            let word = (n / 64) as usize;
            if word >= self.bits.len() {
                self.bits.resize(word + 1, 0);
            }
            self.bits[word] |= 1 << (n % 64);
        } else if let Some(h) = key_hash(cells, at, false, scratch) {
            self.hashed.insert(h);
        }
    }

    /// Whether the key at `at` of a row (without NULLs) is in the set.
    pub fn contains(&self, cells: &[Cell<'_>], at: &[usize], scratch: &mut Vec<u8>) -> bool {
        match small_number(cells, at) {
            Some(n) => self.bits.get((n / 64) as usize).is_some_and(|word| word & (1 << (n % 64)) != 0),
            None => key_hash(cells, at, false, scratch).is_some_and(|h| self.hashed.contains(&h)),
        }
    }
}

/// The number a one-column key is written as, when that is a canonical
/// non-negative integer below [`BITS`].
fn small_number(cells: &[Cell<'_>], at: &[usize]) -> Option<u64> {
    let [i] = at else { return None };
    let Cell::Value(text) = cells[*i] else { return None };
    if text.is_empty() || text.len() > 8 || (text.len() > 1 && text[0] == b'0') {
        return None;
    }
    let mut n = 0u64;
    for &digit in text {
        if !digit.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(digit - b'0');
    }
    (n < BITS).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(keys: &[&str]) -> KeySet {
        let mut set = KeySet::default();
        for k in keys {
            set.insert(&[Cell::Value(k.as_bytes())], &[0], &mut Vec::new());
        }
        set
    }

    fn has(set: &KeySet, key: &str) -> bool {
        set.contains(&[Cell::Value(key.as_bytes())], &[0], &mut Vec::new())
    }

    #[test]
    fn numbers_and_other_text_are_found_as_written() {
        let set = set_of(&["0", "7", "64", "67108863", "67108864", "007", "-3", "abc", "99999999999"]);
        for key in ["0", "7", "64", "67108863", "67108864", "007", "-3", "abc", "99999999999"] {
            assert!(has(&set, key), "{key}");
        }
        for key in ["1", "63", "65", "70", "07", "7 ", "+7", "-0", "abd", "67108862", ""] {
            assert!(!has(&set, key), "{key}");
        }
    }

    #[test]
    fn a_key_with_a_null_is_not_a_key() {
        let mut set = KeySet::default();
        set.insert(&[Cell::Null], &[0], &mut Vec::new());
        set.insert(&[Cell::Value(b"1"), Cell::Null], &[0, 1], &mut Vec::new());
        assert!(set.bits.is_empty() && set.hashed.is_empty());
    }

    #[test]
    fn multi_column_keys_do_not_run_together() {
        let mut scratch = Vec::new();
        let ab_c = [Cell::Value(b"ab"), Cell::Value(b"c")];
        let a_bc = [Cell::Value(b"a"), Cell::Value(b"bc")];
        assert_ne!(key_hash(&ab_c, &[0, 1], false, &mut scratch), key_hash(&a_bc, &[0, 1], false, &mut scratch));
        let mut set = KeySet::default();
        set.insert(&ab_c, &[0, 1], &mut scratch);
        assert!(set.contains(&ab_c, &[0, 1], &mut scratch));
        assert!(!set.contains(&a_bc, &[0, 1], &mut scratch));
    }
}
