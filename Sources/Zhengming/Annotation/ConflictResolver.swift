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
        guard let low = candidates.map(\.normalizedStart).min(),
              let high = candidates.map(\.normalizedEnd).max() else { return [] }
        // Indices are sorted, not mentions: a mention is a structure of
        // strings, and moving one retains and releases each of them.
        let ordered = candidates.indices.sorted { ranksBefore(candidates[$0], candidates[$1]) }
        var kept: [Int] = []
        // Occupied normalised positions → index into `kept`, or -1.
        var owner = [Int32](repeating: -1, count: high - low)
        for index in ordered {
            let candidate = candidates[index]
            var conflict: Int?
            for position in candidate.normalizedStart..<candidate.normalizedEnd where owner[position - low] >= 0 {
                conflict = Int(owner[position - low])
                break
            }
            if let conflict {
                losers?.append(LostCandidate(mention: candidate, reason: reason(candidates[kept[conflict]])))
                continue
            }
            for position in candidate.normalizedStart..<candidate.normalizedEnd { owner[position - low] = Int32(kept.count) }
            kept.append(index)
        }
        return kept.sorted {
            (candidates[$0].normalizedStart, candidates[$0].normalizedEnd) < (candidates[$1].normalizedStart, candidates[$1].normalizedEnd)
        }.map { candidates[$0] }
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
