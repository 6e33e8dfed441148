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
