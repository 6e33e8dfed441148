import Foundation
import Testing
@testable import Zhengming

/// The sentence gate (issue 6): each rule's requirement, and the promise
/// that skipping rules whose requirement a sentence does not meet changes
/// no annotation.
@Suite struct SentenceGateTests {
    struct Symbols: PatternSymbols {
        func lexiconID(_ name: String) -> Int32? { ["surnames": 0, "places": 1][name] }
        func filterID(lexicon: Int32, filter: LexiconFilter) -> Int32 { -1 }
        func labelID(_ label: String) -> Int32? { ["TITLE": 0][label] }
    }

    /// Clauses written as `a|b` (any of), joined by ` & ` (all of);
    /// `{0}` is lexicon 0 and `@0` label 0.
    static func requirement(_ pattern: String) throws -> String {
        let tree = try PatternParser.parse(pattern, fold: { [$0] })
        let program = try PatternCompiler.compile(tree, symbols: Symbols())
        return program.requirement.clauses.map { clause in
            clause.map { atom -> String in
                switch atom {
                case .string(let characters): return String(codePoints: characters)
                case .lexicon(let id): return "{\(id)}"
                case .label(let id): return "@\(id)"
                }
            }.joined(separator: "|")
        }.joined(separator: " & ")
    }

    static let requirements: [(pattern: String, required: String)] = [
        ("党的\\p{Han}+精神", "党的 & 精神"),
        // Class members come in code point order.
        ("(?:党的)?[一二三]+大精神", "一|三|二 & 大精神"),
        ("(?:中国|人民)?(?:日报|晚报)", "日报|晚报"),
        ("{surnames}\\p{Han}{1,2}(?=透露|指出)", "{0} & 透露|指出"),
        ("{surnames}\\p{Han}(?!先生)", "{0}"),
        ("(?<=@TITLE)\\p{Han}{2,3}", "@0"),
        // A branch that needs nothing makes the alternation need nothing.
        ("(?:{places}|\\p{Han})局", "局"),
        ("(?:部|(?<!当)局|厅)", "部|局|厅"),
        ("\\p{Han}{2,4}", ""),
        ("a*b?", ""),
    ]

    @Test(arguments: requirements)
    func requirementIsWhatEveryMatchContains(_ example: (pattern: String, required: String)) throws {
        #expect(try Self.requirement(example.pattern) == example.required)
    }

    /// A rule whose requirement the sentence lacks is not tried at all: the
    /// hostile pattern needs an x, the text has none, so it cannot exhaust
    /// its budget; with the gate off it does.
    @Test func ruleWithoutItsRequirementIsNotTried() throws {
        let pack = try RulePackFixture(["rules.yaml": "rules:\n  - {name: hostile, label: EVENT, pattern: '(.*){1,50}x'}\n"])
        defer { pack.remove() }
        var rules = try pack.load()
        let text = String(repeating: "a", count: 2_000)
        #expect(try Annotator(rules: rules, pinyin: nil).annotate(Document(id: "g", text: text)).exhaustedRules.isEmpty)
        rules.usesSentenceGate = false
        #expect(try Annotator(rules: rules, pinyin: nil).annotate(Document(id: "g", text: text)).exhaustedRules == ["hostile"])
    }

    /// The default pack on the seed documents and on probe sentences of the
    /// genre: the same nested and flat layers with and without the gate.
    @Test func defaultPackAnnotatesTheSameWithAndWithoutTheGate() throws {
        var rules = try RuleSet.load(packs: [DefaultPackTests.packPath])
        var texts = try SeedDocuments.names.map(SeedDocuments.text)
        texts += [
            "11月21日下午，王强主持召开党委常委会，传达学习党的二十大精神。",
            "英国工党和美国民主党发表声明，新华社记者李明报道。",
            "到大西湾乡实地调研，北京市技术监督局局长张三指出。",
            "张三、李四等同志参加会议，王五请假。",
        ]
        let gated = try Annotator(rules: rules, pinyin: nil)
        rules.usesSentenceGate = false
        let ungated = try Annotator(rules: rules, pinyin: nil)
        for (number, text) in texts.enumerated() {
            let document = Document(id: "probe\(number)", text: text)
            let with = try gated.annotate(document), without = try ungated.annotate(document)
            #expect(with.mentions == without.mentions, "flat layer differs on text \(number)")
            #expect(with.nested == without.nested, "nested layer differs on text \(number)")
            #expect(!with.mentions.isEmpty)
        }
    }

    /// `rules profile` counts: a rule is tried only in the sentences that
    /// hold its required word, and its attempts and candidates are counted.
    @Test func profileCountsTriedSentencesAttemptsAndCandidates() throws {
        let pack = try RulePackFixture(["rules.yaml": """
            rules:
              - {name: spirit, label: SLOGAN, pattern: '\\p{Han}{2}精神'}
              - {name: any, label: EVENT, pattern: '会议'}
            """])
        defer { pack.remove() }
        let rules = try pack.load()
        let annotator = try Annotator(rules: rules, pinyin: nil)
        let profile = RuleProfile(ruleCount: rules.rules.count)
        annotator.profile = profile
        _ = try annotator.annotate(Document(id: "p", text: "学习大会精神。召开会议。今天下雨。"))
        let spirit = try #require(rules.rules.firstIndex { $0.name == "spirit" })
        let any = try #require(rules.rules.firstIndex { $0.name == "any" })
        #expect(profile.documents == 1)
        #expect(profile.rules[spirit].sentencesTried == 1)
        #expect(profile.rules[spirit].sentencesSkipped == 2)
        #expect(profile.rules[spirit].candidates == 1)
        #expect(profile.rules[spirit].attempts >= 1)
        #expect(profile.rules[any].sentencesTried == 1)
        #expect(profile.rules[any].candidates == 1)
    }
}
