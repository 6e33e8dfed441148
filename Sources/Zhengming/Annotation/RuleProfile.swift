import Foundation

/// Where a rule pack spends its time, rule by rule: what `zhengming rules
/// profile` prints, so that a rule author can see which of their rules a
/// corpus pays for and why.
///
/// For each rule: in how many sentences the sentence gate let it be tried
/// (see `Requirement`), how many attempts it made (positions where its first
/// set allowed a start), the matcher steps those attempts took, the
/// candidates it produced, and the time spent in its attempts. Collected by
/// the cascade when an `Annotator` is given a profile; a profile belongs to
/// one annotator (one worker) at a time.
public final class RuleProfile {
    public struct Counts: Sendable {
        public var sentencesTried = 0
        public var sentencesSkipped = 0
        public var attempts = 0
        public var steps = 0
        public var candidates = 0
        public var nanoseconds: UInt64 = 0
    }

    /// By rule index of the rule set.
    public private(set) var rules: [Counts]
    public internal(set) var documents = 0
    public internal(set) var characters = 0

    public init(ruleCount: Int) {
        rules = [Counts](repeating: Counts(), count: ruleCount)
    }

    func add(_ rule: Int, attempts: Int = 0, steps: Int = 0, candidates: Int = 0, nanoseconds: UInt64 = 0) {
        rules[rule].attempts += attempts
        rules[rule].steps += steps
        rules[rule].candidates += candidates
        rules[rule].nanoseconds += nanoseconds
    }

    func sentence(_ rule: Int, tried: Bool) {
        if tried { rules[rule].sentencesTried += 1 } else { rules[rule].sentencesSkipped += 1 }
    }
}
