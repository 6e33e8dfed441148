/// Runs compiled patterns: a backtracking machine with a visited set over
/// (instruction, position) pairs, the technique RE2 calls "bit-state".
///
/// Each (instruction, position) pair is explored at most once per attempt, so
/// one attempt costs at most `instructions × (span + 1)` steps whatever the
/// pattern: nested quantifiers such as `(a*)*` cannot go exponential. The first
/// path to reach a state owns it, which gives greedy, left-to-right
/// preference to captures; among all ends reached, the matcher keeps the
/// longest (leftmost-longest semantics, as rule authors expect from
/// `省委|省委书记`).
///
/// Two passes, one answer. Almost every attempt fails within a few steps
/// (a surname that starts no name, a place that starts no organ), and for
/// those the visited set is pure overhead: a stamp written per step into a
/// table of `instructions × span` entries, one cache line each. So each
/// attempt first runs *without* the visited set under a small step limit,
/// and only an attempt that reaches the limit is run again from the start
/// with it. The first pass reports the same longest end with the same
/// captures: depth-first order is the same in both, the visited set only
/// cuts paths that re-enter a state already explored, and such a path can
/// only reach ends that were already reported (or, inside an empty loop, go
/// round until the limit sends the attempt to the second pass).
enum PatternMatcher {
    /// No match spans more characters than this; it bounds the visited set.
    static let maxSpan = 512

    /// Steps a first pass (without the visited set) may take before the
    /// attempt is run again with it.
    static let optimisticSteps = 256

    /// The longest match of `program` starting at `start`, with its capture slots.
    static func longestMatch(_ program: PatternProgram, at start: Int, in input: MatchInput,
                             scratch: MatchScratch) -> (end: Int, slots: [Int])? {
        var best: (end: Int, slots: [Int])?
        var visited = false
        while true {
            let outcome = run(program, at: start, in: input, scratch: scratch, depth: 0, visited: visited) { end, slots in
                if best == nil || end > best!.end { best = (end, Array(slots)) }
                return false
            }
            guard outcome == .overLimit else { return best }
            best = nil
            visited = true
        }
    }

    /// Whether `program` matches anchored at `position` (lookarounds, contexts).
    static func matches(_ program: PatternProgram, at position: Int, in input: MatchInput,
                        scratch: MatchScratch, depth: Int) -> Bool {
        var found = false
        if run(program, at: position, in: input, scratch: scratch, depth: depth, visited: false,
               onMatch: { _, _ in found = true; return true }) == .overLimit {
            _ = run(program, at: position, in: input, scratch: scratch, depth: depth, visited: true) { _, _ in
                found = true
                return true
            }
        }
        return found
    }

    private enum Outcome { case finished, overLimit }

    /// The machine. `onMatch` receives each match end and the slots; returning
    /// true stops the search. Without `visited`, the attempt gives up with
    /// `.overLimit` after `optimisticSteps` steps.
    private static func run(_ program: PatternProgram, at start: Int, in input: MatchInput,
                            scratch: MatchScratch, depth: Int, visited useVisited: Bool,
                            onMatch: (Int, UnsafeBufferPointer<Int>) -> Bool) -> Outcome {
        let backward = program.backward
        let lower = backward ? max(input.window.lowerBound, start - maxSpan) : start
        let upper = backward ? start : min(input.window.upperBound, start + maxSpan)
        let width = upper - lower + 1
        return program.instructions.withUnsafeBufferPointer { instructions in
        program.classes.withUnsafeBufferPointer { classes in
        program.literalSets.withUnsafeBufferPointer { literalSets in
        program.looks.withUnsafeBufferPointer { looks in
        program.lexiconLists.withUnsafeBufferPointer { lexiconLists in
        input.units.withUnsafeBufferPointer { units in
        let level = scratch.level(depth, slotCount: program.slotCount)
        let slots = UnsafeMutableBufferPointer(start: level.slots, count: program.slotCount)
        slots.update(repeating: -1)
        var visited: UnsafeMutablePointer<UInt32>?
        var generation: UInt32 = 0
        if useVisited { (visited, generation) = scratch.stamps(depth, size: instructions.count * width) }
        var stack = level.stack
        var capacity = level.stackCapacity
        var count = 0
        @inline(__always) func push(_ code: Int32, _ value: Int32) {
            if count == capacity { (stack, capacity) = scratch.growStack(depth, count: count) }
            stack[count] = MatchState(code: code, value: value)
            count += 1
        }
        push(0, Int32(start))
        let hits = input.lexiconHits
        let mentions = input.mentions
        // The span instructions (`lexicon`, `lexiconSet`, `mention`) offer
        // every span of a kind that starts (or, read backwards, ends) at the
        // position and fits the window, last first: each offer pushes the one
        // before it, so the first is followed and the others wait on the
        // stack in order.
        var preferred: Int32 = -1
        @inline(__always) func offerSpans(of kind: Int32, in index: SpanIndex, filter: Int32, at pos: Int, pc: Int) {
            func offer(_ target: Int32, _ item: Int32) {
                guard filter < 0 || input.filters[Int(filter)][Int(item)] else { return }
                if preferred >= 0 { push(Int32(pc + 1), preferred) }
                preferred = target
            }
            if backward {
                for order in index.ending(at: pos).reversed() {
                    let span = index.spans[index.spanIndex(byEnd: order)]
                    if span.kind == kind, Int(span.start) >= lower { offer(span.start, span.item) }
                }
            } else {
                for position in index.starting(at: pos).reversed() {
                    let span = index.spans[position]
                    if span.kind == kind, Int(span.end) <= upper { offer(span.end, span.item) }
                }
            }
        }
        var steps = scratch.steps
        let budget = scratch.budget
        let limit = useVisited ? Int.max : steps + optimisticSteps
        defer { scratch.steps = steps }

        @inline(__always) func assertionHolds(_ kind: PatternNode.Assertion, at pos: Int) -> Bool {
            switch kind {
            case .sentenceStart: return pos == input.window.lowerBound
            case .sentenceEnd: return pos == input.window.upperBound
            case .tokenBoundary: return input.isTokenBoundary[pos]
            case .notTokenBoundary: return !input.isTokenBoundary[pos]
            }
        }
        /// Whether some alternative of a one-step lookaround matches at `pos`.
        func lookFinds(_ look: LookSet, behind: Bool, at pos: Int) -> Bool {
            let window = input.window
            if (look.sentenceStart && pos == window.lowerBound) || (look.sentenceEnd && pos == window.upperBound) {
                return true
            }
            if look.characters >= 0,
               behind ? pos > window.lowerBound && classes[look.characters].contains(units[pos - 1])
                      : pos < window.upperBound && classes[look.characters].contains(units[pos]) {
                return true
            }
            if look.strings >= 0,
               literalSets[look.strings].matches(in: units, at: pos, limit: behind ? window.lowerBound : window.upperBound) {
                return true
            }
            if look.lexiconCount > 0 {
                let wanted = lexiconLists[look.firstLexicon..<look.firstLexicon + look.lexiconCount]
                if behind {
                    for order in hits.ending(at: pos) {
                        let hit = hits.spans[hits.spanIndex(byEnd: order)]
                        if wanted.contains(hit.kind), Int(hit.start) >= window.lowerBound { return true }
                    }
                } else {
                    for index in hits.starting(at: pos) where wanted.contains(hits.spans[index].kind) {
                        if Int(hits.spans[index].end) <= window.upperBound { return true }
                    }
                }
            }
            return false
        }
        /// Whether literal branch `branch` of literal set `set` may be taken
        /// at `pos`: its guard's tests all hold there.
        func guardHolds(set: Int, branch: Int32, at pos: Int) -> Bool {
            let base = Int(program.literalGuards[set])
            guard base >= 0 else { return true }
            for index in Int(program.guardStart[base + Int(branch)])..<Int(program.guardStart[base + Int(branch) + 1]) {
                switch program.guardTests[index] {
                case .assertion(let kind): if !assertionHolds(kind, at: pos) { return false }
                case .look(let look, let behind, let negated): if lookFinds(looks[look], behind: behind, at: pos) == negated { return false }
                }
            }
            return true
        }

        while count > 0 {
            count -= 1
            let state = stack[count]
            if state.code < 0 {
                slots[Int(-state.code - 1)] = Int(state.value)
                continue
            }
            var pc = Int(state.code)
            var pos = Int(state.value)
            thread: while true {
                if let visited {
                    let key = pc * width + (pos - lower)
                    if visited[key] == generation { break thread }
                    visited[key] = generation
                }
                steps += 1
                if steps > limit {
                    if steps > budget { scratch.exhaust(); return .finished }
                    return .overLimit
                }
                if steps > budget {
                    scratch.exhaust()
                    return .finished
                }
                switch instructions[pc] {
                case .literal(let expected):
                    if backward {
                        guard pos > lower, units[pos - 1] == expected else { break thread }
                        pos -= 1
                    } else {
                        guard pos < upper, units[pos] == expected else { break thread }
                        pos += 1
                    }
                    pc += 1
                case .characterClass(let index):
                    if backward {
                        guard pos > lower, classes[index].contains(units[pos - 1]) else { break thread }
                        pos -= 1
                    } else {
                        guard pos < upper, classes[index].contains(units[pos]) else { break thread }
                        pos += 1
                    }
                    pc += 1
                case .anyCharacter:
                    if backward {
                        guard pos > lower else { break thread }
                        pos -= 1
                    } else {
                        guard pos < upper else { break thread }
                        pos += 1
                    }
                    pc += 1
                case .lexicon(let lexicon, let filter):
                    // Every entry of the lexicon that fits: the first found
                    // (the longest) is followed now, the others are pushed so
                    // that they are tried in order.
                    preferred = -1
                    offerSpans(of: lexicon, in: hits, filter: filter, at: pos, pc: pc)
                    guard preferred >= 0 else { break thread }
                    pos = Int(preferred)
                    pc += 1
                case .lexiconSet(let first, let count):
                    // Branch by branch, each longest first; walked backwards so
                    // that the first to follow is found last and the others are
                    // pushed in the order they will be popped.
                    preferred = -1
                    for branch in (Int(first)..<Int(first + count)).reversed() {
                        offerSpans(of: lexiconLists[branch], in: hits, filter: -1, at: pos, pc: pc)
                    }
                    guard preferred >= 0 else { break thread }
                    pos = Int(preferred)
                    pc += 1
                case .mention(let label):
                    preferred = -1
                    offerSpans(of: label, in: mentions, filter: -1, at: pos, pc: pc)
                    guard preferred >= 0 else { break thread }
                    pos = Int(preferred)
                    pc += 1
                case .split(let preferred, let other):
                    push(Int32(other), Int32(pos))
                    pc = preferred
                case .jump(let target):
                    pc = target
                case .save(let slot):
                    push(Int32(-slot - 1), Int32(slots[slot]))
                    slots[slot] = pos
                    pc += 1
                case .assertion(let kind):
                    guard assertionHolds(kind, at: pos) else { break thread }
                    pc += 1
                case .lookaround(let index, _, let negated):
                    scratch.steps = steps
                    let found = matches(program.subprograms[index], at: pos, in: input, scratch: scratch, depth: depth + 1)
                    steps = scratch.steps
                    if scratch.exhausted { return .finished }
                    guard found != negated else { break thread }
                    pc += 1
                case .literalSet(let index):
                    // Every branch that matches, in the written order: the
                    // first is followed now, the others wait on the stack.
                    let trie = literalSets[index]
                    let limit = backward ? lower : upper
                    var preferred = -1, preferredBranch = Int32.max
                    var others = 0
                    let guarded = program.literalGuards[index] >= 0
                    trie.forEachMatch(in: units, at: pos, limit: limit) { end, branch in
                        if guarded && !guardHolds(set: index, branch: branch, at: pos) { return }
                        if branch < preferredBranch { preferredBranch = branch; preferred = end }
                        others += 1
                    }
                    guard preferred >= 0 else { break thread }
                    if others > 1 {
                        // Rare (a branch that is a prefix of another): push the
                        // rest so that they pop in branch order.
                        var ends: [(branch: Int32, end: Int)] = []
                        trie.forEachMatch(in: units, at: pos, limit: limit) { end, branch in
                            if guarded && !guardHolds(set: index, branch: branch, at: pos) { return }
                            if end != preferred { ends.append((branch, end)) }
                        }
                        for item in ends.sorted(by: { $0.branch > $1.branch }) { push(Int32(pc + 1), Int32(item.end)) }
                    }
                    pos = preferred
                    pc += 1
                case .look(let index, let behind, let negated):
                    guard lookFinds(looks[index], behind: behind, at: pos) != negated else { break thread }
                    pc += 1
                case .match:
                    if onMatch(pos, UnsafeBufferPointer(slots)) { return .finished }
                    break thread
                }
            }
        }
        return .finished
        }
        }
        }
        }
        }
        }
    }

    /// Whether something in `set` could end right before `position`.
    @inline(__always)
    static func mayEnd(_ set: borrowing FirstSet, at position: Int, in input: MatchInput) -> Bool {
        if set.anything || (set.sentenceStart && position == input.window.lowerBound) { return true }
        if position > input.window.lowerBound, set.characters.contains(input.units[position - 1]) { return true }
        if !set.lexicons.isEmpty {
            for order in input.lexiconHits.ending(at: position)
            where set.lexicons.contains(input.lexiconHits.spans[input.lexiconHits.spanIndex(byEnd: order)].kind) { return true }
        }
        if !set.labels.isEmpty {
            for order in input.mentions.ending(at: position)
            where set.labels.contains(input.mentions.spans[input.mentions.spanIndex(byEnd: order)].kind) { return true }
        }
        return false
    }

    /// Whether a match of `program` could begin at `position` (its first set).
    /// The sets are read in place, never copied: a copy would retain each of
    /// their arrays, on a path taken twice per character. The cascade says
    /// what its dispatch already established (`firstKnown`: the position's
    /// character, lexicon hit or mention is in the first set; `behindKnown`:
    /// the character before satisfies the leading lookbehind), which spares
    /// a lookup in a large bitmap that is rarely in cache.
    @inline(__always)
    static func mayStart(_ program: PatternProgram, at position: Int, in input: MatchInput,
                         firstKnown: Bool = false, behindKnown: Bool = false) -> Bool {
        if !behindKnown, program.hasBehind, !mayEnd(program.behindSet, at: position, in: input) { return false }
        if firstKnown || program.first.anything { return true }
        if program.first.characters.contains(input.units[position]) { return true }
        if !program.first.lexicons.isEmpty {
            for index in input.lexiconHits.starting(at: position)
            where program.first.lexicons.contains(input.lexiconHits.spans[index].kind) { return true }
        }
        if !program.first.labels.isEmpty {
            for index in input.mentions.starting(at: position)
            where program.first.labels.contains(input.mentions.spans[index].kind) { return true }
        }
        return false
    }
}
