import Foundation

/// Reads input on a thread of its own into a bounded buffer and hands out
/// whatever has arrived: the batch source of `annotate --stream`.
///
/// `ReadAhead` fills a whole batch before handing it out, which is right for
/// files (fewer, larger batches keep every worker busy) and wrong for a
/// client on a pipe that writes one record and waits for its answer: the
/// batch would never fill and the answer never come. Here `next()` waits for
/// at least one item and then takes everything already buffered, up to a
/// batch's limits. A client that sends one record at a time therefore gets
/// batches of one; a client that keeps the pipe full gets full batches, and
/// with them every worker.
///
/// Memory stays bounded as with `ReadAhead`: the reader stops once the
/// buffer holds a batch's worth (`limit`), so at most the batch being
/// annotated and one buffered batch (plus the one item being read) exist.
///
/// Thread safety: `read` is only ever called on the reader thread; the
/// buffer is only touched under `condition`'s lock. That is what the
/// unchecked `Sendable` conformance stands for.
final class StreamingReadAhead<Item>: @unchecked Sendable {
    /// When a run of items is a batch: `weight` gives an item's documents
    /// and characters, a batch ends once either reaches its limit.
    struct Limit {
        var documents: Int
        var characters: Int
        var weight: (Item) -> (documents: Int, characters: Int)
    }

    private let condition = NSCondition()
    private var buffer: [Item] = []
    /// Items before `head` have been handed out (only inside `next()`).
    private var head = 0
    private var bufferedDocuments = 0
    private var bufferedCharacters = 0
    private var ended = false
    private var stopped = false
    private let limit: Limit
    private let read: () -> Item?

    /// Starts the reader thread at once. `read` returns the next item or nil
    /// at the end of the input; it is not called again after nil.
    init(limit: Limit, _ read: @escaping () -> Item?) {
        self.limit = limit
        self.read = read
        let thread = Thread { [self] in readAll() }
        thread.name = "zhengming.stream-reader"
        thread.start()
    }

    /// The items that have arrived (at least one, at most a batch), waiting
    /// for the first if none has; nil once the input has ended and every
    /// item was handed out.
    func next() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while head == buffer.count && !ended { condition.wait() }
        guard head < buffer.count else { return nil }
        var documents = 0
        var characters = 0
        while head < buffer.count, documents < limit.documents, characters < limit.characters {
            let weight = limit.weight(buffer[head])
            documents += weight.documents
            characters += weight.characters
            head += 1
        }
        let batch = Array(buffer[..<head])
        bufferedDocuments -= documents
        bufferedCharacters -= characters
        // What is left is at most a batch: moving it down is cheap and keeps
        // the buffer from growing with the input.
        buffer.removeFirst(head)
        head = 0
        condition.broadcast()
        return batch
    }

    /// Tells the reader to stop (the consumer is gone): it ends after the
    /// item it is reading, which a blocked read on a pipe may delay until
    /// more input or the end of it arrives.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func readAll() {
        while let item = read() {
            let weight = limit.weight(item)
            condition.lock()
            while !stopped, bufferedDocuments >= limit.documents || bufferedCharacters >= limit.characters {
                condition.wait()
            }
            if stopped {
                condition.unlock()
                break
            }
            buffer.append(item)
            bufferedDocuments += weight.documents
            bufferedCharacters += weight.characters
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }
}
