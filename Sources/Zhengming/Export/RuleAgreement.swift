/// How each rule's candidates relate to other rules' on one document: the
/// per-rule columns of the export summary, after the labelling-function
/// analysis of weak-supervision tools (Snorkel's `LFAnalysis`).
///
/// - `proposed`: distinct candidates (votes);
/// - `lost`: those that did not reach the flat layer;
/// - `overlaps`: those sharing at least one character with a candidate of
///   another rule;
/// - `conflicts`: those overlapping a candidate of another rule that has a
///   different span or label, i.e. where the rules disagree.
///
/// Two rules that propose the same span and label overlap but do not
/// conflict; a conflict is where a model trained on one would be taught
/// against the other.
public struct RuleCounts: Sendable, Equatable {
    public var proposed = 0
    /// Spans of this rule in the exported data (zero on gold documents).
    public var exported = 0
    public var lost = 0
    public var overlaps = 0
    public var conflicts = 0

    public init() {}

    static func + (a: RuleCounts, b: RuleCounts) -> RuleCounts {
        var sum = a
        sum.proposed += b.proposed
        sum.exported += b.exported
        sum.lost += b.lost
        sum.overlaps += b.overlaps
        sum.conflicts += b.conflicts
        return sum
    }
}

enum RuleAgreement {
    /// Per-rule counts for one document's votes (sorted by start) and
    /// exported spans.
    ///
    /// - Complexity: O(n·k), k the largest number of votes overlapping one
    ///   vote; small in practice, since rules rarely stack more than a few
    ///   candidates on one character.
    static func counts(votes: [ExportVote], spans: [Mention]) -> [String: RuleCounts] {
        var overlapping = [Bool](repeating: false, count: votes.count)
        var conflicting = [Bool](repeating: false, count: votes.count)
        for i in votes.indices {
            var j = i + 1
            while j < votes.count, votes[j].start < votes[i].end {
                if votes[i].rule != votes[j].rule {
                    overlapping[i] = true
                    overlapping[j] = true
                    let agree = votes[i].start == votes[j].start && votes[i].end == votes[j].end
                        && votes[i].label == votes[j].label
                    if !agree {
                        conflicting[i] = true
                        conflicting[j] = true
                    }
                }
                j += 1
            }
        }
        var result: [String: RuleCounts] = [:]
        for (index, vote) in votes.enumerated() {
            var counts = result[vote.rule, default: RuleCounts()]
            counts.proposed += 1
            if vote.status != .flat { counts.lost += 1 }
            if overlapping[index] { counts.overlaps += 1 }
            if conflicting[index] { counts.conflicts += 1 }
            result[vote.rule] = counts
        }
        for span in spans where !span.isGold { result[span.rule, default: RuleCounts()].exported += 1 }
        return result
    }
}
