import Testing
@testable import Zhengming

/// A mention that is exactly a lexicon entry inherits the entry's
/// `key=value` attributes under the ones its rule sets. The rule set builds
/// each entry's table once and mentions share it; past
/// `RuleSet.sharedAttributeLimit` attributed entries each mention builds its
/// own. Both paths are checked here to give the same attributes.
@Suite struct LexiconAttributeTests {
    static let files: [String: String] = [
        "lexicons/places.txt": """
        湖南省\tcanonical=湖南省\tlevel=province\tlevel=duplicate
        长沙\tcanonical=长沙市\tlevel=city
        岳麓山
        """,
        "rules.yaml": """
        rules:
          - {name: place, label: LOC, pattern: '{places}'}
          - {name: capital, label: LOC, priority: 5, pattern: '(?<city>{places})市', attributes: {level: capital, of: $city}}
          - {name: home, label: LOC, priority: 5, pattern: '(?<=家乡){places}', attributes: {level: home}}
        """,
    ]

    typealias Case = TextCase

    static let cases: [Case] = [
        Case(name: "the entry's attributes, the first of a repeated key", text: "湖南省",
             expected: ["湖南省 place canonical=湖南省 level=province"]),
        Case(name: "an entry without attributes gives none", text: "岳麓山", expected: ["岳麓山 place"]),
        Case(name: "not exactly an entry: only the rule's own", text: "长沙市",
             expected: ["长沙市 capital level=capital of=长沙"]),
        Case(name: "a rule's own attributes win over the entry's", text: "家乡湖南省",
             expected: ["湖南省 home canonical=湖南省 level=home"]),
        Case(name: "several mentions, each its entry's", text: "湖南省长沙，岳麓山",
             expected: ["湖南省 place canonical=湖南省 level=province", "长沙 place canonical=长沙市 level=city", "岳麓山 place"]),
    ]

    static func shown(_ mention: Mention, in text: String) -> String {
        ([codePointSlice(text, mention.start, mention.end), mention.rule]
            + mention.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
    }

    @Test(arguments: cases)
    func mentionsInheritTheirEntrysAttributes(_ example: Case) throws {
        let pack = try RulePackFixture(Self.files)
        defer { pack.remove() }
        var rules = try pack.load()
        #expect(rules.entryAttributes.contains { !$0.isEmpty }, "the shared tables were not built")
        let shared = try Annotator(rules: rules, pinyin: nil).annotate(Document(id: "a", text: example.text))
        #expect(shared.mentions.map { Self.shown($0, in: example.text) } == example.expected)
        // Past the limit: no shared tables, every mention builds its own.
        rules.entryAttributes = rules.lexicons.map { _ in [] }
        let built = try Annotator(rules: rules, pinyin: nil).annotate(Document(id: "a", text: example.text))
        #expect(built.mentions == shared.mentions)
        #expect(built.nested == shared.nested)
    }

    /// The default pack on the seed documents: the same layers either way,
    /// and some mention with inherited attributes.
    @Test func defaultPackInheritsTheSameEitherWay() throws {
        var rules = try RuleSet.load(packs: [DefaultPackTests.packPath])
        let shared = try Annotator(rules: rules, pinyin: nil)
        rules.entryAttributes = rules.lexicons.map { _ in [] }
        let built = try Annotator(rules: rules, pinyin: nil)
        var attributed = 0
        for text in try SeedDocuments.names.map(SeedDocuments.text) {
            let document = Document(id: "seed", text: text)
            let with = try shared.annotate(document), without = try built.annotate(document)
            #expect(with.mentions == without.mentions)
            #expect(with.nested == without.nested)
            attributed += with.mentions.filter { !$0.attributes.isEmpty }.count
        }
        #expect(attributed > 0)
    }
}
