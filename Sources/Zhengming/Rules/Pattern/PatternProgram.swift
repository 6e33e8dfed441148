/// A pattern compiled to instructions for the backtracking matcher
/// (`PatternMatcher`), in the style of Pike's and Thompson's regular-expression
/// machines: `split` forks (the first branch is preferred), `save` records a
/// capture boundary, and the two instructions that make this more than a
/// regular expression consume whole lexicon entries (`lexicon`) or whole
/// mentions of earlier phases (`mention`), several lengths at once.
///
/// A class, not a struct: the matcher passes programs around on every
/// position it tries, and a reference is one pointer where a struct of arrays
/// would be a retain per array. Programs are not changed after compilation.
final class PatternProgram: @unchecked Sendable {
    enum Instruction: Sendable {
        case literal(UInt32)
        case characterClass(Int)
        case anyCharacter
        case lexicon(Int32, filter: Int32)
        case mention(Int32)
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case assertion(PatternNode.Assertion)
        case lookaround(Int, behind: Bool, negated: Bool)
        /// Literal branches of an alternation, as a trie (`literalSets`):
        /// every branch that matches is followed, in the written order. A
        /// branch may open with one-step tests (`(?<!中)小学`), its guard:
        /// see `literalGuards`.
        case literalSet(Int)
        /// Unfiltered lexicon branches of an alternation
        /// (`{provinces}|{cities}|{counties}`), as one instruction: the
        /// lexicons are `lexiconLists[first..<first + count]`, every hit of
        /// each is followed, branch by branch, longest first, as the `split`
        /// chain would.
        case lexiconSet(first: Int32, count: Int32)
        /// A lookaround whose alternatives each take one step (literal
        /// strings, character classes, lexicons, `^`, `$`): answered in
        /// place from `looks`, without running a sub-machine. The `<name>`
        /// macro has five, tried at every surname.
        case look(Int, behind: Bool, negated: Bool)
        case match
    }

    // Every property is a `let`: the optimiser can then read them without
    // retaining, which matters on a path taken millions of times.
    let instructions: [Instruction]
    let classes: [CharacterClass]
    let literalSets: [LiteralTrie]
    let looks: [LookSet]
    /// The lexicon lists of `look` and `lexiconSet` instructions.
    let lexiconLists: [Int32]
    /// Guards of literal branches: for literal set `i`, `literalGuards[i]`
    /// is -1 when no branch has one, else where its branches' entries begin
    /// in `guardStart`; branch `b`'s tests are
    /// `guardTests[guardStart[base + b]..<guardStart[base + b + 1]]`.
    let literalGuards: [Int32]
    let guardStart: [Int32]
    let guardTests: [GuardTest]
    /// Programs of the lookarounds, run anchored at the current position.
    let subprograms: [PatternProgram]
    /// Reads right to left (a lookbehind).
    let backward: Bool
    /// Capture names; slot `2i+2`/`2i+3` hold the bounds of capture `i`
    /// (slots 0 and 1 hold the whole match).
    let captureNames: [String]
    let slotCount: Int
    /// What can come first: the matcher tries a start position only if its
    /// character, lexicon hits or mentions could begin a match.
    let first: FirstSet
    /// When the pattern begins with a positive lookbehind (`hasBehind`): what
    /// can end right before the match (the lookbehind's own first set, read
    /// right to left). Rules such as `(?<=“)\p{Han}{2,12}(?=”)` can then be
    /// skipped wherever the preceding character rules them out. Not an
    /// optional: the matcher reads it on its hot path, and reading an
    /// optional structure copies it.
    let hasBehind: Bool
    let behindSet: FirstSet
    /// What a sentence must contain for a match (top-level programs only;
    /// see `Requirement`).
    let requirement: Requirement
    /// Whether the program or a lookaround in it refers to mentions (`@LABEL`).
    let readsMentions: Bool

    /// Programs larger than this are refused (patterns with nested bounded
    /// repetitions expand multiplicatively).
    static let maxInstructions = 20_000

    init(_ builder: ProgramBuilder) {
        instructions = builder.instructions
        classes = builder.classes
        literalSets = builder.literalSets
        looks = builder.looks
        lexiconLists = builder.lexiconLists
        literalGuards = builder.literalGuards
        guardStart = builder.guardStart
        guardTests = builder.guardTests
        subprograms = builder.subprograms
        backward = builder.backward
        captureNames = builder.captureNames
        slotCount = 2 * (builder.captureNames.count + 1)
        first = builder.first
        hasBehind = builder.behind != nil
        behindSet = builder.behind ?? FirstSet()
        requirement = builder.requirement
        readsMentions = builder.instructions.contains { if case .mention = $0 { return true } else { return false } }
            || builder.subprograms.contains(where: \.readsMentions)
            || !builder.first.labels.isEmpty || !(builder.behind?.labels.isEmpty ?? true)
    }

    /// The empty program of a rule that has not been compiled.
    convenience init() { self.init(ProgramBuilder()) }
}

/// The mutable form of a program while the compiler emits it.
struct ProgramBuilder {
    var instructions: [PatternProgram.Instruction] = []
    var classes: [CharacterClass] = []
    var literalSets: [LiteralTrie] = []
    var looks: [LookSet] = []
    var lexiconLists: [Int32] = []
    var literalGuards: [Int32] = []
    var guardStart: [Int32] = []
    var guardTests: [GuardTest] = []
    var requirement = Requirement.none
    var subprograms: [PatternProgram] = []
    var backward = false
    var captureNames: [String] = []
    var first = FirstSet()
    var behind: FirstSet?
}

/// A one-step test at the start of a literal branch (`(?<!中)` in
/// `(?<!中)小学`): a look set or an assertion, made where the branch begins.
enum GuardTest: Sendable {
    case look(Int, behind: Bool, negated: Bool)
    case assertion(PatternNode.Assertion)
}

/// The alternatives of a lookaround that each take one step, by kind. The
/// body matches where any of them does.
///
/// Every field is a plain number, so that reading a look set in the
/// matcher's loop copies no reference.
struct LookSet: Sendable {
    /// Strings of two characters or more, in reading order (reversed for a
    /// lookbehind): an index into the program's literal sets, or -1.
    var strings = -1
    /// Single characters and character classes, united; an index into the
    /// program's classes, or -1.
    var characters = -1
    /// The lexicons: `lexiconLists[firstLexicon..<firstLexicon + lexiconCount]`.
    var firstLexicon = 0
    var lexiconCount = 0
    var sentenceStart = false
    var sentenceEnd = false
}

/// What can begin a match. `anything` means every position must be tried.
struct FirstSet: Sendable {
    var characters = CharacterClass()
    var lexicons: Set<Int32> = []
    var labels: Set<Int32> = []
    var anything = false
    /// Read right to left (a lookbehind's set): `^` satisfies it with
    /// nothing before, at the start of the sentence. Without it a lookbehind
    /// such as `(?<=^|[,，]|到|在)` is nullable and its rule is tried at every
    /// position; with it the rule is tried after those characters and at the
    /// sentence start.
    var sentenceStart = false
}

/// Resolves the names a pattern refers to into the numbers the matcher uses.
protocol PatternSymbols {
    func lexiconID(_ name: String) -> Int32?
    func filterID(lexicon: Int32, filter: LexiconFilter) -> Int32
    func labelID(_ label: String) -> Int32?
    /// The one copy of `characters` that every program of a rule set
    /// shares: each class is an 8 KB bitmap, `\p{Han}` appears in dozens of
    /// rules, and one shared copy stays in cache where dozens would not.
    func shared(_ characters: CharacterClass) -> CharacterClass
}

extension PatternSymbols {
    func shared(_ characters: CharacterClass) -> CharacterClass { characters }
}

struct PatternCompileError: Error {
    let offset: Int
    let message: String
}

struct PatternCompiler {
    private var program = ProgramBuilder()
    private let symbols: PatternSymbols
    /// Literal alternations as tries and one-step lookarounds in place; off
    /// only in tests, which check that both forms find the same matches.
    private let optimize: Bool
    private var captureIndex: [String: Int] = [:]

    private init(symbols: PatternSymbols, backward: Bool, optimize: Bool) {
        self.symbols = symbols
        self.optimize = optimize
        program.backward = backward
    }

    static func compile(_ node: PatternNode, symbols: PatternSymbols, backward: Bool = false, optimize: Bool = true)
        throws(PatternCompileError) -> PatternProgram
    {
        var compiler = PatternCompiler(symbols: symbols, backward: backward, optimize: optimize)
        compiler.program.captureNames = node.captureNames
        var seen = Set<String>()
        for (index, name) in compiler.program.captureNames.enumerated() {
            if !seen.insert(name).inserted { throw PatternCompileError(offset: 0, message: "capture name '\(name)' used twice") }
            compiler.captureIndex[name] = index
        }
        let body = backward ? node.reversed : node
        compiler.emit(.save(0))
        try compiler.compile(body)
        compiler.emit(.save(1))
        compiler.emit(.match)
        var (first, nullable) = compiler.firstSet(of: body)
        // One copy of each distinct first set for the rule set: a pack of
        // 10^5 one-word rules has 10^5 programs but a few thousand first
        // characters, and each set is an 8 KB bitmap.
        first.characters = symbols.shared(first.characters)
        compiler.program.first = first
        if nullable { compiler.program.first.anything = true }
        if !backward { compiler.program.requirement = Requirement.of(node, symbols: symbols) }
        if !backward, let behind = Self.leadingLookbehind(body) {
            let sub = try PatternCompiler.compile(behind, symbols: symbols, backward: true, optimize: optimize)
            if !sub.first.anything { compiler.program.behind = sub.first }
        }
        return PatternProgram(compiler.program)
    }

    /// The items of a sequence with, in each run of adjacent zero-width
    /// tests (assertions, lookarounds), the tests that need a sub-machine
    /// moved after the others.
    ///
    /// Adjacent zero-width tests are all made at the same position and
    /// change nothing but whether the path goes on (a lookaround's captures
    /// live in its own sub-machine), so their order cannot change a match,
    /// only its cost: `(?<!\b(?!…)\p{Han}\b)\b{surnames}` is tried at every
    /// surname, and most of those fail the one-step `\b` written after the
    /// lookbehind that runs a sub-machine. One-step tests keep the order the
    /// author wrote, which usually puts the most selective first.
    private func cheapTestsFirst(_ items: [PatternNode]) -> [PatternNode] {
        func isTest(_ node: PatternNode) -> Bool {
            switch node {
            case .assertion, .lookaround: return true
            default: return false
            }
        }
        var result: [PatternNode] = []
        var cheap: [PatternNode] = [], costly: [PatternNode] = []
        func flush() {
            result += cheap + costly
            cheap = []
            costly = []
        }
        for item in items {
            if !isTest(item) {
                flush()
                result.append(item)
            } else if !isOneStepTest(item) {
                costly.append(item)
            } else {
                cheap.append(item)
            }
        }
        flush()
        return result
    }

    /// An alternative of an alternation as compiled: a branch, or a run of
    /// literal branches that becomes one trie.
    private enum Alternative {
        case node(PatternNode)
        /// Literal branches, each with the one-step tests it opens with.
        case strings([(string: [UInt32], guards: [PatternNode])])
        case lexicons([Int32])
    }

    /// A branch that is one-step tests followed by literals (`(?<!中)小学`,
    /// `\b党委`), as its string and its tests; nil for any other branch.
    private func guardedLiteral(_ node: PatternNode) -> (string: [UInt32], guards: [PatternNode])? {
        if let string = Self.literalString(node) { return (string, []) }
        var items: [PatternNode]
        switch node {
        case .sequence(let sequence): items = sequence
        case .group(let body, nil, _): return guardedLiteral(body)
        default: return nil
        }
        var guards: [PatternNode] = []
        while let item = items.first, isOneStepTest(item) {
            guards.append(item)
            items.removeFirst()
        }
        guard !guards.isEmpty, let string = Self.literalString(.sequence(items)) else { return nil }
        return (string, guards)
    }

    /// An assertion, or a lookaround that compiles to a `look` (see `lookSet`).
    private func isOneStepTest(_ node: PatternNode) -> Bool {
        switch node {
        case .assertion: return true
        case .lookaround(let body, _, _): return isOneStepLook(body)
        default: return false
        }
    }

    /// Whether `lookSet` accepts `body`, without compiling it.
    private func isOneStepLook(_ body: PatternNode) -> Bool {
        switch body {
        case .alternation(let items): return items.allSatisfy(isOneStepLook)
        case .group(let inner, nil, _): return isOneStepLook(inner)
        case .characterClass(let members): return !members.isNegated
        case .lexicon(let name, nil, _): return symbols.lexiconID(name) != nil
        case .assertion(.sentenceStart), .assertion(.sentenceEnd): return true
        default: return Self.literalString(body) != nil
        }
    }

    /// The lexicon of a branch that is one unfiltered lexicon reference.
    private func lexiconOnly(_ node: PatternNode) -> Int32? {
        switch node {
        case .lexicon(let name, nil, _): return symbols.lexiconID(name)
        case .group(let body, nil, _): return lexiconOnly(body)
        default: return nil
        }
    }

    /// The characters of a branch that is only literals (`党的`, `(?:中央)`).
    static func literalString(_ node: PatternNode) -> [UInt32]? {
        switch node {
        case .literal(let value): return [value]
        case .group(let body, nil, _): return literalString(body)
        case .sequence(let items):
            var result: [UInt32] = []
            for item in items {
                guard let part = literalString(item) else { return nil }
                result += part
            }
            return result.isEmpty ? nil : result
        default: return nil
        }
    }

    /// The alternatives of a lookaround body, when each takes one step.
    private mutating func lookSet(_ body: PatternNode, behind: Bool) -> LookSet? {
        // A stack, last branch first: taking branches off the front of a
        // list is quadratic in a lookaround of 10^5 words.
        var branches: [PatternNode]
        switch body {
        case .alternation(let items): branches = items.reversed()
        default: branches = [body]
        }
        var set = LookSet()
        var lexicons: [Int32] = []
        var characters = CharacterClass()
        var hasCharacters = false
        var strings: [[UInt32]] = []
        while let branch = branches.popLast() {
            if let string = Self.literalString(branch) {
                if string.count == 1 {
                    characters.insert(string[0])
                    hasCharacters = true
                } else {
                    strings.append(behind ? string.reversed() : string)
                }
                continue
            }
            switch branch {
            case .group(let inner, nil, _):
                if case .alternation(let items) = inner { branches += items.reversed() } else { branches.append(inner) }
            case .alternation(let items): branches += items.reversed()
            case .characterClass(let members) where !members.isNegated:
                characters.formUnion(members)
                hasCharacters = true
            case .lexicon(let name, nil, _):
                guard let id = symbols.lexiconID(name) else { return nil }
                if !lexicons.contains(id) { lexicons.append(id) }
            case .assertion(.sentenceStart): set.sentenceStart = true
            case .assertion(.sentenceEnd): set.sentenceEnd = true
            default: return nil
            }
        }
        if !strings.isEmpty {
            program.literalSets.append(LiteralTrie(strings))
            program.literalGuards.append(-1)
            set.strings = program.literalSets.count - 1
        }
        set.firstLexicon = program.lexiconLists.count
        set.lexiconCount = lexicons.count
        program.lexiconLists += lexicons
        if hasCharacters {
            program.classes.append(symbols.shared(characters))
            set.characters = program.classes.count - 1
        }
        return set
    }

    /// The body of a positive lookbehind that every match must pass first.
    private static func leadingLookbehind(_ node: PatternNode) -> PatternNode? {
        switch node {
        case .lookaround(let body, behind: true, negated: false): return body
        case .sequence(let items):
            for item in items {
                switch item {
                case .lookaround(let body, behind: true, negated: false): return body
                case .lookaround, .assertion: continue
                default: return nil
                }
            }
            return nil
        case .group(let body, _, _): return leadingLookbehind(body)
        default: return nil
        }
    }

    @discardableResult
    private mutating func emit(_ instruction: PatternProgram.Instruction) -> Int {
        program.instructions.append(instruction)
        return program.instructions.count - 1
    }

    private mutating func compile(_ node: PatternNode) throws(PatternCompileError) {
        if program.instructions.count > PatternProgram.maxInstructions {
            throw PatternCompileError(offset: 0, message: "pattern too large once repetitions are expanded (over \(PatternProgram.maxInstructions) instructions)")
        }
        switch node {
        case .literal(let value): emit(.literal(value))
        case .anyCharacter: emit(.anyCharacter)
        case .characterClass(let members):
            program.classes.append(symbols.shared(members))
            emit(.characterClass(program.classes.count - 1))
        case .lexicon(let name, let filter, let offset):
            guard let id = symbols.lexiconID(name) else {
                throw PatternCompileError(offset: offset, message: "undefined lexicon '\(name)'")
            }
            emit(.lexicon(id, filter: filter.map { symbols.filterID(lexicon: id, filter: $0) } ?? -1))
        case .mention(let label, let offset):
            guard let id = symbols.labelID(label) else {
                throw PatternCompileError(offset: offset, message: "unknown label '\(label)'")
            }
            emit(.mention(id))
        case .sequence(let items):
            for item in optimize ? cheapTestsFirst(items) : items { try compile(item) }
        case .alternation(let branches):
            // Runs of two or more literal branches become one trie each;
            // the order of the alternatives is kept.
            var alternatives: [Alternative] = []
            // The open run of literal (or lexicon) branches, appended to in
            // place and closed once: rebuilding the run for every branch and
            // searching it for the branch's string made an alternation of
            // 10^5 words take minutes (issue 15). `guardedIn[string]`: whether
            // the string occurs in the run with a guard.
            var run: [(string: [UInt32], guards: [PatternNode])] = []
            var guardedIn: [[UInt32]: Bool] = [:]
            var lexicons: [Int32] = []
            for branch in branches {
                if optimize, let literal = guardedLiteral(branch) {
                    if !lexicons.isEmpty { alternatives.append(.lexicons(lexicons)); lexicons = [] }
                    // A trie keeps one branch per string, so a string that a
                    // guard makes conditional cannot share a trie with the same
                    // string in another branch: it starts a new run.
                    let guarded = !literal.guards.isEmpty
                    if let earlier = guardedIn[literal.string], guarded || earlier {
                        alternatives.append(.strings(run))
                        run = []
                        guardedIn = [:]
                    }
                    run.append(literal)
                    guardedIn[literal.string] = guarded || guardedIn[literal.string] == true
                } else if optimize, let lexicon = lexiconOnly(branch) {
                    if !run.isEmpty { alternatives.append(.strings(run)); run = []; guardedIn = [:] }
                    lexicons.append(lexicon)
                } else {
                    if !run.isEmpty { alternatives.append(.strings(run)); run = []; guardedIn = [:] }
                    if !lexicons.isEmpty { alternatives.append(.lexicons(lexicons)); lexicons = [] }
                    alternatives.append(.node(branch))
                }
            }
            if !run.isEmpty { alternatives.append(.strings(run)) }
            if !lexicons.isEmpty { alternatives.append(.lexicons(lexicons)) }
            var jumps: [Int] = []
            for (index, alternative) in alternatives.enumerated() {
                let split = index < alternatives.count - 1 ? emit(.split(0, 0)) : nil
                switch alternative {
                case .strings(let strings) where strings.count > 1:
                    program.literalSets.append(LiteralTrie(strings.map(\.string)))
                    let setIndex = program.literalSets.count - 1
                    program.literalGuards.append(-1)
                    if strings.contains(where: { !$0.guards.isEmpty }) {
                        program.literalGuards[setIndex] = Int32(program.guardStart.count)
                        for literal in strings {
                            program.guardStart.append(Int32(program.guardTests.count))
                            for test in literal.guards {
                                switch test {
                                case .assertion(let kind): program.guardTests.append(.assertion(kind))
                                case .lookaround(let body, let behind, let negated):
                                    guard let set = lookSet(body, behind: behind) else {
                                        throw PatternCompileError(offset: 0, message: "internal: a guard that is not one step")
                                    }
                                    program.looks.append(set)
                                    program.guardTests.append(.look(program.looks.count - 1, behind: behind, negated: negated))
                                default: break
                                }
                            }
                        }
                        program.guardStart.append(Int32(program.guardTests.count))
                    }
                    emit(.literalSet(setIndex))
                case .strings(let strings):
                    try compile(.sequence(strings[0].guards + strings[0].string.map { .literal($0) }))
                case .lexicons(let lexicons) where lexicons.count > 1:
                    emit(.lexiconSet(first: Int32(program.lexiconLists.count), count: Int32(lexicons.count)))
                    program.lexiconLists += lexicons
                case .lexicons(let lexicons): emit(.lexicon(lexicons[0], filter: -1))
                case .node(let branch): try compile(branch)
                }
                if let split {
                    jumps.append(emit(.jump(0)))
                    program.instructions[split] = .split(split + 1, program.instructions.count)
                }
            }
            for jump in jumps { program.instructions[jump] = .jump(program.instructions.count) }
        case .repetition(let body, let min, let max):
            for _ in 0..<min { try compile(body) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(emit(.split(0, 0)))
                    try compile(body)
                }
                let end = program.instructions.count
                for split in splits { program.instructions[split] = .split(split + 1, end) }
            } else {
                let loop = emit(.split(0, 0))
                try compile(body)
                emit(.jump(loop))
                program.instructions[loop] = .split(loop + 1, program.instructions.count)
            }
        case .group(let body, let name, _):
            if let name, let index = captureIndex[name] {
                let (open, close) = program.backward ? (2 * index + 3, 2 * index + 2) : (2 * index + 2, 2 * index + 3)
                emit(.save(open))
                try compile(body)
                emit(.save(close))
            } else {
                try compile(body)
            }
        case .assertion(let kind): emit(.assertion(kind))
        case .lookaround(let body, let behind, let negated):
            if optimize, let set = lookSet(body, behind: behind) {
                program.looks.append(set)
                emit(.look(program.looks.count - 1, behind: behind, negated: negated))
                return
            }
            let sub = try PatternCompiler.compile(body, symbols: symbols, backward: behind, optimize: optimize)
            program.subprograms.append(sub)
            emit(.lookaround(program.subprograms.count - 1, behind: behind, negated: negated))
        }
    }

    /// The first set of `node` and whether it can match the empty string.
    private func firstSet(of node: PatternNode) -> (FirstSet, Bool) {
        var set = FirstSet()
        let nullable = addFirst(of: node, to: &set)
        return (set, nullable)
    }

    /// Adds what can begin `node` to `set`; returns whether `node` can match
    /// the empty string. One set for the whole pattern, rather than one per
    /// node merged into its parent's: each set is an 8 KB bitmap, and an
    /// alternation of 10^5 words made and merged 10^5 of them.
    private func addFirst(of node: PatternNode, to set: inout FirstSet) -> Bool {
        switch node {
        case .literal(let value): set.characters.insert(value); return false
        case .anyCharacter: set.anything = true; return false
        case .characterClass(let members):
            if members.isNegated { set.anything = true } else { set.characters.formUnion(members) }
            return false
        case .lexicon(let name, _, _):
            if let id = symbols.lexiconID(name) { set.lexicons.insert(id) } else { set.anything = true }
            return false
        case .mention(let label, _):
            if let id = symbols.labelID(label) { set.labels.insert(id) } else { set.anything = true }
            return false
        case .assertion(.sentenceStart) where program.backward:
            set.sentenceStart = true
            return false
        case .assertion, .lookaround: return true
        case .group(let body, _, _): return addFirst(of: body, to: &set)
        case .repetition(let body, let min, _):
            return addFirst(of: body, to: &set) || min == 0
        case .sequence(let items):
            for item in items where !addFirst(of: item, to: &set) { return false }
            return true
        case .alternation(let branches):
            var nullable = false
            for branch in branches where addFirst(of: branch, to: &set) { nullable = true }
            return nullable
        }
    }
}

