import Foundation
import Testing
@testable import Zhengming

/// The default pack in `Rules/` and the gold files in `Corpus/gold/`: what a
/// user gets from a fresh clone must load cleanly, pass its own examples, and
/// the gold must point at the right characters.
@Suite struct DefaultPackTests {
    static var packPath: String {
        SeedDocuments.corpus.deletingLastPathComponent().appendingPathComponent("Rules").path
    }

    static var goldPath: String {
        SeedDocuments.corpus.appendingPathComponent("gold/seeds.gold.jsonl").path
    }

    @Test func loadsWithoutErrors() {
        let (ruleSet, diagnostics) = RuleSet.check(packs: [Self.packPath])
        let errors = diagnostics.filter(\.isError)
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
        #expect((ruleSet?.rules.count ?? 0) > 30)
    }

    @Test func embeddedExamplesPass() throws {
        let ruleSet = try RuleSet.load(packs: [Self.packPath])
        let outcomes = try RuleExampleRunner(rules: ruleSet).run()
        #expect(outcomes.count > 50)
        for outcome in outcomes where !outcome.passed {
            Issue.record("""
                \(outcome.rule) (\(outcome.example.location)): \(outcome.example.text)
                missing \(outcome.missing.map { "\($0.text)/\($0.label)" }), unexpected \(outcome.unexpected.map { "\($0.text)/\($0.label)" })
                """)
        }
    }

    /// The gold file's offsets are code points into the seed documents, and its
    /// texts are the documents byte for byte.
    @Test func goldOffsetsPointAtTheMentions() throws {
        let gold = try GoldDocument.read(Self.goldPath) { Issue.record(Comment(rawValue: $0)) }
        #expect(gold.count == SeedDocuments.names.count)
        for document in gold {
            let original = try SeedDocuments.text(document.id)
            #expect(document.text == original, "gold text of \(document.id) differs from Corpus/\(document.id)")
            let scalars = Array(document.text.unicodeScalars)
            var previousEnd = 0
            for span in document.spans.sorted(by: { $0.start < $1.start }) {
                #expect(span.start >= previousEnd, "overlapping gold spans in \(document.id) at \(span.start)")
                previousEnd = span.end
                #expect(["OFFICIAL", "PERSON", "TITLE", "ORGAN", "SLOGAN", "LOC", "DATE"].contains(span.label))
            }
            // Every span in the file carries its text: check it against the offsets.
            let raw = try String(contentsOfFile: Self.goldPath, encoding: .utf8)
                .split(separator: "\n").first { $0.contains("\"\(document.id)\"") }
            let line = try #require(raw)
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for case let span as [String: Any] in object["spans"] as? [Any] ?? [] {
                let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                #expect(String(view) == span["text"] as? String)
            }
        }
    }

    /// The default pack on the seeds: a floor that catches a broken pack, not
    /// a target (the README reports the measured figures).
    @Test func defaultPackScoresWellOnTheSeedGold() throws {
        let ruleSet = try RuleSet.load(packs: [Self.packPath])
        let annotator = try Annotator(rules: ruleSet, pinyin: nil)
        let gold = try GoldDocument.read(Self.goldPath) { _ in }
        let pairs = try gold.map { document in
            (document, try annotator.annotate(Document(id: document.id, text: document.text)).mentions)
        }
        let evaluation = Evaluation.score(pairs, labels: ["OFFICIAL", "PERSON", "TITLE", "ORGAN", "SLOGAN", "LOC", "DATE"],
                                          mapping: [:])
        #expect(evaluation.micro.f1 > 0.85)
    }
}
