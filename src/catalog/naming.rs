//! The names PostgreSQL generates for objects created without one
//! (`makeObjectName`, `ChooseRelationName`, `ChooseConstraintName` in the server).

/// NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes.
pub const MAX_IDENTIFIER: usize = 63;

/// `makeObjectName(name1, name2, label)`: joins with `_`, shortening the longer of
/// the two names first until the result fits in 63 bytes.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = if label.is_empty() { 0 } else { label.len() + 1 } + if name2.is_some() { 1 } else { 0 };
    let mut len1 = name1.len();
    let mut len2 = name2.map_or(0, str::len);
    while len1 + len2 > MAX_IDENTIFIER.saturating_sub(overhead) {
        if len1 > len2 {
            len1 -= 1;
        } else {
            len2 -= 1;
        }
    }
    let mut out = clip(name1, len1).to_owned();
    if let Some(n2) = name2 {
        out.push('_');
        out.push_str(clip(n2, len2));
    }
    if !label.is_empty() {
        out.push('_');
        out.push_str(label);
    }
    out
}

/// Cuts a name to at most `len` bytes without splitting a UTF-8 character
/// (`pg_mbcliplen`).
fn clip(name: &str, len: usize) -> &str {
    let mut end = len.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// `ChooseRelationName` / `ChooseConstraintName`: the first candidate `taken`
/// does not reject, adding a number to the label (`t_a_idx`, `t_a_idx1`, ...).
pub fn choose_name(name1: &str, name2: Option<&str>, label: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut candidate = make_object_name(name1, name2, label);
    let mut pass = 0u32;
    while taken(&candidate) {
        pass += 1;
        candidate = make_object_name(name1, name2, &format!("{label}{pass}"));
    }
    candidate
}

/// `ChooseIndexNameAddition` / `ChooseForeignKeyConstraintNameAddition`: column
/// names joined with `_`, stopping once the result is long enough.
pub fn column_addition(columns: &[String]) -> String {
    let mut out = String::new();
    for col in columns {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(col);
        if out.len() >= MAX_IDENTIFIER {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_to_63_bytes_longer_part_first() {
        let long = "a".repeat(60);
        let name = make_object_name(&long, Some("col"), "fkey");
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_col_fkey"));
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let name = choose_name("t", Some("a"), "idx", |n| n == "t_a_idx" || n == "t_a_idx1");
        assert_eq!(name, "t_a_idx2");
    }
}
