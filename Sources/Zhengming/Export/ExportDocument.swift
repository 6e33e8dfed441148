/// A document ready to be cut into units and written: its sentences, its
/// tokens, the spans to train on and every rule's votes.
///
/// Invariants: `spans` are sorted, non-overlapping and have labels already
/// mapped and filtered; no token crosses a span boundary (tokens are cut at
/// gold boundaries too, which the annotator never saw), so a token-level
/// tag sequence represents every span exactly.
public struct ExportDocument: Sendable {
    public let document: Document
    public let codePoints: [UInt32]
    /// Sentence ranges, trimmed of white space, in code points.
    public let sentences: [Range<Int>]
    /// Non-white-space tokens, with pinyin when it was asked for.
    public let tokens: [Token]
    public let spans: [ExportSpan]
    /// Every candidate any rule proposed (labels mapped and filtered).
    public let votes: [ExportVote]
    /// True when `spans` come from a gold document.
    public let isGold: Bool
    /// Gold spans left out because they overlapped a longer (or earlier)
    /// gold span: the tag formats and spaCy's `doc.ents` take one layer.
    public let droppedOverlappingGold: Int
    /// Rules stopped on this document because they exhausted their step budget.
    public let exhaustedRules: [String]
    /// A gold document had this document's id but another text (not used).
    public let goldTextMismatch: Bool
}
