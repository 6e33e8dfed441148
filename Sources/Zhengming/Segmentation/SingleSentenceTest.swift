/// Answers, without running ICU's sentence break iterator, "is this text one
/// sentence?" for the texts where the answer is certain.
///
/// Many corpora hold one sentence per record (the People's Daily NER set,
/// most sentence-level training sets), and the sentence iterator costs about
/// a fifth of the word segmentation that must run anyway. The rules of
/// Unicode sentence segmentation (UAX #29, which ICU's `UBRK_SENTENCE`
/// implements) break in only two places inside a text: after a paragraph
/// separator (SB4), and after a run of sentence terminators with the
/// closing punctuation and spaces that follow them (SB11). Every other rule
/// forbids a break. So a text in which no terminator (`Sentence_Break` STerm
/// or ATerm) and no separator (Sep, CR, LF) occurs before one final run of
/// terminators, closing punctuation and spaces, followed by nothing but
/// white space, has no boundary ICU would report except its end and the
/// start of that trailing white space, which the segmenter trims away
/// anyway.
///
/// The character classes come from ICU's own property data, so the test
/// agrees with the iterator it stands in for. Whatever the test is not sure
/// of (a terminator inside the text, as in `3.5亿`; a closing quote after a
/// space; a character beyond the BMP) goes to ICU. Tests compare both paths.
struct SingleSentenceTest: Sendable {
    /// STerm, ATerm, Sep, CR, LF: the characters after which ICU may break.
    private let breakers: [UInt64]
    private let terminators: [UInt64]
    private let closers: [UInt64]
    private let spaces: [UInt64]

    /// Built once per process from ICU's tables.
    static let shared: SingleSentenceTest? = try? SingleSentenceTest()

    init() throws {
        func bitmap(_ pattern: String) throws -> [UInt64] {
            var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
            for range in try ICU.ranges(ofSetPattern: pattern) where range.lowerBound < 0x10000 {
                for value in range.lowerBound...min(range.upperBound, 0xFFFF) {
                    bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
                }
            }
            return bits
        }
        breakers = try bitmap("[\\p{Sentence_Break=STerm}\\p{Sentence_Break=ATerm}\\p{Sentence_Break=Sep}\\p{Sentence_Break=CR}\\p{Sentence_Break=LF}]")
        terminators = try bitmap("[\\p{Sentence_Break=STerm}\\p{Sentence_Break=ATerm}]")
        closers = try bitmap("[\\p{Sentence_Break=Close}]")
        spaces = try bitmap("[\\p{Sentence_Break=Sp}]")
    }

    @inline(__always)
    private static func contains(_ bits: [UInt64], _ value: UInt32) -> Bool {
        bits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
    }

    /// True when ICU's sentence iterator would find no boundary in `units`
    /// but the end (and the start of trailing white space); false when it
    /// might, or when the test cannot tell.
    func isSingleSentence(_ units: UnsafeBufferPointer<UInt32>) -> Bool {
        var index = 0
        // The body: no character after which a break may fall.
        while index < units.count {
            let value = units[index]
            if value >= 0x10000 { return false }
            if Self.contains(breakers, value) { break }
            index += 1
        }
        // The final run: terminators, then closing punctuation and spaces
        // (SB9, SB10); a terminator again after spaces continues the run
        // (SB8a), a closing mark after spaces would start a new sentence.
        var afterSpace = false
        while index < units.count {
            let value = units[index]
            if value >= 0x10000 { return false }
            if Self.contains(terminators, value) {
                afterSpace = false
            } else if Self.contains(closers, value) {
                if afterSpace { return false }
            } else if Self.contains(spaces, value) {
                afterSpace = true
            } else {
                break
            }
            index += 1
        }
        // Then white space only (paragraph separators included): any
        // sentence ICU finds there is trimmed to nothing.
        while index < units.count {
            if !units[index].isWhiteSpace { return false }
            index += 1
        }
        return true
    }
}
