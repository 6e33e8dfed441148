/// The post-linking stage: after the rule cascade, the pack's post rules run
/// over each document's flat mentions and text and turn what they match into
/// `Post` records.
///
/// Why patterns, and why over the flat layer: the frames that give a person a
/// post are many and open-ended (`任命A为…`, `A同志不再担任…职务`, `时任…的A`,
/// `A（…）`), and researchers add their own; written in the pack's pattern
/// language they are data, checked by `rules check`, tested by `rules test`
/// and extended by a later pack, like every other rule. They refer to
/// mentions with `@OFFICIAL`, `@TITLE`, `@ORGAN`, and the mentions they see
/// are the flat layer, the one the output shows: a record never points at a
/// span the reader cannot see.
///
/// What is not a pattern is the reading of a post list (`PostList`): which
/// organ a title belongs to, the place that qualifies it, the status cues
/// between items. That is the same for every frame, so it is done once, in
/// code, with its vocabulary (cue words, fused titles, which organs host a
/// fused title, elliptical organs) from the pack's lexicons.
///
/// Cost: a document with no holder or no title mention costs one pass over
/// its flat mentions; otherwise only sentences with both are scanned, and the
/// rules start only where their first set allows (a mention, a cue word).
public struct PostLinker: Sendable {
    public let rules: [PostRule]
    /// Per label number: which roles its mentions play (`Role` bits).
    let roles: [UInt8]
    /// The cue lexicon's number, or -1.
    let cueLexicon: Int32
    /// Per entry of the cue lexicon: its status.
    let cueStatus: [PostStatus?]
    /// Attributes (`kind=fused`) that make a title standalone: it takes an
    /// organ written before a list only when the organ hosts it.
    let standalone: [(key: String, value: String)]
    /// Standalone title (normalised) → endings of the organs that host it
    /// (`副市长` → `政府`): `X市政府原党组成员、副市长` is `X市政府副市长`.
    let hosts: [[UInt32]: [[UInt32]]]
    /// Elliptical organ (normalised, `省委`) → the length of its level word
    /// (`省`), for `resolved`.
    let elliptical: [[UInt32]: Int]
    let ellipticalLengths: [Int]
    /// Offices every body has (normalised: 办公厅, 办公室), which the tagger
    /// leaves out of the TITLE (`办公厅|主任`): written between a list's
    /// separator and a title, they are spelled into its post
    /// (`X省政府副秘书长、办公厅主任` → `X省政府办公厅主任`).
    let offices: Set<[UInt32]>
    /// Which rules may start at a position, from their first sets (as for a
    /// phase of the cascade): a position costs a table lookup or two, not a
    /// first-set test per rule.
    let dispatch: PhaseDispatch

    struct Role: OptionSet {
        let rawValue: UInt8
        static let holder = Role(rawValue: 1)
        static let organ = Role(rawValue: 2)
        static let title = Role(rawValue: 4)
        static let place = Role(rawValue: 8)
    }

    func role(of label: Int32) -> Role {
        label >= 0 && Int(label) < roles.count ? Role(rawValue: roles[Int(label)]) : []
    }
}

/// Per-worker storage of the linker, reused from one document to the next.
final class PostBuffers {
    var labels: [Int32] = []
    var spans: [SpanIndex.Span] = []
    var index = SpanIndex.empty
    var steps: [Int] = []
    var stopped: [Bool] = []
    var nextAllowed: [Int] = []
    var seenAt: [Int] = []
    var tried: [Int] = []
}

/// A match of a post rule, before conflicts between matches are resolved.
struct PostMatch {
    var rule: Int
    var range: Range<Int>
    var slots: [Int]
    var sentence: Int
}

extension PostLinker {
    /// The records of one document.
    ///
    /// - Parameters:
    ///   - flat: the flat layer (sorted by start), with normalised offsets.
    ///   - labelID: the label numbers of the rule set.
    ///   - explain: also return the matches that lost a conflict.
    func link(_ flat: [Mention], original: [UInt32], text: NormalizedText, segmentation: Segmentation,
              lexiconHits: SpanIndex, filters: [[Bool]], labelID: (String) -> Int32?,
              scratch: MatchScratch, buffers: PostBuffers, explain: Bool = false, organs: OrganContext? = nil)
        -> (posts: [Post], exhausted: [String], losers: [LostPostMatch]) {
        guard !rules.isEmpty, !flat.isEmpty else { return ([], [], []) }
        var labels = buffers.labels
        buffers.labels = []
        defer { buffers.labels = labels }
        labels.removeAll(keepingCapacity: true)
        var seen: Role = []
        for index in flat.indices {
            let label = labelID(flat[index].label) ?? -1
            labels.append(label)
            seen.formUnion(role(of: label))
        }
        guard seen.contains(.holder), seen.contains(.title) else { return ([], [], []) }
        var spans = buffers.spans
        buffers.spans = []
        spans.removeAll(keepingCapacity: true)
        for index in flat.indices where labels[index] >= 0 {
            spans.append(.init(start: Int32(flat[index].normalizedStart), end: Int32(flat[index].normalizedEnd),
                               kind: labels[index], item: Int32(index)))
        }
        var mentionIndex = buffers.index
        buffers.index = .empty
        mentionIndex.rebuild(spans: spans, textLength: text.units.count)
        defer {
            buffers.spans = spans
            buffers.index = mentionIndex
        }
        let input = MatchInput(units: text.units, window: 0..<0, isTokenBoundary: segmentation.isTokenBoundary,
                               lexiconHits: lexiconHits, filters: filters, mentions: mentionIndex)
        var exhausted: [String] = []
        let matches = findMatches(flat, labels: labels, sentences: segmentation.sentences, input: input,
                                  scratch: scratch, buffers: buffers, exhausted: &exhausted)
        guard !matches.isEmpty else { return ([], exhausted, []) }
        var context = PostList.Context(linker: self, flat: flat, labels: labels, original: original, text: text,
                                       lexiconHits: lexiconHits, organs: organs)
        var posts: [Post] = []
        let claims = matches.map { match in
            capture(rules[match.rule].postsSlot, of: match).map { context.mentions(in: $0, role: .title) } ?? []
        }
        let (kept, lost) = Self.resolve(matches, rules: rules, claims: claims)
        for match in kept.map({ matches[$0] }) {
            posts += records(of: match, context: &context, sentences: segmentation.sentences)
        }
        let losers = explain ? lost.map { loser, winner in
            LostPostMatch(rule: rules[matches[loser].rule].name, match: text.originalRange(matches[loser].range),
                          winner: rules[matches[winner].rule].name, winnerMatch: text.originalRange(matches[winner].range))
        } : []
        // One record per (holder, title): two matches that cover the same
        // pair agree on it, and the first (in text order) is kept.
        var pairs = Set<[Int]>()
        posts = posts.filter { pairs.insert([$0.official.lowerBound, $0.title.lowerBound]).inserted }
        posts.sort { ($0.official.lowerBound, $0.title.lowerBound) < ($1.official.lowerBound, $1.title.lowerBound) }
        return (posts, exhausted, losers)
    }

    /// Every rule's matches in the sentences that hold both a holder and a
    /// title: at each position its first set allows, the longest match,
    /// scanning on after it (as the cascade does).
    private func findMatches(_ flat: [Mention], labels: [Int32], sentences: [Range<Int>], input: MatchInput,
                             scratch: MatchScratch, buffers: PostBuffers, exhausted: inout [String]) -> [PostMatch] {
        let count = rules.count
        if buffers.steps.count < count {
            buffers.steps = Array(repeating: 0, count: count)
            buffers.stopped = Array(repeating: false, count: count)
            buffers.nextAllowed = Array(repeating: 0, count: count)
            buffers.seenAt = Array(repeating: -1, count: count)
            buffers.tried = Array(repeating: 0, count: count)
        }
        for slot in 0..<count {
            buffers.steps[slot] = 0
            buffers.stopped[slot] = false
            buffers.seenAt[slot] = -1
        }
        let budget = RuleCascade.stepBudget(forLength: input.units.count)
        let units = input.units
        var matches: [PostMatch] = []
        var cursor = 0
        for (number, sentence) in sentences.enumerated() {
            var seen: Role = []
            while cursor < flat.count, flat[cursor].normalizedStart < sentence.lowerBound { cursor += 1 }
            var index = cursor
            while index < flat.count, flat[index].normalizedStart < sentence.upperBound {
                seen.formUnion(role(of: labels[index]))
                index += 1
            }
            guard seen.contains(.holder), seen.contains(.title) else { continue }
            input.window = sentence
            for slot in 0..<count { buffers.nextAllowed[slot] = sentence.lowerBound }
            for position in sentence {
                // The rules whose first set allows a start here (`slot << 1 |
                // 1` when the set itself said so), each once.
                var triedCount = 0
                func consider(_ slot: Int, known: Int) {
                    guard buffers.seenAt[slot] != position else { return }
                    buffers.seenAt[slot] = position
                    buffers.tried[triedCount] = slot << 1 | known
                    triedCount += 1
                }
                for entry in dispatch.byCharacter.range(of: units[position]) {
                    consider(dispatch.byCharacter.slots[entry], known: 1)
                }
                if !dispatch.byLexicon.isEmpty {
                    for hit in input.lexiconHits.starting(at: position) {
                        for entry in dispatch.byLexicon.range(of: input.lexiconHits.spans[hit].kind) {
                            consider(dispatch.byLexicon.slots[entry], known: 1)
                        }
                    }
                }
                for mention in input.mentions.starting(at: position) {
                    for entry in dispatch.byLabel.range(of: input.mentions.spans[mention].kind) {
                        consider(dispatch.byLabel.slots[entry], known: 1)
                    }
                }
                if position > sentence.lowerBound {
                    for entry in dispatch.byPreviousCharacter.range(of: units[position - 1]) {
                        consider(dispatch.byPreviousCharacter.slots[entry], known: 0)
                    }
                    if !dispatch.byLexiconEnd.isEmpty {
                        for order in input.lexiconHits.ending(at: position) {
                            let kind = input.lexiconHits.spans[input.lexiconHits.spanIndex(byEnd: order)].kind
                            for entry in dispatch.byLexiconEnd.range(of: kind) {
                                consider(dispatch.byLexiconEnd.slots[entry], known: 0)
                            }
                        }
                    }
                } else {
                    for slot in dispatch.atSentenceStart { consider(slot, known: 0) }
                }
                for slot in dispatch.always { consider(slot, known: 0) }
                for item in 0..<triedCount {
                    let slot = buffers.tried[item] >> 1
                    guard !buffers.stopped[slot], buffers.nextAllowed[slot] <= position else { continue }
                    let program = rules[slot].program
                    guard PatternMatcher.mayStart(program, at: position, in: input,
                                                  firstKnown: buffers.tried[item] & 1 != 0) else { continue }
                    scratch.resetBudget(budget)
                    scratch.steps = buffers.steps[slot]
                    let found = PatternMatcher.longestMatch(program, at: position, in: input, scratch: scratch)
                    buffers.steps[slot] = scratch.steps
                    if scratch.exhausted {
                        buffers.stopped[slot] = true
                        exhausted.append(rules[slot].name)
                        continue
                    }
                    guard let found, found.end > position else { continue }
                    matches.append(PostMatch(rule: slot, range: position..<found.end, slots: found.slots,
                                             sentence: number))
                    buffers.nextAllowed[slot] = found.end
                }
            }
        }
        return matches
    }

    /// Two matches that give the same title mention to someone are two
    /// readings of one post (`A省长B`: A's, by `name-before-title`, or B's):
    /// the match of higher priority wins, then the longer, then the earlier,
    /// then the rule written first (the order of the cascade's conflict
    /// resolution). Matches that share only a holder both stand
    /// (`省委书记A（省委常委、秘书长）`).
    ///
    /// - Returns: the indices of the matches kept, in text order, and each
    ///   match that lost with the one it lost to.
    static func resolve(_ matches: [PostMatch], rules: [PostRule], claims: [[Int]])
        -> (kept: [Int], lost: [(loser: Int, winner: Int)]) {
        let order = matches.indices.sorted { a, b in
            let x = matches[a], y = matches[b]
            let px = rules[x.rule].priority, py = rules[y.rule].priority
            if px != py { return px > py }
            if x.range.count != y.range.count { return x.range.count > y.range.count }
            if x.range.lowerBound != y.range.lowerBound { return x.range.lowerBound < y.range.lowerBound }
            return x.rule < y.rule
        }
        var claimedBy: [Int: Int] = [:]
        var kept: [Int] = []
        var lost: [(loser: Int, winner: Int)] = []
        for index in order {
            if let winner = claims[index].lazy.compactMap({ claimedBy[$0] }).first {
                lost.append((index, winner))
                continue
            }
            for title in claims[index] { claimedBy[title] = index }
            kept.append(index)
        }
        return (kept.sorted(), lost.sorted { $0.loser < $1.loser })
    }

    /// The range a capture slot of a match holds (empty captures included).
    private func capture(_ slot: Int?, of match: PostMatch) -> Range<Int>? {
        guard let slot, 2 * slot + 1 < match.slots.count else { return nil }
        let lower = match.slots[2 * slot], upper = match.slots[2 * slot + 1]
        return lower >= 0 && upper >= lower ? lower..<upper : nil
    }

    /// The records of one match: each holder × each item of the post list.
    private func records(of match: PostMatch, context: inout PostList.Context, sentences: [Range<Int>]) -> [Post] {
        let rule = rules[match.rule]
        func capture(_ slot: Int?) -> Range<Int>? { self.capture(slot, of: match) }
        guard let postsRange = capture(rule.postsSlot) else { return [] }
        var holders: [Int] = []
        if let range = capture(rule.holdersSlot) {
            holders = context.mentions(in: range, role: .holder)
        } else if let range = capture(rule.antecedentSlot),
                  let holder = context.nearestHolder(before: range.lowerBound, in: sentences[match.sentence]) {
            holders = [holder]
        }
        guard !holders.isEmpty else { return [] }
        var status = rule.status
        var cue: Range<Int>?
        if let range = capture(rule.cueSlot), !range.isEmpty {
            if let said = context.cueStatus(exactly: range) { status = said }
            cue = range
        }
        let items = PostList.read(postsRange, status: status, cue: cue, context: &context)
        let matched = context.text.originalRange(match.range)
        var posts: [Post] = []
        for holder in holders {
            for item in items {
                posts.append(Post(official: context.flat[holder].start..<context.flat[holder].end,
                                  organ: item.organ.map { context.flat[$0].start..<context.flat[$0].end },
                                  title: context.flat[item.title].start..<context.flat[item.title].end,
                                  post: item.post, status: item.status,
                                  place: item.place.map { context.flat[$0].start..<context.flat[$0].end },
                                  resolved: item.resolved, rule: rule.name, sentence: match.sentence,
                                  match: matched, cue: item.cue.map { context.text.originalRange($0) }))
            }
        }
        return posts
    }
}
