import Testing
@testable import Zhengming

/// The one-sentence shortcut (`SingleSentenceTest`) must find exactly the
/// sentences ICU's iterator finds: on a table of the cases UAX #29 singles
/// out, on every line of the seed documents, and on random texts drawn from
/// the characters that matter to sentence breaking.
@Suite struct SingleSentenceTests {
    static func sentences(_ text: String, shortcut: Bool) throws -> [Range<Int>] {
        let normalized = try CharacterNormalizer().normalize(text.codePoints)
        let segmenter = try Segmenter()
        segmenter.usesSentenceShortcut = shortcut
        return try segmenter.segment(normalized).sentences
    }

    static func answers(_ text: String) throws -> Bool {
        let test = try #require(SingleSentenceTest.shared)
        let units = try CharacterNormalizer().normalize(text.codePoints).units
        return units.withUnsafeBufferPointer(test.isSingleSentence)
    }

    /// (text, whether the shortcut answers it): where it does not, ICU does.
    static let cases: [(String, Bool)] = [
        ("国务院总理李强主持召开国务院常务会议。", true),
        ("国务院总理李强主持召开国务院常务会议", true),
        ("他说：“我们要坚持改革开放。”", true),
        ("他说：“我们要坚持改革开放！”\n\n", true),
        ("会议强调。。", true),
        ("会议强调？！", true),
        ("会议强调。 。", true),
        ("  前后有空格。  ", true),
        ("", true),
        ("   ", true),
        ("第一句。第二句。", false),
        ("增长3.5亿元。", false),
        ("第一段\n第二段", false),
        ("他说。 」", false),
        ("引文。」 后文", false),
        ("人名𠀋在此。", false),
        ("Mr. Smith met Wang Yi.", false),
    ]

    @Test(arguments: cases)
    func answersOnlyWhenSureAndAgreesWithICU(_ text: String, _ answered: Bool) throws {
        #expect(try Self.answers(text) == answered, "\(text)")
        #expect(try Self.sentences(text, shortcut: true) == Self.sentences(text, shortcut: false), "\(text)")
    }

    @Test(arguments: SeedDocuments.names)
    func seedLinesSegmentAlikeEitherWay(_ name: String) throws {
        var answered = 0
        for line in try SeedDocuments.text(name).split(separator: "\n") {
            let text = String(line)
            if try Self.answers(text) { answered += 1 }
            #expect(try Self.sentences(text, shortcut: true) == Self.sentences(text, shortcut: false), "\(text)")
        }
        #expect(answered > 0)
    }

    @Test func randomTextsSegmentAlikeEitherWay() throws {
        let alphabet = Array("国务院会议强调改革。！？.，、；：“”「」（）()\"' \n\t3.5Ab") + ["\u{3000}", "\u{2029}", "\u{85}"]
        var generator = SplitMix64(seed: 7)
        var answered = 0
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            if try Self.answers(text) { answered += 1 }
            #expect(try Self.sentences(text, shortcut: true) == Self.sentences(text, shortcut: false), "\(text.debugDescription)")
        }
        // Enough of the texts take the shortcut for the comparison to mean something.
        #expect(answered > 100)
    }
}
