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
    /// that share a start. The cascade builds an index for the lexicon hits
    /// and for the mentions of each phase of every document, so the common
    /// case is kept to three allocations and a few passes: spans that arrive
    /// in start order (lexicon hits do) are not moved, and each counting
    /// sort places in one table of offsets, filled from the back.
    init(spans unsorted: [Span], textLength: Int) {
        var length = textLength
        var inStartOrder = true
        var previous: Int32 = -1
        for span in unsorted {
            length = max(length, Int(span.end))
            inStartOrder = inStartOrder && span.start >= previous
            previous = span.start
        }
        var sorted: [Span]
        (sorted, startOffsets) = inStartOrder
            ? (unsorted, Self.startOffsets(of: unsorted, length: length))
            : Self.countingSortByStart(unsorted, length: length)
        // Spans sharing a start are few (the entries of a handful of
        // lexicons that begin with one character): an insertion sort in
        // place, with no closure and no slice to copy.
        sorted.withUnsafeMutableBufferPointer { sorted in
            var first = 0
            while first < sorted.count {
                var last = first + 1
                while last < sorted.count && sorted[last].start == sorted[first].start { last += 1 }
                if last - first > 1 {
                    for index in first + 1..<last {
                        let span = sorted[index]
                        var hole = index
                        while hole > first && Self.precedes(span, sorted[hole - 1]) {
                            sorted[hole] = sorted[hole - 1]
                            hole -= 1
                        }
                        sorted[hole] = span
                    }
                }
                first = last
            }
        }
        spans = sorted
        // By end, then longest (earliest start) first: spans are in start
        // order, so a stable counting sort by end gives exactly that.
        var ends = [Int32](repeating: 0, count: length + 2)
        for span in sorted { ends[Int(span.end)] += 1 }
        for index in 1..<ends.count { ends[index] += ends[index - 1] }
        ends[length + 1] = Int32(sorted.count)
        var order = [Int32](repeating: 0, count: sorted.count)
        for index in sorted.indices.reversed() {
            let end = Int(sorted[index].end)
            ends[end] -= 1
            order[Int(ends[end])] = Int32(index)
        }
        endOffsets = ends
        byEnd = order
    }

    /// The order among spans of one start: longest first, then by kind and
    /// item.
    @inline(__always)
    private static func precedes(_ a: Span, _ b: Span) -> Bool {
        if a.end != b.end { return a.end > b.end }
        if a.kind != b.kind { return a.kind < b.kind }
        return a.item < b.item
    }

    /// `offsets[p]..<offsets[p + 1]` hold the spans that start at `p`, for
    /// spans already in start order.
    private static func startOffsets(of spans: [Span], length: Int) -> [Int32] {
        var offsets = [Int32](repeating: 0, count: length + 2)
        for span in spans { offsets[Int(span.start) + 1] += 1 }
        for index in 1..<offsets.count { offsets[index] += offsets[index - 1] }
        return offsets
    }

    /// A stable counting sort by start, and its offsets.
    private static func countingSortByStart(_ spans: [Span], length: Int) -> ([Span], [Int32]) {
        var offsets = [Int32](repeating: 0, count: length + 2)
        for span in spans { offsets[Int(span.start)] += 1 }
        for index in 1..<offsets.count { offsets[index] += offsets[index - 1] }
        offsets[length + 1] = Int32(spans.count)
        var sorted = spans
        for span in spans.reversed() {
            let key = Int(span.start)
            offsets[key] -= 1
            sorted[Int(offsets[key])] = span
        }
        return (sorted, offsets)
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
