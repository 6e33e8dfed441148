/// The training-data formats `zhengming export` writes, each one that a
/// common tool reads as it is.
///
/// - `char-bio`: a character and its tag per line, a blank line between
///   sentences: the MSRA / People's Daily NER layout that Chinese BERT
///   fine-tuning scripts expect.
/// - `conll`: token-level CoNLL-2003 style with `annotate`'s columns.
/// - `jsonl`: one object per unit with character spans and tokens, which
///   spaCy (`Doc.char_span`), doccano and Hugging Face `datasets` read.
/// - `brat`: standoff `.txt` + `.ann` per unit, for brat and for tools that
///   import brat (INCEpTION, many corpus converters).
/// - `conllu`: CoNLL-U with the entity tag in MISC, for UD tooling, spaCy
///   and the Python `conllu` parser.
/// - `label-studio`: pre-annotation tasks (a JSON array per split) and the
///   matching labeling config, for correcting in Label Studio.
/// - `doccano`: sequence-labelling JSONL, for correcting in doccano.
/// - `iob`: a sentence per line of `FORM|TAG` tokens, for spaCy's
///   `convert -c iob`.
public enum ExportFormat: String, Sendable, CaseIterable, Hashable {
    case charBIO = "char-bio"
    case conll
    case jsonl
    case brat
    case conllu
    case labelStudio = "label-studio"
    case doccano
    case iob

    /// What `export` writes without `--format`: the training formats (the
    /// annotation tools' formats and `iob` are asked for by name).
    public static let defaults: [ExportFormat] = [.charBIO, .conll, .jsonl, .brat, .conllu]

    /// The extension of the per-split file (`train.txt`); brat writes a
    /// directory per split instead.
    public var fileExtension: String {
        switch self {
        case .charBIO: "txt"
        case .conll: "conll"
        case .jsonl: "jsonl"
        case .brat: "ann"
        case .conllu: "conllu"
        case .labelStudio: "json"
        case .doccano: "jsonl"
        case .iob: "iob"
        }
    }

    /// Formats that write one file per split (all but brat).
    public var isStream: Bool { self != .brat }

    /// Formats whose split file is one JSON array of records (`[`, records
    /// separated by commas, `]`) rather than lines.
    var isJSONArray: Bool { self == .labelStudio }

    /// Formats with a token column that shows pinyin when it is computed.
    var showsPinyin: Bool { self == .conll || self == .conllu }
}

/// What one exported example is: a whole document, or one sentence.
///
/// Sentence units suit models with a short maximum input length; document
/// units keep the context and are what brat users expect.
public enum ExportUnitKind: String, Sendable, CaseIterable {
    case document, sentence
}
