import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// The one record model: `annotate` and `export` build a `Record` per
/// document and every writer reads it, so what `annotate` keeps (input
/// fields, lexicon attributes, relations) `export` keeps too, and a
/// sentence record can be traced back to its document.
@Suite("Records")
struct RecordTests {
    static let passthroughJSON = #"{"id":"p1","source":"xinhua","year":2018,"text":"#
        + JSONText.quoted(WriterFixture.text) + "}"

    static func passthroughDocument() throws -> Document {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.jsonl", passthroughJSON + "\n")
        let documents = DocumentStream(paths: [path]).compactMap { item -> Document? in
            if case .document(let document) = item { return document }
            return nil
        }
        return try #require(documents.first)
    }

    static func exported(_ document: Document, unit: ExportUnitKind) throws -> [[String: Any]] {
        let pack = try RulePackFixture(WriterFixture.files)
        defer { pack.remove() }
        let prepared = try ExportAnnotator(rules: try pack.load(), gold: .empty, labels: .unchanged, pinyin: nil)
            .prepare(document)
        var bytes: [UInt8] = []
        for record in prepared.records(kind: unit, assigner: SplitAssigner(names: ["all"], ratios: [1])).records {
            JSONLWriter(profile: .training).write(record, to: &bytes)
        }
        return try ExportFixture.jsonObjects(String(decoding: bytes, as: UTF8.self))
    }

    @Test("the record of an annotated document is that document: text, layers, relations")
    func recordOfAnnotatedDocument() throws {
        let annotated = try WriterFixture.annotate()
        let record = Record(annotated)
        #expect(record.id == "doc-1" && record.offset == 0 && record.sentenceIndex == nil)
        #expect(record.text == WriterFixture.text && record.codePoints == annotated.codePoints)
        #expect(record.spans == annotated.mentions && record.nested == annotated.nested)
        #expect(record.relations == annotated.relations && !record.relations.isEmpty)
        #expect(record.tokens == annotated.tokens && record.sentences == annotated.sentences)
    }

    @Test("a sentence record shifts spans, tokens and relations into the sentence, and knows its offset")
    func sentenceRecordShifts() throws {
        let record = Record(try WriterFixture.annotate())
        #expect(record.sentences.count == 2)
        for index in record.sentences.indices {
            let sentence = record.sentence(index)
            #expect(sentence.id == "doc-1#\(index + 1)" && sentence.documentID == "doc-1" && sentence.sentenceIndex == index)
            #expect(sentence.offset == record.sentences[index].lowerBound)
            #expect(sentence.text == codePointSlice(WriterFixture.text, sentence.offset, record.sentences[index].upperBound))
            #expect(!sentence.spans.isEmpty)
            for span in sentence.spans {
                #expect(codePointSlice(sentence.text, span.start, span.end)
                        == codePointSlice(WriterFixture.text, sentence.offset + span.start, sentence.offset + span.end))
            }
            for token in sentence.tokens { #expect(0 <= token.start && token.end <= sentence.codePoints.count) }
            for relation in sentence.relations {
                #expect(codePointSlice(sentence.text, relation.subject.lowerBound, relation.subject.upperBound)
                        == codePointSlice(WriterFixture.text, sentence.offset + relation.subject.lowerBound,
                                          sentence.offset + relation.subject.upperBound))
            }
        }
        #expect(record.sentence(0).relations.count == 1 && record.sentence(1).relations.count == 1)
    }

    @Test("export keeps input fields, lexicon attributes and relations, as annotate does")
    func exportKeepsWhatAnnotateKeeps() throws {
        let document = try Self.passthroughDocument()
        let object = try #require(try Self.exported(document, unit: .document).first)
        #expect(object["source"] as? String == "xinhua" && object["year"] as? Int == 2018)
        let spans = try #require(object["spans"] as? [[String: Any]])
        let xiang = try #require(spans.first { $0["text"] as? String == "湘" })
        #expect(xiang["attrs"] as? [String: String] == ["canonical": "湖南省", "level": "province"])
        let relations = try #require(object["relations"] as? [[String: Any]])
        #expect(relations.count == 2 && relations.allSatisfy { $0["predicate"] as? String == "holds" })

        var bytes: [UInt8] = []
        let pack = try RulePackFixture(WriterFixture.files)
        defer { pack.remove() }
        JSONLWriter().write(try Annotator(rules: try pack.load(), pinyin: nil).annotate(document), to: &bytes)
        let annotated = try #require(try ExportFixture.jsonObjects(String(decoding: bytes, as: UTF8.self)).first)
        for key in ["source", "year", "relations"] {
            #expect(annotated[key] != nil && object[key] != nil, "\(key) in both")
        }
    }

    @Test("--unit sentence records name their document, number and offset, and keep the input fields")
    func sentenceRecordsTraceBack() throws {
        let document = try Self.passthroughDocument()
        let objects = try Self.exported(document, unit: .sentence)
        #expect(objects.count == 2)
        for (index, object) in objects.enumerated() {
            #expect(object["id"] as? String == "p1#\(index + 1)")
            #expect(object["document"] as? String == "p1" && object["sentence"] as? Int == index + 1)
            let offset = try #require(object["offset"] as? Int)
            let text = try #require(object["text"] as? String)
            #expect(codePointSlice(document.text, offset, offset + text.unicodeScalars.count) == text)
            #expect(object["source"] as? String == "xinhua")
            for span in try #require(object["spans"] as? [[String: Any]]) {
                let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
                #expect(codePointSlice(document.text, offset + start, offset + end) == span["text"] as? String)
            }
        }
    }
}

@Suite("Label Studio and doccano writers")
struct ToolWriterTests {
    @Test("UTF-16 offsets: two units for a character outside the BMP, and back", arguments: [
        "湖南", "𠀀湖南", "😀😀a", "a\u{1F600}b\u{20000}c", "",
    ])
    func utf16RoundTrip(_ text: String) {
        let codePoints = text.unicodeScalars.map(\.value)
        let offsets = UTF16Offsets(codePoints)
        for index in 0...codePoints.count {
            let units = text.utf16.distance(from: text.utf16.startIndex,
                                            to: text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: index))
            #expect(offsets.utf16(index) == units)
            #expect(offsets.codePoint(units) == index)
        }
        // The middle of a surrogate pair is no character boundary.
        for (index, value) in codePoints.enumerated() where value > 0xFFFF {
            #expect(offsets.codePoint(offsets.utf16(index) + 1) == nil)
        }
        #expect(offsets.codePoint(text.utf16.count + 1) == nil)
    }

    @Test("the labeling config gives every label its own colour, escaped values", arguments: [3, 12, 40])
    func labelingConfigColours(_ count: Int) {
        let labels = (0..<count).map { "L\($0)" } + ["A&B"]
        let config = LabelStudioWriter.labelingConfig(labels: labels)
        let colours = config.split(separator: "\n").filter { $0.contains("<Label ") }.map { line in
            String(line[line.range(of: #"#[0-9a-f]{6}"#, options: .regularExpression)!])
        }
        #expect(colours.count == labels.count && Set(colours).count == labels.count)
        #expect(config.contains(#"value="A&amp;B""#))
    }

    @Test("iob: a sentence per line of FORM|TAG, a | inside a form written as ｜")
    func iobLines() {
        let text = "a|b 湖南省。会议"
        let record = Record(document: Document(id: "x", text: text), sentences: [0..<8, 8..<10],
                            tokens: [Token(start: 0, end: 3, pinyin: nil), Token(start: 4, end: 7, pinyin: nil),
                                     Token(start: 7, end: 8, pinyin: nil), Token(start: 8, end: 10, pinyin: nil)],
                            spans: [Mention(start: 4, end: 7, label: "LOC"), Mention(start: 7, end: 10, label: "X")])
        var bytes: [UInt8] = []
        IOBWriter().write(record, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "a｜b|O 湖南省|B-LOC 。|B-X\n会议|B-X\n")
    }
}
