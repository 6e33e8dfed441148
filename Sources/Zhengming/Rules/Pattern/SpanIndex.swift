/// Spans over a text (lexicon hits, mentions), indexed by start and by end
/// position, so the matcher can ask "what begins here?" (forward) and "what
/// ends here?" (lookbehind) in constant time.
///
/// Each span carries a `kind` (lexicon or label number) and an `item` (entry
/// or mention number). Spans starting at one position are ordered longest
/// first, which is the order the matcher tries them.
struct SpanIndex: Sendable {
    struct Span: Sendable, Equatable {
        var start: Int32
        var end: Int32
        var kind: Int32
        var item: Int32
    }

    private(set) var spans: [Span]
    /// `spans[startOffsets[p]..<startOffsets[p+1]]` start at `p`.
    private var startOffsets: [Int32]
    /// `byEnd[endOffsets[p]..<endOffsets[p+1]]` index spans ending at `p`.
    private var endOffsets: [Int32]
    private var byEnd: [Int32]

    static let empty = SpanIndex(spans: [], textLength: 0)

    /// Orders by start, longest first at each start, then kind and item; the
    /// end order is by end, longest first. Both are counting sorts over
    /// positions (the spans of one document, against a text a few hundred
    /// characters long), with a comparison sort only among the few spans
    /// that share a start.
    init(spans unsorted: [Span], textLength: Int) {
        let length = max(textLength, unsorted.map { Int($0.end) }.max() ?? 0)
        startOffsets = Self.offsets(unsorted.lazy.map { Int($0.start) }, length: length)
        var sorted = unsorted
        var cursor = startOffsets
        for span in unsorted {
            sorted[Int(cursor[Int(span.start)])] = span
            cursor[Int(span.start)] += 1
        }
        for position in 0...length where startOffsets[position + 1] - startOffsets[position] > 1 {
            sorted[Int(startOffsets[position])..<Int(startOffsets[position + 1])]
                .sort { (-$0.end, $0.kind, $0.item) < (-$1.end, $1.kind, $1.item) }
        }
        spans = sorted
        // By end, then longest (earliest start) first: spans are placed in
        // start order, so a stable counting sort by end gives exactly that.
        endOffsets = Self.offsets(sorted.lazy.map { Int($0.end) }, length: length)
        var order = [Int32](repeating: 0, count: sorted.count)
        var next = endOffsets
        for (index, span) in sorted.enumerated() {
            order[Int(next[Int(span.end)])] = Int32(index)
            next[Int(span.end)] += 1
        }
        byEnd = order
    }

    /// `offsets[p]..<offsets[p + 1]` is where the spans at position `p` go.
    private static func offsets(_ positions: some Sequence<Int>, length: Int) -> [Int32] {
        var offsets = [Int32](repeating: 0, count: length + 2)
        for position in positions { offsets[position + 1] += 1 }
        for index in 1..<offsets.count { offsets[index] += offsets[index - 1] }
        return offsets
    }

    var isEmpty: Bool { spans.isEmpty }

    /// Indices into `spans` of the spans starting at `position`, longest first.
    @inline(__always)
    func starting(at position: Int) -> Range<Int> {
        guard position + 1 < startOffsets.count else { return 0..<0 }
        return Int(startOffsets[position])..<Int(startOffsets[position + 1])
    }

    /// Where the spans ending at `position` are in the by-end order, longest
    /// first: `spanIndex(byEnd:)` turns each into an index into `spans`. (A
    /// range rather than a slice of the order: a slice retains its array,
    /// and the matcher asks at every lookbehind step.)
    @inline(__always)
    func ending(at position: Int) -> Range<Int> {
        guard position + 1 < endOffsets.count else { return 0..<0 }
        return Int(endOffsets[position])..<Int(endOffsets[position + 1])
    }

    @inline(__always)
    func spanIndex(byEnd order: Int) -> Int { Int(byEnd[order]) }
}
