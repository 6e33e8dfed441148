import Foundation

/// Annotates a stream of documents on several cores and hands the rendered
/// output back in input order.
///
/// Documents are read in batches (a bounded window: at most `batchDocuments`
/// documents or `batchCharacters` characters), annotated and rendered in
/// parallel, one `Annotator` per worker, then written in order; the next
/// batch is read meanwhile (`ReadAhead`). Memory therefore stays flat however
/// large the input: a 1 GB JSONL file is never more than two batches in
/// memory.
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
        let reader = ReadAhead(batches(of: stream))
        while let items = reader.next() {
            // A batch's input problems were read before its last document, so
            // they are reported before its output, as when reading was inline.
            var batch: [Document] = []
            for item in items {
                switch item {
                case .failure(let error):
                    if error.isWarning { summary.warnings += 1 } else { summary.failures += 1 }
                    report(error.description, !error.isWarning)
                case .document(let document):
                    batch.append(document)
                }
            }
            guard !batch.isEmpty else { continue }
            // By index: a document is copied (five strings retained) only
            // for a message.
            for (index, result) in annotate(batch, writer: writer).enumerated() {
                switch result {
                case .success(let rendered):
                    emit(rendered.bytes)
                    summary.documents += 1
                    summary.characters += rendered.characters
                    summary.mentions += rendered.mentions
                    for rule in rendered.exhausted {
                        summary.warnings += 1
                        report("\(batch[index].origin): rule '\(rule)' exhausted its matching budget and was stopped for this document", false)
                    }
                case .failure(let error):
                    summary.failures += 1
                    report("\(batch[index].origin): \(error)", true)
                }
            }
            progress?(summary)
        }
        return summary
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
    private func annotate(_ batch: [Document], writer: some AnnotationWriter) -> [Result<Rendered, Error>] {
        let granularity = options.granularity
        return orderedParallelMap(count: batch.count, workers: options.jobs) { worker, index in
            let annotated = try annotators[worker].annotate(batch[index], granularity: granularity)
            // One allocation: renderings run to about 15 (JSONL) to 25
            // (CoNLL with pinyin) bytes per character, and growing the
            // buffer by doubling showed in profiles.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(32 * annotated.codePoints.count + 256)
            writer.write(annotated, to: &bytes)
            return (bytes, annotated.codePoints.count, annotated.mentions.count, annotated.exhaustedRules)
        }
    }
}
