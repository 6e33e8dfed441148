import Foundation

/// Annotates a stream of documents on several cores and hands the rendered
/// output back in input order.
///
/// Documents are read in batches (a bounded window: at most `batchDocuments`
/// documents or `batchCharacters` characters), annotated and rendered in
/// parallel, one `Annotator` per worker, then written in order before the
/// next batch is read. Memory therefore stays flat however large the input:
/// a 1 GB JSONL file is never more than one batch in memory.
public final class CorpusRunner {
    public struct Options: Sendable {
        public var jobs: Int
        public var pinyin: PinyinStyle?
        public var granularity: Granularity
        public var batchDocuments: Int
        public var batchCharacters: Int

        public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, pinyin: PinyinStyle? = .marks,
                    granularity: Granularity = .token, batchDocuments: Int = 256, batchCharacters: Int = 4 << 20) {
            self.jobs = max(1, jobs)
            self.pinyin = pinyin
            self.granularity = granularity
            self.batchDocuments = batchDocuments
            self.batchCharacters = batchCharacters
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
    /// order; `report` receives input problems and per-document warnings as
    /// one-line messages (`isError` false for warnings); `progress` is called
    /// after each batch.
    @discardableResult
    public func run(_ stream: some Sequence<ReadResult>, writer: some AnnotationWriter,
                    emit: ([UInt8]) -> Void,
                    report: (String, _ isError: Bool) -> Void,
                    progress: ((Summary) -> Void)? = nil) -> Summary {
        var summary = Summary()
        var batch: [Document] = []
        var batchCharacters = 0
        func flush() {
            guard !batch.isEmpty else { return }
            let results = annotate(batch, writer: writer)
            for (document, result) in zip(batch, results) {
                switch result {
                case .success(let (bytes, mentions, exhausted)):
                    emit(bytes)
                    summary.documents += 1
                    summary.characters += document.text.unicodeScalars.count
                    summary.mentions += mentions
                    for rule in exhausted {
                        summary.warnings += 1
                        report("\(document.origin): rule '\(rule)' exhausted its matching budget and was stopped for this document", false)
                    }
                case .failure(let error):
                    summary.failures += 1
                    report("\(document.origin): \(error)", true)
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchCharacters = 0
            progress?(summary)
        }
        for item in stream {
            switch item {
            case .failure(let error):
                if error.isWarning { summary.warnings += 1 } else { summary.failures += 1 }
                report(error.description, !error.isWarning)
            case .document(let document):
                batch.append(document)
                batchCharacters += document.text.utf8.count / 3 + 1
                if batch.count >= options.batchDocuments || batchCharacters >= options.batchCharacters { flush() }
            }
        }
        flush()
        return summary
    }

    private typealias Rendered = (bytes: [UInt8], mentions: Int, exhausted: [String])

    /// Annotates and renders a batch in parallel; results in batch order.
    private func annotate(_ batch: [Document], writer: some AnnotationWriter) -> [Result<Rendered, Error>] {
        let granularity = options.granularity
        return orderedParallelMap(count: batch.count, workers: options.jobs) { worker, index in
            let annotated = try annotators[worker].annotate(batch[index], granularity: granularity)
            var bytes: [UInt8] = []
            writer.write(annotated, to: &bytes)
            return (bytes, annotated.mentions.count, annotated.exhaustedRules)
        }
    }
}
