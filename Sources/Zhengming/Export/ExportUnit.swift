/// One exported example — a whole document or one sentence — with offsets
/// relative to its own text, and the split it belongs to.
///
/// Every writer renders units, so that `--unit sentence` is decided once,
/// here, and not in each format. For a document unit the text is the
/// document's original text, unchanged, and offsets are those `annotate`
/// reports; for a sentence unit the text is the sentence, trimmed of
/// surrounding white space, and offsets count from its first character.
public struct ExportUnit: Sendable {
    /// The document id, or `id#n` for the n-th sentence (from 1).
    public let id: String
    public let documentID: String
    /// The sentence's index in its document (from 0), for sentence units.
    public let sentenceIndex: Int?
    public let text: String
    public let codePoints: [UInt32]
    /// Sentence ranges within the unit (one, covering it, for a sentence unit).
    public let sentences: [Range<Int>]
    public let tokens: [Token]
    public let spans: [ExportSpan]
    public let votes: [ExportVote]
    /// Index into the assigner's split names.
    public let split: Int

    /// The units of `document`, each assigned a split. `droppedSpans` counts
    /// gold spans that cross a sentence boundary and so fit no sentence unit.
    static func units(of document: ExportDocument, kind: ExportUnitKind,
                      assigner: SplitAssigner) -> (units: [ExportUnit], droppedSpans: Int) {
        let id = document.document.id
        switch kind {
        case .document:
            let unit = ExportUnit(
                id: id, documentID: id, sentenceIndex: nil, text: document.document.text,
                codePoints: document.codePoints, sentences: document.sentences, tokens: document.tokens,
                spans: document.spans, votes: document.votes, split: assigner.split(documentID: id))
            return ([unit], 0)
        case .sentence:
            var units: [ExportUnit] = []
            var placed = 0
            for (index, range) in document.sentences.enumerated() {
                let unit = sentenceUnit(index, range, of: document, assigner: assigner)
                placed += unit.spans.count
                units.append(unit)
            }
            return (units, document.spans.count - placed)
        }
    }

    private static func sentenceUnit(_ index: Int, _ range: Range<Int>, of document: ExportDocument,
                                     assigner: SplitAssigner) -> ExportUnit {
        let offset = range.lowerBound
        let codePoints = Array(document.codePoints[range])
        let text = String(codePoints: codePoints)
        let inside = { (start: Int, end: Int) in range.lowerBound <= start && end <= range.upperBound }
        var tokens = document.tokens.filter { inside($0.start, $0.end) }
        for position in tokens.indices {
            tokens[position].start -= offset
            tokens[position].end -= offset
        }
        let documentID = document.document.id
        return ExportUnit(
            id: "\(documentID)#\(index + 1)", documentID: documentID, sentenceIndex: index, text: text,
            codePoints: codePoints, sentences: [0..<codePoints.count], tokens: tokens,
            spans: document.spans.filter { inside($0.start, $0.end) }.map { $0.shifted(by: offset) },
            votes: document.votes.filter { inside($0.start, $0.end) }.map { $0.shifted(by: offset) },
            split: assigner.split(documentID: documentID, sentence: index, text: text))
    }

    /// The tokens of each sentence, as index ranges into `tokens`.
    public var tokensBySentence: [Range<Int>] { tokens.ranges(in: sentences) }

    /// The text of a code-point range of the unit.
    public func text(_ range: Range<Int>) -> String { String(codePoints: codePoints[range]) }

    /// The tags of `tokens` (all inside `sentence`) in `scheme`. Spans are
    /// clipped to the sentence first, so that a gold span crossing a
    /// sentence boundary starts again with `B-` and every sentence is a
    /// well-formed tag sequence on its own.
    func tags(for tokens: ArraySlice<Token>, in sentence: Range<Int>, scheme: TagScheme) -> [String] {
        let clipped = spans.compactMap { span -> Mention? in
            let start = max(span.start, sentence.lowerBound), end = min(span.end, sentence.upperBound)
            return start < end ? Mention(start: start, end: end, label: span.label) : nil
        }
        return scheme.tags(for: Array(tokens), mentions: clipped)
    }

    /// One token per character of `sentence` that a line-based reader keeps:
    /// white space (and the separators Python's `str.split` also splits on)
    /// left out.
    func characterTokens(in sentence: Range<Int>) -> [Token] {
        sentence.filter { !codePoints[$0].isLineFormatSeparator }.map { Token(start: $0, end: $0 + 1, pinyin: nil) }
    }
}

extension UInt32 {
    /// White space, and U+001C…U+001F, which Python's `str.split()` and
    /// `splitlines()` also treat as separators: characters a one-per-line
    /// format cannot carry.
    var isLineFormatSeparator: Bool { isWhiteSpace || (0x1C...0x1F).contains(self) }
}
