/// A tagged span of the original text, and the rule that produced it.
///
/// `start..<end` are code-point offsets into the document's original text
/// (as Python `str` indexes), whatever normalisation matching used.
public struct Mention: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var label: String
    /// The name of the rule that produced the mention.
    public var rule: String
    public var phase: String
    public var priority: Int
    /// Attributes from the rule (`attributes:`) and from the lexicon entry
    /// the mention is exactly (`canonical`, `level`, …).
    public var attributes: [String: String]

    // Where the mention lies in the normalised text, and bookkeeping for
    // conflict resolution.
    var normalizedStart: Int
    var normalizedEnd: Int
    var phaseIndex: Int
    var ruleIndex: Int
    /// The lexicon entry whose attributes this mention inherits, not yet
    /// copied into `attributes` (see `RuleCascade`): -1 when none is pending.
    var pendingLexicon: Int32 = -1
    var pendingEntry: Int32 = -1

    public var length: Int { end - start }

    public init(start: Int, end: Int, label: String, rule: String = "", phase: String = "", priority: Int = 0,
                attributes: [String: String] = [:]) {
        self.start = start
        self.end = end
        self.label = label
        self.rule = rule
        self.phase = phase
        self.priority = priority
        self.attributes = attributes
        normalizedStart = start
        normalizedEnd = end
        phaseIndex = 0
        ruleIndex = 0
    }

    func overlaps(_ other: Mention) -> Bool {
        normalizedStart < other.normalizedEnd && other.normalizedStart < normalizedEnd
    }
}

/// A link between two captured spans, written by a rule's `relations`
/// (`[name, holds, title]`).
public struct Relation: Sendable, Hashable {
    public var subject: Range<Int>
    public var predicate: String
    public var object: Range<Int>
    public var rule: String
}

/// A candidate that did not make it into a layer, and why: what `explain`
/// shows next to the winners.
public struct LostCandidate: Sendable {
    public enum Reason: Sendable {
        /// Overlapped a winner of its phase with higher priority, length or earlier start.
        case lostInPhase(to: Mention)
        /// Accepted in its phase (nested layer), but not in the flat layer.
        case lostInFlatLayer(to: Mention)
        case exception(String)
        case context(String)
    }

    public var mention: Mention
    public var reason: Reason
}
