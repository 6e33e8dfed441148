/// A document ready to be cut into records and written: its record (whole
/// document, split not yet assigned) and what the summary reports of it.
///
/// Invariants of the record: `spans` are sorted, non-overlapping and have
/// labels already mapped and filtered; no token crosses a span boundary
/// (tokens are cut at gold boundaries too, which the annotator never saw),
/// so a token-level tag sequence represents every span exactly.
public struct ExportDocument: Sendable {
    public let record: Record
    /// True when the spans come from a gold document.
    public let isGold: Bool
    /// Gold spans left out because they overlapped a longer (or earlier)
    /// gold span: the tag formats and spaCy's `doc.ents` take one layer.
    public let droppedOverlappingGold: Int
    /// Rules stopped on this document because they exhausted their step budget.
    public let exhaustedRules: [String]
    /// A gold document had this document's id but another text (not used).
    public let goldTextMismatch: Bool

    public var document: Document { record.document }

    /// The records of the document (the whole document, or one per
    /// sentence), each assigned a split. `droppedSpans` counts gold spans
    /// that cross a sentence boundary and so fit no sentence record.
    func records(kind: ExportUnitKind, assigner: SplitAssigner) -> (records: [Record], droppedSpans: Int) {
        let id = record.documentID
        switch kind {
        case .document:
            var whole = record
            whole.split = assigner.split(documentID: id)
            return ([whole], 0)
        case .sentence:
            var records: [Record] = []
            var placed = 0
            for index in record.sentences.indices {
                var sentence = record.sentence(index)
                sentence.split = assigner.split(documentID: id, sentence: index, text: sentence.text)
                placed += sentence.spans.count
                records.append(sentence)
            }
            return (records, record.spans.count - placed)
        }
    }
}
