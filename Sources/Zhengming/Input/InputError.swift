/// A problem with one input document or file: the run reports it as one line
/// (`path: reason`), skips that input, processes everything else and exits
/// non-zero at the end.
///
/// Build-time problems with rule files are a different type
/// (`RuleDiagnostic`), because they stop a run before it starts.
public struct InputError: Error, CustomStringConvertible, Sendable {
    enum Kind: Sendable, Equatable {
        case empty
        /// NUL bytes; `likely` names the encoding their places suggest.
        case binary(offset: Int, likely: String?)
        case undecodable(tried: [String], offset: Int?)
        case unknownEncoding(String)
        case tooLarge(bytes: Int, limit: Int)
        case unreadable(String)
        case invalidJSON(String)
        case missingText
        case duplicateKey(String)
        case notRegularFile(kind: String)
        case danglingLink
        case skippedOutput
    }

    let kind: Kind
    /// The file (or `<stdin>`) the problem was found in, once known.
    public var path: String?
    /// The 1-based line of a JSONL record, when the problem is in one record.
    public var line: Int?
    /// The raw JSON of the record's `id`, when the record parsed far enough
    /// to have one (a record without text); `annotate --stream` echoes it.
    public var recordIDJSON: String?

    init(_ kind: Kind, path: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.path = path
        self.line = line
    }

    /// `true` for problems that are worth a warning but lose no text (an empty file).
    public var isWarning: Bool {
        switch kind {
        case .empty, .duplicateKey, .notRegularFile, .skippedOutput: return true
        default: return false
        }
    }

    var byteOffset: Int? {
        switch kind {
        case .binary(let offset, _): return offset
        case .undecodable(_, let offset): return offset
        default: return nil
        }
    }

    public var reason: String {
        switch kind {
        case .empty:
            return "empty file, nothing to annotate"
        case .binary(let offset, let likely):
            let hint = likely.map { "; this looks like \($0) without a byte-order mark: pass --encoding \($0)" }
                ?? "; for UTF-16 without a byte-order mark pass --encoding UTF-16LE or UTF-16BE"
            return "binary data (NUL byte at byte \(offset))" + hint
        case .undecodable(let tried, let offset):
            let place = offset.map { " (first illegal byte sequence at byte \($0))" } ?? ""
            return "cannot decode as \(tried.joined(separator: ", "))\(place); pass --encoding NAME if you know the encoding"
        case .unknownEncoding(let name):
            return "unknown encoding '\(name)' (use an ICU converter name such as GB18030, GBK, Big5, UTF-16LE)"
        case .tooLarge(let bytes, let limit):
            return "file has \(bytes) bytes, more than the \(limit)-byte limit for one document; split it or convert it to JSONL (one document per line)"
        case .unreadable(let reason):
            return reason
        case .invalidJSON(let reason):
            return "invalid JSON: \(reason)"
        case .missingText:
            return "record has no string field \"text\""
        case .duplicateKey(let key):
            return "duplicate key \"\(key)\" in the record; the last value is used"
        case .notRegularFile(let kind):
            return "\(kind), not a regular file; skipped (name it on the command line to read it)"
        case .danglingLink:
            return "symbolic link to a missing file; skipped"
        case .skippedOutput:
            return "skipped: it is this run's output"
        }
    }

    public var description: String {
        switch (path, line) {
        case let (path?, line?): return "\(path):\(line): \(reason)"
        case let (path?, nil): return "\(path): \(reason)"
        case let (nil, line?): return "line \(line): \(reason)"
        case (nil, nil): return reason
        }
    }
}
