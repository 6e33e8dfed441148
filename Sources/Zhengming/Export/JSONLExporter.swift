/// One JSON object per unit, in the shape spaCy, doccano and Prodigy read:
///
///     {"id", "document"?, "sentence"?, "text",
///      "spans": [{"start", "end", "label", "source", "text"}],
///      "tokens": [{"text", "start", "end", "id", "ws"}],
///      "votes": [{"start", "end", "label", "rule", "status"}]?}
///
/// Offsets are code points into `text`, which is what Python's `str`
/// indexes and `Doc.char_span` takes. `source` is `gold` or the rule's name.
/// Tokens are Prodigy's (`ws`: white space follows), white space left out.
/// Ids are always
/// strings (a JSONL input's numeric id becomes a string) because Arrow,
/// under Hugging Face `datasets`, needs one type per column. `document` and
/// `sentence` (from 1) appear for sentence units.
///
/// `votes` (with `--votes`) lists every candidate every rule proposed,
/// including those that lost a conflict, with how far it got (`flat`,
/// `nested`, `lost`): the labelling-function matrix that weak-supervision
/// tools such as skweak aggregate.
public struct JSONLExporter: ExportWriter {
    public var includeVotes: Bool

    public init(includeVotes: Bool = false) { self.includeVotes = includeVotes }

    public func write(_ unit: ExportUnit, to out: inout [UInt8]) {
        JSONText.append("{\"id\":", to: &out)
        JSONText.appendQuoted(unit.id, to: &out)
        if let index = unit.sentenceIndex {
            JSONText.append(",\"document\":", to: &out)
            JSONText.appendQuoted(unit.documentID, to: &out)
            JSONText.append(",\"sentence\":\(index + 1)", to: &out)
        }
        JSONText.append(",\"text\":", to: &out)
        JSONText.appendQuoted(unit.text, to: &out)
        JSONText.append(",\"spans\":[", to: &out)
        for (index, span) in unit.spans.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append("{\"start\":\(span.start),\"end\":\(span.end),\"label\":", to: &out)
            JSONText.appendQuoted(span.label, to: &out)
            JSONText.append(",\"source\":", to: &out)
            JSONText.appendQuoted(span.source, to: &out)
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(unit.text(span.start..<span.end), to: &out)
            out.append(UInt8(ascii: "}"))
        }
        JSONText.append("],\"tokens\":[", to: &out)
        for (index, token) in unit.tokens.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append("{\"text\":", to: &out)
            JSONText.appendQuoted(unit.text(token.start..<token.end), to: &out)
            let spaceAfter = token.end < unit.codePoints.count && unit.codePoints[token.end].isWhiteSpace
            JSONText.append(",\"start\":\(token.start),\"end\":\(token.end),\"id\":\(index),\"ws\":\(spaceAfter)}", to: &out)
        }
        out.append(UInt8(ascii: "]"))
        if includeVotes { appendVotes(unit.votes, to: &out) }
        JSONText.append("}\n", to: &out)
    }

    private func appendVotes(_ votes: [ExportVote], to out: inout [UInt8]) {
        JSONText.append(",\"votes\":[", to: &out)
        for (index, vote) in votes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append("{\"start\":\(vote.start),\"end\":\(vote.end),\"label\":", to: &out)
            JSONText.appendQuoted(vote.label, to: &out)
            JSONText.append(",\"rule\":", to: &out)
            JSONText.appendQuoted(vote.rule, to: &out)
            JSONText.append(",\"status\":\"\(vote.status.rawValue)\"}", to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
