import Testing
@testable import Zhengming

/// Issue 14, `rules check` on post rules and `linking:`: each problem has
/// its stable code at the file, line and column where it is written.
@Suite struct PostRuleDiagnosticsTests {
    /// Rules that produce the labels post rules refer to, and a cue lexicon.
    static let base: [String: String] = [
        "pack.yaml": "labels: [OFFICIAL, TITLE, ORGAN, LOC]\n",
        "base.yaml": """
            rules:
              - {name: b.title, label: TITLE, pattern: '书记'}
              - {name: b.name, label: OFFICIAL, pattern: '张三'}
            """,
        "lexicons/cues.txt": "原\tstatus=former\n",
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let files: [String: String]
        /// (code, file, line, column)
        let expected: [(RuleDiagnostic.Code, String, Int, Int)]
        var testDescription: String { name }
    }

    static let linking = "linking:\n  cues: cues\n"

    static let cases: [Case] = [
        Case(name: "no posts role", files: ["p.yaml": linking + """
            posts:
              - name: p.no-posts
                pattern: '(?<holders>@OFFICIAL)@TITLE'
            """], expected: [(.postRole, "p.yaml", 5, 14)]),
        Case(name: "a capture that is no role", files: ["p.yaml": linking + """
            posts:
              - name: p.odd
                pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)(?<x>了)'
            """], expected: [(.postRole, "p.yaml", 5, 14)]),
        Case(name: "no holders", files: ["p.yaml": linking + """
            posts:
              - name: p.nobody
                pattern: '(?<posts>@TITLE)'
            """], expected: [(.postRole, "p.yaml", 5, 14)]),
        Case(name: "unknown status", files: ["p.yaml": linking + """
            posts:
              - name: p.status
                pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'
                status: retired
            """], expected: [(.postStatus, "p.yaml", 6, 13)]),
        Case(name: "a cue without a status", files: [
            "p.yaml": linking + "posts:\n  - {name: p.ok, pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'}\n",
            "lexicons/cues.txt": "原\tstatus=former\n免去\n",
        ], expected: [(.postStatus, "lexicons/cues.txt", 2, 1)]),
        Case(name: "linking names an undefined lexicon", files: ["p.yaml": """
            linking:
              hosts: nowhere
            posts:
              - {name: p.ok, pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'}
            """], expected: [(.undefinedLexicon, "p.yaml", 2, 3)]),
        Case(name: "linking names an unknown label", files: ["p.yaml": """
            linking:
              holders: [OFFICAL]
            posts:
              - {name: p.ok, pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'}
            """], expected: [(.unknownLabel, "p.yaml", 2, 3)]),
        Case(name: "an elliptical organ without its level", files: [
            "p.yaml": "linking:\n  elliptical: short\nposts:\n  - {name: p.ok, pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'}\n",
            "lexicons/short.txt": "省委\tlevel=省\n市委\n",
        ], expected: [(.postLinking, "lexicons/short.txt", 2, 1)]),
        Case(name: "a malformed expected record", files: ["p.yaml": linking + """
            posts:
              - name: p.example
                pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'
                examples:
                  - text: 张三书记
                    expect: [张三/书记/sacked]
            """], expected: [(.badExample, "p.yaml", 8, 18)]),
        Case(name: "a label no rule produces", files: ["p.yaml": linking + """
            posts:
              - name: p.loc
                pattern: '(?<holders>@OFFICIAL)(?<posts>@LOC)'
            """], expected: [(.undefinedReference, "p.yaml", 5, 45)]),
        Case(name: "a bad pattern", files: ["p.yaml": linking + """
            posts:
              - name: p.bad
                pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE'
            """], expected: [(.badPattern, "p.yaml", 5, 36)]),
        Case(name: "a duplicate post rule", files: ["p.yaml": linking + """
            posts:
              - {name: p.twice, pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'}
              - {name: p.twice, pattern: '(?<posts>@TITLE)(?<holders>@OFFICIAL)'}
            """], expected: [(.duplicateRule, "p.yaml", 5, 5)]),
        Case(name: "a post rule named like a mention rule", files: ["p.yaml": linking + """
            posts:
              - {name: b.title, pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'}
            """], expected: [(.duplicateRule, "p.yaml", 4, 5)]),
    ]

    @Test(arguments: cases) func diagnosticAtItsPosition(_ example: Case) throws {
        let pack = try RulePackFixture(Self.base.merging(example.files) { $1 })
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        for (code, file, line, column) in example.expected {
            #expect(diagnostics.contains { $0.code == code && $0.file == pack.path + "/" + file && $0.line == line && $0.column == column },
                    "expected \(code.rawValue) at \(file):\(line):\(column); got \(diagnostics.map(\.description))")
        }
        let errors = diagnostics.filter(\.isError)
        #expect(errors.count == example.expected.count, "\(errors.map(\.description))")
        #expect(throws: RulePackError.self) { try pack.load() }
    }

    @Test func unknownPostRuleKeysAreWarnings() throws {
        let pack = try RulePackFixture(Self.base.merging(["p.yaml": Self.linking + """
            posts:
              - name: p.typo
                patern: x
                pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'
            """]) { $1 })
        defer { pack.remove() }
        let (ruleSet, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.map(\.code) == [.unknownKey])
        #expect(diagnostics.first.map { ($0.line, $0.column) } ?? (0, 0) == (5, 5))
        #expect(ruleSet?.postLinker?.rules.map(\.name) == ["p.typo"])
    }

    /// A clean pack: no diagnostics, and the lexicons the linker names are
    /// used (no Z051 for them).
    @Test func aCleanPackHasNoDiagnostics() throws {
        let pack = try RulePackFixture(Self.base.merging(["p.yaml": Self.linking + """
            posts:
              - name: p.fine
                pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)'
                examples:
                  - {text: 张三书记, expect: [张三/书记/current]}
            """]) { $1 })
        defer { pack.remove() }
        let (ruleSet, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let outcomes = try RuleExampleRunner(rules: try #require(ruleSet)).run()
        #expect(outcomes.count == 1 && outcomes.allSatisfy(\.passed))
    }
}
