import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// Split assignment: deterministic, independent of corpus order, disjoint,
/// close to the ratios, and a clear error for a corpus too small to split.
@Suite("Export splits")
struct ExportSplitTests {
    let assigner = SplitAssigner(names: ["train", "dev", "test"], ratios: [0.8, 0.1, 0.1], seed: 7)

    @Test("FNV-1a 64 matches the reference values")
    func fnvReference() {
        #expect(SplitAssigner.fnv1a64([]) == 0xcbf2_9ce4_8422_2325)
        #expect(SplitAssigner.fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(SplitAssigner.fnv1a64(Array("foobar".utf8)) == 0x85944171f73967e8)
    }

    @Test("the same seed gives the same split; another seed moves some units")
    func sameSeedSameSplit() {
        let ids = (0..<500).map { "doc-\($0)" }
        let again = SplitAssigner(names: ["train", "dev", "test"], ratios: [0.8, 0.1, 0.1], seed: 7)
        let other = SplitAssigner(names: ["train", "dev", "test"], ratios: [0.8, 0.1, 0.1], seed: 8)
        #expect(ids.map(assigner.split(documentID:)) == ids.map(again.split(documentID:)))
        #expect(ids.map(assigner.split(documentID:)) != ids.map(other.split(documentID:)))
        #expect(assigner.split(documentID: "d", sentence: 2, text: "句子。") == again.split(documentID: "d", sentence: 2, text: "句子。"))
    }

    @Test("the shares of 20 000 units are within 1.5 points of the ratios")
    func sharesFollowRatios() {
        var counts = [0, 0, 0]
        for index in 0..<20_000 { counts[assigner.split(documentID: "doc-\(index)")] += 1 }
        for (count, ratio) in zip(counts, assigner.ratios) {
            #expect(abs(Double(count) / 20_000 - ratio) < 0.015)
        }
    }

    @Test("a zero ratio receives nothing")
    func zeroRatio() {
        let noDev = SplitAssigner(names: ["train", "dev", "test"], ratios: [0.5, 0, 0.5])
        #expect(noDev.activeSplits == [0, 2])
        #expect((0..<1000).allSatisfy { noDev.split(documentID: "d\($0)") != 1 })
    }

    @Test("--split parsing: defaults, names, normalisation and errors")
    func parse() throws {
        let plain = try SplitAssigner.parse("8,1,1", seed: 0)
        #expect(plain.names == ["train", "dev", "test"])
        #expect(abs(plain.ratios[0] - 0.8) < 1e-12)
        let named = try SplitAssigner.parse("train=0.9, test=0.1", seed: 0)
        #expect(named.names == ["train", "test"])
        for bad in ["", "a,b", "-1,2", "0,0", "x=1,x=1", "a b=1", "1,nan"] {
            #expect(throws: ExportError.self) { try SplitAssigner.parse(bad, seed: 0) }
        }
    }

    @Test("shuffling the corpus leaves every document in its split")
    func orderIndependent() throws {
        let documents = ExportFixture.documents(count: 24)
        let inOrder = try ExportFixture.export(documents) { $0.formats = [.jsonl] }
        defer { inOrder.directory.remove() }
        var generator = SplitMix64(seed: 42)
        let shuffled = try ExportFixture.export(documents.shuffled(using: &generator)) { $0.formats = [.jsonl] }
        defer { shuffled.directory.remove() }
        let first = try Self.splitOfEachUnit(inOrder), second = try Self.splitOfEachUnit(shuffled)
        #expect(first == second)
        #expect(first.count == documents.count)
    }

    @Test("sentence units: no sentence in two splits, every sentence in one, same under shuffling")
    func sentenceUnitsDisjoint() throws {
        let documents = ExportFixture.documents(count: 16)
        let export = try ExportFixture.export(documents) { $0.formats = [.jsonl]; $0.unit = .sentence }
        defer { export.directory.remove() }
        let first = try Self.splitOfEachUnit(export)
        let reversed = try ExportFixture.export(documents.reversed()) { $0.formats = [.jsonl]; $0.unit = .sentence }
        defer { reversed.directory.remove() }
        #expect(first == (try Self.splitOfEachUnit(reversed)))
        #expect(first.count == export.result.statistics.total.units)
        #expect(Set(first.values).count > 1)
        #expect(first.keys.allSatisfy { $0.contains("#") })
    }

    @Test("document units: the split files are disjoint and together hold the corpus")
    func documentUnitsDisjoint() throws {
        let documents = ExportFixture.documents(count: 30)
        let export = try ExportFixture.export(documents) { $0.formats = [.jsonl, .conllu] }
        defer { export.directory.remove() }
        var seen: [String: Int] = [:]
        for split in ["train", "dev", "test"] {
            let jsonlIDs = try export.units(split).map { $0["id"] as? String ?? "" }
            for id in jsonlIDs { seen[id, default: 0] += 1 }
            let conllu = try export.read("conllu/\(split).conllu")
            let newdocs = conllu.split(separator: "\n").filter { $0.hasPrefix("# newdoc id = ") }.map { String($0.dropFirst(14)) }
            #expect(newdocs == jsonlIDs)
        }
        #expect(seen.count == documents.count)
        #expect(seen.values.allSatisfy { $0 == 1 })
    }

    @Test("fewer documents than non-empty splits: a clear error, nothing written")
    func tinyCorpus() throws {
        let temporary = try TemporaryDirectory("zhengming-export")
        defer { temporary.remove() }
        let directory = temporary.path("out")
        let options = ExportOptions(outputDirectory: directory, jobs: 1)
        let pipeline = try ExportPipeline(rules: ExportFixture.rules(), options: options)
        let error = try #require(throws: ExportError.self) {
            try pipeline.run(ExportFixture.documents(count: 2).map { .document($0) }, report: { _, _ in })
        }
        #expect(error.isTooFewDocuments)
        #expect(error.description.contains("cannot split 2 document(s) into 3 non-empty splits (train, dev, test)"))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test("as many documents as splits is enough; sentence units are not held to the document count")
    func tinyCorpusBoundaries() throws {
        let runs = [
            try ExportFixture.export(ExportFixture.documents(count: 3)) { $0.formats = [.jsonl] },
            try ExportFixture.export(ExportFixture.documents(count: 1)) { $0.formats = [.jsonl]; $0.unit = .sentence },
            try ExportFixture.export(ExportFixture.documents(count: 1)) {
                $0.formats = [.jsonl]
                $0.splits = try SplitAssigner.parse("train=1,dev=0", seed: 0)
            },
        ]
        for run in runs { run.directory.remove() }
        #expect(runs.map(\.result.statistics.documents) == [3, 1, 1])
    }

    /// Unit id → split name, read back from the JSONL files.
    static func splitOfEachUnit(_ run: ExportFixture.Run) throws -> [String: String] {
        var result: [String: String] = [:]
        for split in ["train", "dev", "test"] {
            for object in try run.units(split) {
                let id = try #require(object["id"] as? String)
                #expect(result[id] == nil, "unit \(id) is in two splits")
                result[id] = split
            }
        }
        return result
    }
}
