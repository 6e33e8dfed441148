import Foundation

/// Gold documents an export prefers to the rules' output, found by id or by
/// text.
///
/// A gold document replaces the rules for an input document when it has the
/// same id and the same text, or failing that the same text (a corpus whose
/// ids were renumbered still finds its gold). An id match with a different
/// text is not used: gold offsets index the gold text, and on another text
/// they would label the wrong characters.
public struct GoldIndex: Sendable {
    private let byID: [String: GoldDocument]
    private let byText: [String: GoldDocument]
    public let count: Int

    public init(_ documents: [GoldDocument] = []) {
        byID = Dictionary(documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        byText = Dictionary(documents.map { ($0.text, $0) }, uniquingKeysWith: { first, _ in first })
        count = documents.count
    }

    public static let empty = GoldIndex()

    /// Reads a gold JSONL file, or every `*.jsonl` file under a directory
    /// (sorted, hidden files skipped); line problems go to `problems`.
    public static func read(_ path: String, problems: (String) -> Void) throws -> GoldIndex {
        do { return GoldIndex(try GoldDocument.readAll(path, problems: problems)) } catch let error as InputError {
            throw ExportError(.gold("gold: \(error.description)"))
        }
    }

    /// The gold document for `document`, and whether an id matched with a
    /// different text (worth a warning).
    public func lookup(_ document: Document) -> (gold: GoldDocument?, idTextMismatch: Bool) {
        if let gold = byID[document.id], gold.text == document.text { return (gold, false) }
        return (byText[document.text], byID[document.id] != nil)
    }
}
