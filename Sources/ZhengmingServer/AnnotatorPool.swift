import Foundation
import Zhengming

/// The annotation workers of the server: `jobs` threads, each with its own
/// `Annotator` (annotators hold ICU objects and scratch space and are not
/// thread-safe), all sharing one immutable `RuleSet`.
///
/// Requests are queued and taken by whichever worker is free, so a long
/// document delays only the requests queued behind it, and annotation never
/// runs on the event loops or Swift's cooperative threads (which it would
/// starve: a large document takes milliseconds).
///
/// Rules are swapped by generation: `swap(to:)` builds a new annotator for
/// every worker first, then replaces the generation under the lock. A job
/// reads the generation when a worker takes it and uses that one to the end,
/// so every request is annotated with one rule set, old or new, and none
/// fails or waits for a reload.
final class AnnotatorPool: @unchecked Sendable {
    /// One rule set and an annotator for each worker.
    struct Generation: @unchecked Sendable {
        let rules: RuleSet
        let number: Int
        /// Index = worker; each is used by its worker's thread only.
        let annotators: [Annotators]
    }

    /// A worker's annotators: pinyin costs time, and only `tokens` answers
    /// show it (as `annotate --tokens` does), so the plain one serves the rest.
    struct Annotators {
        let plain: Annotator
        let pinyin: Annotator
    }

    typealias Job = (Annotators, RuleSet) -> Void

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var generation: Generation
    private var stopped = false
    let workers: Int

    init(rules: RuleSet, workers: Int) throws {
        self.workers = workers
        generation = Generation(rules: rules, number: 1, annotators: try Self.annotators(rules, workers))
        for index in 0..<workers {
            let thread = Thread { [self] in work(index) }
            thread.name = "zhengming-annotator-\(index)"
            thread.start()
        }
    }

    private static func annotators(_ rules: RuleSet, _ count: Int) throws -> [Annotators] {
        try (0..<count).map { _ in
            Annotators(plain: try Annotator(rules: rules, pinyin: nil), pinyin: try Annotator(rules: rules, pinyin: .marks))
        }
    }

    /// The rule set in service.
    var current: (rules: RuleSet, number: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (generation.rules, generation.number)
    }

    /// Puts `rules` in service for every job taken from now on.
    func swap(to rules: RuleSet) throws {
        let annotators = try Self.annotators(rules, workers)
        condition.lock()
        generation = Generation(rules: rules, number: generation.number + 1, annotators: annotators)
        condition.unlock()
    }

    func submit(_ job: @escaping Job) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the workers once the queue is empty.
    func shutdown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func work(_ index: Int) {
        while true {
            condition.lock()
            while head == queue.count, !stopped { condition.wait() }
            if head == queue.count {
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            let generation = generation
            condition.unlock()
            job(generation.annotators[index], generation.rules)
        }
    }

    /// The annotation took longer than the request's time limit.
    struct TimedOut: Error {}

    /// Runs `body` on a worker and returns its result, or throws `TimedOut`
    /// once `limit` has passed (the worker still finishes the job; its
    /// result is dropped).
    func run<T: Sendable>(limit: Duration, _ body: @escaping @Sendable (Annotators, RuleSet) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let once = Once(continuation)
            let timer = DispatchWorkItem { once.resume(.failure(TimedOut())) }
            let (seconds, attoseconds) = limit.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: timer)
            submit { annotator, rules in
                let result = Result { try body(annotator, rules) }
                timer.cancel()
                once.resume(result)
            }
        }
    }

    /// Resumes a continuation once: by the job or by the timer, whichever comes first.
    private final class Once<T: Sendable>: @unchecked Sendable {
        private var continuation: CheckedContinuation<T, any Error>?
        private let lock = NSLock()

        init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = continuation }

        func resume(_ result: Result<T, any Error>) {
            lock.lock()
            let pending = continuation
            continuation = nil
            lock.unlock()
            pending?.resume(with: result)
        }
    }
}
