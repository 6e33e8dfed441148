/// A segmentation's token boundaries as one bit per position: what a window
/// of a large document keeps of its segmentation between passes, instead of
/// the token ranges (16 bytes a token) and the `isTokenBoundary` array (a
/// byte a position).
///
/// The bits are enough to give the tokens back: the segmenter's pieces
/// partition the text, a token is a piece that is not all white space, and
/// both ends of every token are boundaries with none inside it. So the
/// tokens are exactly the intervals between consecutive boundaries that are
/// not all white space (`tokens(in:)`).
struct TokenBoundaries: Sendable {
    private var words: [UInt64]
    /// Positions `0...count`.
    let count: Int

    init(_ isBoundary: [Bool]) {
        count = isBoundary.count - 1
        words = [UInt64](repeating: 0, count: isBoundary.count / 64 + 1)
        for index in isBoundary.indices where isBoundary[index] {
            words[index >> 6] |= 1 << UInt64(index & 63)
        }
    }

    subscript(position: Int) -> Bool { words[position >> 6] & (1 << UInt64(position & 63)) != 0 }

    /// The `isTokenBoundary` array back (`count + 1` entries).
    var flags: [Bool] { (0...count).map { self[$0] } }

    /// The tokens of a text of `count` units (`units`), in order.
    func tokens(in units: [UInt32]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var previous = -1
        for position in 0...count where self[position] {
            if previous >= 0, units[previous..<position].contains(where: { !$0.isWhiteSpace }) {
                result.append(previous..<position)
            }
            previous = position
        }
        return result
    }

    /// Bytes held, for the memory accounting of `WindowedAnnotator`.
    var byteCount: Int { words.count * 8 }
}
