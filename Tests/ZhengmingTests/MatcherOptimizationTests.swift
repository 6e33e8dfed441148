import Testing
@testable import Zhengming

/// The compiler turns runs of literal branches into tries and answers
/// one-step lookarounds in place (issue 6); the matcher first runs each
/// attempt without its visited set. None of this may change a match: every
/// test here compiles the same pattern twice, optimised and plain, and
/// compares ends and captures at every start of many texts.
@Suite struct MatcherOptimizationTests {
    /// `{place}` and `{surname}` are lexicons 0 and 1 of the hits built below.
    struct Symbols: PatternSymbols {
        func lexiconID(_ name: String) -> Int32? { ["place": 0, "surname": 1][name] }
        func filterID(lexicon: Int32, filter: LexiconFilter) -> Int32 { -1 }
        func labelID(_ label: String) -> Int32? { nil }
    }

    static func programs(_ pattern: String) throws -> (optimized: PatternProgram, plain: PatternProgram) {
        let tree = try PatternParser.parse(pattern, fold: { [$0] })
        return (try PatternCompiler.compile(tree, symbols: Symbols(), optimize: true),
                try PatternCompiler.compile(tree, symbols: Symbols(), optimize: false))
    }

    /// A text and its lexicon hits: 北京 and 京 are places, 王 and 欧阳 surnames.
    static func input(_ text: String) -> MatchInput {
        let units = text.unicodeScalars.map(\.value)
        var spans: [SpanIndex.Span] = []
        for (kind, words) in [(Int32(0), ["北京", "京"]), (Int32(1), ["王", "欧阳"])] {
            for word in words {
                let key = word.unicodeScalars.map(\.value)
                for start in units.indices where start + key.count <= units.count
                    && Array(units[start..<start + key.count]) == key {
                    spans.append(.init(start: Int32(start), end: Int32(start + key.count), kind: kind, item: 0))
                }
            }
        }
        return MatchInput(units: units, window: 0..<units.count,
                          // Tokens of two characters, so that `\b` both holds and fails.
                          isTokenBoundary: (0...units.count).map { $0 % 2 == 0 },
                          lexiconHits: SpanIndex(spans: spans, textLength: units.count), filters: [], mentions: .empty)
    }

    static func expectSameMatches(_ pattern: String, _ text: String) throws {
        let (optimized, plain) = try programs(pattern)
        let input = Self.input(text)
        let scratch = MatchScratch()
        for start in 0...input.units.count {
            scratch.resetBudget(.max)
            let fast = start < input.units.count ? PatternMatcher.longestMatch(optimized, at: start, in: input, scratch: scratch) : nil
            scratch.resetBudget(.max)
            let slow = start < input.units.count ? PatternMatcher.longestMatch(plain, at: start, in: input, scratch: scratch) : nil
            #expect(fast?.end == slow?.end && fast?.slots == slow?.slots,
                    "\(pattern) at \(start) of \(text): \(String(describing: fast)) vs \(String(describing: slow))")
        }
    }

    static let cases: [(pattern: String, text: String)] = [
        ("民主党|共和党|保守党", "英国保守党和美国民主党"),
        // A branch that is a prefix of a later one: both ends are explored.
        ("(?<a>社会民主党|社会|社会民主主义党)(?<b>\\p{Han}*)", "德国社会民主主义党人"),
        ("(?<a>ab|a)(?<b>b?)c", "abc abbc ac"),
        ("x(?:ab|abc|a)(?<tail>c*)", "xabcc xac"),
        ("(?:甲|乙|丙丁)+戊", "甲乙丙丁戊 丙戊"),
        ("王(?=先生|女士|老师)", "王先生 王女士 王同学"),
        ("(?<![乡农城])村", "城村 山村 村"),
        ("(?<=到|赴|在|[、,]|{place})\\p{Han}{2}镇", "到大西镇 北京小河镇 去上岗镇"),
        ("(?<=^|[，。]|和)王\\p{Han}", "王五，王六和王七"),
        ("{surname}\\p{Han}(?!{place}|说|在)", "王京 王说 欧阳修在 王五"),
        ("\\p{Han}+(?=$|。)", "天下大同。世界"),
        ("(?:(?!的|了)\\p{Han}){1,3}(?:公司|集团|(?<!中)小学)", "北京小学 中小学 华为公司"),
        // Lexicon branches become one instruction; the order of branches,
        // then length, decides which end is followed first.
        ("(?<a>{surname}|{place})(?<b>\\p{Han}?)", "欧阳北京 王京 北京王"),
        ("(?:{place}|{surname}|京)+城", "北京王京城 欧阳城"),
        ("(?<=(?:{place}|{surname})\\p{Han})\\p{Han}", "北京大学 王五六"),
        // Literal branches guarded by one-step tests stay in the trie; the
        // same word guarded and unguarded must both be tried.
        ("\\p{Han}{1,3}(?:公司|(?<!中)小学|大学|(?<!工)厂)", "北京小学 中小学 华为工厂 红星厂"),
        ("(?<a>(?<!中)小学|小学生|小学)(?<b>\\p{Han}?)", "中小学生 小学 中小学"),
        ("x(?:\\bab|ab|(?<=x)abc)c*", "xabcc xab"),
        // A test that needs a sub-machine is made after the one-step tests
        // beside it; the match cannot change.
        ("(?<!\\b(?!京)\\p{Han}\\b)\\b(?!北)(?<name>{surname})\\p{Han}{1,2}", "王京北 欧阳修 北王五"),
    ]

    @Test(arguments: cases)
    func literalTriesAndInPlaceLookaroundsMatchLikeTheirPlainForm(_ example: (pattern: String, text: String)) throws {
        try Self.expectSameMatches(example.pattern, example.text)
    }

    /// Random patterns built from alternations of short words, classes,
    /// captures, repetitions and lookarounds, over texts of the same few
    /// characters, so that partial and overlapping matches are common.
    @Test func randomPatternsMatchLikeTheirPlainForm() throws {
        var random = SplitMix64(seed: 6)
        let alphabet = Array("abc王京北")
        func word() -> String {
            String((0..<(1 + Int(random.next() % 3))).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        func branch() -> String {
            // Now and then a branch guarded by one-step tests, which the
            // compiler keeps inside the trie.
            switch random.next() % 6 {
            case 0: return "(?<![ab])" + word()
            case 1: return "\\b(?!c)" + word()
            default: return word()
            }
        }
        func alternation() -> String { (0..<(2 + Int(random.next() % 4))).map { _ in branch() }.joined(separator: "|") }
        func atom(_ depth: Int) -> String {
            switch random.next() % 11 {
            // Lookarounds that need a sub-machine, which the compiler moves
            // after the one-step tests next to them.
            case 9: return "(?<!\\b[ab]\(word()))"
            case 10: return "(?=(?:\(alternation()))[ab王]?c)"
            case 0: return "(?:\(alternation()))"
            case 1: return "(?<c\(random.next() % 1000)>\(alternation()))"
            case 2: return "[ab王]"
            case 3: return "(?=\(alternation()))"
            case 4: return "(?!\(alternation()))"
            case 5: return "(?<=\(alternation())|^)"
            case 6: return "(?<!\(alternation())|[c])"
            case 7: return depth < 2 ? "(?:\(sequence(depth + 1))){0,2}" : word()
            default: return ["{place}", "{surname}", "(?:{place}|{surname})", "(?:{surname}|{place}|\(word()))",
                             word(), "."][Int(random.next() % 6)]
            }
        }
        func sequence(_ depth: Int) -> String { (0..<(1 + Int(random.next() % 3))).map { _ in atom(depth) }.joined() }
        var checked = 0
        while checked < 300 {
            let pattern = sequence(0)
            // Capture names must be unique; skip the rare clash.
            guard (try? PatternParser.parse(pattern, fold: { [$0] })).map({ Set($0.captureNames).count == $0.captureNames.count }) == true
            else { continue }
            let text = String((0..<12).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            try Self.expectSameMatches(pattern, text)
            checked += 1
        }
    }
}
