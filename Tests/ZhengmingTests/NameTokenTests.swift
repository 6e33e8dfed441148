import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// Token-level output keeps a name ICU does not know as one token: an
/// OFFICIAL or PERSON mention cut into pieces, one of them a single
/// character, is joined (`王|荣|军` → `王荣军`, read by Han-Latin/Names);
/// every boundary outside names stays, and `--granularity char` is unchanged.
@Suite struct NameTokenTests {
    static func forms(_ document: AnnotatedDocument) -> [String] {
        document.tokens.map { document.text($0.start..<$0.end) }
    }

    /// The writer fixture's pack, with 单 among the surnames.
    static func annotate(_ text: String, granularity: Granularity = .token) throws -> AnnotatedDocument {
        var files = WriterFixture.files
        files["lexicons/surnames.txt"] = "王\n杜\n单\n"
        return try RulePackFixture.annotate(text, with: files, pinyin: .marks, granularity: granularity)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        /// Tokens expected inside the mention of `name`.
        let name: String
        let expected: [String]
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: "中央第六巡視組組長王榮軍主持会议。", name: "王榮軍", expected: ["王榮軍"]),
        Case(text: "湖南省委书记杜家毫（２月２２日）到湘西。", name: "杜家毫", expected: ["杜家毫"]),
        Case(text: "组长单霁翔主持会议。", name: "单霁翔", expected: ["单霁翔"]),
    ]

    @Test(arguments: cases)
    func singleCharacterPiecesOfANameAreOneToken(_ example: Case) throws {
        let document = try Self.annotate(example.text)
        let mention = try #require(document.mentions.first { document.text($0.start..<$0.end) == example.name })
        let inside = document.tokens.filter { $0.start >= mention.start && $0.end <= mention.end }
        #expect(inside.map { document.text($0.start..<$0.end) } == example.expected)
        // The segmenter alone splits the name into characters: the join is ours.
        let characters = try Self.annotate(example.text, granularity: .char)
        #expect(characters.tokens.filter { $0.start >= mention.start && $0.end <= mention.end }.count
                == mention.end - mention.start)
    }

    @Test("a joined name is read as a name (单 as a surname is shàn); other mentions keep their boundaries")
    func joinedNamePinyinAndOtherBoundaries() throws {
        let document = try Self.annotate("组长单霁翔到巡视组。")
        let name = try #require(document.tokens.first { document.text($0.start..<$0.end) == "单霁翔" })
        #expect(name.pinyin?.hasPrefix("shàn") == true, "\(name.pinyin ?? "nil")")
        // 巡视组 is an ORGAN: its pieces (巡视|组, as ICU cut them) are not joined.
        let organ = try #require(document.mentions.first { $0.label == "ORGAN" })
        #expect(document.tokens.filter { $0.start >= organ.start && $0.end <= organ.end }
            .map { document.text($0.start..<$0.end) } == ["巡视", "组"])
    }

    @Test("joining is a pure function of tokens and name mentions", arguments: [
        // (token lengths, name range, expected token lengths)
        ([1, 1, 1, 2], 0..<3, [3, 2]),      // 王|荣|军|主持
        ([2, 1, 1, 1], 2..<5, [2, 3]),
        ([1, 2, 1], 0..<4, [4]),            // a single piece joins the whole name
        ([2, 1, 2], 0..<3, [3, 2]),         // 杜家|毫
        ([2, 2, 1], 0..<4, [2, 2, 1]),      // cut only into longer words: kept
        ([1, 1, 1, 1], 1..<3, [1, 2, 1]),
        ([1, 1, 1], 5..<6, [1, 1, 1]),      // no token at the name's start
    ] as [([Int], Range<Int>, [Int])])
    func joinTable(_ lengths: [Int], _ name: Range<Int>, _ expected: [Int]) {
        var start = 0
        let tokens = lengths.map { length -> Token in
            defer { start += length }
            return Token(start: start, end: start + length, pinyin: nil)
        }
        let joined = Annotator.joiningNamePieces(tokens, in: [Mention(start: name.lowerBound, end: name.upperBound, label: "PERSON"),
                                                             Mention(start: 0, end: 9, label: "ORGAN")])
        #expect(joined.map { $0.end - $0.start } == expected)
        #expect(joined.first?.start == 0 && joined.last?.end == lengths.reduce(0, +))
        let organOnly = Annotator.joiningNamePieces(tokens, in: [Mention(start: 0, end: 9, label: "ORGAN")])
        #expect(organOnly == tokens)
    }
}
