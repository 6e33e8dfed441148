import Synchronization
import Testing
@testable import Zhengming

/// `orderedParallelMap` is the batch step of `annotate` and `export`: results
/// come back in index order whatever the number of workers, a failure stays
/// at its index, and nothing outlives the caller's copy of the results (the
/// results are documents' rendered output; one kept per document made
/// memory grow with the corpus).
@Suite struct OrderedParallelMapTests {
    final class Census: Sendable {
        let live = Atomic<Int>(0)
    }

    /// Counted in its census while alive.
    final class Tracked: Sendable {
        let index: Int
        let census: Census
        init(_ index: Int, in census: Census) {
            self.index = index
            self.census = census
            census.live.add(1, ordering: .relaxed)
        }
        deinit { census.live.subtract(1, ordering: .relaxed) }
    }

    struct Odd: Error, Equatable { let index: Int }

    @Test(arguments: [(0, 1), (1, 1), (1, 4), (100, 1), (100, 2), (1000, 4), (3, 8)])
    func resultsComeBackInIndexOrderWithFailuresInPlace(count: Int, workers: Int) {
        let results = orderedParallelMap(count: count, workers: workers) { worker, index -> Int in
            precondition(worker < max(1, min(workers, count)))
            if index % 7 == 3 { throw Odd(index: index) }
            return index * index
        }
        #expect(results.count == count)
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let value): #expect(index % 7 != 3 && value == index * index)
            case .failure(let error): #expect(index % 7 == 3 && (error as? Odd) == Odd(index: index))
            }
        }
    }

    @Test(arguments: [1, 2, 4])
    func noResultOutlivesTheCallersCopy(workers: Int) {
        let census = Census()
        do {
            let results = orderedParallelMap(count: 500, workers: workers) { _, index in Tracked(index, in: census) }
            #expect(census.live.load(ordering: .relaxed) == 500)
            #expect(results.map { (try? $0.get())?.index } == Array(0..<500))
        }
        #expect(census.live.load(ordering: .relaxed) == 0)
    }
}
