import Foundation
import Testing
@testable import Zhengming

/// Issue 15, items 10 and 11: a large document annotated in windows
/// (`WindowedAnnotator`) is written byte for byte as the whole document
/// would be, by one worker or several, while holding a few bytes per
/// character between passes.
@Suite struct WindowedAnnotationTests {
    static let rules: RuleSet? = try? RuleSet.load(packs: [DefaultPackTests.packPath])

    /// Sentences that need the document-wide passes across windows: a name
    /// with a post (evidence), then bare (resolved to OFFICIAL); an organ
    /// named in full, then elliptically (`省委`, resolved from an earlier
    /// window); a list of names; a journalist; a sentence with no cut place
    /// before a Han character (a closing quote) and line breaks.
    static let sentences = [
        "中央第六巡视组组长王荣军主持会议。", "王荣军提出，要坚持稳中求进。", "辽宁省委书记张明华出席会议。",
        "省委副书记、省长王建新作报告。", "国务院副总理刘红、陈立平出席。", "记者谢进报道。",
        "他说：“要增强四个意识。”", "王建新强调全面从严治党。\n", "刘红、陈立平、张明华参加座谈。\n\n",
        "2018年2月22日上午，沈阳市委召开会议。",
    ]

    /// `count` sentences in a fixed, shuffled-looking order.
    static func text(_ count: Int) -> String {
        (0..<count).map { sentences[($0 * 7 + $0 / 3) % sentences.count] }.joined()
    }

    static func annotators(_ count: Int, pinyin: PinyinStyle? = .marks) throws -> [Annotator] {
        let rules = try #require(Self.rules)
        return try (0..<count).map { _ in try Annotator(rules: rules, pinyin: pinyin) }
    }

    /// The bytes of the whole document, as `annotate` writes them today.
    static func whole(_ document: Document, writer: some RecordWriter, granularity: Granularity = .token,
                      pinyin: PinyinStyle? = .marks) throws -> [UInt8] {
        let annotated = try annotators(1, pinyin: pinyin)[0].annotate(document, granularity: granularity)
        var bytes: [UInt8] = []
        writer.write(annotated, to: &bytes)
        return bytes
    }

    static func windowed(_ document: Document, writer: some RecordWriter, granularity: Granularity = .token,
                         workers: Int = 1, window: Int = 40, pinyin: PinyinStyle? = .marks) throws -> [UInt8] {
        let annotator = WindowedAnnotator(annotators: try annotators(workers, pinyin: pinyin), windowCharacters: window)
        let annotated = try annotator.annotate(document)
        var bytes: [UInt8] = []
        annotator.write(annotated, writer: writer, granularity: granularity) { bytes += $0 }
        return bytes
    }

    struct Format: CustomTestStringConvertible, Sendable {
        let name: String
        let writer: any RecordWriter
        var granularity: Granularity = .token
        var testDescription: String { name }
    }

    static let formats: [Format] = [
        Format(name: "jsonl", writer: JSONLWriter()),
        Format(name: "jsonl --nested --tokens", writer: JSONLWriter(includeNested: true, includeTokens: true)),
        Format(name: "conll", writer: CoNLLWriter()),
        Format(name: "conll bioes, characters", writer: CoNLLWriter(scheme: .bioes), granularity: .char),
    ]

    @Test(arguments: formats)
    func windowsWriteWhatTheWholeDocumentWrites(_ format: Format) throws {
        let document = Document(id: "big", text: Self.text(60), idJSON: "7", passthrough: [("source", "\"test\"")])
        let expected = try Self.whole(document, writer: format.writer, granularity: format.granularity)
        let annotator = WindowedAnnotator(annotators: try Self.annotators(1), windowCharacters: 40)
        #expect(try annotator.annotate(document).windows.count > 10)
        #expect(try Self.windowed(document, writer: format.writer, granularity: format.granularity) == expected)
    }

    @Test func theDocumentWidePassesReachAcrossWindows() throws {
        let document = Document(id: "big", text: Self.text(60))
        let annotated = try Self.annotators(1, pinyin: nil)[0].annotate(document)
        // What the windows must get from each other: a name relabelled from
        // evidence elsewhere, a propagated copy, an organ resolved from an
        // earlier sentence.
        #expect(annotated.mentions.contains { $0.rule.hasPrefix("resolve:") })
        #expect(annotated.posts.contains { $0.resolved == "辽宁省委" })
        #expect(try Self.windowed(document, writer: JSONLWriter(includeNested: true), window: 30, pinyin: nil)
                == Self.whole(document, writer: JSONLWriter(includeNested: true), pinyin: nil))
    }

    @Test(arguments: [2, 3])
    func severalWorkersWriteWhatOneWrites(_ workers: Int) throws {
        let document = Document(id: "big", text: Self.text(80))
        let writer = JSONLWriter(includeNested: true, includeTokens: true)
        #expect(try Self.windowed(document, writer: writer, workers: workers)
                == Self.windowed(document, writer: writer, workers: 1))
    }

    @Test func theRunnerWindowsLargeDocumentsOnly() throws {
        let rules = try #require(Self.rules)
        let documents = [Document(id: "small", text: Self.sentences[0]), Document(id: "big", text: Self.text(50)),
                         Document(id: "last", text: Self.sentences[3])]
        func run(windowedBytes: Int) throws -> [UInt8] {
            var options = CorpusRunner.Options(jobs: 2)
            options.windowedBytes = windowedBytes
            options.windowCharacters = 50
            var bytes: [UInt8] = []
            try CorpusRunner(rules: rules, options: options).run(documents.map { .document($0) }, writer: CoNLLWriter(),
                                                                 emit: { bytes += $0 }, report: { _, _ in })
            return bytes
        }
        #expect(try run(windowedBytes: 1000) == run(windowedBytes: .max))
    }

    @Test func windowsEndOnlyWhereSegmentationStartsAfresh() {
        let text = Array("第一句。第二句。”第三句\n第四句！abc。第五句".unicodeScalars.map(\.value))
        let windows = DocumentWindows.cut(text, target: 1)
        #expect(windows.first?.lowerBound == 0 && windows.last?.upperBound == text.count)
        #expect(zip(windows, windows.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        let ends = windows.dropLast().map { String(String.UnicodeScalarView(text[$0].compactMap(Unicode.Scalar.init))) }
        #expect(ends == ["第一句。", "第二句。”第三句\n", "第四句！abc。", "第五句"].dropLast())
        // A variation selector after a line break attaches across it: no cut.
        #expect(!DocumentWindows.isCut([0x4E00, 0x0A, 0xFE0F, 0x4E00], at: 2))
    }

    @Test func tokenBoundariesGiveTheSegmentersTokensBack() throws {
        let segmenter = try Segmenter()
        let normalizer = try CharacterNormalizer()
        let text = normalizer.normalize(Array((Self.text(12) + "  ABC  12.5 \t x").unicodeScalars.map(\.value)))
        let segmentation = try segmenter.segment(text)
        let boundaries = TokenBoundaries(segmentation.isTokenBoundary)
        #expect(boundaries.tokens(in: text.units) == segmentation.tokens)
        #expect(boundaries.flags == segmentation.isTokenBoundary)
    }

    @Test func storedMentionsComeBackFieldForField() throws {
        let document = Document(id: "d", text: Self.text(20))
        let annotated = try Self.annotators(1, pinyin: nil)[0].annotate(document)
        let store = MentionStore(annotated.nested)
        #expect(store.mentions == annotated.nested)
        #expect(store.mentions.map(\.attributes) == annotated.nested.map(\.attributes))
    }

    /// The memory accounting: a stored mention is 52 bytes (a `Mention` is
    /// 120 and more), and the windows of a document hold under 16 bytes per
    /// character between passes, on a text that names someone in every
    /// sentence (about 5 on news text; the text and its code points, 7 bytes
    /// a Han character, are the rest of a document's memory).
    @Test func windowsHoldAFewBytesPerCharacter() throws {
        #expect(MemoryLayout<MentionStore.Stored>.stride == 52)
        #expect(MemoryLayout<Mention>.stride >= 120)
        let document = Document(id: "big", text: Self.text(400))
        let annotator = WindowedAnnotator(annotators: try Self.annotators(1, pinyin: nil), windowCharacters: 2000)
        let annotated = try annotator.annotate(document, keepingNested: false)
        let perCharacter = Double(WindowedAnnotator.byteCount(of: annotated)) / Double(annotated.codePoints.count)
        #expect(perCharacter < 16, "\(perCharacter) bytes per character")
    }
}
