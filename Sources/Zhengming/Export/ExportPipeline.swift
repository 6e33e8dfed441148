import Foundation

/// Turns a corpus into training data: every document annotated (gold where
/// gold exists, else the rules), cut into units, each unit assigned a split
/// and rendered in every requested format, plus `labels.txt`, `stats.json`
/// and `summary.txt`.
///
/// Works like `CorpusRunner`: documents are read in bounded batches,
/// prepared and rendered in parallel (one `ExportAnnotator` per worker) and
/// written in input order, so memory stays flat and the output is the same
/// for any number of jobs. Nothing is created until the first batch is
/// complete, so a corpus too small to split fails without leaving a
/// half-written directory.
public final class ExportPipeline {
    public let options: ExportOptions
    public let rules: RuleSet
    private let workers: [ExportAnnotator]
    private let writers: [any RecordWriter]

    /// The outcome: the counts, the labels of the tag set, and the summary text.
    public struct Result: Sendable {
        public let statistics: ExportStatistics
        public let labels: [String]
        public let summary: String
    }

    /// Characters (estimated from UTF-8 bytes) that end a batch early, so
    /// a batch of long documents stays small.
    static let batchCharacters = 4 << 20

    public init(rules: RuleSet, gold: GoldIndex = .empty, options: ExportOptions) throws {
        var options = options
        if options.formats.contains(.labelStudio), options.modelVersion.isEmpty {
            options.modelVersion = LabelStudioWriter.modelVersion(rules: rules)
        }
        self.options = options
        self.rules = rules
        let shared = SharedPinyinCache()
        workers = try (0..<options.jobs).map { _ in
            try ExportAnnotator(rules: rules, gold: gold, labels: options.labels, pinyin: options.effectivePinyin,
                                sharedPinyin: shared)
        }
        writers = options.writers
    }

    /// Exports `stream`. `report` receives input problems and warnings as
    /// one-line messages (`isError` false for warnings); `progress` is called
    /// after each batch with the running counts.
    ///
    /// - Throws: `ExportError` when the corpus is too small for the splits
    ///   (document units) or the output cannot be written.
    @discardableResult
    public func run(_ stream: some Sequence<ReadResult>, report: (String, _ isError: Bool) -> Void,
                    progress: ((CorpusRunner.Summary) -> Void)? = nil) throws -> Result {
        var statistics = ExportStatistics(splitNames: options.splits.names)
        var running = CorpusRunner.Summary()
        var output: ExportOutput?
        var batch: [Document] = []
        var batchCharacters = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            if output == nil { output = try openOutput() }
            for (document, result) in zip(batch, render(batch)) {
                try write(document, result, to: output!, statistics: &statistics, running: &running, report: report)
            }
            batch.removeAll(keepingCapacity: true)
            batchCharacters = 0
            progress?(running)
        }
        for item in stream {
            switch item {
            case .failure(let error):
                if error.isWarning { statistics.warnings += 1 } else { statistics.failures += 1 }
                report(error.description, !error.isWarning)
            case .document(let document):
                batch.append(document)
                batchCharacters += document.text.utf8.count / 3 + 1
                // Before anything is written, hold enough documents to know the corpus can be split.
                let minimum = output == nil ? options.splits.activeSplits.count : 1
                if batch.count >= minimum, batch.count >= options.batchDocuments || batchCharacters >= Self.batchCharacters {
                    try flush()
                }
            }
        }
        if output == nil { try checkCorpusSize(documents: batch.count) }
        try flush()
        if output == nil { output = try openOutput() }
        return try finish(output!, statistics: statistics, report: report)
    }

    /// Fewer documents than splits cannot give every split a document.
    private func checkCorpusSize(documents: Int) throws {
        let active = options.splits.activeSplits
        guard options.unit == .document, documents < active.count else { return }
        throw ExportError(.tooFewDocuments(found: documents, splits: active.map { options.splits.names[$0] }))
    }

    private func openOutput() throws -> ExportOutput {
        try ExportOutput(directory: options.outputDirectory, formats: options.formats, splits: options.splits)
    }

    private func write(_ document: Document, _ result: Swift.Result<RenderedDocument, Error>, to output: ExportOutput,
                       statistics: inout ExportStatistics, running: inout CorpusRunner.Summary,
                       report: (String, Bool) -> Void) throws {
        switch result {
        case .failure(let error):
            statistics.failures += 1
            running.failures += 1
            report("\(document.origin): \(error)", true)
        case .success(let rendered):
            for (slot, bytes) in rendered.streams.enumerated() {
                try output.append(bytes, format: slot / options.splits.names.count, split: slot % options.splits.names.count)
            }
            for file in rendered.brat {
                try output.writeBrat(id: file.id, split: file.split, text: file.text, annotations: file.annotations)
            }
            statistics.merge(rendered.statistics)
            running.documents += 1
            running.characters += document.text.unicodeScalars.count
            running.mentions += rendered.statistics.total.mentions
            for message in rendered.warnings {
                statistics.warnings += 1
                report("\(document.origin): \(message)", false)
            }
        }
    }

    /// Writes the tag set, the brat configuration, `stats.json` and `summary.txt`.
    private func finish(_ output: ExportOutput, statistics: ExportStatistics,
                        report: (String, Bool) -> Void) throws -> Result {
        try output.close()
        for split in options.splits.activeSplits where statistics.splits[split].units == 0 {
            report("split '\(options.splits.names[split])' received no \(options.unit.rawValue)s", false)
        }
        let labels = options.labels.tagLabels(packLabels: rules.labels, seen: statistics.labelsSeen)
        try output.writeFile("labels.txt", Data(options.tagSet(labels: labels).map { $0 + "\n" }.joined().utf8))
        if options.formats.contains(.brat) {
            try output.writeFile("brat/annotation.conf", Data(BratWriter.annotationConfiguration(labels: labels, posts: rules.postLinker != nil).utf8))
        }
        if options.formats.contains(.labelStudio) {
            try output.writeFile("label-studio/labeling-config.xml", Data(LabelStudioWriter.labelingConfig(labels: labels).utf8))
        }
        try output.writeFile("stats.json", statistics.json(options: options, labels: labels))
        let summary = statistics.summary(options: options, labels: labels)
        try output.writeFile("summary.txt", Data(summary.utf8))
        try output.commit()
        return Result(statistics: statistics, labels: labels, summary: summary)
    }
}

/// One document's share of the output, rendered by a worker.
struct RenderedDocument {
    /// `streams[format * splits + split]`: bytes for that file.
    var streams: [[UInt8]]
    var brat: [(id: String, split: Int, text: [UInt8], annotations: [UInt8])]
    var statistics: ExportStatistics
    var warnings: [String]
}

extension ExportPipeline {
    /// Prepares and renders a batch in parallel; results in batch order.
    func render(_ batch: [Document]) -> [Swift.Result<RenderedDocument, Error>] {
        orderedParallelMap(count: batch.count, workers: workers.count) { worker, index in
            try render(workers[worker].prepare(batch[index]))
        }
    }

    /// Cuts a prepared document into units and renders each in every format.
    func render(_ document: ExportDocument) -> RenderedDocument {
        let splitCount = options.splits.names.count
        let (units, dropped) = document.records(kind: options.unit, assigner: options.splits)
        var rendered = RenderedDocument(
            streams: Array(repeating: [], count: writers.count * splitCount), brat: [],
            statistics: .of(document, units: units, droppedSpans: dropped, splitNames: options.splits.names),
            warnings: document.exhaustedRules.map { "rule '\($0)' exhausted its matching budget and was stopped for this document" })
        if document.goldTextMismatch {
            rendered.warnings.append("a gold document has this id but another text; the rules' annotations are used")
        }
        var begun = Set<Int>()
        for unit in units {
            let first = begun.insert(unit.split).inserted
            for (index, writer) in writers.enumerated() {
                if let brat = writer as? BratWriter {
                    var annotations: [UInt8] = []
                    brat.write(unit, to: &annotations)
                    rendered.brat.append((unit.id, unit.split, brat.text(of: unit), annotations))
                    continue
                }
                let slot = index * splitCount + unit.split
                if first { writer.beginDocument(unit, to: &rendered.streams[slot]) }
                writer.write(unit, to: &rendered.streams[slot])
            }
        }
        return rendered
    }
}
