import Dispatch

/// Reads the next batch of input on a queue of its own while the caller
/// annotates the current one.
///
/// Reading a JSONL record (splitting lines, decoding the JSON string) is
/// serial work. Done between batches, it leaves every worker idle while it
/// runs; done ahead, it overlaps the annotation of the batch before. Batches
/// still come out one at a time and in order, and at most two are in memory:
/// the one being annotated and the one being read.
///
/// Thread safety: `read` runs on the private queue, one call at a time, and
/// `next()` waits for the call in flight before it touches its result or
/// starts the next one, so the reader's state (an iterator, usually) is only
/// ever used by one thread at a time. That ordering is what the unchecked
/// `Sendable` conformance stands for.
final class ReadAhead<Batch>: @unchecked Sendable {
    private let queue = DispatchQueue(label: "zhengming.read-ahead")
    private let group = DispatchGroup()
    private let read: () -> (batch: Batch, isLast: Bool)
    private var pending: (batch: Batch, isLast: Bool)?
    private var finished = false

    /// Starts reading the first batch at once. `read` returns a batch and
    /// whether the input ended with it; it is not called again after that.
    init(_ read: @escaping () -> (batch: Batch, isLast: Bool)) {
        self.read = read
        start()
    }

    /// The next batch, waiting for it if it is still being read, or nil after
    /// the last one; starts reading the batch after it.
    func next() -> Batch? {
        guard !finished else { return nil }
        group.wait()
        let (batch, isLast) = pending!
        pending = nil
        if isLast { finished = true } else { start() }
        return batch
    }

    private func start() {
        queue.async(group: group) { self.pending = self.read() }
    }
}
