/// The sizes past which a rule pack is refused, with a diagnostic (Z007
/// too-large) at the rule, pattern, file or lexicon line that crosses them.
///
/// Loading is linear in the size of a pack (issue 15 found it quadratic in
/// rules and in alternatives), so these bound the time and memory of any
/// pack, hostile or mistaken, rather than protect a slow path. Each is well
/// above what real packs need and a few times what was measured to load
/// comfortably (README, "Limits"): 10^5 rules load in about 3 s and 400 MB,
/// a pattern of 10^5 alternatives in under a second, a lexicon of 10^6
/// entries in about 3 s.
///
/// A value, not constants, so that tests can lower a limit and check its
/// diagnostic without building a pack of a million lines.
struct RulePackLimits: Sendable {
    /// Rules of all packs of a run together (rule files' `rules:`).
    var rules = 200_000
    /// Code points of a pattern (or context condition) once its macros are
    /// expanded: macros that use each other can otherwise grow a pattern
    /// exponentially.
    var patternLength = 1_000_000
    /// Branches of one alternation. A longer list belongs in a lexicon,
    /// which is built for millions of entries.
    var alternatives = 200_000
    /// Bytes of one rule file (YAML trees take tens of times their text).
    var ruleFileBytes = 32 << 20
    /// Entries of all lexicons together.
    var lexiconEntries = 4_000_000

    static let standard = RulePackLimits()
}
