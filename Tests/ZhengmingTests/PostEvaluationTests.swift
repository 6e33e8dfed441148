import Foundation
import Testing
@testable import Zhengming

/// `eval --posts`: counts on a case computed by hand, and the gold files of
/// the repository scored with the default pack.
@Suite struct PostEvaluationTests {
    typealias Record = PostEvaluation.Record

    static func record(_ start: Int, _ name: String, _ post: String, _ status: PostStatus, rule: String = "") -> Record {
        Record(official: start..<start + name.unicodeScalars.count, officialText: name, post: post, status: status, rule: rule)
    }

    /// Gold: A holds X (current), A held Y (former), B holds X.
    /// Predicted: A/X current (right), A/Y current (wrong status), C/Z (wrong).
    @Test func countsByHand() {
        var evaluation = PostEvaluation()
        let gold = [Self.record(0, "甲乙", "X", .current), Self.record(0, "甲乙", "Y", .former), Self.record(5, "丙丁", "X", .current)]
        let predicted = [Self.record(0, "甲乙", "X", .current, rule: "r1"), Self.record(0, "甲乙", "Y", .current, rule: "r2"),
                         Self.record(9, "戊己", "Z", .current, rule: "r2")]
        evaluation.add(documentID: "d", text: String(repeating: "字", count: 12), gold: gold, predicted: predicted)
        #expect(evaluation.withStatus == .init(truePositives: 1, falsePositives: 2, falseNegatives: 2))
        #expect(evaluation.withoutStatus == .init(truePositives: 2, falsePositives: 1, falseNegatives: 1))
        // Per document: pairs (甲乙,X) (甲乙,Y) (丙丁,X) against (甲乙,X) (甲乙,Y) (戊己,Z).
        #expect(evaluation.perDocument == .init(truePositives: 2, falsePositives: 1, falseNegatives: 1))
        #expect(evaluation.statusConfusion[.current]?[.current] == 1)
        #expect(evaluation.statusConfusion[.former]?[.current] == 1)
        #expect(evaluation.byRule["r1"] == .init(truePositives: 1))
        #expect(evaluation.byRule["r2"] == .init(falsePositives: 2))
        let statusError = evaluation.errors.first { $0.kind == .falsePositive && $0.record.post == "Y" }
        #expect(statusError?.goldStatus == .former)
        #expect(abs(evaluation.withStatus.f1 - 1.0 / 3.0) < 1e-9)
    }

    /// A record predicted twice counts once.
    @Test func duplicatesCountOnce() {
        var evaluation = PostEvaluation()
        let gold = [Self.record(0, "甲乙", "X", .current)]
        evaluation.add(documentID: "d", text: "甲乙", gold: gold, predicted: gold + gold)
        #expect(evaluation.withStatus == .init(truePositives: 1, falsePositives: 1))
    }

    static var seedsGold: String { SeedDocuments.corpus.appendingPathComponent("gold/seeds.posts.jsonl").path }
    static var probe: String { fixture("posts-probe.jsonl") }
    static var heldOut: String { fixture("posts-heldout.jsonl") }

    static func fixture(_ name: String) -> String {
        SeedDocuments.corpus.deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/\(name)").path
    }

    static func path(_ which: String) -> String {
        switch which {
        case "seeds": seedsGold
        case "probe": probe
        default: heldOut
        }
    }

    /// The gold files point at the right characters and every record is read.
    @Test(arguments: ["seeds", "probe", "held-out"]) func goldFilesAreWellFormed(_ which: String) throws {
        let path = Self.path(which)
        var problems: [String] = []
        let documents = try PostGoldDocument.read(path) { problems.append($0) }
        #expect(problems.isEmpty, "\(problems)")
        let raw = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(documents.count == raw.count)
        for (document, line) in zip(documents, raw) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let records = try #require(object["posts"] as? [[String: Any]])
            #expect(records.count == document.records.count)
            for record in records {
                for key in ["official", "title", "organ"] {
                    guard let span = record[key] as? [String: Any] else { continue }
                    let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
                    #expect(codePointSlice(document.text, start, end) == span["text"] as? String)
                }
                let organ = ((record["organ"] as? [String: Any])?["text"] as? String) ?? ""
                let title = try #require((record["title"] as? [String: Any])?["text"] as? String)
                #expect(record["post"] as? String == organ + title)
            }
        }
        if which == "seeds" {
            #expect(documents.map(\.id) == SeedDocuments.names)
            for document in documents { #expect(document.text == (try SeedDocuments.text(document.id))) }
        }
    }

    /// Issue 14's targets: the seeds at ≥ 0.95 F1 with status; the probe
    /// (written with the linker, so in-sample) at ≥ 0.95 too; the held-out
    /// probe (written after the rules) at the issue's ≥ 0.85.
    @Test(arguments: [("seeds", 0.95), ("probe", 0.95), ("held-out", 0.85)])
    func defaultPackMeetsTheTarget(_ which: String, _ target: Double) throws {
        let annotator = try PostLinkerTests.annotator()
        var evaluation = PostEvaluation()
        for document in try PostGoldDocument.read(Self.path(which), problems: { Issue.record(Comment(rawValue: $0)) }) {
            let annotated = try annotator.annotate(Document(id: document.id, text: document.text))
            evaluation.add(documentID: document.id, text: document.text, gold: document.records,
                           predicted: annotated.posts.map { Record($0, in: annotated) })
        }
        #expect(evaluation.withStatus.f1 >= target,
                "\(evaluation.withStatus); errors: \(evaluation.errors.map { "\($0.kind.rawValue) \($0.record.description) \($0.context)" })")
        #expect(evaluation.withoutStatus.f1 >= evaluation.withStatus.f1)
    }
}
