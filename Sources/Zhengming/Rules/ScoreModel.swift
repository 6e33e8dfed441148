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
/// `each.default`); entries longer than three code points are not used
/// (surnames have one or two). `default: skip` on the prefix leaves spans that begin
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
        /// One-character entries, looked up per character with no allocation.
        var single: [UInt32: Double]
        /// Entries of two or three code points, packed 21 bits each.
        var packed: [UInt64: Double]
        /// nil: `skip` (a prefix part only).
        var defaultValue: Double?
        /// The longest entry, in code points (at most three are looked up).
        var longest: Int

        init(values: [[UInt32]: Double], defaultValue: Double?) {
            var single: [UInt32: Double] = [:]
            var packed: [UInt64: Double] = [:]
            var longest = 1
            for (key, value) in values {
                if key.count == 1 { single[key[0]] = value } else if key.count <= 3 {
                    packed[Self.pack(key[...])] = value
                    longest = max(longest, key.count)
                }
            }
            self.single = single
            self.packed = packed
            self.defaultValue = defaultValue
            self.longest = longest
        }

        static func pack(_ units: ArraySlice<UInt32>) -> UInt64 {
            units.reduce(UInt64(units.count)) { $0 << 21 | UInt64($1 & 0x1F_FFFF) }
        }

        func value(_ units: ArraySlice<UInt32>) -> Double? {
            units.count == 1 ? single[units.first!] : packed[Self.pack(units)]
        }
    }

    let name: String
    var prefix: Part?
    var each: Part

    /// The score of a span of normalised code points; nil when the model
    /// does not apply to it (no prefix entry, and the prefix default is `skip`).
    ///
    /// - Complexity: O(length); no allocation (it runs for every candidate
    ///   of a scored rule).
    func score(_ units: ArraySlice<UInt32>) -> Double? {
        guard !units.isEmpty else { return 0 }
        var total = 0.0
        var rest = units[...]
        if let prefix {
            var taken = 0
            for length in stride(from: min(prefix.longest, units.count), through: 1, by: -1) {
                let start = units.startIndex
                if let value = prefix.value(units[start..<start + length]) {
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
        for unit in rest { total += each.single[unit] ?? each.defaultValue ?? 0 }
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
