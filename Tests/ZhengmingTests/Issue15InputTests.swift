import TestSupport
import Foundation
import Testing
import Yams
@testable import Zhengming

/// Issue 15, items 4, 6, 7, 12 and 16: hostile inputs get one clear line
/// each, or are read correctly, in bounded time.
@Suite("issue 15: hostile inputs")
struct Issue15InputTests {
    static func collect(_ stream: DocumentStream) -> [String] { DocumentStreamTests.collect(stream) }

    static func jsonl(_ lines: [String]) throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        return (directory, try directory.write("in.jsonl", lines.joined(separator: "\n") + "\n"))
    }

    // MARK: item 4: records are RFC 8259 JSON

    static let invalidRecords: [(String, String)] = [
        (#"{"text": "甲", "meta": [1 2]}"#, "expected ',' or ']'"),
        (#"{"text": "甲", "meta": [1, nul]}"#, "invalid value"),
        (#"{"text": "甲", "meta": [tru]}"#, "invalid value"),
        (#"{"text": "甲", "meta": truex}"#, "invalid value"),
        (#"{"text": "甲", "n": 01}"#, "leading zero"),
        (#"{"text": "甲", "n": NaN}"#, "invalid value"),
        (#"{"text": "甲", "n": -Infinity}"#, "invalid number"),
        (#"{"text": "甲", "n": 1.}"#, "invalid number"),
        (#"{"text": "甲", "n": .5}"#, "invalid value"),
        (#"{"text": "甲", "n": 1e}"#, "invalid number"),
        (#"{"text": "甲", "n": +1}"#, "invalid value"),
        (#"{"text": "甲", "n": 0x10}"#, "invalid number"),
        (#"{"text": "甲", "a": [1,]}"#, "invalid value"),
        (#"{"text": "甲", "o": {"a": 1,}}"#, "expected a string key"),
        (#"{"text": "甲", "o": {"a" 1}}"#, "expected ':'"),
        (#"{"text": "甲", "o": {a: 1}}"#, "expected a string key"),
        (#"{"text": "甲", "o": {"a": 1]}"#, "expected ',' or '}'"),
        (#"{"text": "甲", "s": "\x"}"#, "invalid escape"),
        (#"{"text": "甲", "s": "\udc00"}"#, "unpaired surrogate"),
        (#"{"text": "甲", "s": ['a']}"#, "invalid value"),
        (#"{"text": "甲", "a": [[[1]]}"#, "expected ',' or ']'"),
    ]

    @Test("item 4: invalid JSON in a passthrough field is path:line: reason, and the record is skipped",
          arguments: invalidRecords)
    func issue15_item4_invalidPassthroughIsRejected(record: String, reason: String) throws {
        let (directory, path) = try Self.jsonl([#"{"id": "ok", "text": "好"}"#, record, #"{"id": "ok2", "text": "好"}"#])
        defer { directory.remove() }
        let results = Self.collect(DocumentStream(paths: [path]))
        #expect(results.count == 3)
        #expect(results.first == "doc ok 好" && results.last == "doc ok2 好")
        #expect(results[1].hasPrefix("fail \(path):2: invalid JSON: column "), "\(results[1])")
        #expect(results[1].contains(reason), "\(record): \(results[1])")
    }

    @Test("item 4: invalid UTF-8 anywhere in a record is an error, not U+FFFD")
    func issue15_item4_invalidUTF8IsRejected() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.jsonl", bytes:
            Array(#"{"text": "甲", "meta": "a"#.utf8) + [0xFF, 0xFE] + Array("\"}\n".utf8)
            + Array(#"{"text": "甲", "meta": [1, "#.utf8) + [0xC3] + Array("]}\n".utf8)
            + Array(#"{"text": "乙", "meta": "é"}"#.utf8) + [0x0A])
        let results = Self.collect(DocumentStream(paths: [path]))
        #expect(results.count == 3)
        #expect(results[0] == "fail \(path):1: invalid JSON: column 27: invalid UTF-8 in string", "byte columns, at the first bad byte")
        #expect(results[1].hasPrefix("fail \(path):2: invalid JSON: "))
        #expect(results[2] == "doc \(path):3 乙")
    }

    @Test("item 4: valid JSON of every kind passes through byte for byte")
    func issue15_item4_validJSONPassesThrough() throws {
        let values = [#"-0"#, #"1e+5"#, #"0.5E-3"#, #"-12.25e7"#, #"true"#, #"null"#, #"[]"#, #"{}"#, #"[ 1 , [ ] , { "a" : [ null ] } ]"#,
                      #""\u00e9\ud83d\ude00\n\/""#, #"{"nested": {"deeper": [1, 2, {"x": "y"}]}}"#]
        let lines = values.enumerated().map { #"{"id": "v\#($0.offset)", "text": "甲", "value": \#($0.element)}"# }
        let (directory, path) = try Self.jsonl(lines)
        defer { directory.remove() }
        let documents = DocumentStream(paths: [path]).compactMap { result -> Document? in
            if case .document(let document) = result { return document }
            Issue.record("\(result)")
            return nil
        }
        #expect(documents.map { $0.passthrough.first?.rawValue } == values)
    }

    @Test("item 4: containers nested past the limit are refused without recursion")
    func issue15_item4_deepNestingIsRefused() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let shallow = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let (directory, path) = try Self.jsonl([#"{"text": "甲", "a": \#(deep)}"#, #"{"id": "s", "text": "乙", "a": \#(shallow)}"#])
        defer { directory.remove() }
        let results = Self.collect(DocumentStream(paths: [path]))
        #expect(results[0].contains("nested deeper than 512 levels"))
        #expect(results[1] == "doc s 乙")
    }

    @Test("item 4: a key given twice keeps the last value, in the first one's place, with a warning")
    func issue15_item4_duplicateKeysLastWins() throws {
        let (directory, path) = try Self.jsonl([#"{"id": "a", "text": "甲", "m": 1, "text": "乙", "m": [2], "z": 0}"#])
        defer { directory.remove() }
        let results = Array(DocumentStream(paths: [path]))
        #expect(results.count == 3)
        guard case .document(let document) = results[0] else { Issue.record("\(results)"); return }
        #expect(document.text == "乙")
        #expect(document.passthrough.map { "\($0.key)=\($0.rawValue)" } == ["m=[2]", "z=0"])
        let warnings = results.dropFirst().compactMap { result -> String? in
            guard case .failure(let error) = result, error.isWarning else { return nil }
            return error.description
        }
        #expect(warnings == ["\(path):1: duplicate key \"text\" in the record; the last value is used",
                             "\(path):1: duplicate key \"m\" in the record; the last value is used"])
    }

    // MARK: item 6: pinyin is linear in token length

    @Test("item 6: a name followed by 10^5 combining marks gets its reading in linear time",
          .timeLimit(.minutes(1)))
    func issue15_item6_pinyinOfLongTokens() throws {
        let annotator = try Annotator(rules: .empty, pinyin: .marks)
        let marks = String(repeating: "\u{0301}", count: 100_000)
        let annotated = try annotator.annotate(Document(id: "d", text: "王" + marks + "。"), granularity: .token)
        let first = try #require(annotated.tokens.first)
        #expect(first.start == 0 && first.end == 100_001)
        let pinyin = try #require(first.pinyin)
        #expect(Array(pinyin.unicodeScalars.prefix(4)) == Array("wáng".unicodeScalars))
        #expect(pinyin.unicodeScalars.filter { $0 == "\u{0301}" }.count == 100_000)
    }

    @Test("item 6: long tokens are cut into pieces of at most 64, before a Han character where one is near")
    func issue15_item6_pieces() {
        let han = Array("中华人民共和国".unicodeScalars)
        let text = Array(repeating: han, count: 30).flatMap { $0 }
        let pieces = PinyinTransliterator.pieces(text)
        #expect(pieces.first?.lowerBound == 0 && pieces.last?.upperBound == text.count)
        #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(pieces.allSatisfy { $0.count <= PinyinTransliterator.pieceLength && $0.count >= 32 || $0 == pieces.last })
        #expect(pieces.dropFirst().allSatisfy { text[$0.lowerBound].value.isHan })
    }

    // MARK: item 7: regular files only, no blocking

    @Test("item 7: FIFOs, devices and dangling links in a directory are reported; the good files come out",
          .timeLimit(.minutes(1)))
    func issue15_item7_onlyRegularFilesAreRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.txt", "甲")
        try directory.write("z.jsonl", #"{"id": "z", "text": "乙"}"#)
        #expect(mkfifo(directory.path("fifo.txt"), 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.path("dangling.txt"), withDestinationPath: "nowhere.txt")
        try FileManager.default.createSymbolicLink(atPath: directory.path("device.txt"), withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: directory.path("link.txt"), withDestinationPath: "a.txt")
        let root = directory.path
        #expect(Self.collect(DocumentStream(paths: [root])) == [
            "fail \(root)/dangling.txt: symbolic link to a missing file; skipped",
            "fail \(root)/device.txt: a character device, not a regular file; skipped (name it on the command line to read it)",
            "fail \(root)/fifo.txt: a FIFO, not a regular file; skipped (name it on the command line to read it)",
            "doc \(root)/a.txt 甲", "doc \(root)/link.txt 甲", "doc z 乙",
        ])
        let errors = DocumentStream(paths: [root]).compactMap { result -> Bool? in
            guard case .failure(let error) = result else { return nil }
            return error.isWarning
        }
        #expect(errors == [false, true, true], "a dangling link loses a file; a FIFO or device is not a document")
    }

    @Test("item 7: a walked file swapped for a FIFO after the walk is refused at open, without blocking",
          .timeLimit(.minutes(1)))
    func issue15_item7_openDoesNotBlock() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(mkfifo(directory.path("fifo.txt"), 0o644) == 0)
        guard case .failure(let error) = LineReader.open(directory.path("fifo.txt"), regularOnly: true) else {
            Issue.record("a FIFO was opened as a regular file")
            return
        }
        #expect(error.reason.hasPrefix("a FIFO, not a regular file"))
    }

    @Test("item 15: a walk leaves out the run's own output directory and file")
    func issue15_item15_walkSkipsOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.txt", "甲")
        try directory.write("out/jsonl/train.jsonl", #"{"text": "旧"}"#)
        try directory.write("out.jsonl", #"{"text": "旧"}"#)
        let root = directory.path
        #expect(Self.collect(DocumentStream(paths: [root], skipping: [root + "/out", root + "/out.jsonl"])) == [
            "fail \(root)/out: skipped: it is this run's output",
            "fail \(root)/out.jsonl: skipped: it is this run's output",
            "doc \(root)/a.txt 甲",
        ])
    }

    // MARK: item 12: UTF-32 and UTF-16BE

    static func utf32(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.unicodeScalars.flatMap { scalar -> [UInt8] in
            let value = bigEndian ? scalar.value.bigEndian : scalar.value.littleEndian
            return withUnsafeBytes(of: value) { Array($0) }
        }
    }

    @Test("item 12: UTF-32 with a byte-order mark is decoded (not taken for UTF-16LE)")
    func issue15_item12_utf32WithBOM() throws {
        let text = "中央第六巡视组 A1"
        let little = try TextDecoder().decode([0xFF, 0xFE, 0x00, 0x00] + Self.utf32(text, bigEndian: false))
        #expect(little.text == text && little.encoding == "UTF-32LE")
        let big = try TextDecoder().decode([0x00, 0x00, 0xFE, 0xFF] + Self.utf32(text, bigEndian: true))
        #expect(big.text == text && big.encoding == "UTF-32BE")
    }

    @Test("item 12: the binary-data hint names the encoding the NULs point to")
    func issue15_item12_binaryHint() throws {
        let text = "Zhengming 正名 annotates text, 2024."
        let utf16BE = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let utf16LE = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for (bytes, expected) in [(utf16BE, "UTF-16BE"), (utf16LE, "UTF-16LE"),
                                  (Self.utf32(text, bigEndian: false), "UTF-32LE"), (Self.utf32(text, bigEndian: true), "UTF-32BE")] {
            let error = try #require(throws: InputError.self) { try TextDecoder().decode(bytes) }
            #expect(error.reason.contains("this looks like \(expected) without a byte-order mark: pass --encoding \(expected)"),
                    "\(error.reason)")
            #expect(try TextDecoder(encoding: expected).decode(bytes).text == text)
        }
    }

    // MARK: item 16: default-ignorable code points

    static let organPack = [
        "pack.yaml": "labels: [ORGAN]\nphases: [one]",
        "rules.yaml": "phase: one\nlabel: ORGAN\nrules:\n  - name: organ\n    pattern: '中央第六巡视组'\n",
    ]

    @Test("item 16: a variation selector (or a zero-width space) after each character still matches; offsets are the original's",
          arguments: ["\u{FE0F}", "\u{FE00}", "\u{200B}", "\u{200D}", "\u{00AD}", "\u{E0100}"])
    func issue15_item16_ignorablesAreFolded(ignorable: String) throws {
        let plain = "会上，中央第六巡视组组长讲话。"
        let text = plain.map { String($0) + ignorable }.joined()
        let annotated = try RulePackFixture.annotate(text, with: Self.organPack)
        let mention = try #require(annotated.mentions.first)
        let shown = codePointSlice(text, mention.start, mention.end)
        #expect(shown.unicodeScalars.filter { $0.value < 0xFE00 || $0.value > 0xFE0F }
            .filter { !$0.properties.isDefaultIgnorableCodePoint }.map(String.init).joined() == "中央第六巡视组")
        #expect(codePointSlice(text, mention.start, mention.start + 1) == "中")
        let attaches = CharacterNormalizer.attachesToPrevious(ignorable.unicodeScalars.first!.value)
        #expect(shown.hasSuffix("组" + (attaches ? ignorable : "")), "\(Array(shown.unicodeScalars))")
        // Tokens cover the text and their offsets are the original's.
        for token in annotated.tokens { #expect(token.end > token.start) }
    }

    @Test("item 16: a text of ignorables only annotates to nothing, without a crash")
    func issue15_item16_onlyIgnorables() throws {
        let annotated = try RulePackFixture.annotate("\u{FE0F}\u{200B}\u{FEFF}", with: Self.organPack)
        #expect(annotated.mentions.isEmpty)
    }
}
