/// A declarative scorer for candidate mentions: a number computed from the
/// characters of a span with lexicon attributes, which a rule's `score:`
/// condition compares with a minimum.
///
/// Declared in pack.yaml under `scores:`:
///
/// ```yaml
/// scores:
///   person-name:
///     prefix: {lexicon: name-surnames, attribute: score, default: -3}
///     each: {lexicon: name-given-chars, attribute: score, default: 0}
/// ```
///
/// A span scores the `prefix` value of the longest lexicon entry it begins
/// with (or `prefix.default` for its first character when none), plus the
/// `each` value of every remaining character (its one-character entry, or
/// `each.default`). `default: skip` on the prefix leaves spans that begin
/// with no entry unscored, so their condition holds: a model of Chinese
/// names then says nothing about a transliterated foreign name. With log-odds in the lexicons the sum is a log-odds of
/// the whole candidate, so one threshold ranks names of any length; without
/// `prefix`, every character is scored by `each`.
///
/// Why here rather than in the pattern: a pattern can only admit or refuse
/// one character at a time (`(?!{name-given-chars:score<-1.5})`), while a
/// candidate is judged as a whole: two plausible characters can carry one
/// doubtful one, and a weak surname needs a strong given name.
struct ScoreModel: Sendable {
    struct Part: Sendable {
        /// Normalised entry text → value; entries without a numeric value are absent.
        var values: [[UInt32]: Double]
        /// nil: `skip` (a prefix part only).
        var defaultValue: Double?
        /// The longest entry, in code points (prefix lookups try no longer).
        var longest: Int
    }

    let name: String
    var prefix: Part?
    var each: Part

    /// The score of a span of normalised code points; nil when the model
    /// does not apply to it (no prefix entry, and the prefix default is `skip`).
    func score(_ units: ArraySlice<UInt32>) -> Double? {
        guard !units.isEmpty else { return 0 }
        var total = 0.0
        var rest = units[...]
        if let prefix {
            var taken = 0
            for length in stride(from: min(prefix.longest, units.count), through: 1, by: -1) {
                let start = units.startIndex
                if let value = prefix.values[Array(units[start..<start + length])] {
                    total += value
                    taken = length
                    break
                }
            }
            if taken == 0 {
                guard let fallback = prefix.defaultValue else { return nil }
                total += fallback
                taken = 1
            }
            rest = units.dropFirst(taken)
        }
        for unit in rest { total += each.values[[unit]] ?? each.defaultValue ?? 0 }
        return total
    }
}

/// A rule's `score:` condition, compiled: the model and the capture scored.
struct ScoreCheck: Sendable {
    var model: Int
    /// The capture slot scored; nil scores the mention.
    var slot: Int?
    var minimum: Double
}
