import Testing
@testable import Zhengming

/// `scores:` models in pack.yaml and the rule condition `score:`: a span is
/// scored from lexicon attributes (the longest prefix entry, then each
/// remaining character) and a candidate below the minimum is rejected, with
/// the reason shown by `explain`.
@Suite struct ScoreConditionTests {
    static func files(prefixDefault: String = "-3", minimum: String = "0") -> [String: String] {
        [
            "pack.yaml": """
            phases: [names]
            scores:
              name:
                prefix: {lexicon: heads, attribute: score, default: \(prefixDefault)}
                each: {lexicon: chars, attribute: score, default: 0}
            """,
            "lexicons/heads.txt": "王\tscore=2\n欧阳\tscore=3\n严\tscore=-2\n",
            "lexicons/chars.txt": "明\tscore=1.5\n华\tscore=1\n改\tscore=-2\n整\tscore=-1\n",
            "rules.yaml": """
            rules:
              - name: name
                phase: names
                label: PERSON
                pattern: '(?:王|欧阳|严|[a-z])\\p{Han}{1,2}'
                score: {model: name, min: \(minimum)}
            """,
        ]
    }

    typealias Case = TextCase

    static let cases: [Case] = [
        Case(name: "a prefix and its characters add up", text: "王明华", expected: ["王明华/PERSON@0"]),
        Case(name: "the longest prefix entry is scored (欧阳 3 + 明 1.5)", text: "欧阳明", expected: ["欧阳明/PERSON@0"]),
        Case(name: "a weak prefix needs strong characters (严 -2 + 明华 2.5)", text: "严明华", expected: ["严明华/PERSON@0"]),
        Case(name: "below the minimum: rejected (严 -2 + 整 -1 + 改 -2)", text: "严整改", expected: []),
        Case(name: "characters without an entry score the default (0)", text: "王小", expected: ["王小/PERSON@0"]),
    ]

    @Test(arguments: cases)
    func scoring(_ example: Case) throws {
        let document = try RulePackFixture.annotate(example.text, with: Self.files())
        #expect(document.shownMentions == example.expected)
    }

    @Test func explainShowsTheScoreOfARejectedCandidate() throws {
        let document = try RulePackFixture.annotate("严整改", with: Self.files(), explain: true)
        let reasons = document.losers.compactMap { loser -> String? in
            if case .context(let text) = loser.reason { return text } else { return nil }
        }
        #expect(reasons == ["score: '严整改' scores -5.0 by model name, below the minimum 0.0"])
    }

    @Test func skipLeavesSpansWithoutAPrefixUnscored() throws {
        // 'x' begins no prefix entry: scored with default -3 it loses, with skip it stands.
        #expect(try RulePackFixture.annotate("x改", with: Self.files()).shownMentions == [])
        #expect(try RulePackFixture.annotate("x改", with: Self.files(prefixDefault: "skip")).shownMentions == ["x改/PERSON@0"])
    }

    @Test func modelDirectScores() throws {
        let pack = try RulePackFixture(Self.files())
        defer { pack.remove() }
        let rules = try pack.load()
        let model = try #require(rules.scoreModels.first)
        func score(_ text: String) -> Double? { model.score(text.unicodeScalars.map(\.value)[...]) }
        #expect(score("王明华") == 4.5)
        #expect(score("欧阳") == 3)
        #expect(score("") == 0)
    }

    typealias Problem = (name: String, files: [String: String], message: String)

    static var problems: [(String, [String: String], String)] {
        var undefinedModel = files()
        undefinedModel["rules.yaml"] = "rules:\n  - {name: r, phase: names, label: PERSON, pattern: '王', score: {model: nope, min: 1}}\n"
        var badMinimum = files()
        badMinimum["rules.yaml"] = "rules:\n  - {name: r, phase: names, label: PERSON, pattern: '王', score: {model: name, min: high}}\n"
        var missingLexicon = files()
        missingLexicon["pack.yaml"] = "phases: [names]\nscores:\n  name:\n    each: {lexicon: absent, attribute: score}\n"
        missingLexicon["rules.yaml"] = "rules:\n  - {name: r, phase: names, label: PERSON, pattern: '王'}\n"
        var unknownCapture = files()
        unknownCapture["rules.yaml"] = "rules:\n  - {name: r, phase: names, label: PERSON, pattern: '王', score: {model: name, min: 1, capture: given}}\n"
        return [
            ("a model pack.yaml does not define", undefinedModel, "'score' names model 'nope'"),
            ("a minimum that is not a number", badMinimum, "'score.min' must be a number, not 'high'"),
            ("a model over an undefined lexicon", missingLexicon, "score model 'name': undefined lexicon 'absent'"),
            ("a capture the pattern lacks", unknownCapture, "'score' names capture 'given'"),
        ]
    }

    @Test(arguments: problems)
    func diagnostics(_ name: String, _ files: [String: String], _ message: String) throws {
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let (_, diagnostics) = RulePackLoader.load([pack.path])
        #expect(diagnostics.contains { $0.isError && $0.message.contains(message) }, "\(name): \(diagnostics.map(\.description))")
    }
}

/// `{lexicon:key<value}` and the other numeric comparisons admit entries by
/// the number in an attribute; `!=` also admits entries without it.
@Suite struct NumericLexiconFilterTests {
    static let files: [String: String] = [
        // One phase per rule, so that overlapping matches all reach the nested layer.
        "pack.yaml": "phases: [one, two, three]",
        "lexicons/chars.txt": "甲\tscore=-3\n乙\tscore=-1\n丙\tscore=2\n丁\n戊\tscore=x\n",
        "rules.yaml": """
        rules:
          - {name: low, phase: one, label: LOC, pattern: '{chars:score<-2}'}
          - {name: high, phase: two, label: ORGAN, pattern: '{chars:score>=2}'}
          - {name: not-minus-one, phase: three, label: DATE, pattern: '{chars:score!=-1}'}
        """,
    ]

    @Test func comparisons() throws {
        let document = try RulePackFixture.annotate("甲乙丙丁戊", with: Self.files)
        // 甲 < -2 (and != -1), 丙 >= 2 (and != -1), 丁 and 戊 only != -1; 乙 nothing.
        #expect(Set(document.nested.map { $0.shown(in: "甲乙丙丁戊") + " " + $0.rule })
                == ["甲/LOC@0 low", "甲/DATE@0 not-minus-one", "丙/ORGAN@2 high", "丙/DATE@2 not-minus-one",
                    "丁/DATE@3 not-minus-one", "戊/DATE@4 not-minus-one"])
    }

    @Test func aNonNumericBoundIsAPatternError() throws {
        var files = Self.files
        files["rules.yaml"] = "rules:\n  - {name: bad, phase: one, label: LOC, pattern: '{chars:score<low}'}\n"
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let (_, diagnostics) = RulePackLoader.load([pack.path])
        #expect(diagnostics.contains { $0.code == .badPattern && $0.message.contains("compares numbers, and 'low' is not one") })
    }
}

/// `\p{LEXICON}` and `\p{LEXICON:key<N}`: a lexicon's one-character entries
/// (those the filter admits) as a character class, with no lexicon hits
/// needed; such a lexicon counts as used.
@Suite struct LexiconClassTests {
    static let files: [String: String] = [
        "pack.yaml": "phases: [one, two]",
        "lexicons/chars.txt": "甲\tscore=-3\n乙\tscore=-1\n丙\tscore=2\n丁戊\tscore=-9\n",
        "rules.yaml": """
        rules:
          - {name: low, phase: one, label: LOC, pattern: '\\p{chars:score<-2}+'}
          - {name: any-but-low, phase: two, label: ORGAN, pattern: '(?:(?!\\p{chars:score<-2})\\P{chars})+'}
        """,
    ]

    @Test func classesOfOneCharacterEntries() throws {
        let text = "甲乙丙丁戊"
        let document = try RulePackFixture.annotate(text, with: Self.files)
        // 甲 is the only one-character entry below -2 (丁戊 has two characters);
        // \P{chars} is every character that is no one-character entry: 丁, 戊.
        #expect(Set(document.nested.map { $0.shown(in: text) }) == ["甲/LOC@0", "丁戊/ORGAN@3"])
    }

    @Test func aLexiconUsedOnlyAsAClassIsNotReportedUnused() throws {
        let pack = try RulePackFixture(Self.files)
        defer { pack.remove() }
        let (ruleSet, diagnostics) = RulePackLoader.load([pack.path])
        #expect(!diagnostics.contains { $0.code == .unusedLexicon })
        // …and its hits are not kept: no rule reads them.
        #expect(ruleSet?.indexedLexicons == [false])
    }

    @Test func aBadClassFilterIsAPatternError() throws {
        var files = Self.files
        files["rules.yaml"] = "rules:\n  - {name: bad, phase: one, label: LOC, pattern: '\\p{chars:score<high}'}\n"
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let (_, diagnostics) = RulePackLoader.load([pack.path])
        #expect(diagnostics.contains { $0.code == .badPattern && $0.message.contains("compares numbers, and 'high' is not one") })
    }
}
