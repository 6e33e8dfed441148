import Foundation
import Testing
@testable import Zhengming

/// Issue 2, step 3: ICU sentences and words on the seed documents.
@Suite struct SegmenterTests {
    /// The seed documents, read through `#filePath` (see `SeedDocuments`).
    static let seeds = SeedDocuments.names

    struct Segmented {
        let original: String
        let normalized: NormalizedText
        let segmentation: Segmentation
        var units: [UInt32] { normalized.units }
        func text(_ range: Range<Int>) -> String { String(codePoints: units[range]) }
    }

    static func segment(_ original: String) throws -> Segmented {
        let normalized = try CharacterNormalizer().normalize(original.codePoints)
        return Segmented(original: original, normalized: normalized,
                         segmentation: try Segmenter().segment(normalized))
    }

    @Test(arguments: seeds)
    func sentencesAreNonEmptySortedDisjointAndTrimmed(_ name: String) throws {
        let doc = try Self.segment(try SeedDocuments.text(name))
        let sentences = doc.segmentation.sentences
        #expect(sentences.count > 10)
        for sentence in sentences {
            #expect(!sentence.isEmpty)
            #expect(!doc.units[sentence.lowerBound].isWhiteSpace, "sentence starts with white space: \(doc.text(sentence))")
            #expect(!doc.units[sentence.upperBound - 1].isWhiteSpace, "sentence ends with white space: \(doc.text(sentence))")
        }
        for (previous, next) in zip(sentences, sentences.dropFirst()) {
            #expect(previous.upperBound <= next.lowerBound, "\(previous) and \(next) overlap or are out of order")
        }
        // Nothing but white space is left out of the sentences.
        var covered = [Bool](repeating: false, count: doc.units.count)
        for sentence in sentences { for index in sentence { covered[index] = true } }
        for (index, isCovered) in covered.enumerated() where !isCovered {
            #expect(doc.units[index].isWhiteSpace, "character \(index) is in no sentence")
        }
    }

    @Test(arguments: seeds)
    func tokensLieInsideSentencesAndAreNeverWhiteSpace(_ name: String) throws {
        let doc = try Self.segment(try SeedDocuments.text(name))
        let sentences = doc.segmentation.sentences
        let tokens = doc.segmentation.tokens
        #expect(tokens.count > 100)
        for (previous, next) in zip(tokens, tokens.dropFirst()) {
            #expect(previous.upperBound <= next.lowerBound, "tokens \(previous) and \(next) overlap or are out of order")
        }
        var sentenceIndex = 0
        for token in tokens {
            #expect(!token.isEmpty)
            #expect(!doc.units[token].allSatisfy { $0.isWhiteSpace }, "white-space token at \(token)")
            while sentenceIndex < sentences.count, sentences[sentenceIndex].upperBound <= token.lowerBound { sentenceIndex += 1 }
            let inside = sentenceIndex < sentences.count && sentences[sentenceIndex].contains(token.lowerBound)
                && token.upperBound <= sentences[sentenceIndex].upperBound
            #expect(inside, "token \(doc.text(token)) at \(token) is not inside one sentence")
        }
        // Every character that is not white space belongs to a token.
        var covered = [Bool](repeating: false, count: doc.units.count)
        for token in tokens { for index in token { covered[index] = true } }
        for (index, isCovered) in covered.enumerated() where !isCovered {
            #expect(doc.units[index].isWhiteSpace, "character \(doc.text(index..<index + 1)) at \(index) is in no token")
        }
    }

    @Test(arguments: seeds)
    func tokenBoundariesAreTheTokenEdges(_ name: String) throws {
        let doc = try Self.segment(try SeedDocuments.text(name))
        let boundaries = doc.segmentation.isTokenBoundary
        #expect(boundaries.count == doc.units.count + 1)
        var expected = [Bool](repeating: false, count: doc.units.count + 1)
        for token in doc.segmentation.tokens {
            expected[token.lowerBound] = true
            expected[token.upperBound] = true
        }
        #expect(boundaries == expected)
    }

    @Test(arguments: seeds)
    func fullStopEndsASentence(_ name: String) throws {
        let doc = try Self.segment(try SeedDocuments.text(name))
        let closers = Set("”’」』)》".unicodeScalars.map(\.value))
        var checked = 0
        for (index, unit) in doc.units.enumerated() where unit == 0x3002 /* 。 */ {
            var end = index + 1
            while end < doc.units.count, closers.contains(doc.units[end]) { end += 1 }
            let sentence = try #require(doc.segmentation.sentences.first { $0.contains(index) })
            #expect(sentence.upperBound == end, "sentence \(doc.text(sentence)) does not end at the 。 at \(index)")
            checked += 1
        }
        #expect(checked >= 5)
    }

    static let knownSentences: [(document: String, sentence: String)] = [
        ("000_be3e6338dd572018.txt", "中央第六巡视组巡视辽宁省工作动员会召开"),
        ("002_3abbbd3bd5926262.txt", "杜家毫主持会议并作表态讲话。"),
    ]

    @Test(arguments: knownSentences)
    func knownSentenceIsOneSentence(_ document: String, _ sentence: String) throws {
        let doc = try Self.segment(try SeedDocuments.text(document))
        let texts = doc.segmentation.sentences.map { codePointSlice(doc.original, $0.lowerBound, $0.upperBound) }
        #expect(texts.contains(sentence))
    }

    @Test func knownTokensOfASentence() throws {
        let doc = try Self.segment("中央第六巡视组组长王荣军主持召开会议。")
        let tokens = doc.segmentation.tokens.map(doc.text)
        #expect(tokens.first == "中央")
        #expect(tokens.last == "。")
        #expect(tokens.contains("主持"))
        #expect(tokens.joined() == "中央第六巡视组组长王荣军主持召开会议。")
        #expect(doc.segmentation.sentences == [0..<19])
    }

    /// Segmentation runs on the folded text, so a traditional document
    /// segments exactly like its simplified twin.
    @Test func traditionalTextSegmentsLikeSimplified() throws {
        let simplified = try Self.segment("中央第六巡视组组长王荣军主持召开会议。会议结束。")
        let traditional = try Self.segment("中央第六巡視組組長王榮軍主持召開會議。會議結束。")
        #expect(traditional.segmentation.tokens == simplified.segmentation.tokens)
        #expect(traditional.segmentation.sentences == simplified.segmentation.sentences)
        #expect(simplified.segmentation.sentences.count == 2)
    }

    @Test func whiteSpaceIsNeverAToken() throws {
        let doc = try Self.segment("  会议\u{3000}\u{3000}开始 \t 了。\n\n  abc  def  ")
        for token in doc.segmentation.tokens {
            #expect(!doc.units[token].contains { $0.isWhiteSpace }, "token '\(doc.text(token))'")
        }
        #expect(doc.segmentation.tokens.map(doc.text).joined() == "会议开始了。abcdef")
    }

    @Test func emptyAndWhiteSpaceOnlyTextsHaveNoSentences() throws {
        for text in ["", "   ", "\n\u{3000}\n"] {
            let doc = try Self.segment(text)
            #expect(doc.segmentation.sentences.isEmpty)
            #expect(doc.segmentation.tokens.isEmpty)
        }
    }
}
