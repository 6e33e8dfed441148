/// One line of a lexicon: the entry as written, its folded key, and its
/// `key=value` attributes (`canonical=湖南省	level=province`).
public struct LexiconEntry: Sendable {
    public let text: String
    public let attributes: [(key: String, value: String)]
    /// The 1-based line in the lexicon file, for diagnostics and `explain`.
    public let line: Int
    /// Index into the lexicon's `files` of the file the entry came from.
    public let file: Int

    public func attribute(_ key: String) -> String? {
        attributes.first { $0.key == key }?.value
    }
}

/// A named list of entries, loaded from `lexicons/NAME.txt` of a rule pack.
/// Packs loaded later extend a lexicon of the same name.
public struct Lexicon: Sendable {
    public let name: String
    /// The files the entries came from, in load order.
    public var files: [String]
    public var entries: [LexiconEntry]

    init(name: String) {
        self.name = name
        files = []
        entries = []
    }
}
