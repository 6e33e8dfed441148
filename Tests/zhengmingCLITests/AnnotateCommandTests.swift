import TestSupport
import Foundation
import Testing

/// Issue 2, end to end: `zhengming annotate` on files, directories and
/// standard input, run as a separate process. No default pack is loaded
/// (`--no-default-rules`), so the output depends only on these inputs.
@Suite struct AnnotateCommandTests {
    static let sentence = "中央第六巡视组组长王荣军主持召开会议。"
    /// `'中央第六巡视组组长王荣军主持召开会议。'.encode('gbk')`
    static let gbkSentence: [UInt8] = [
        0xD6, 0xD0, 0xD1, 0xEB, 0xB5, 0xDA, 0xC1, 0xF9, 0xD1, 0xB2, 0xCA, 0xD3, 0xD7, 0xE9, 0xD7, 0xE9,
        0xB3, 0xA4, 0xCD, 0xF5, 0xC8, 0xD9, 0xBE, 0xFC, 0xD6, 0xF7, 0xB3, 0xD6, 0xD5, 0xD9, 0xBF, 0xAA,
        0xBB, 0xE1, 0xD2, 0xE9, 0xA1, 0xA3,
    ]
    /// Illegal in UTF-8 and in GB18030 (0x80 and 0xFF are not lead bytes),
    /// and an odd number of bytes, so not UTF-16 either.
    static let undecodable: [UInt8] = [0x80, 0xD8, 0x81, 0xD8, 0x20, 0xFF, 0xFF]

    static let noRules = ["--no-default-rules", "--quiet"]

    static func jsonObjects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not an object: \(line)")
        }
    }

    @Test func undecodableFileIsReportedAndTheOthersAreAnnotated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("a-good.txt", "湖南省委书记杜家毫出席会议。")
        let gbk = try directory.write("b-gbk.txt", bytes: Self.gbkSentence)
        let bad = try directory.write("c-bad.txt", bytes: Self.undecodable)
        let result = try ZhengmingExecutable.run(["annotate", directory.path] + Self.noRules)
        #expect(result.status == 1)
        let badLines = result.stderrLines.filter { $0.hasPrefix(bad + ": ") }
        #expect(badLines.count == 1, "stderr: \(result.stderr)")
        #expect(badLines.first?.contains("cannot decode") == true)
        #expect(!result.stderr.contains(good) && !result.stderr.contains(gbk))
        #expect(result.stdout.contains("# doc_id = \(good)\n"))
        #expect(result.stdout.contains("# doc_id = \(gbk)\n"))
        #expect(!result.stdout.contains("# doc_id = \(bad)"))
        #expect(result.stdout.contains("# text = 湖南省委书记杜家毫出席会议。\n"))
        #expect(result.stdout.contains("# text = \(Self.sentence)\n"), "the GBK file is decoded")
    }

    @Test func undecodableFileNamedOnTheCommandLineDoesNotStopTheRun() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = try directory.write("bad.txt", bytes: Self.undecodable)
        let good = try directory.write("good.txt", Self.sentence)
        let missing = directory.path("missing.txt")
        let result = try ZhengmingExecutable.run(["annotate", bad, missing, good] + Self.noRules)
        #expect(result.status == 1)
        #expect(result.stderrLines.filter { $0.hasPrefix(bad + ": ") }.count == 1)
        #expect(result.stderrLines.contains("\(missing): no such file or directory"))
        #expect(result.stdout.hasPrefix("# doc_id = \(good)\n"))
    }

    @Test func goodInputsExitZero() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("good.txt", Self.sentence)
        let result = try ZhengmingExecutable.run(["annotate", good] + Self.noRules)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        let rows = result.stdoutLines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(!rows.isEmpty)
        for row in rows {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(columns.count == 5, "row \(row)")
            #expect(columns.last == "O", "no rules, no tags")
        }
        #expect(rows.first?.hasPrefix("中央\t0\t2\tzhōngyāng\tO") == true)
    }

    @Test func jsonlOutputParses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try directory.write("one.txt", Self.sentence)
        let jsonl = try directory.write("many.jsonl", """
        {"id": "x1", "text": "第一句。", "meta": {"page": 3}}
        {"id": 2, "text": "第二句。"}
        """)
        let result = try ZhengmingExecutable.run(["annotate", "--format", "jsonl", text, jsonl] + Self.noRules)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let objects = try Self.jsonObjects(result.stdout)
        #expect(objects.count == 3)
        #expect(objects.map { "\($0["id"]!)" } == [text, "x1", "2"])
        #expect(objects.map { $0["text"] as? String } == [Self.sentence, "第一句。", "第二句。"])
        #expect((objects[1]["meta"] as? [String: Int]) == ["page": 3])
        #expect(objects.allSatisfy { ($0["spans"] as? [Any])?.isEmpty == true })
    }

    @Test func jsonlTokensOption() throws {
        let result = try ZhengmingExecutable.run(["annotate", "--format", "jsonl", "--tokens", "-"] + Self.noRules,
                                                 stdin: Self.sentence)
        #expect(result.status == 0)
        let object = try #require(try Self.jsonObjects(result.stdout).first)
        let tokens = try #require(object["tokens"] as? [[String: Any]])
        #expect(tokens.first?["text"] as? String == "中央")
        #expect(tokens.first?["pinyin"] as? String == "zhōng yāng")
        #expect((object["sentences"] as? [[String: Int]]) == [["start": 0, "end": 19]])
    }

    @Test func charGranularityWritesOneCharacterPerLine() throws {
        let result = try ZhengmingExecutable.run(["annotate", "--granularity", "char"] + Self.noRules,
                                                 stdin: "会议 开始。\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = result.stdoutLines.filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[0] } == ["会", "议", "开", "始", "。"])
        #expect(rows.map { $0[1] } == ["0", "1", "3", "4", "5"])
        #expect(rows.map { $0[3] } == ["huì", "yì", "kāi", "shǐ", "_"])
    }

    @Test func standardInputAsTextAndAsJSONL() throws {
        let text = try ZhengmingExecutable.run(["annotate"] + Self.noRules, stdin: Self.sentence)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("# doc_id = stdin\n# text = \(Self.sentence)\n"))

        let jsonl = try ZhengmingExecutable.run(["annotate", "--input", "jsonl", "--format", "jsonl", "-"] + Self.noRules,
                                                stdin: "{\"text\": \"第一。\"}\n{\"text\": \"第二。\", \"id\": \"b\"}\n")
        #expect(jsonl.status == 0, "stderr: \(jsonl.stderr)")
        let objects = try Self.jsonObjects(jsonl.stdout)
        #expect(objects.map { "\($0["id"]!)" } == ["1", "b"], "stdin records without id are numbered by line")
    }

    @Test func invalidJSONLineIsReportedAndTheOtherRecordsAreAnnotated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let jsonl = try directory.write("in.jsonl", """
        {"id": "a", "text": "第一。"}
        {"id": "b", "text": "第二。"
        {"id": "c"}
        {"id": "d", "text": "第四。"}
        """)
        let result = try ZhengmingExecutable.run(["annotate", "--format", "jsonl", jsonl] + Self.noRules)
        #expect(result.status == 1)
        #expect(result.stderrLines.filter { $0.hasPrefix("\(jsonl):2: invalid JSON: ") }.count == 1)
        #expect(result.stderrLines.contains("\(jsonl):3: record has no string field \"text\""))
        #expect(try Self.jsonObjects(result.stdout).map { $0["id"] as? String } == ["a", "d"])
    }

    @Test func parallelWorkersKeepInputOrder() throws {
        let records = (0..<80).map { "{\"id\": \"r\($0)\", \"text\": \"第\($0)条。组长王荣军主持会议。\"}" }
        let result = try ZhengmingExecutable.run(["annotate", "--input", "jsonl", "--format", "jsonl", "--jobs", "3"] + Self.noRules,
                                                 stdin: records.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try Self.jsonObjects(result.stdout).map { $0["id"] as? String } == (0..<80).map { "r\($0)" })
    }

    @Test func emptyFileIsAWarningNotAFailure() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let empty = try directory.write("empty.txt", bytes: [])
        let good = try directory.write("good.txt", Self.sentence)
        let result = try ZhengmingExecutable.run(["annotate", empty, good] + Self.noRules)
        #expect(result.status == 0)
        #expect(result.stderrLines == ["\(empty): empty file, nothing to annotate"])
        #expect(result.stdout.hasPrefix("# doc_id = \(good)\n"))
    }

    @Test func schemeAndPinyinOptions() throws {
        let result = try ZhengmingExecutable.run(["annotate", "--scheme", "bioes", "--pinyin", "numeric"] + Self.noRules,
                                                 stdin: "会议开始。")
        #expect(result.status == 0)
        let rows = result.stdoutLines.filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.first == ["会议", "0", "2", "hui4yi4", "O"])
        let noPinyin = try ZhengmingExecutable.run(["annotate", "--no-pinyin"] + Self.noRules, stdin: "会议开始。")
        #expect(noPinyin.stdoutLines.filter { !$0.isEmpty && !$0.hasPrefix("#") }.allSatisfy { $0.split(separator: "\t")[3] == "_" })
    }

    @Test func outputFileOption() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.path("out.conll")
        let result = try ZhengmingExecutable.run(["annotate", "-o", output] + Self.noRules, stdin: Self.sentence)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.hasPrefix("# doc_id = stdin\n"))
        #expect(written.hasSuffix("\n\n"))
    }

    @Test func encodingOption() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // '中央巡視組'.encode('big5'): short enough that detection would guess wrong.
        let big5 = try directory.write("big5.txt", bytes: [0xA4, 0xA4, 0xA5, 0xA1, 0xA8, 0xB5, 0xB5, 0xF8, 0xB2, 0xD5])
        let result = try ZhengmingExecutable.run(["annotate", "--encoding", "Big5", big5] + Self.noRules)
        #expect(result.status == 0)
        #expect(result.stdout.contains("# text = 中央巡視組\n"))
        let unknown = try ZhengmingExecutable.run(["annotate", "--encoding", "NO-SUCH", big5] + Self.noRules)
        #expect(unknown.status == 1)
        #expect(unknown.stderrLines.first?.hasPrefix("\(big5): unknown encoding 'NO-SUCH'") == true)
    }
}
