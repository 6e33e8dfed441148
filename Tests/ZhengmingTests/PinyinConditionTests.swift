import Testing
@testable import Zhengming

/// Issue 3: a token's pinyin is available as an optional constraint
/// (`pinyin:` on a capture).
@Suite struct PinyinConditionTests {
    static let files = [
        "lexicons/chars.txt": "行\n长\n",
        "rules.yaml": """
            label: LOC
            rules:
              - name: read-hang
                pattern: '(?<c>{chars})业'
                pinyin: {c: '^háng$'}
              - name: read-zhang
                label: TITLE
                pattern: '(?<c>{chars})'
                pinyin: {c: 'zh'}
            """,
    ]

    @Test func conditionKeepsOnlyMatchingReadings() throws {
        let pack = try RulePackFixture(Self.files)
        defer { pack.remove() }
        let rules = try RuleSet.load(packs: [pack.path])
        let annotated = try Annotator(rules: rules, pinyin: nil).annotate(Document(id: "t", text: "行业长"), explain: true)
        // ICU reads 行 as xíng on its own, so the 行业 rule is rejected by its
        // condition; 长 reads zhǎng and passes.
        let found = annotated.mentions.map { "\(annotated.text($0.start..<$0.end))/\($0.label)" }
        #expect(found == ["长/TITLE"])
        #expect(annotated.losers.contains { loser in
            if case .context(let why) = loser.reason { return why.contains("pinyin of '行'") }
            return false
        })
    }

    @Test func invalidExpressionIsADiagnostic() throws {
        var files = Self.files
        files["rules.yaml"] = """
            label: LOC
            rules:
              - name: bad
                pattern: '(?<c>{chars})'
                pinyin: {c: '(unclosed'}
            """
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.contains { $0.code == .badPattern && $0.message.contains("pinyin") })
    }
}
