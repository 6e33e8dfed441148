import Testing
@testable import Zhengming

/// `SpanIndex` orders by counting sorts with shortcuts (spans already in
/// start order are not moved); the orders it promises are checked here
/// against plain comparison sorts on random spans.
@Suite struct SpanIndexTests {
    static func randomSpans(_ random: inout SplitMix64, count: Int, length: Int, inStartOrder: Bool) -> [SpanIndex.Span] {
        var spans = (0..<count).map { item -> SpanIndex.Span in
            let start = Int32(random.next() % UInt64(length))
            let end = start + 1 + Int32(random.next() % UInt64(min(6, length - Int(start))))
            return .init(start: start, end: end, kind: Int32(random.next() % 3), item: Int32(item))
        }
        if inStartOrder { spans.sort { $0.start < $1.start } }
        return spans
    }

    @Test(arguments: [false, true])
    func startsAndEndsAreIndexedInThePromisedOrder(_ inStartOrder: Bool) {
        var random = SplitMix64(seed: inStartOrder ? 1 : 2)
        for round in 0..<200 {
            let length = 1 + round % 40
            let spans = Self.randomSpans(&random, count: Int(random.next() % 30), length: length, inStartOrder: inStartOrder)
            let index = SpanIndex(spans: spans, textLength: length)
            for position in 0...length + 1 {
                let starting = index.starting(at: position).map { index.spans[$0] }
                let expected = spans.filter { Int($0.start) == position }
                    .sorted { (-$0.end, $0.kind, $0.item) < (-$1.end, $1.kind, $1.item) }
                #expect(starting == expected, "starting at \(position) in round \(round)")
                let ending = index.ending(at: position).map { index.spans[index.spanIndex(byEnd: $0)] }
                #expect(ending.allSatisfy { Int($0.end) == position })
                #expect(ending.count == spans.filter { Int($0.end) == position }.count)
                // Longest (earliest start) first.
                #expect(zip(ending, ending.dropFirst()).allSatisfy { $0.start <= $1.start })
            }
        }
    }
}
