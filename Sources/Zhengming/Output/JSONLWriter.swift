/// JSONL output: one object per document.
///
///     {"id": …, <input fields>, "text": …,
///      "spans": [{"start", "end", "label", "text", "rule", "attrs"?}],
///      "relations": [...]?, "nested": [...]?, "sentences": [...]?, "tokens": [...]?}
///
/// `text` is the original text, unchanged; offsets are code points into it.
/// Fields of a JSONL input record other than `id` and `text` are copied back
/// verbatim. `nested` (every mention accepted by a phase, overlaps allowed)
/// and `sentences`/`tokens` (with pinyin) are added on request.
public struct JSONLWriter: AnnotationWriter {
    public var includeNested: Bool
    public var includeTokens: Bool

    public init(includeNested: Bool = false, includeTokens: Bool = false) {
        self.includeNested = includeNested
        self.includeTokens = includeTokens
    }

    public func write(_ document: AnnotatedDocument, to out: inout [UInt8]) {
        JSONText.append("{\"id\":", to: &out)
        if let raw = document.document.idJSON { JSONText.append(raw, to: &out) }
        else { JSONText.appendQuoted(document.document.id, to: &out) }
        for (key, raw) in document.document.passthrough where key != "spans" && key != "nested" {
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.append(raw, to: &out)
        }
        JSONText.append(",\"text\":", to: &out)
        JSONText.appendQuoted(document.document.text, to: &out)
        JSONText.append(",\"spans\":", to: &out)
        Self.appendMentions(document.mentions, of: document, to: &out)
        if !document.relations.isEmpty {
            JSONText.append(",\"relations\":[", to: &out)
            for (index, relation) in document.relations.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.append("{\"subject\":", to: &out)
                Self.appendRange(relation.subject, of: document, to: &out)
                JSONText.append(",\"predicate\":", to: &out)
                JSONText.appendQuoted(relation.predicate, to: &out)
                JSONText.append(",\"object\":", to: &out)
                Self.appendRange(relation.object, of: document, to: &out)
                JSONText.append(",\"rule\":", to: &out)
                JSONText.appendQuoted(relation.rule, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        if includeNested {
            JSONText.append(",\"nested\":", to: &out)
            Self.appendMentions(document.nested, of: document, to: &out)
        }
        if includeTokens {
            JSONText.append(",\"sentences\":[", to: &out)
            for (index, sentence) in document.sentences.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendOffsets(sentence, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            JSONText.append("],\"tokens\":[", to: &out)
            for (index, token) in document.tokens.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendOffsets(token.start..<token.end, to: &out)
                JSONText.append(",\"text\":", to: &out)
                JSONText.appendQuoted(codePoints: document.codePoints[token.start..<token.end], to: &out)
                if let pinyin = token.pinyin {
                    JSONText.append(",\"pinyin\":", to: &out)
                    JSONText.appendQuoted(pinyin, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        JSONText.append("}\n", to: &out)
    }

    /// `{"id":…,"error":"reason","origin":"path:line"}`; the id is `null`
    /// when the record did not parse far enough to have one.
    public func writeRejection(_ rejection: Rejection, to out: inout [UInt8]) {
        JSONText.append("{\"id\":", to: &out)
        JSONText.append(rejection.idJSON ?? "null", to: &out)
        JSONText.append(",\"error\":", to: &out)
        JSONText.appendQuoted(rejection.reason, to: &out)
        JSONText.append(",\"origin\":", to: &out)
        JSONText.appendQuoted(rejection.origin, to: &out)
        JSONText.append("}\n", to: &out)
    }

    /// Appends `{"start":…,"end":…` (the object is left open).
    static func appendOffsets(_ range: Range<Int>, to out: inout [UInt8]) {
        JSONText.append("{\"start\":", to: &out)
        JSONText.appendInt(range.lowerBound, to: &out)
        JSONText.append(",\"end\":", to: &out)
        JSONText.appendInt(range.upperBound, to: &out)
    }

    static func appendRange(_ range: Range<Int>, of document: AnnotatedDocument, to out: inout [UInt8]) {
        appendOffsets(range, to: &out)
        JSONText.append(",\"text\":", to: &out)
        JSONText.appendQuoted(codePoints: document.codePoints[range], to: &out)
        out.append(UInt8(ascii: "}"))
    }

    static func appendMentions(_ mentions: [Mention], of document: AnnotatedDocument, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, mention) in mentions.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendOffsets(mention.start..<mention.end, to: &out)
            JSONText.append(",\"label\":", to: &out)
            JSONText.appendQuoted(mention.label, to: &out)
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: document.codePoints[mention.start..<mention.end], to: &out)
            JSONText.append(",\"rule\":", to: &out)
            JSONText.appendQuoted(mention.rule, to: &out)
            if !mention.attributes.isEmpty {
                JSONText.append(",\"attrs\":{", to: &out)
                for (position, key) in mention.attributes.keys.sorted().enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.appendQuoted(key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    JSONText.appendQuoted(mention.attributes[key]!, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }
}
