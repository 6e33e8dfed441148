/// A problem that stops an export before or while it writes: bad split
/// ratios, a corpus too small to split, an output that cannot be written.
///
/// Problems with single input documents are not this type: they are
/// `InputError`s, reported and skipped like in `annotate`.
public struct ExportError: Error, CustomStringConvertible, Sendable {
    enum Kind: Sendable, Equatable {
        case invalidSplit(String, String)
        case tooFewDocuments(found: Int, splits: [String])
        case invalidLabel(String)
        case invalidColumns(String, String)
        case cannotWrite(path: String, reason: String)
        case gold(String)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// True for the "corpus too small to split" error, which tests and the
    /// command line single out.
    public var isTooFewDocuments: Bool {
        if case .tooFewDocuments = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .invalidSplit(let text, let reason):
            return "invalid --split '\(text)': \(reason)"
        case .tooFewDocuments(let found, let splits):
            return "cannot split \(found) document(s) into \(splits.count) non-empty splits (\(splits.joined(separator: ", "))): "
                + "give more documents, fewer splits (--split 0.9,0.1 or --split train=1), or --unit sentence"
        case .invalidLabel(let label):
            return "invalid label '\(label)': labels may not be empty or contain white space, '=' or '|'"
        case .invalidColumns(let text, let reason):
            return "invalid --columns '\(text)': \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .gold(let reason):
            return reason
        }
    }
}
