import Foundation
import Testing
@testable import Zhengming

/// Issue 2, step 2: text is folded for matching (NFKC, traditional →
/// simplified) but every offset maps back into the original text.
@Suite struct NormalizationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let original: String
        let folded: String
        var testDescription: String { original }
    }

    static let folds: [Case] = [
        Case(original: "（２月２２日）", folded: "(2月22日)"),
        Case(original: "巡視組組長王榮軍", folded: "巡视组组长王荣军"),
        Case(original: "中央第六巡視組", folded: "中央第六巡视组"),
        Case(original: "ＡＢＣ１２３", folded: "ABC123"),
        Case(original: "芭芭拉・弗兰克林", folded: "芭芭拉·弗兰克林"),
        Case(original: "芭芭拉･弗兰克林", folded: "芭芭拉·弗兰克林"),
        Case(original: "会议\u{3000}开始", folded: "会议 开始"),
        Case(original: "已经是简体的文字", folded: "已经是简体的文字"),
    ]

    @Test(arguments: folds)
    func foldsForMatching(_ example: Case) throws {
        let normalizer = try CharacterNormalizer()
        let normalized = normalizer.normalize(example.original.codePoints)
        #expect(String(codePoints: normalized.units) == example.folded)
        #expect(normalizer.normalize(example.original) == example.folded.codePoints)
        #expect(normalized.originalCount == example.original.unicodeScalars.count)
    }

    @Test(arguments: folds)
    func oneToOneFoldsKeepOffsets(_ example: Case) throws {
        let normalized = try CharacterNormalizer().normalize(example.original.codePoints)
        #expect(normalized.origin == (0..<Int32(example.original.unicodeScalars.count)).map { $0 })
        for start in 0..<normalized.count {
            for end in start + 1...normalized.count {
                let back = normalized.originalRange(start..<end)
                #expect(back == start..<end)
            }
        }
    }

    @Test func mapsAFoldedMatchBackToTheTraditionalOriginal() throws {
        let original = "中央第六巡視組組長王榮軍主持"
        let normalized = try CharacterNormalizer().normalize(original.codePoints)
        let folded = String(codePoints: normalized.units)
        let match = try #require(folded.range(of: "王荣军"))
        let start = folded.unicodeScalars.distance(from: folded.unicodeScalars.startIndex, to: match.lowerBound)
        let back = normalized.originalRange(start..<start + 3)
        #expect(codePointSlice(original, back.lowerBound, back.upperBound) == "王榮軍")
        #expect(back == 9..<12)
    }

    /// `㈠` (U+3220) folds to three characters `(一)`: every one of them maps
    /// back to the one original character, and the characters after it keep
    /// their original offsets.
    @Test func expansionMapsBackToItsSingleOriginal() throws {
        let original = "第㈠条（２）"
        let normalizer = try CharacterNormalizer()
        #expect(normalizer.fold(0x3220) == "(一)".codePoints)
        let normalized = normalizer.normalize(original.codePoints)
        #expect(String(codePoints: normalized.units) == "第(一)条(2)")
        #expect(normalized.origin == [0, 1, 1, 1, 2, 3, 4, 5])
        #expect(normalized.count == 8)
        #expect(normalized.originalCount == 6)

        let expectations: [(Range<Int>, Range<Int>, String)] = [
            (1..<4, 1..<2, "㈠"),       // the whole expansion
            (2..<3, 1..<2, "㈠"),       // a character inside it
            (1..<2, 1..<2, "㈠"),
            (0..<5, 0..<3, "第㈠条"),
            (4..<8, 2..<6, "条（２）"),
            (5..<8, 3..<6, "（２）"),
            (6..<7, 4..<5, "２"),
        ]
        for (folded, expected, text) in expectations {
            let back = normalized.originalRange(folded)
            #expect(back == expected, "normalised \(folded)")
            #expect(codePointSlice(original, back.lowerBound, back.upperBound) == text)
        }
    }

    @Test func emptyRangesMapToAPosition() throws {
        let normalized = try CharacterNormalizer().normalize("第㈠条".codePoints)
        #expect(normalized.originalRange(0..<0) == 0..<0)
        #expect(normalized.originalRange(4..<4) == 2..<2)
        #expect(normalized.originalRange(5..<5) == 3..<3)
    }

    @Test func astralCharactersKeepTheirOffsets() throws {
        let original = "𠀀巡視𠀁組"
        let normalized = try CharacterNormalizer().normalize(original.codePoints)
        #expect(String(codePoints: normalized.units) == "𠀀巡视𠀁组")
        #expect(normalized.origin == [0, 1, 2, 3, 4])
    }

    /// The offset-map invariant on real documents: one origin per folded
    /// character, non-decreasing, every original character represented.
    @Test(arguments: ["000_be3e6338dd572018.txt", "002_3abbbd3bd5926262.txt"])
    func offsetMapInvariantOnSeedDocuments(_ name: String) throws {
        let text = try String(contentsOfFile: SeedDocuments.path(name), encoding: .utf8)
        let normalized = try CharacterNormalizer().normalize(text.codePoints)
        #expect(normalized.origin.count == normalized.units.count)
        #expect(zip(normalized.origin, normalized.origin.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(normalized.origin).count == text.unicodeScalars.count)
        #expect(normalized.originalRange(0..<normalized.count) == 0..<text.unicodeScalars.count)
    }
}
