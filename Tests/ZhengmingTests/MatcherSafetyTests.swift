import Testing
@testable import Zhengming

/// Issue 3, "a user's pattern can never hang a run": hostile patterns on a
/// long text finish and find nothing; each attempt is bounded by program
/// size × span; a step budget stops a rule and marks the scratch exhausted.
@Suite struct MatcherSafetyTests {
    /// Lexicon and label names for patterns compiled without a pack.
    struct NoSymbols: PatternSymbols {
        func lexiconID(_ name: String) -> Int32? { nil }
        func filterID(lexicon: Int32, filter: LexiconFilter) -> Int32 { -1 }
        func labelID(_ label: String) -> Int32? { nil }
    }

    static func compile(_ pattern: String) throws -> PatternProgram {
        let tree = try PatternParser.parse(pattern, fold: { [$0] })
        return try PatternCompiler.compile(tree, symbols: NoSymbols())
    }

    static func input(_ units: [UInt32]) -> MatchInput {
        MatchInput(units: units, window: 0..<units.count,
                   isTokenBoundary: [Bool](repeating: false, count: units.count + 1),
                   lexiconHits: .empty, filters: [], mentions: .empty)
    }

    static let hostile = ["(a*)*b", "(a|a)*c", "(.*){1,50}x", "(a+)+$b", "(?:a|aa)*(?=b)", "((a?){20}a{20}){2}z"]
    static let text = [UInt32](repeating: UInt32(UInt8(ascii: "a")), count: 2_000)

    @Test(arguments: hostile)
    func oneAttemptIsBoundedByProgramSizeTimesSpan(_ pattern: String) throws {
        let program = try Self.compile(pattern)
        let scratch = MatchScratch()
        let input = Self.input(Self.text)
        for start in [0, 1_000, 1_999] {
            scratch.resetBudget(.max)
            let match = PatternMatcher.longestMatch(program, at: start, in: input, scratch: scratch)
            #expect(match == nil)
            #expect(!scratch.exhausted)
            let bound = program.instructions.count * (PatternMatcher.maxSpan + 1)
            #expect(scratch.steps <= bound * (1 + program.subprograms.count * (PatternMatcher.maxSpan + 1)))
        }
    }

    @Test(arguments: hostile)
    func hostilePatternInARuleFinishesWithoutAMatch(_ pattern: String) throws {
        let files = ["rules.yaml": "rules:\n  - name: hostile\n    label: EVENT\n    pattern: '\(pattern)'\n"]
        let document = try RulePackFixture.annotate(String(repeating: "a", count: 2_000), with: files)
        #expect(document.mentions.isEmpty)
        #expect(document.exhaustedRules.allSatisfy { $0 == "hostile" })
    }

    /// The pattern that does the most work per attempt exceeds the rule's
    /// budget for the document: it is stopped and named, and the rest of the
    /// pack still runs.
    @Test func ruleOverItsBudgetIsStoppedAndNamed() throws {
        let files = ["rules.yaml": """
            rules:
              - {name: hostile, label: EVENT, pattern: '(.*){1,50}x$'}
              - {name: fine, label: DATE, pattern: 'a{3}$'}
            """]
        // The x the hostile pattern requires is in the sentence (else the
        // sentence gate would not try the rule at all), but not at its end.
        let document = try RulePackFixture.annotate("x" + String(repeating: "a", count: 1_999), with: files)
        #expect(document.exhaustedRules == ["hostile"])
        #expect(document.shownMentions == ["aaa/DATE@1997"])
    }

    @Test func hostilePatternStillMatchesWhereItShould() throws {
        let program = try Self.compile("(a*)*b")
        let scratch = MatchScratch()
        scratch.resetBudget(.max)
        let units = Array("aaab".unicodeScalars.map(\.value))
        let match = try #require(PatternMatcher.longestMatch(program, at: 0, in: Self.input(units), scratch: scratch))
        #expect(match.end == 4)
    }

    @Test func tooSmallABudgetMarksTheScratchExhausted() throws {
        let program = try Self.compile("(a*)*b")
        let scratch = MatchScratch()
        scratch.resetBudget(50)
        let match = PatternMatcher.longestMatch(program, at: 0, in: Self.input(Self.text), scratch: scratch)
        #expect(match == nil)
        #expect(scratch.exhausted)
        #expect(scratch.steps > 50)
        scratch.resetBudget(.max)
        #expect(!scratch.exhausted, "a new budget clears the mark")
    }

    @Test func exhaustedBudgetInsideALookaroundStopsTheMatch() throws {
        let program = try Self.compile("a(?=(a*)*b)")
        let scratch = MatchScratch()
        scratch.resetBudget(100)
        #expect(PatternMatcher.longestMatch(program, at: 0, in: Self.input(Self.text), scratch: scratch) == nil)
        #expect(scratch.exhausted)
    }

    @Test func oversizedRepetitionsAreRefusedAtLoadTime() throws {
        let pack = try RulePackFixture(["rules.yaml": """
            rules:
              - {name: huge, label: EVENT, pattern: '((a{100}){100}){100}'}
            """])
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.map(\.code) == [.badPattern])
        #expect(diagnostics.first?.message.contains("too large") == true)
    }
}

/// Regression (issue 3, hostile patterns): deep nesting is a diagnostic, not
/// a stack overflow.
@Suite struct PatternNestingTests {
    @Test func deeplyNestedGroupsAreRefused() throws {
        let pattern = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        let pack = try RulePackFixture(["rules.yaml": "label: LOC\nrules:\n  - name: deep\n    pattern: '\(pattern)'\n"])
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.contains { $0.code == .badPattern && $0.message.contains("nested deeper") })
    }
}
