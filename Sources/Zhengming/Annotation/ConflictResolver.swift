/// Chooses a non-overlapping subset of candidate mentions, deterministically.
///
/// The policy, the same for a phase and for the flat layer: sort by
/// priority (higher first), then length (longer first), then the later
/// phase first (a phase refines what earlier ones found), then start
/// (earlier first), then rule order; walk the list and keep every candidate
/// that overlaps nothing kept so far. Exact duplicates (same span, same
/// label) count as overlaps, so only the best-ranked rule is credited.
enum ConflictResolver {
    static func resolve(_ candidates: [Mention], losers: inout [LostCandidate]?,
                        reason: (Mention) -> LostCandidate.Reason) -> [Mention] {
        // One candidate, as in most phases of most documents, meets nothing.
        guard candidates.count > 1 else { return candidates }
        return candidates.withUnsafeBufferPointer { candidates in
            var low = Int.max, high = Int.min
            for index in candidates.indices {
                low = min(low, candidates[index].normalizedStart)
                high = max(high, candidates[index].normalizedEnd)
            }
            // Indices are sorted, not mentions: a mention is a structure of
            // strings, and moving one retains and releases each of them.
            var ordered = Array(candidates.indices)
            ordered.sort { ranksBefore(candidates[$0], candidates[$1]) }
            var kept: [Int] = []
            kept.reserveCapacity(candidates.count)
            // Occupied normalised positions → index into `kept`, or -1.
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, high - low)) { owner in
                owner.initialize(repeating: -1)
                for index in ordered {
                    let start = candidates[index].normalizedStart, end = candidates[index].normalizedEnd
                    var conflict: Int?
                    for position in start..<end where owner[position - low] >= 0 {
                        conflict = Int(owner[position - low])
                        break
                    }
                    if let conflict {
                        if losers != nil {
                            losers!.append(LostCandidate(mention: candidates[index], reason: reason(candidates[kept[conflict]])))
                        }
                        continue
                    }
                    for position in start..<end { owner[position - low] = Int32(kept.count) }
                    kept.append(index)
                }
            }
            kept.sort {
                (candidates[$0].normalizedStart, candidates[$0].normalizedEnd)
                    < (candidates[$1].normalizedStart, candidates[$1].normalizedEnd)
            }
            return kept.map { candidates[$0] }
        }
    }

    static func ranksBefore(_ a: Mention, _ b: Mention) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        let lengthA = a.normalizedEnd - a.normalizedStart, lengthB = b.normalizedEnd - b.normalizedStart
        if lengthA != lengthB { return lengthA > lengthB }
        if a.phaseIndex != b.phaseIndex { return a.phaseIndex > b.phaseIndex }
        if a.normalizedStart != b.normalizedStart { return a.normalizedStart < b.normalizedStart }
        return a.ruleIndex < b.ruleIndex
    }
}
