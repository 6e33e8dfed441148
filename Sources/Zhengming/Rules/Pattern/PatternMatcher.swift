/// What a pattern is matched against: one sentence of normalised text with
/// everything known about it. A class so that it is built once per sentence
/// and phase and passed by reference to every rule.
final class MatchInput {
    let units: [UInt32]
    /// The sentence: matches never leave it.
    let window: Range<Int>
    let isTokenBoundary: [Bool]
    let lexiconHits: SpanIndex
    /// `allowed[filter][entry]` for `{lexicon:key=value}` references.
    let filters: [[Bool]]
    let mentions: SpanIndex

    init(units: [UInt32], window: Range<Int>, isTokenBoundary: [Bool], lexiconHits: SpanIndex,
         filters: [[Bool]], mentions: SpanIndex) {
        self.units = units
        self.window = window
        self.isTokenBoundary = isTokenBoundary
        self.lexiconHits = lexiconHits
        self.filters = filters
        self.mentions = mentions
    }
}

/// Per-worker scratch memory for the matcher: visited-state stamps for each
/// lookaround depth, the backtracking stacks, and the step budget that keeps
/// a hostile pattern from hanging a run.
///
/// The stamps are raw buffers, not arrays: the matcher's inner loop touches
/// them on every step, and array accesses through a class property cost
/// exclusivity checks and reference counting that dwarf the work itself.
final class MatchScratch {
    fileprivate var stamps: [UnsafeMutablePointer<UInt32>] = []
    fileprivate var capacities: [Int] = []
    fileprivate var generations: [UInt32] = []
    fileprivate var stacks: [[(Int32, Int32)]] = []
    /// Steps taken since the budget was last reset.
    var steps = 0
    /// When `steps` passes this, matching stops and `exhausted` is set.
    var budget = Int.max
    private(set) var exhausted = false

    init() {}

    deinit {
        for buffer in stamps { buffer.deallocate() }
        for buffer in slotBuffers { buffer.deallocate() }
    }

    func resetBudget(_ budget: Int) {
        steps = 0
        self.budget = budget
        exhausted = false
    }

    /// The stamp buffer of `depth`, at least `size` long, and a fresh
    /// generation number for it.
    fileprivate func prepare(depth: Int, size: Int) -> (UnsafeMutablePointer<UInt32>, UInt32) {
        while stamps.count <= depth {
            stamps.append(UnsafeMutablePointer<UInt32>.allocate(capacity: 1))
            stamps[stamps.count - 1].initialize(to: 0)
            capacities.append(1)
            generations.append(0)
            stacks.append([])
        }
        if capacities[depth] < size {
            stamps[depth].deallocate()
            let capacity = max(size, capacities[depth] * 2)
            stamps[depth] = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
            stamps[depth].initialize(repeating: 0, count: capacity)
            capacities[depth] = capacity
            generations[depth] = 0
        }
        generations[depth] &+= 1
        if generations[depth] == 0 {
            stamps[depth].update(repeating: 0, count: capacities[depth])
            generations[depth] = 1
        }
        return (stamps[depth], generations[depth])
    }

    fileprivate func exhaust() { exhausted = true }

    /// Created on first use, for rules with `pinyin:` conditions.
    lazy var pinyin: PinyinTransliterator? = try? PinyinTransliterator(style: .marks)

    fileprivate var slotBuffers: [UnsafeMutableBufferPointer<Int>] = []
    /// Reused by the lexicon and mention instructions for their targets.
    fileprivate var targets: [Int32] = []

    /// Capture slots for `depth`, all set to -1.
    fileprivate func slots(depth: Int, count: Int) -> UnsafeMutableBufferPointer<Int> {
        while slotBuffers.count <= depth { slotBuffers.append(.allocate(capacity: 0)) }
        if slotBuffers[depth].count < count {
            slotBuffers[depth].deallocate()
            slotBuffers[depth] = .allocate(capacity: count)
        }
        let buffer = UnsafeMutableBufferPointer(rebasing: slotBuffers[depth][0..<count])
        buffer.initialize(repeating: -1)
        return buffer
    }
}

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
enum PatternMatcher {
    /// No match spans more characters than this; it bounds the visited set.
    static let maxSpan = 512

    /// The longest match of `program` starting at `start`, with its capture slots.
    static func longestMatch(_ program: PatternProgram, at start: Int, in input: MatchInput,
                             scratch: MatchScratch) -> (end: Int, slots: [Int])? {
        var best: (end: Int, slots: [Int])?
        run(program, at: start, in: input, scratch: scratch, depth: 0) { end, slots in
            if best == nil || end > best!.end { best = (end, Array(slots)) }
            return false
        }
        return best
    }

    /// Whether `program` matches anchored at `position` (lookarounds, contexts).
    static func matches(_ program: PatternProgram, at position: Int, in input: MatchInput,
                        scratch: MatchScratch, depth: Int) -> Bool {
        var found = false
        run(program, at: position, in: input, scratch: scratch, depth: depth) { _, _ in
            found = true
            return true
        }
        return found
    }

    /// The machine. `onMatch` receives each match end and the slots; returning
    /// true stops the search.
    private static func run(_ program: PatternProgram, at start: Int, in input: MatchInput,
                            scratch: MatchScratch, depth: Int,
                            onMatch: (Int, UnsafeBufferPointer<Int>) -> Bool) {
        let backward = program.backward
        let lower = backward ? max(input.window.lowerBound, start - maxSpan) : start
        let upper = backward ? start : min(input.window.upperBound, start + maxSpan)
        let width = upper - lower + 1
        program.instructions.withUnsafeBufferPointer { instructions in
        program.classes.withUnsafeBufferPointer { classes in
        input.units.withUnsafeBufferPointer { units in
        let (visited, generation) = scratch.prepare(depth: depth, size: instructions.count * width)
        let slots = scratch.slots(depth: depth, count: program.slotCount)
        var targets = scratch.targets
        scratch.targets = []
        defer { scratch.targets = targets }
        var stack = scratch.stacks[depth]
        scratch.stacks[depth] = []
        stack.removeAll(keepingCapacity: true)
        stack.append((0, Int32(start)))
        let hits = input.lexiconHits
        let mentions = input.mentions
        var steps = scratch.steps
        let budget = scratch.budget
        defer {
            scratch.stacks[depth] = stack
            scratch.steps = steps
        }

        while let (code, value) = stack.popLast() {
            if code < 0 {
                slots[Int(-code - 1)] = Int(value)
                continue
            }
            var pc = Int(code)
            var pos = Int(value)
            thread: while true {
                let key = pc * width + (pos - lower)
                if visited[key] == generation { break thread }
                visited[key] = generation
                steps += 1
                if steps > budget {
                    scratch.exhaust()
                    return
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
                    targets.removeAll(keepingCapacity: true)
                    if backward {
                        for index in hits.ending(at: pos) {
                            let hit = hits.spans[Int(index)]
                            if hit.kind == lexicon, Int(hit.start) >= lower,
                               filter < 0 || input.filters[Int(filter)][Int(hit.item)] { targets.append(hit.start) }
                        }
                    } else {
                        for index in hits.starting(at: pos) {
                            let hit = hits.spans[index]
                            if hit.kind == lexicon, Int(hit.end) <= upper,
                               filter < 0 || input.filters[Int(filter)][Int(hit.item)] { targets.append(hit.end) }
                        }
                    }
                    guard let preferred = targets.first else { break thread }
                    for other in targets.dropFirst().reversed() { stack.append((Int32(pc + 1), other)) }
                    pos = Int(preferred)
                    pc += 1
                case .mention(let label):
                    targets.removeAll(keepingCapacity: true)
                    if backward {
                        for index in mentions.ending(at: pos) {
                            let span = mentions.spans[Int(index)]
                            if span.kind == label, Int(span.start) >= lower { targets.append(span.start) }
                        }
                    } else {
                        for index in mentions.starting(at: pos) {
                            let span = mentions.spans[index]
                            if span.kind == label, Int(span.end) <= upper { targets.append(span.end) }
                        }
                    }
                    guard let preferred = targets.first else { break thread }
                    for other in targets.dropFirst().reversed() { stack.append((Int32(pc + 1), other)) }
                    pos = Int(preferred)
                    pc += 1
                case .split(let preferred, let other):
                    stack.append((Int32(other), Int32(pos)))
                    pc = preferred
                case .jump(let target):
                    pc = target
                case .save(let slot):
                    stack.append((Int32(-slot - 1), Int32(slots[slot])))
                    slots[slot] = pos
                    pc += 1
                case .assertion(let kind):
                    let holds: Bool
                    switch kind {
                    case .sentenceStart: holds = pos == input.window.lowerBound
                    case .sentenceEnd: holds = pos == input.window.upperBound
                    case .tokenBoundary: holds = input.isTokenBoundary[pos]
                    case .notTokenBoundary: holds = !input.isTokenBoundary[pos]
                    }
                    guard holds else { break thread }
                    pc += 1
                case .lookaround(let index, _, let negated):
                    scratch.steps = steps
                    let found = matches(program.subprograms[index], at: pos, in: input, scratch: scratch, depth: depth + 1)
                    steps = scratch.steps
                    if scratch.exhausted { return }
                    guard found != negated else { break thread }
                    pc += 1
                case .lexiconLook(let lexicons, let behind, let negated):
                    var found = false
                    if behind {
                        for index in hits.ending(at: pos) where lexicons.contains(hits.spans[Int(index)].kind) {
                            if Int(hits.spans[Int(index)].start) >= input.window.lowerBound { found = true; break }
                        }
                    } else {
                        for index in hits.starting(at: pos) where lexicons.contains(hits.spans[index].kind) {
                            if Int(hits.spans[index].end) <= input.window.upperBound { found = true; break }
                        }
                    }
                    guard found != negated else { break thread }
                    pc += 1
                case .classLook(let index, let behind, let negated):
                    let found: Bool
                    if behind {
                        found = pos > input.window.lowerBound && classes[index].contains(units[pos - 1])
                    } else {
                        found = pos < input.window.upperBound && classes[index].contains(units[pos])
                    }
                    guard found != negated else { break thread }
                    pc += 1
                case .match:
                    if onMatch(pos, UnsafeBufferPointer(slots)) { return }
                    break thread
                }
            }
        }
        }
        }
        }
    }

    /// Whether something in `set` could end right before `position`.
    @inline(__always)
    static func mayEnd(_ set: FirstSet, at position: Int, in input: MatchInput) -> Bool {
        if set.anything { return true }
        if position > input.window.lowerBound, set.characters.contains(input.units[position - 1]) { return true }
        if !set.lexicons.isEmpty {
            for index in input.lexiconHits.ending(at: position)
            where set.lexicons.contains(input.lexiconHits.spans[Int(index)].kind) { return true }
        }
        if !set.labels.isEmpty {
            for index in input.mentions.ending(at: position)
            where set.labels.contains(input.mentions.spans[Int(index)].kind) { return true }
        }
        return false
    }

    /// Whether a match of `program` could begin at `position` (its first set).
    @inline(__always)
    static func mayStart(_ program: PatternProgram, at position: Int, in input: MatchInput) -> Bool {
        if let behind = program.behind, !mayEnd(behind, at: position, in: input) { return false }
        let first = program.first
        if first.anything { return true }
        if first.characters.contains(input.units[position]) { return true }
        if !first.lexicons.isEmpty {
            for index in input.lexiconHits.starting(at: position)
            where first.lexicons.contains(input.lexiconHits.spans[index].kind) { return true }
        }
        if !first.labels.isEmpty {
            for index in input.mentions.starting(at: position)
            where first.labels.contains(input.mentions.spans[index].kind) { return true }
        }
        return false
    }
}
