/// Sentences and tokens of a normalised text, as ranges of normalised offsets.
///
/// Invariants: sentences are sorted, disjoint, trimmed of white space and never
/// empty; tokens are sorted, disjoint, contain no white space only token, and
/// each lies inside one sentence.
public struct Segmentation: Sendable {
    public var sentences: [Range<Int>]
    public var tokens: [Range<Int>]

    /// `isTokenBoundary[i]` is true when a token starts or ends at offset `i`
    /// (`count + 1` entries): the `\b` assertion of the pattern language.
    public var isTokenBoundary: [Bool]
}

extension UInt32 {
    /// Unicode White_Space (after NFKC, which folds U+3000 and U+00A0 to U+0020).
    @inline(__always)
    var isWhiteSpace: Bool {
        switch self {
        case 0x20, 0x09...0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
