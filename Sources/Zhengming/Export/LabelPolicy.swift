/// Which labels an export keeps and what it calls them: `--map` renames
/// first (`OFFICIAL=PER,PERSON=PER`), then `--labels` keeps only the listed
/// names, as `eval` does, so that both commands take the same arguments.
///
/// Applied alike to gold spans, rule spans and votes, so every format and
/// the statistics speak of the same labels.
public struct LabelPolicy: Sendable {
    public let mapping: [String: String]
    /// The labels to keep, after mapping, in the order given; nil keeps all.
    public let allowed: [String]?
    private let allowedSet: Set<String>?

    /// - Throws: `ExportError` for a label no format can carry (`isValid`).
    public init(mapping: [String: String] = [:], allowed: [String]? = nil) throws {
        for label in Array(mapping.keys) + Array(mapping.values) + (allowed ?? []) where !Self.isValid(label) {
            throw ExportError(.invalidLabel(label))
        }
        self.init(checked: mapping, allowed)
    }

    private init(checked mapping: [String: String], _ allowed: [String]?) {
        self.mapping = mapping
        self.allowed = allowed
        allowedSet = allowed.map(Set.init)
    }

    /// Every label kept under its own name.
    public static let unchanged = LabelPolicy(checked: [:], nil)

    /// The exported name of `label`, or nil when it is filtered out.
    public func apply(_ label: String) -> String? {
        let mapped = mapping[label] ?? label
        if let allowedSet, !allowedSet.contains(mapped) { return nil }
        return mapped
    }

    /// The labels a tag set should list: `--labels` in its order if given,
    /// else the rule pack's labels mapped, then labels seen only in the data
    /// (gold labels the pack does not know), sorted.
    public func tagLabels(packLabels: [String], seen: Set<String>) -> [String] {
        if let allowed { return allowed }
        var result: [String] = []
        for label in packLabels { if let name = apply(label), !result.contains(name) { result.append(name) } }
        for label in seen.sorted() where !result.contains(label) { result.append(label) }
        return result
    }

    /// A label becomes a tag suffix, a brat type and a JSON string: no white
    /// space, which would split a CoNLL column or a brat line.
    static func isValid(_ label: String) -> Bool {
        !label.isEmpty && !label.unicodeScalars.contains { $0.value.isWhiteSpace || $0 == "=" || $0 == "|" }
    }
}
