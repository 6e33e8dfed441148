import Foundation

/// Annotates a stream of documents on several cores and hands the rendered
/// output back in input order.
///
/// Documents are read in batches (a bounded window: at most `batchDocuments`
/// documents or `batchCharacters` characters), annotated and rendered in
/// parallel, one `Annotator` per worker, then written in order; the next
/// batch is read meanwhile (`ReadAhead`). Memory therefore stays flat however
/// large the input: a 1 GB JSONL file is never more than two batches in
/// memory. Streaming (`Options.streaming`, `annotate --stream`) hands out
/// whatever input has arrived instead of waiting for a full batch
/// (`StreamingReadAhead`), so a client that sends one record and waits gets
/// its answer.
public final class CorpusRunner {
    public struct Options: Sendable {
        public var jobs: Int
        public var pinyin: PinyinStyle?
        public var granularity: Granularity
        public var batchDocuments: Int
        public var batchCharacters: Int
        /// Streaming (`annotate --stream`): a batch is whatever input has
        /// arrived (never waiting to fill one), and every input record gets
        /// exactly one output, a rejection (`AnnotationWriter.writeRejection`)
        /// for a record that cannot be annotated, so a client can pair its
        /// records with the answers by position.
        public var streaming: Bool
        /// Documents of more UTF-8 bytes than this are annotated in windows
        /// of about `windowCharacters` code points (`WindowedAnnotator`).
        public var windowedBytes: Int = WindowedAnnotator.defaultThreshold
        public var windowCharacters: Int = WindowedAnnotator.defaultWindow

        public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, pinyin: PinyinStyle? = .marks,
                    granularity: Granularity = .token, batchDocuments: Int = 256, batchCharacters: Int = 4 << 20,
                    streaming: Bool = false) {
            self.jobs = JobCount.clamped(jobs)
            self.pinyin = pinyin
            self.granularity = granularity
            self.batchDocuments = batchDocuments
            self.batchCharacters = batchCharacters
            self.streaming = streaming
        }
    }

    /// Counts of a run, for the summary line and the progress display.
    public struct Summary: Sendable {
        public var documents = 0
        public var characters = 0
        public var mentions = 0
        public var failures = 0
        public var warnings = 0
    }

    public let rules: RuleSet
    public let options: Options
    private let annotators: [Annotator]

    public init(rules: RuleSet, options: Options) throws {
        self.rules = rules
        self.options = options
        let shared = SharedPinyinCache()
        annotators = try (0..<options.jobs).map { _ in
            try Annotator(rules: rules, pinyin: options.pinyin, sharedPinyin: shared)
        }
    }

    /// Runs over `stream`. `emit` receives each document's rendering in input
    /// order (and, when streaming, each rejection in its place); `report`
    /// receives input problems and per-document warnings as one-line messages
    /// (`isError` false for warnings); `progress` is called after each batch.
    /// An error thrown by `emit` (the output cannot be written) ends the run
    /// and is rethrown.
    @discardableResult
    public func run(_ stream: some Sequence<ReadResult>, writer: some AnnotationWriter,
                    emit: ([UInt8]) throws -> Void,
                    report: (String, _ isError: Bool) -> Void,
                    progress: ((Summary) -> Void)? = nil) rethrows -> Summary {
        var summary = Summary()
        let (next, stop) = batchSource(stream)
        defer { stop() }
        while let items = next() {
            var batch: [Document] = []
            for item in items { if case .document(let document) = item { batch.append(document) } }
            // A batch's input problems were read before its last document:
            // a file run reports them before its output, as when reading was
            // inline; a stream answers each record in its place, a problem
            // with a rejection. Documents by index: one is copied (five
            // strings retained) only for a message.
            if !options.streaming {
                for case .failure(let error) in items { count(error, in: &summary, report: report) }
            }
            // Large documents are annotated in windows, on all workers, and
            // written in pieces (`WindowedAnnotator`), in their place.
            let windowed = WindowedAnnotator.supports(writer)
                ? Set(batch.indices.filter { batch[$0].text.utf8.count > options.windowedBytes }) : []
            let results = batch.isEmpty ? [] : annotate(batch, writer: writer, skipping: windowed)
            var index = 0
            for item in items {
                switch item {
                case .failure(let error):
                    guard options.streaming else { continue }
                    count(error, in: &summary, report: report)
                    if !error.isWarning { try emit(rejection(Rejection(error), writer: writer)) }
                case .document:
                    if windowed.contains(index) {
                        try annotateInWindows(batch[index], summary: &summary, emit: emit, report: report,
                                              writer: writer)
                    } else {
                        try handle(results[index], of: batch[index], summary: &summary, emit: emit, report: report,
                                   writer: writer)
                    }
                    index += 1
                }
            }
            progress?(summary)
        }
        return summary
    }

    /// Runs over `stream` and hands each document's `produce` result (made
    /// on the worker that annotated it) to `consume`, in input order: for
    /// consumers that need more than bytes (a database, a table grouped over
    /// the corpus; `zhengming posts`). Batching, parallelism and messages are
    /// those of `run(_:writer:emit:report:progress:)` without streaming; an
    /// error thrown by `consume` ends the run and is rethrown.
    @discardableResult
    public func run<Output>(_ stream: some Sequence<ReadResult>,
                            produce: (AnnotatedDocument) throws -> Output,
                            consume: (Output, Document) throws -> Void,
                            report: (String, _ isError: Bool) -> Void,
                            progress: ((Summary) throws -> Void)? = nil) rethrows -> Summary {
        var summary = Summary()
        let reader = ReadAhead(batches(of: stream))
        while let items = reader.next() {
            var batch: [Document] = []
            for item in items {
                switch item {
                case .failure(let error): count(error, in: &summary, report: report)
                case .document(let document): batch.append(document)
                }
            }
            for (index, result) in (batch.isEmpty ? [] : annotate(batch, produce: produce)).enumerated() {
                switch result {
                case .success(let made):
                    try consume(made.output, batch[index])
                    summary.documents += 1
                    summary.characters += made.characters
                    summary.mentions += made.mentions
                    for rule in made.exhausted {
                        summary.warnings += 1
                        report("\(batch[index].origin): rule '\(rule)' exhausted its matching budget and was stopped for this document", false)
                    }
                case .failure(let error):
                    summary.failures += 1
                    report("\(batch[index].origin): \(error)", true)
                }
            }
            try progress?(summary)
        }
        return summary
    }

    private func count(_ error: InputError, in summary: inout Summary, report: (String, _ isError: Bool) -> Void) {
        if error.isWarning { summary.warnings += 1 } else { summary.failures += 1 }
        report(error.description, !error.isWarning)
    }

    private func handle(_ result: Result<Rendered, Error>, of document: Document, summary: inout Summary,
                        emit: ([UInt8]) throws -> Void, report: (String, _ isError: Bool) -> Void,
                        writer: some AnnotationWriter) rethrows {
        switch result {
        case .success(let rendered):
            try emit(rendered.bytes)
            summary.documents += 1
            summary.characters += rendered.characters
            summary.mentions += rendered.mentions
            for rule in rendered.exhausted {
                summary.warnings += 1
                report("\(document.origin): rule '\(rule)' exhausted its matching budget and was stopped for this document", false)
            }
        case .failure(let error):
            summary.failures += 1
            report("\(document.origin): \(error)", true)
            if options.streaming {
                try emit(rejection(Rejection(document: document, reason: "\(error)"), writer: writer))
            }
        }
    }

    /// A large document: annotated in windows by all workers, written in pieces.
    private func annotateInWindows(_ document: Document, summary: inout Summary, emit: ([UInt8]) throws -> Void,
                                   report: (String, _ isError: Bool) -> Void,
                                   writer: some AnnotationWriter) rethrows {
        let windowed = WindowedAnnotator(annotators: annotators, windowCharacters: options.windowCharacters)
        let annotated: WindowedAnnotator.Annotated
        do {
            annotated = try windowed.annotate(document, keepingNested: (writer as? JSONLWriter)?.includeNested ?? false)
        } catch {
            summary.failures += 1
            report("\(document.origin): \(error)", true)
            if options.streaming {
                try emit(rejection(Rejection(document: document, reason: "\(error)"), writer: writer))
            }
            return
        }
        try windowed.write(annotated, writer: writer, granularity: options.granularity, emit: emit)
        summary.documents += 1
        summary.characters += annotated.codePoints.count
        summary.mentions += annotated.mentionCount
        for rule in annotated.exhausted {
            summary.warnings += 1
            report("\(document.origin): rule '\(rule)' exhausted its matching budget and was stopped for this document", false)
        }
    }

    private func rejection(_ rejection: Rejection, writer: some AnnotationWriter) -> [UInt8] {
        var bytes: [UInt8] = []
        writer.writeRejection(rejection, to: &bytes)
        return bytes
    }

    /// Where batches come from: whole batches read ahead, or (streaming)
    /// whatever has arrived.
    private func batchSource(_ stream: some Sequence<ReadResult>) -> (next: () -> [ReadResult]?, stop: () -> Void) {
        if options.streaming {
            var iterator = stream.makeIterator()
            let reader = StreamingReadAhead(limit: .init(
                documents: options.batchDocuments, characters: options.batchCharacters,
                weight: { item in
                    guard case .document(let document) = item else { return (0, 0) }
                    return (1, document.text.utf8.count / 3 + 1)
                })) { iterator.next() }
            return (reader.next, reader.stop)
        }
        let reader = ReadAhead(batches(of: stream))
        return (reader.next, {})
    }

    /// A reader of `stream` in batches: the items up to and including the
    /// document that fills a batch (`batchDocuments` documents or
    /// `batchCharacters` characters), input problems included in their place.
    private func batches(of stream: some Sequence<ReadResult>) -> () -> (batch: [ReadResult], isLast: Bool) {
        var iterator = stream.makeIterator()
        let options = options
        return {
            var items: [ReadResult] = []
            var documents = 0
            var characters = 0
            while let item = iterator.next() {
                items.append(item)
                guard case .document(let document) = item else { continue }
                documents += 1
                characters += document.text.utf8.count / 3 + 1
                if documents >= options.batchDocuments || characters >= options.batchCharacters {
                    return (items, false)
                }
            }
            return (items, true)
        }
    }

    private typealias Rendered = (bytes: [UInt8], characters: Int, mentions: Int, exhausted: [String])

    /// Annotates and renders a batch in parallel; results in batch order.
    private func annotate(_ batch: [Document], writer: some AnnotationWriter,
                          skipping: Set<Int> = []) -> [Result<Rendered, Error>] {
        annotate(batch, skipping: skipping) { annotated -> [UInt8] in
            // One allocation: renderings run to about 15 (JSONL) to 25
            // (CoNLL with pinyin) bytes per character, and growing the
            // buffer by doubling showed in profiles.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(32 * annotated.codePoints.count + 256)
            writer.write(annotated, to: &bytes)
            return bytes
        }.map { result in result.map { ($0.output, $0.characters, $0.mentions, $0.exhausted) } }
    }

    /// Annotates a batch in parallel and runs `produce` on each document on
    /// the worker that annotated it; results in batch order.
    private func annotate<Output>(_ batch: [Document], skipping: Set<Int> = [],
                                  produce: (AnnotatedDocument) throws -> Output)
        -> [Result<(output: Output, characters: Int, mentions: Int, exhausted: [String]), Error>] {
        let granularity = options.granularity
        return orderedParallelMap(count: batch.count, workers: options.jobs) { worker, index in
            // A skipped document (annotated in windows) gets an empty one.
            let document = skipping.contains(index) ? Document(id: "", text: "") : batch[index]
            let annotated = try annotators[worker].annotate(document, granularity: granularity)
            return (try produce(annotated), annotated.codePoints.count, annotated.mentions.count, annotated.exhaustedRules)
        }
    }
}
