import Testing
@testable import Zhengming

/// Which rules the cascade tries where (`PhaseDispatch`): by first
/// character, lexicon or label, and, for rules that may begin with any
/// character, by what their leading lookbehind needs just before the
/// position: a character, or the end of a lexicon entry.
@Suite struct DispatchTests {
    static let pack = [
        "lexicons/counties.txt": "芝兰县\n界炮\n",
        "rules.yaml": """
            rules:
              - {name: town, label: LOC, pattern: '(?<=到|深入|{counties})\\p{Han}{2}镇'}
            """,
    ]

    @Test func ruleWithALexiconInItsLookbehindIsTriedAfterEachEntry() throws {
        let text = "深入大西镇，芝兰县洋青镇，界炮山内镇，他们北海镇。"
        let document = try RulePackFixture.annotate(text, with: Self.pack)
        #expect(document.shownMentions == ["大西镇/LOC@2", "洋青镇/LOC@9", "山内镇/LOC@15"])
        let pack = try RulePackFixture(Self.pack)
        defer { pack.remove() }
        let rules = try pack.load()
        let dispatch = rules.dispatch[0]
        #expect(dispatch.always.isEmpty)
        #expect(!dispatch.byLexiconEnd.isEmpty)
        #expect(!dispatch.byPreviousCharacter.range(of: "到".unicodeScalars.first!.value).isEmpty)
        // 深入 is a string: its last character is what comes right before.
        #expect(!dispatch.byPreviousCharacter.range(of: "入".unicodeScalars.first!.value).isEmpty)
    }

    /// `^` in the lookbehind is the sentence start, not "anything": the rule
    /// is tried at the first position of each sentence and after the listed
    /// characters, never everywhere, and finds what it found when it was
    /// tried everywhere (a sentence-initial town, one after 到, none after 们).
    @Test func sentenceStartInTheLookbehindIsTriedAtTheStartOnly() throws {
        let files = [
            "rules.yaml": """
                rules:
                  - {name: town, label: LOC, pattern: '(?<=^|[，,]|到)\\p{Han}{2}镇'}
                """,
        ]
        let text = "大西镇很美。他们北海镇不去，洋青镇到了。我们到山内镇。"
        let document = try RulePackFixture.annotate(text, with: files)
        #expect(document.shownMentions == ["大西镇/LOC@0", "洋青镇/LOC@14", "山内镇/LOC@23"])
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let dispatch = try pack.load().dispatch[0]
        #expect(dispatch.always.isEmpty)
        #expect(dispatch.atSentenceStart.count == 1)
        #expect(!dispatch.byPreviousCharacter.range(of: "到".unicodeScalars.first!.value).isEmpty)
    }
}
