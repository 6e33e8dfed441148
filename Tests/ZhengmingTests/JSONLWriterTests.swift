import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// Issue 2, JSONL output: one object per document with the original text,
/// spans whose offsets slice it exactly, input fields passed through, and
/// sentences and tokens on request.
@Suite struct JSONLWriterTests {
    static func render(_ document: AnnotatedDocument, nested: Bool = false, tokens: Bool = false) -> String {
        var bytes: [UInt8] = []
        JSONLWriter(includeNested: nested, includeTokens: tokens).write(document, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false, "one line per document")
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(parsed as? [String: Any])
    }

    static func spans(_ object: [String: Any], key: String = "spans") throws -> [[String: Any]] {
        try #require(object[key] as? [[String: Any]])
    }

    /// Reads the documents of a JSONL file through `DocumentStream`.
    static func read(_ jsonl: String) throws -> (documents: [Document], path: String, directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let path = try directory.write("input.jsonl", jsonl)
        var documents: [Document] = []
        for result in DocumentStream(paths: [path]) {
            guard case .document(let document) = result else {
                Issue.record("unexpected failure \(result)")
                continue
            }
            documents.append(document)
        }
        return (documents, path, directory)
    }

    @Test func spansSliceTheOriginalText() throws {
        let document = try WriterFixture.annotate()
        let object = try Self.object(Self.render(document))
        #expect(object["id"] as? String == "doc-1")
        let text = try #require(object["text"] as? String)
        #expect(text == WriterFixture.text)
        let spans = try Self.spans(object)
        #expect(spans.count == document.mentions.count)
        for span in spans {
            let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
            #expect(span["text"] as? String == codePointSlice(text, start, end))
            #expect(span["label"] is String)
            #expect((span["rule"] as? String)?.isEmpty == false)
        }
        let shown = spans.map { "\($0["text"]!)/\($0["label"]!)/\($0["rule"]!)" }
        #expect(shown.contains("王榮軍/OFFICIAL/official.after-title"))
        #expect(shown.contains("巡視組/ORGAN/organ.lexicon"))
        let loc = try #require(spans.first { $0["label"] as? String == "LOC" })
        #expect(loc["attrs"] as? [String: String] == ["canonical": "湖南省", "level": "province"])
        let relations = try #require(object["relations"] as? [[String: Any]])
        let relation = try #require(relations.first)
        #expect((relation["subject"] as? [String: Any])?["text"] as? String == "王榮軍")
        #expect(relation["predicate"] as? String == "holds")
        #expect((relation["object"] as? [String: Any])?["text"] as? String == "組長")
        #expect(relation["rule"] as? String == "official.after-title")
        #expect(object["nested"] == nil && object["tokens"] == nil && object["sentences"] == nil)
    }

    /// Offsets count code points, as Python's `str` does: a character
    /// outside the BMP is one position, not two UTF-16 units.
    @Test func offsetsCountCodePoints() throws {
        let text = "𠀀𠀁组长王荣军。"
        let object = try Self.object(Self.render(try WriterFixture.annotate(text)))
        let official = try #require(try Self.spans(object).first { $0["label"] as? String == "OFFICIAL" })
        #expect(official["start"] as? Int == 4)
        #expect(official["end"] as? Int == 7)
        #expect(codePointSlice(text, 4, 7) == "王荣军")
    }

    @Test func textWithQuotesControlCharactersAndLineBreaksRoundTrips() throws {
        let text = "他说：\"组长王荣军\\主持\"。\t\u{01}\r\n第二段。"
        let object = try Self.object(Self.render(try WriterFixture.annotate(text), tokens: true))
        #expect(object["text"] as? String == text)
        for token in try Self.spans(object, key: "tokens") {
            let start = token["start"] as! Int, end = token["end"] as! Int
            #expect(token["text"] as? String == codePointSlice(text, start, end))
        }
    }

    @Test func passthroughFieldsComeBackUnchanged() throws {
        let source = #"{"site": "ccdi", "tags": [1, 2.5e3, null, true, {"k": "v\"q"}], "n": -0.5}"#
        let jsonl = """
        {"id": "doc-7", "source": \(source), "text": "湖南省委书记杜家毫出席。", "lang":"zh", "spans": ["stale"]}
        {"text": "组长王荣军。", "id": 42}
        {"text": "无编号。", "when": "2018-02-22"}
        """
        let (documents, path, directory) = try Self.read(jsonl)
        defer { directory.remove() }
        try #require(documents.count == 3)

        let first = Self.render(try WriterFixture.annotate(documents[0]))
        #expect(first.contains(#""source":\#(source)"#), "raw JSON of a passthrough field is copied byte for byte")
        #expect(first.contains(#""lang":"zh""#))
        let object = try Self.object(first)
        #expect(object["id"] as? String == "doc-7")
        let expectedSource = try JSONSerialization.jsonObject(with: Data(source.utf8)) as! NSDictionary
        #expect((object["source"] as? NSDictionary) == expectedSource)
        #expect(object["text"] as? String == "湖南省委书记杜家毫出席。")
        let spans = try Self.spans(object)
        #expect(spans.map { $0["text"] as! String } == ["湖南省委", "书记", "杜家毫"], "input 'spans' are replaced, not passed through")

        let second = try Self.object(Self.render(try WriterFixture.annotate(documents[1])))
        #expect(second["id"] as? Int == 42, "a numeric id stays a number")
        #expect(try Self.spans(second).map { $0["text"] as! String } == ["组长", "王荣军"])

        let third = try Self.object(Self.render(try WriterFixture.annotate(documents[2])))
        #expect(third["id"] as? String == "\(path):3")
        #expect(third["when"] as? String == "2018-02-22")
        #expect(try Self.spans(third).isEmpty)
    }

    @Test func tokensOptionAddsSentencesAndTokensWithPinyin() throws {
        let document = try WriterFixture.annotate()
        let object = try Self.object(Self.render(document, tokens: true))
        let text = WriterFixture.text
        let sentences = try Self.spans(object, key: "sentences")
        #expect(sentences.map { codePointSlice(text, $0["start"] as! Int, $0["end"] as! Int) }
            == ["中央第六巡視組組長王榮軍主持会议。", "湖南省委书记杜家毫（２月２２日）到湘西。"])
        let tokens = try Self.spans(object, key: "tokens")
        #expect(tokens.count == document.tokens.count)
        var previousEnd = 0
        for token in tokens {
            let start = token["start"] as! Int, end = token["end"] as! Int
            #expect(start >= previousEnd)
            previousEnd = end
            let tokenText = try #require(token["text"] as? String)
            #expect(tokenText == codePointSlice(text, start, end))
            let hasHan = tokenText.unicodeScalars.contains { $0.value.isHan }
            #expect((token["pinyin"] != nil) == hasHan, "pinyin of '\(tokenText)'")
        }
        #expect(tokens.first { $0["text"] as? String == "中央" }?["pinyin"] as? String == "zhōng yāng")
    }

    @Test func nestedOptionAddsEveryAcceptedMention() throws {
        let document = try WriterFixture.annotate()
        let object = try Self.object(Self.render(document, nested: true))
        let nested = try Self.spans(object, key: "nested")
        #expect(nested.count == document.nested.count)
        for span in nested {
            #expect(span["text"] as? String == codePointSlice(WriterFixture.text, span["start"] as! Int, span["end"] as! Int))
        }
    }
}
