import Dispatch
import Foundation
import Testing
@testable import Zhengming

/// Issue 18: the streaming mode of `CorpusRunner` (`annotate --stream`).
@Suite struct StreamingRunTests {
    /// Documents that arrive only once the one before has been answered, as
    /// from a client that writes a record and waits: each waits (at most
    /// ten seconds, so that a runner waiting to fill a batch fails instead
    /// of hanging) for the previous document's output.
    final class Conversation: Sequence, IteratorProtocol, @unchecked Sendable {
        let texts: [String]
        let answered = DispatchSemaphore(value: 0)
        private(set) var timeouts = 0
        private var sent = 0

        init(_ texts: [String]) { self.texts = texts }

        func next() -> ReadResult? {
            guard sent < texts.count else { return nil }
            if sent > 0, answered.wait(timeout: .now() + 10) == .timedOut { timeouts += 1 }
            sent += 1
            return .document(Document(id: "d\(sent)", text: texts[sent - 1]))
        }
    }

    @Test func eachRecordIsAnsweredBeforeTheNextArrives() throws {
        let pack = try RulePackFixture(WriterFixture.files)
        defer { pack.remove() }
        let runner = try CorpusRunner(rules: try pack.load(), options: .init(jobs: 2, pinyin: nil, streaming: true))
        let conversation = Conversation(["湖南省委书记", "巡视组组长", "湘", "无"])
        var ids: [String] = []
        runner.run(conversation, writer: JSONLWriter(), emit: { bytes in
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            ids.append(object?["id"] as? String ?? "?")
            conversation.answered.signal()
        }, report: { _, _ in })
        #expect(conversation.timeouts == 0, "the runner waited for input before answering")
        #expect(ids == ["d1", "d2", "d3", "d4"])
    }

    /// A stream answers every record in its place: problems become
    /// rejections between the documents around them, not before the batch.
    @Test func problemsAreRejectedInTheirPlace() throws {
        let pack = try RulePackFixture(WriterFixture.files)
        defer { pack.remove() }
        var missing = InputError(.missingText, path: "<stdin>", line: 2)
        missing.recordIDJSON = "7"
        let items: [ReadResult] = [
            .document(Document(id: "d1", text: "湖南省委")), .failure(missing),
            .document(Document(id: "d2", text: "书记")),
            .failure(InputError(.invalidJSON("column 1: expected '{'"), path: "<stdin>", line: 4)),
            .failure(InputError(.empty, path: "empty.txt")),
            .document(Document(id: "d3", text: "巡视组", idJSON: "3")),
        ]
        let runner = try CorpusRunner(rules: try pack.load(), options: .init(jobs: 2, pinyin: nil, streaming: true))
        var lines: [String] = []
        var reports: [String] = []
        let summary = runner.run(items, writer: JSONLWriter(), emit: { lines.append(String(decoding: $0, as: UTF8.self)) },
                                 report: { message, _ in reports.append(message) })
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { "\($0["id"] ?? "-")" } == ["d1", "7", "d2", "<null>", "3"])
        #expect(objects[1]["error"] as? String == "record has no string field \"text\"")
        #expect(objects[1]["origin"] as? String == "<stdin>:2")
        #expect(objects[3]["error"] as? String == "invalid JSON: column 1: expected '{'")
        #expect(objects[3]["origin"] as? String == "<stdin>:4")
        #expect(objects.filter { $0["error"] != nil }.allSatisfy { $0["spans"] == nil })
        #expect(reports.count == 3, "the warning (empty file) is reported, not answered")
        #expect(summary.documents == 3 && summary.failures == 2 && summary.warnings == 1)
    }

    /// Whatever the batches a stream happens to get, the output is the
    /// output of a file run, byte for byte, in order.
    @Test func streamingWritesWhatAFileRunWrites() throws {
        let pack = try RulePackFixture(WriterFixture.files)
        defer { pack.remove() }
        let rules = try pack.load()
        let documents = (0..<300).map { Document(id: "r\($0)", text: "第\($0)条：湖南省委书记杜某、巡视组组长王某。") }
        var outputs: [[UInt8]] = []
        for streaming in [false, true] {
            let runner = try CorpusRunner(rules: rules, options: .init(jobs: 2, pinyin: nil, batchDocuments: 64,
                                                                        streaming: streaming))
            var bytes: [UInt8] = []
            runner.run(documents.map { ReadResult.document($0) }, writer: JSONLWriter(includeNested: true),
                       emit: { bytes += $0 }, report: { _, _ in })
            outputs.append(bytes)
        }
        #expect(!outputs[0].isEmpty)
        #expect(outputs[0] == outputs[1])
    }

    /// An output that fails ends the run (the error is rethrown), and the
    /// reader stops instead of reading the rest of the input.
    @Test func anOutputErrorEndsTheRun() throws {
        struct Gone: Error {}
        let pack = try RulePackFixture(WriterFixture.files)
        defer { pack.remove() }
        let runner = try CorpusRunner(rules: try pack.load(), options: .init(jobs: 1, pinyin: nil, streaming: true))
        var emitted = 0
        #expect(throws: Gone.self) {
            try runner.run((0..<50).map { ReadResult.document(Document(id: "\($0)", text: "巡视组")) },
                           writer: JSONLWriter(), emit: { _ in
                               emitted += 1
                               if emitted == 3 { throw Gone() }
                           }, report: { _, _ in })
        }
        #expect(emitted == 3)
    }
}
