//! "Did you mean" suggestions for unknown names.

/// The candidate closest to `name` by edit distance, if close enough to be
/// a plausible typo (at most a third of the name's length, at least 1).
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(name, candidates.into_iter().map(|c| (c, c)))
}

/// Like [`did_you_mean`], over `(compared, suggested)` pairs: a name that
/// can be written several ways (a clause as `4.1` or `treaty/4.1`) is
/// compared in each and suggested in one. Ties go to the suggestion first
/// in sorted order, so the same typo always gets the same answer.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|(c, _)| *c != name)
        .map(|(c, s)| (distance(&lower, &c.to_lowercase()), s))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, s)| s.to_string())
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let names = ["personnel", "owner", "host", "since"];
        assert_eq!(did_you_mean("personel", names).as_deref(), Some("personnel"));
        assert_eq!(did_you_mean("Host", names).as_deref(), Some("host"));
        assert_eq!(did_you_mean("zzz", names), None);
    }

    #[test]
    fn a_name_written_two_ways_is_matched_on_either() {
        let clauses = [("t/4.1", "t/4.1"), ("4.1", "t/4.1"), ("u/4.1", "u/4.1"), ("4.1", "u/4.1")];
        assert_eq!(super::closest("4.11", clauses).as_deref(), Some("t/4.1"));
        assert_eq!(super::closest("u/4.11", clauses).as_deref(), Some("u/4.1"));
    }
}
