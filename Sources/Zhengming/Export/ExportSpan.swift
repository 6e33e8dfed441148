/// A mention as exported: a code-point range of the unit's text, the label
/// after `--map`, and where it came from.
///
/// `source` is `"gold"` for a span taken from the gold file, else the name
/// of the rule that produced it, so that a model's errors can be traced to
/// the annotation that taught them.
public struct ExportSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var label: String
    public var source: String

    public static let goldSource = "gold"

    public init(start: Int, end: Int, label: String, source: String) {
        self.start = start
        self.end = end
        self.label = label
        self.source = source
    }

    public var isGold: Bool { source == Self.goldSource }

    /// The same span moved by `offset` code points (into a sentence unit).
    func shifted(by offset: Int) -> ExportSpan {
        ExportSpan(start: start - offset, end: end - offset, label: label, source: source)
    }
}

/// One candidate a rule proposed, whether or not it survived conflict
/// resolution: a row of the labelling-function matrix that weak-supervision
/// tools (skweak, Snorkel) aggregate.
public struct ExportVote: Sendable, Hashable {
    /// How far the candidate got.
    public enum Status: String, Sendable {
        /// In the flat layer: what `annotate` outputs.
        case flat
        /// Accepted by its phase (the nested layer), beaten in the flat layer.
        case nested
        /// Beaten by another candidate of its own phase.
        case lost
    }

    public var start: Int
    public var end: Int
    public var label: String
    public var rule: String
    public var status: Status

    func shifted(by offset: Int) -> ExportVote {
        ExportVote(start: start - offset, end: end - offset, label: label, rule: rule, status: status)
    }
}
