import Testing
@testable import Zhengming

/// Issue 3, `rules test`: the examples embedded in rule files pass or fail
/// with the difference spelled out.
@Suite struct RuleExampleRunnerTests {
    static let files: [String: String] = [
        "pack.yaml": "phases: [first, second]",
        "lexicons/surnames.txt": "王\n杜\n",
        "rules.yaml": """
        rules:
          - name: title.post
            phase: first
            label: TITLE
            pattern: '组长|书记'
            examples:
              - text: 中央巡视组组长王荣军
                expect: [组长/TITLE]
              - text: 湖南省委书记杜家毫
                expect: [书记/TITLE, 杜家毫/OFFICIAL]
          - name: official.after-title
            phase: second
            label: OFFICIAL
            pattern: '(?<=@TITLE){surnames}\\p{Han}{2}'
            examples:
              - text: 组长王荣军主持
                expect: [王荣军/OFFICIAL]
              - text: 王荣军主持
                expect: []
              - text: 组长王荣军、王荣军
                expect: [王荣军/PERSON]
              - text: 书记杜家毫
                expect: []
        """,
    ]

    struct Summary: Equatable, CustomStringConvertible {
        let rule: String, text: String, passed: Bool, missing: [String], unexpected: [String]
        var description: String { "\(rule) \(text) \(passed ? "PASS" : "FAIL") -\(missing) +\(unexpected)" }
    }

    static func run(_ files: [String: String], matching prefix: String? = nil) throws -> [RuleExampleRunner.Outcome] {
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        return try RuleExampleRunner(rules: try pack.load()).run(matching: prefix)
    }

    static func summarize(_ outcomes: [RuleExampleRunner.Outcome]) -> [Summary] {
        outcomes.map {
            Summary(rule: $0.rule, text: $0.example.text, passed: $0.passed,
                    missing: $0.missing.map { "\($0.text)/\($0.label)" },
                    unexpected: $0.unexpected.map { "\($0.text)/\($0.label)" })
        }
    }

    @Test func passingAndFailingExamples() throws {
        let outcomes = try Self.run(Self.files)
        #expect(Self.summarize(outcomes) == [
            Summary(rule: "title.post", text: "中央巡视组组长王荣军", passed: true, missing: [], unexpected: []),
            Summary(rule: "title.post", text: "湖南省委书记杜家毫", passed: true, missing: [], unexpected: []),
            Summary(rule: "official.after-title", text: "组长王荣军主持", passed: true, missing: [], unexpected: []),
            Summary(rule: "official.after-title", text: "王荣军主持", passed: true, missing: [], unexpected: []),
            Summary(rule: "official.after-title", text: "组长王荣军、王荣军", passed: false, missing: ["王荣军/PERSON"],
                    unexpected: []),
            Summary(rule: "official.after-title", text: "书记杜家毫", passed: false, missing: [],
                    unexpected: ["杜家毫/OFFICIAL"]),
        ])
    }

    @Test func failuresCarryWhatWasProducedAndWhere() throws {
        let outcomes = try Self.run(Self.files)
        let failure = try #require(outcomes.first { $0.example.text == "组长王荣军、王荣军" })
        #expect(failure.produced.map { "\($0.text)/\($0.label)/\($0.rule)" }
            == ["组长/TITLE/title.post", "王荣军/OFFICIAL/official.after-title"])
        #expect(failure.example.location.file.hasSuffix("/rules.yaml"))
        #expect(failure.example.location.line == 20)
        #expect(failure.example.expected.map { "\($0.text)/\($0.label)" } == ["王荣军/PERSON"])
    }

    @Test func prefixSelectsRules() throws {
        let outcomes = try Self.run(Self.files, matching: "title.")
        #expect(outcomes.map(\.rule) == ["title.post", "title.post"])
        #expect(outcomes.allSatisfy { $0.passed })
        #expect(try Self.run(Self.files, matching: "nothing").isEmpty)
    }

    /// Regression for issue 3: `expect: 组长/TITLE` (one mention written
    /// without brackets) must not silently become a negative example.
    @Test func issue3ScalarExpectIsNotANegativeExample() throws {
        let files = ["rules.yaml": """
            rules:
              - name: title
                label: TITLE
                pattern: '组长'
                examples:
                  - text: 组长王荣军
                    expect: 组长/TITLE
            """]
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let (ruleSet, diagnostics) = RuleSet.check(packs: [pack.path])
        let example = try #require(ruleSet?.rule(named: "title")?.examples.first)
        #expect(example.expected.map { "\($0.text)/\($0.label)" } == ["组长/TITLE"]
                || diagnostics.contains { $0.code == .badExample })
    }
}
