import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// The export as a whole: the directory layout, `labels.txt`,
/// `stats.json`, `summary.txt`, and the same bytes for any number of jobs.
@Suite("Export pipeline")
struct ExportPipelineTests {
    @Test("the layout: OUT/<format>/<split>.<ext>, brat directories, labels, stats, summary")
    func layout() throws {
        let export = try ExportFixture.export(ExportFixture.documents(count: 20)) { $0.votes = true; $0.docstart = true }
        defer { export.directory.remove() }
        let files = try FileManager.default.subpathsOfDirectory(atPath: export.path)
        for split in ["train", "dev", "test"] {
            for path in ["char-bio/\(split).txt", "conll/\(split).conll", "jsonl/\(split).jsonl", "conllu/\(split).conllu"] {
                #expect(files.contains(path), "missing \(path)")
            }
            #expect(files.contains("brat/\(split)"))
        }
        for path in ["labels.txt", "stats.json", "summary.txt", "brat/annotation.conf"] { #expect(files.contains(path)) }
        let bratTexts = files.filter { $0.hasPrefix("brat/") && $0.hasSuffix(".txt") }
        #expect(bratTexts.count == 20)
        #expect(bratTexts.allSatisfy { files.contains(String($0.dropLast(4)) + ".ann") })
        let labels = try export.read("labels.txt").split(separator: "\n")
        #expect(labels == ["O", "B-LOC", "I-LOC", "B-ORGAN", "I-ORGAN", "B-TITLE", "I-TITLE", "B-PERSON", "I-PERSON"])
        #expect(try export.read("summary.txt") == export.result.summary)
    }

    @Test("stats.json: counts per split add up to the total, with the options that shaped the export")
    func statsJSON() throws {
        let documents = ExportFixture.documents(count: 20)
        let export = try ExportFixture.export(documents) { $0.formats = [.jsonl] }
        defer { export.directory.remove() }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.read("stats.json").utf8)) as? [String: Any])
        #expect(object["unit"] as? String == "document")
        #expect(object["documents"] as? Int == 20)
        let splits = try #require(object["splits"] as? [String: [String: Any]])
        let total = try #require(object["total"] as? [String: Any])
        for key in ["documents", "sentences", "characters", "mentions"] {
            #expect(splits.values.map { $0[key] as? Int ?? 0 }.reduce(0, +) == total[key] as? Int)
        }
        #expect((object["sources"] as? [String: Any])?["gold_share"] as? Double == 0)
        #expect((object["rules"] as? [String: Any])?["loc.lexicon"] != nil)
        let characters = documents.map { $0.text.unicodeScalars.filter { !$0.properties.isWhitespace }.count }
        #expect(total["characters"] as? Int == characters.reduce(0, +))
    }

    @Test("one job and two jobs, small and large batches, write the same bytes")
    func jobsDoNotChangeOutput() throws {
        let documents = ExportFixture.documents(count: 40)
        let one = try ExportFixture.export(documents) { $0.jobs = 1; $0.batchDocuments = 7; $0.votes = true }
        defer { one.directory.remove() }
        let two = try ExportFixture.export(documents) { $0.jobs = 2; $0.votes = true }
        defer { two.directory.remove() }
        for path in ["char-bio/train.txt", "conll/dev.conll", "jsonl/test.jsonl", "conllu/train.conllu", "stats.json"] {
            #expect(try one.read(path) == two.read(path), "\(path) differs")
        }
    }

    @Test("sentence units: sentence texts are trimmed and offsets count from the sentence")
    func sentenceUnits() throws {
        let export = try ExportFixture.export(ExportFixture.documents(count: 8)) { $0.formats = [.jsonl, .brat]; $0.unit = .sentence }
        defer { export.directory.remove() }
        var units = 0
        for split in ["train", "dev", "test"] {
            for object in try export.units(split) {
                units += 1
                let text = try #require(object["text"] as? String)
                #expect(text == text.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(object["document"] is String && object["sentence"] is Int)
                for span in try #require(object["spans"] as? [[String: Any]]) {
                    let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
                    #expect(codePointSlice(text, start, end) == span["text"] as? String)
                }
            }
        }
        #expect(units == export.result.statistics.total.units)
        #expect(units > 8)
    }

    @Test("re-exporting into the same directory replaces the brat files of the previous run")
    func reexportReplacesBrat() throws {
        let export = try ExportFixture.export(ExportFixture.documents(count: 6)) { $0.formats = [.brat] }
        defer { export.directory.remove() }
        let stale = try export.directory.write("brat/train/stale.txt", "old")
        let options = ExportOptions(outputDirectory: export.path, formats: [.brat], jobs: 1)
        try ExportPipeline(rules: ExportFixture.rules(), options: options)
            .run(ExportFixture.documents(count: 6).map { .document($0) }, report: { _, _ in })
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    @Test("unreadable inputs are counted and reported; progress is called")
    func failuresAndProgress() throws {
        let directory = try TemporaryDirectory("zhengming-export")
        defer { directory.remove() }
        let options = ExportOptions(outputDirectory: directory.path, formats: [.jsonl], jobs: 1)
        var stream: [ReadResult] = ExportFixture.documents(count: 5).map { .document($0) }
        stream.insert(.failure(InputError(.missingText, path: "bad.jsonl", line: 3)), at: 2)
        var messages: [String] = []
        var progressCalls = 0
        let result = try ExportPipeline(rules: ExportFixture.rules(), options: options)
            .run(stream, report: { message, _ in messages.append(message) }, progress: { _ in progressCalls += 1 })
        #expect(result.statistics.failures == 1 && result.statistics.documents == 5)
        #expect(messages.contains("bad.jsonl:3: record has no string field \"text\""))
        #expect(progressCalls >= 1)
    }
}
