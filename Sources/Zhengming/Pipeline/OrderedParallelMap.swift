import Dispatch
import Synchronization

/// Runs `body` for indices `0..<count` on `workers` threads and returns the
/// results in index order: the batch step of annotation and of export.
///
/// Workers take the next index from a shared counter, so a slow document does
/// not hold up the others; worker `w` always runs on its own state (its
/// `Annotator`), which is why `body` receives the worker number.
func orderedParallelMap<T>(count: Int, workers: Int,
                           _ body: (_ worker: Int, _ index: Int) throws -> T) -> [Result<T, Error>] {
    let results = UnsafeMutableBufferPointer<Result<T, Error>?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    // The slots own their results until the map below copies them out:
    // deinitialise before freeing, or every result (a document's rendered
    // output) leaks, and memory grows with the corpus.
    defer {
        results.deinitialize()
        results.deallocate()
    }
    let next = Atomic<Int>(0)
    nonisolated(unsafe) let output = results
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { worker in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                if index >= count { break }
                output[index] = Result { try body(worker, index) }
            }
        }
    }
    return results.map { $0! }
}
