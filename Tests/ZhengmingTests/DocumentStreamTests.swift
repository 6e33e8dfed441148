import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// Issue 2, reading inputs: directories in sorted order, JSONL one record
/// per line, and problems reported per input without stopping the run.
@Suite struct DocumentStreamTests {
    /// What the stream yielded, as `doc <id> <text>` or `fail <description>`.
    static func collect(_ stream: DocumentStream) -> [String] {
        stream.map { result in
            switch result {
            case .document(let document): return "doc \(document.id) \(document.text)"
            case .failure(let error): return "fail \(error.description)"
            }
        }
    }

    @Test func directoriesAreWalkedInSortedOrderSkippingGoldAndHiddenFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("b.txt", "乙")
        try directory.write("a.txt", "甲")
        try directory.write("sub/c.txt", "丙")
        try directory.write("sub/deeper/e.txt", "戊")
        try directory.write("d.jsonl", "{\"id\": \"d1\", \"text\": \"丁一\"}\n{\"id\": \"d2\", \"text\": \"丁二\"}\n")
        try directory.write("seeds.gold.jsonl", "{\"id\": \"gold\", \"text\": \"金\"}\n")
        // Regression (issue 14): gold person–post records are not inputs either.
        try directory.write("gold/seeds.posts.jsonl", "{\"id\": \"posts\", \"text\": \"银\", \"posts\": []}\n")
        try directory.write(".hidden.txt", "隐")
        try directory.write("notes.md", "说明")
        try directory.write("data.csv", "x,y")
        let root = directory.path
        #expect(DocumentStream.inputFiles(under: root)
            == ["a.txt", "b.txt", "d.jsonl", "sub/c.txt", "sub/deeper/e.txt"].map { root + "/" + $0 })
        #expect(Self.collect(DocumentStream(paths: [root])) == [
            "doc \(root)/a.txt 甲", "doc \(root)/b.txt 乙", "doc d1 丁一", "doc d2 丁二",
            "doc \(root)/sub/c.txt 丙", "doc \(root)/sub/deeper/e.txt 戊",
        ])
    }

    @Test func pathsAreReadInTheOrderGiven() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let b = try directory.write("b.txt", "乙")
        let a = try directory.write("a.txt", "甲")
        #expect(Self.collect(DocumentStream(paths: [b, a, b])) == ["doc \(b) 乙", "doc \(a) 甲", "doc \(b) 乙"])
    }

    @Test func invalidJSONLineIsAFailureWithItsLineAndTheOtherRecordsAreRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.jsonl", """
        {"id": "one", "text": "第一"}
        {"id": "two", "text": "第二"
        {"id": "three", "text": "第三"}
        not json at all
        {"id": "five", "text": "第五"}

        """)
        let results = Self.collect(DocumentStream(paths: [path]))
        #expect(results.count == 5)
        #expect(results[0] == "doc one 第一")
        #expect(results[1].hasPrefix("fail \(path):2: invalid JSON: "))
        #expect(results[2] == "doc three 第三")
        #expect(results[3].hasPrefix("fail \(path):4: invalid JSON: "))
        #expect(results[4] == "doc five 第五")
    }

    @Test func recordWithoutAStringTextIsAFailure() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.jsonl", """
        {"id": "no-text", "body": "正文"}
        {"id": "number", "text": 5}
        {"id": "ok", "text": "好"}
        """)
        let stream = DocumentStream(paths: [path])
        var failures: [InputError] = []
        var documents: [Document] = []
        for result in stream {
            switch result {
            case .failure(let error): failures.append(error)
            case .document(let document): documents.append(document)
            }
        }
        #expect(failures.map(\.line) == [1, 2])
        #expect(failures.allSatisfy { $0.kind == .missingText && $0.path == path })
        #expect(failures.first?.description == "\(path):1: record has no string field \"text\"")
        #expect(documents.map(\.id) == ["ok"])
    }

    @Test func idFallsBackToPathAndLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.jsonl", """
        {"text": "第一"}

        {"text": "第三", "id": 7}
        {"text": "第四", "id": "自定义"}
        {"text": "第五"}
        """)
        let documents = DocumentStream(paths: [path]).compactMap { result -> Document? in
            if case .document(let document) = result { return document }
            return nil
        }
        #expect(documents.map(\.id) == ["\(path):1", "7", "自定义", "\(path):5"])
        #expect(documents.map(\.idJSON) == [nil, "7", "\"自定义\"", nil])
        #expect(documents.map(\.origin) == ["\(path):1", "\(path):3", "\(path):4", "\(path):5"])
    }

    @Test func jsonlStringsAreUnescaped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.jsonl", #"{"text": "第一\n\"引号\"\t\u4E2D\ud840\udc00", "extra": {"a": [1, 2]}}"# + "\n")
        let documents = DocumentStream(paths: [path]).compactMap { result -> Document? in
            if case .document(let document) = result { return document }
            return nil
        }
        #expect(documents.first?.text == "第一\n\"引号\"\t中𠀀")
        #expect(documents.first?.passthrough.map(\.key) == ["extra"])
        #expect(documents.first?.passthrough.map(\.rawValue) == [#"{"a": [1, 2]}"#])
    }

    @Test func jsonlWithBOMAndCRLFLines() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.jsonl", bytes: [0xEF, 0xBB, 0xBF]
            + Array("{\"id\": \"a\", \"text\": \"甲\"}\r\n{\"id\": \"b\", \"text\": \"乙\"}\r\n".utf8))
        #expect(Self.collect(DocumentStream(paths: [path])) == ["doc a 甲", "doc b 乙"])
    }

    @Test func textFilesAreDecodedAndProblemsNamedWithTheirPath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let gbk = try directory.write("gbk.txt", bytes: TextDecoderTests.gbkSentence)
        let binary = try directory.write("binary.txt", bytes: [0x41, 0x00, 0x42])
        let empty = try directory.write("empty.txt", bytes: [])
        let missing = directory.path("missing.txt")
        let results = Self.collect(DocumentStream(paths: [gbk, binary, empty, missing]))
        #expect(results == [
            "doc \(gbk) \(TextDecoderTests.sentence)",
            "fail \(binary): binary data (NUL byte at byte 1); this looks like UTF-16LE without a byte-order mark: pass --encoding UTF-16LE",
            "fail \(empty): empty file, nothing to annotate",
            "fail \(missing): no such file or directory",
        ])
    }

    @Test func encodingOverrideAppliesToTextFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let big5 = try directory.write("big5.txt", bytes: TextDecoderTests.big5Phrase)
        let stream = DocumentStream(paths: [big5], decoder: TextDecoder(encoding: "Big5"))
        #expect(Self.collect(stream) == ["doc \(big5) \(TextDecoderTests.traditionalPhrase)"])
    }

    @Test func oversizedDocumentIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("big.txt", String(repeating: "大", count: 100))
        let results = Self.collect(DocumentStream(paths: [path], maxDocumentBytes: 64))
        #expect(results.count == 1)
        #expect(results.first?.hasPrefix("fail \(path): file has ") == true)
    }

    @Test func inputFormatFollowsTheExtension() {
        #expect(InputFormat.of(path: "a/b.jsonl") == .jsonl)
        #expect(InputFormat.of(path: "a/b.gold.jsonl") == .jsonl)
        #expect(InputFormat.of(path: "a/b.txt") == .text)
        #expect(InputFormat.of(path: "a/b") == .text)
    }
}
