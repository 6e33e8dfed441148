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

    private(set) var spans: [Span] = []
    /// `spans[startOffsets[p]..<startOffsets[p+1]]` start at `p`.
    private var startOffsets: [Int32] = []
    /// `byEnd[endOffsets[p]..<endOffsets[p+1]]` index spans ending at `p`.
    private var endOffsets: [Int32] = []
    private var byEnd: [Int32] = []

    static let empty = SpanIndex()

    private init() {}

    init(spans: [Span], textLength: Int) {
        rebuild(spans: spans, textLength: textLength)
    }

    /// Indexes `unsorted` in place of what the index held, in the storage it
    /// already has: the cascade builds an index for the lexicon hits and for
    /// the mentions of each phase of every document, and for short documents
    /// allocating four small tables each time showed in profiles. (The
    /// storage is reused only when nothing else shares it.)
    ///
    /// Orders by start, longest first at each start, then kind and item; the
    /// end order is by end, longest first. Both are counting sorts over
    /// positions (the spans of one document, against a text a few hundred
    /// characters long), with an insertion sort only among the few spans
    /// that share a start; spans that arrive in start order (lexicon hits
    /// do) are not moved.
    mutating func rebuild(spans unsorted: [Span], textLength: Int) {
        var length = textLength
        var inStartOrder = true
        var previous: Int32 = -1
        for span in unsorted {
            length = max(length, Int(span.end))
            inStartOrder = inStartOrder && span.start >= previous
            previous = span.start
        }
        Self.zero(&startOffsets, count: length + 2)
        spans.removeAll(keepingCapacity: true)
        spans.append(contentsOf: unsorted)
        if inStartOrder {
            for span in unsorted { startOffsets[Int(span.start) + 1] += 1 }
            for index in 1..<startOffsets.count { startOffsets[index] += startOffsets[index - 1] }
        } else {
            // A stable counting sort by start.
            for span in unsorted { startOffsets[Int(span.start)] += 1 }
            for index in 1..<startOffsets.count { startOffsets[index] += startOffsets[index - 1] }
            startOffsets[length + 1] = Int32(unsorted.count)
            for span in unsorted.reversed() {
                let key = Int(span.start)
                startOffsets[key] -= 1
                spans[Int(startOffsets[key])] = span
            }
        }
        // Spans sharing a start are few (the entries of a handful of
        // lexicons that begin with one character): an insertion sort in
        // place, with no closure and no slice to copy.
        spans.withUnsafeMutableBufferPointer { sorted in
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
        // By end, then longest (earliest start) first: spans are in start
        // order, so a stable counting sort by end gives exactly that.
        Self.zero(&endOffsets, count: length + 2)
        for span in spans { endOffsets[Int(span.end)] += 1 }
        for index in 1..<endOffsets.count { endOffsets[index] += endOffsets[index - 1] }
        endOffsets[length + 1] = Int32(spans.count)
        Self.zero(&byEnd, count: spans.count)
        for index in spans.indices.reversed() {
            let end = Int(spans[index].end)
            endOffsets[end] -= 1
            byEnd[Int(endOffsets[end])] = Int32(index)
        }
    }

    /// Makes `table` `count` zeros, keeping its storage.
    private static func zero(_ table: inout [Int32], count: Int) {
        if table.count > count { table.removeLast(table.count - count) }
        table.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        if table.count < count { table.append(contentsOf: repeatElement(0, count: count - table.count)) }
    }

    /// The order among spans of one start: longest first, then by kind and
    /// item.
    @inline(__always)
    private static func precedes(_ a: Span, _ b: Span) -> Bool {
        if a.end != b.end { return a.end > b.end }
        if a.kind != b.kind { return a.kind < b.kind }
        return a.item < b.item
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
