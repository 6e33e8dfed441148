import Foundation

/// Everything an export is asked to do, as `zhengming export` parsed it.
public struct ExportOptions: Sendable {
    public var outputDirectory: String
    public var formats: [ExportFormat]
    public var splits: SplitAssigner
    public var unit: ExportUnitKind
    public var scheme: TagScheme
    public var labels: LabelPolicy
    /// JSONL: add every rule candidate (`votes`).
    public var votes: Bool
    /// CoNLL: open each document with `-DOCSTART-`.
    public var docstart: Bool
    /// CoNLL: the columns, FORM first and TAG last.
    public var columns: [CoNLLColumn]
    /// char-bio: white space as `[U+XXXX]` placeholder lines instead of left out.
    public var keepSpaces: Bool
    /// Label Studio: the predictions' `model_version` (set by the pipeline
    /// from the rule pack when empty).
    public var modelVersion: String
    /// Pinyin for the CoNLL column and CoNLL-U `Translit`; nil leaves it out.
    public var pinyin: PinyinStyle?
    public var jobs: Int
    /// Documents read, annotated and written together (bounds memory).
    public var batchDocuments: Int

    public init(outputDirectory: String, formats: [ExportFormat] = ExportFormat.defaults,
                splits: SplitAssigner = SplitAssigner(names: ["train", "dev", "test"], ratios: [0.8, 0.1, 0.1]),
                unit: ExportUnitKind = .document, scheme: TagScheme = .bio, labels: LabelPolicy = .unchanged,
                votes: Bool = false, docstart: Bool = false, columns: [CoNLLColumn] = CoNLLColumn.standard, keepSpaces: Bool = false, modelVersion: String = "", pinyin: PinyinStyle? = .marks,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, batchDocuments: Int = 256) {
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.splits = splits
        self.unit = unit
        self.scheme = scheme
        self.labels = labels
        self.votes = votes
        self.docstart = docstart
        self.columns = columns
        self.keepSpaces = keepSpaces
        self.modelVersion = modelVersion
        self.pinyin = pinyin
        self.jobs = JobCount.clamped(jobs)
        self.batchDocuments = max(1, batchDocuments)
    }

    /// Pinyin only when a chosen format shows it: it is the slow part.
    var effectivePinyin: PinyinStyle? { formats.contains(where: \.showsPinyin) ? pinyin : nil }

    /// The writer of each format, in `formats` order.
    var writers: [any RecordWriter] {
        formats.map { format -> any RecordWriter in
            switch format {
            case .charBIO: CharBIOWriter(scheme: scheme, keepSpaces: keepSpaces)
            case .conll: CoNLLWriter(scheme: scheme, comments: false, docstart: docstart, columns: columns)
            case .jsonl: JSONLWriter(profile: .training, includeVotes: votes)
            case .brat: BratWriter()
            case .conllu: CoNLLUWriter(scheme: scheme)
            case .labelStudio: LabelStudioWriter(modelVersion: modelVersion)
            case .doccano: DoccanoWriter()
            case .iob: IOBWriter(scheme: scheme)
            }
        }
    }

    /// The tags of `labels` in the scheme, `O` first: what `labels.txt` holds
    /// and a model's output layer needs.
    public func tagSet(labels: [String]) -> [String] {
        let prefixes = scheme == .bio ? ["B-", "I-"] : ["B-", "I-", "E-", "S-"]
        return ["O"] + labels.flatMap { label in prefixes.map { $0 + label } }
    }
}
