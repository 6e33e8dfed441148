/// Splits normalised text into sentences and word tokens with ICU break
/// iterators (`UBRK_SENTENCE` and `UBRK_WORD`, locale `zh`, which segments Han
/// text with ICU's dictionary).
///
/// Segmentation runs on the normalised text, so traditional characters and
/// full-width digits segment like their simplified and ASCII forms. Tokens are
/// a presentation layer: rules match characters, not tokens, and the
/// annotator later splits tokens so that no mention boundary falls inside one.
///
/// Not thread-safe: each worker owns one.
public final class Segmenter {
    private let words: ICUBreakIterator
    private let sentences: ICUBreakIterator

    /// Off only in tests, which check that the shortcut for one-sentence
    /// texts (`SingleSentenceTest`) finds what ICU finds.
    var usesSentenceShortcut = true

    public init(locale: String = "zh") throws {
        words = try ICUBreakIterator(.word, locale: locale)
        sentences = try ICUBreakIterator(.sentence, locale: locale)
    }

    public func segment(_ text: NormalizedText) throws -> Segmentation {
        let (utf16, toScalar) = text.units.utf16WithScalarMap()
        let units = text.units
        var sentenceRanges: [Range<Int>] = []
        var tokens: [Range<Int>] = []
        var isBoundary = [Bool](repeating: false, count: units.count + 1)
        try utf16.withUnsafeBufferPointer { buffer in
            if usesSentenceShortcut, let test = SingleSentenceTest.shared,
               units.withUnsafeBufferPointer(test.isSingleSentence) {
                if let trimmed = Self.trim(0..<units.count, in: units) { sentenceRanges.append(trimmed) }
            } else {
                var start = 0
                try sentences.forEachBoundary(in: buffer) { boundary in
                    let end = Int(toScalar[boundary])
                    if let trimmed = Self.trim(start..<end, in: units) { sentenceRanges.append(trimmed) }
                    start = end
                }
            }
            var sentenceIndex = 0
            var tokenStart = 0
            // At most one token per character (ICU leaves unknown names,
            // numbers' parts and punctuation as single characters).
            tokens.reserveCapacity(units.count + 1)
            // Pointers, not arrays: this closure runs once per word, about
            // every second character, and slicing the array here cost a
            // retain per word.
            try units.withUnsafeBufferPointer { units in
            try toScalar.withUnsafeBufferPointer { toScalar in
            try isBoundary.withUnsafeMutableBufferPointer { isBoundary in
            try words.forEachBoundary(in: buffer) { boundary in
                let tokenEnd = Int(toScalar[boundary])
                // Cut the segment at sentence ends, so no token crosses one.
                var from = tokenStart
                while from < tokenEnd {
                    while sentenceIndex < sentenceRanges.count, sentenceRanges[sentenceIndex].upperBound <= from {
                        sentenceIndex += 1
                    }
                    var to = tokenEnd
                    if sentenceIndex < sentenceRanges.count {
                        let sentence = sentenceRanges[sentenceIndex]
                        if from < sentence.lowerBound { to = min(to, sentence.lowerBound) }
                        else { to = min(to, sentence.upperBound) }
                    }
                    var blank = true
                    for index in from..<to where !units[index].isWhiteSpace {
                        blank = false
                        break
                    }
                    if !blank {
                        tokens.append(from..<to)
                        isBoundary[from] = true
                        isBoundary[to] = true
                    }
                    from = to
                }
                tokenStart = tokenEnd
            }
            }
            }
            }
        }
        return Segmentation(sentences: sentenceRanges, tokens: tokens, isTokenBoundary: isBoundary)
    }

    private static func trim(_ range: Range<Int>, in units: [UInt32]) -> Range<Int>? {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, units[lower].isWhiteSpace { lower += 1 }
        while upper > lower, units[upper - 1].isWhiteSpace { upper -= 1 }
        return lower < upper ? lower..<upper : nil
    }
}
