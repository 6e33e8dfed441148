import Foundation
import Testing
@testable import Zhengming

/// Sentences are disjoint ranges of the original text, even where ICU ends a
/// sentence inside the expansion of one original character: ㈠ folds to
/// "(一)", and ICU counts the "(" after 。 as closing the sentence before.
/// (Found by the fuzz harness: 会议指出。㈠加强领导。 gave [0,6) and [5,11).)
@Suite struct SentenceOffsetTests {
    static let pack = ["rules.yaml": """
        rules:
          - name: test.leader
            label: TITLE
            pattern: '领导'
        """]

    @Test(arguments: ["会议指出。㈠加强领导。", "会议指出。㈠㈡加强领导。", "第一条。⑴加强领导！⒈再次。", "会议指出。加强领导。"])
    func sentencesAreDisjointAndCoverTheText(_ text: String) throws {
        let document = try RulePackFixture.annotate(text, with: Self.pack)
        let sentences = document.sentences
        #expect(!sentences.isEmpty)
        for (before, after) in zip(sentences, sentences.dropFirst()) {
            #expect(before.upperBound <= after.lowerBound, "\(before) overlaps \(after) in \(text)")
        }
        #expect(sentences.allSatisfy { !$0.isEmpty })
        #expect(sentences.first?.lowerBound == 0)
        #expect(sentences.last?.upperBound == text.unicodeScalars.count)
        // Every token lies in exactly one sentence.
        for token in document.tokens {
            #expect(sentences.filter { $0.contains(token.start) }.count == 1, "token at \(token.start)")
        }
        // The mention is still found, at its original offsets.
        let mention = try #require(document.mentions.first)
        #expect(codePointSlice(text, mention.start, mention.end) == "领导")
    }

    @Test func theExpandedCharacterGoesToTheSentenceItNumbers() throws {
        let text = "会议指出。㈠加强领导。"
        let document = try RulePackFixture.annotate(text, with: Self.pack)
        #expect(document.sentences == [0..<5, 5..<11])
        #expect(codePointSlice(text, 5, 11) == "㈠加强领导。")
    }

    @Test func rangesInsideOneExpansionCollapseIntoTheLaterOne() throws {
        let normalized = try CharacterNormalizer().normalize("甲。㈠乙".codePoints)
        #expect(String(codePoints: normalized.units) == "甲。(一)乙")
        // Cuts after "(" and after "一": both fall inside ㈠ (original 2).
        let mapped = normalized.originalRanges(ofConsecutive: [0..<3, 3..<4, 4..<6])
        #expect(mapped == [0..<2, 2..<4])
    }
}
