import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// Which spans an export writes: label filtering and mapping, gold over
/// silver, one layer of gold, tokens cut at gold boundaries.
@Suite("Export labels and gold")
struct ExportLabelTests {
    let rules: RuleSet

    init() throws { rules = try ExportFixture.rules() }

    @Test("--labels keeps only the listed labels, after --map renames")
    func filterAndMap() throws {
        let policy = try LabelPolicy(mapping: ["PERSON": "PER", "ORGAN": "ORG"], allowed: ["PER", "ORG"])
        #expect(policy.apply("PERSON") == "PER")
        #expect(policy.apply("ORGAN") == "ORG")
        #expect(policy.apply("TITLE") == nil)
        #expect(policy.apply("PER") == "PER")
        let unit = try ExportFixture.unit(Document(id: "t", text: "湖南省委书记杜家毫在长沙市调研。"), rules: rules, labels: policy)
        #expect(unit.spans.map(\.label) == ["ORG", "PER"])
        #expect(unit.votes.allSatisfy { ["ORG", "PER"].contains($0.label) })
        var bytes: [UInt8] = []
        CharBIOWriter().write(unit, to: &bytes)
        let tags = Set(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ")[1] })
        #expect(tags == ["O", "B-ORG", "I-ORG", "B-PER", "I-PER"])
    }

    @Test("labels with white space, '=' or '|' are refused")
    func invalidLabels() {
        #expect(throws: ExportError.self) { try LabelPolicy(mapping: ["A": "B C"]) }
        #expect(throws: ExportError.self) { try LabelPolicy(allowed: ["NER=X"]) }
        #expect(throws: ExportError.self) { try LabelPolicy(allowed: [""]) }
    }

    @Test("the tag set: --labels order if given, else the pack's labels mapped, then labels only seen in data")
    func tagLabels() throws {
        let mapped = try LabelPolicy(mapping: ["OFFICIAL": "PER", "PERSON": "PER"])
        #expect(mapped.tagLabels(packLabels: ["OFFICIAL", "PERSON", "LOC"], seen: ["LOC", "EVENT"]) == ["PER", "LOC", "EVENT"])
        let listed = try LabelPolicy(allowed: ["LOC", "PER"])
        #expect(listed.tagLabels(packLabels: ["OFFICIAL"], seen: []) == ["LOC", "PER"])
        let options = ExportOptions(outputDirectory: "/tmp", scheme: .bioes, labels: listed)
        #expect(options.tagSet(labels: ["LOC"]) == ["O", "B-LOC", "I-LOC", "E-LOC", "S-LOC"])
    }

    @Test("a gold document with the same id and text replaces the rules' spans, with source gold")
    func goldOverridesSilver() throws {
        let text = "湖南省委书记杜家毫在长沙市调研。"
        let gold = GoldIndex([GoldDocument(id: "t", text: text, spans: [
            Mention(start: 0, end: 3, label: "LOC"), Mention(start: 7, end: 9, label: "PERSON"),
        ])])
        let unit = try ExportFixture.unit(Document(id: "t", text: text), rules: rules, gold: gold)
        #expect(unit.spans == [Mention(start: 0, end: 3, label: "LOC", rule: "gold"),
                               Mention(start: 7, end: 9, label: "PERSON", rule: "gold")])
        // The rules still voted, for weak supervision.
        #expect(unit.votes.contains { $0.rule == "organ.party" })
        // Tokens are cut at the gold boundaries, so token tags carry the gold spans exactly
        // (the rules' PERSON 杜家毫 was one token; the gold 家毫 cuts it).
        #expect(unit.tokens.contains { $0.start == 7 } && unit.tokens.contains { $0.end == 9 })
        var bytes: [UInt8] = []
        CoNLLWriter(comments: false).write(unit, to: &bytes)
        let rows = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t") }
        #expect(rows.filter { $0[4] != "O" }.map { "\($0[0])/\($0[4])" } == ["湖南省/B-LOC", "家毫/B-PERSON"])
    }

    @Test("gold is found by text when the id differs, and not used when only the id matches")
    func goldLookup() throws {
        let gold = GoldIndex([GoldDocument(id: "gold-1", text: "北京市委书记", spans: [Mention(start: 0, end: 2, label: "LOC")])])
        let byText = try ExportFixture.unit(Document(id: "other", text: "北京市委书记"), rules: rules, gold: gold)
        #expect(byText.spans.map(\.rule) == ["gold"])
        let annotator = try ExportAnnotator(rules: rules, gold: gold, labels: .unchanged, pinyin: nil)
        let mismatch = try annotator.prepare(Document(id: "gold-1", text: "北京市长"))
        #expect(!mismatch.isGold && mismatch.goldTextMismatch)
        #expect(mismatch.record.spans.allSatisfy { $0.rule != "gold" })
    }

    @Test("overlapping gold spans are flattened to one layer: longer first, then earlier")
    func goldFlatten() {
        let spans = [Mention(start: 0, end: 3, label: "LOC", rule: "gold"),
                     Mention(start: 0, end: 4, label: "ORGAN", rule: "gold"),
                     Mention(start: 2, end: 6, label: "X", rule: "gold"),
                     Mention(start: 6, end: 8, label: "PERSON", rule: "gold")]
        let (kept, dropped) = ExportAnnotator.flatten(spans)
        #expect(kept.map(\.label) == ["ORGAN", "PERSON"])
        #expect(dropped == 2)
    }

    @Test("gold from a directory of *.jsonl files; a missing path is an error")
    func goldDirectory() throws {
        let directory = try TemporaryDirectory("zhengming-gold")
        defer { directory.remove() }
        try directory.write("one.gold.jsonl", #"{"id": "a", "text": "北京市", "spans": [{"start": 0, "end": 3, "label": "LOC"}]}"#)
        try directory.write("more/two.jsonl", #"{"id": "b", "text": "长沙市", "spans": []}"#)
        try directory.write("notes.txt", "not gold")
        let index = try GoldIndex.read(directory.path) { Issue.record("unexpected problem: \($0)") }
        #expect(index.count == 2)
        #expect(index.lookup(Document(id: "a", text: "北京市")).gold?.spans.count == 1)
        #expect(throws: ExportError.self) { try GoldIndex.read(directory.path("missing")) { _ in } }
    }

    @Test("the export reports gold and rule shares, and each rule's conflicts")
    func statisticsSourcesAndRules() throws {
        let documents = ExportFixture.documents(count: 8)
        let gold = GoldIndex([GoldDocument(id: documents[0].id, text: documents[0].text,
                                           spans: [Mention(start: 0, end: 2, label: "LOC")])])
        let export = try ExportFixture.export(documents, gold: gold) { $0.formats = [.jsonl] }
        defer { export.directory.remove() }
        let statistics = export.result.statistics
        #expect(statistics.goldDocuments == 1)
        #expect(statistics.total.goldMentions == 1)
        #expect(statistics.total.ruleMentions > 0)
        let place = try #require(statistics.rules["loc.lexicon"])
        #expect(place.lost > 0 && place.conflicts > 0 && place.proposed > place.exported)
        #expect(statistics.rules["organ.party"]?.conflicts ?? 0 > 0)
        #expect(statistics.rules["person.known"]?.conflicts == 0)
        #expect(export.result.summary.contains("sources: 1 gold mention(s)"))
        #expect(export.result.summary.contains("loc.lexicon"))
    }
}

/// Regression: the annotator returns one token per normalised character, so
/// `…` (NFKC `...`) came back as three tokens over one original character
/// and the token formats repeated it.
@Suite("Export tokens")
struct ExportTokenTests {
    @Test("a character that normalises to several is one token, once")
    func expandingNormalisation() throws {
        let text = "先进……。"
        let unit = try ExportFixture.unit(Document(id: "t", text: text), rules: ExportFixture.rules())
        #expect(unit.tokens.map { unit.text($0.start..<$0.end) }.joined() == text)
        #expect(zip(unit.tokens, unit.tokens.dropFirst()).allSatisfy { $0.end <= $1.start })
    }

    @Test("overlapping and empty tokens are merged or dropped")
    func disjoint() {
        let tokens = [Token(start: 0, end: 1, pinyin: nil), Token(start: 1, end: 2, pinyin: nil),
                      Token(start: 1, end: 2, pinyin: nil), Token(start: 2, end: 2, pinyin: nil),
                      Token(start: 2, end: 4, pinyin: nil), Token(start: 3, end: 5, pinyin: nil)]
        #expect(tokens.mergingOverlaps().map { $0.start..<$0.end } == [0..<1, 1..<2, 2..<5])
    }
}
