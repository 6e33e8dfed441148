/// JSONL output: one object per record, in one of two profiles.
///
/// `annotate` (the output of `zhengming annotate --format jsonl`):
///
///     {"id": …, <input fields>, "text": …,
///      "spans": [{"start", "end", "label", "text", "rule", "attrs"?}],
///      "relations": [...]?, "posts": [...]?, "nested": [...]?, "sentences": [...]?, "tokens": [...]?}
///
/// The input `id` is written as it was (a string or a number); `posts` (the
/// person–post records, shape in `PostJSON`) whenever the pack has post
/// rules, empty or not; `nested`
/// (every mention accepted by a phase, overlaps allowed) and
/// `sentences`/`tokens` (with pinyin) are added on request.
///
/// `training` (`zhengming export`), in the shape spaCy, Prodigy and Hugging
/// Face `datasets` read:
///
///     {"id", "document"?, "sentence"?, "offset"?, <input fields>, "text",
///      "spans": [{"start", "end", "label", "source", "text", "attrs"?}],
///      "relations": [...]?, "posts": [...]?, "tokens": [{"text", "start", "end", "id", "ws"}],
///      "votes": [{"start", "end", "label", "rule", "status"}]?}
///
/// Ids are always strings there (a numeric input id becomes one), because
/// Arrow needs one type per column; a sentence record names its `document`,
/// its number in it (`sentence`, from 1) and its `offset` (code points) in
/// the document's text. `source` is `gold` or the rule's name. Tokens are
/// Prodigy's (`ws`: white space follows). `votes` (`--votes`) lists every
/// candidate every rule proposed, losers included, with how far it got
/// (`flat`, `nested`, `lost`): the labelling-function matrix that
/// weak-supervision tools such as skweak aggregate.
///
/// In both, `text` is the record's text, unchanged, and every offset is a
/// code point into it (Python `str` indexes); fields of a JSONL input record
/// other than `id` and `text` are copied back verbatim, unless the writer
/// writes a field of that name itself.
public struct JSONLWriter: RecordWriter {
    public enum Profile: Sendable { case annotate, training }

    public var profile: Profile
    public var includeNested: Bool
    public var includeTokens: Bool
    public var includeVotes: Bool

    public init(profile: Profile = .annotate, includeNested: Bool = false, includeTokens: Bool = false,
                includeVotes: Bool = false) {
        self.profile = profile
        self.includeNested = includeNested
        self.includeTokens = includeTokens || profile == .training
        self.includeVotes = includeVotes
    }

    public func write(_ record: Record, to out: inout [UInt8]) {
        let training = profile == .training
        appendHead(record, to: &out)
        JSONText.appendQuoted(record.text, to: &out)
        JSONText.append(",\"spans\":", to: &out)
        Self.appendMentions(record.spans, of: record, training: training, to: &out)
        if !record.relations.isEmpty { Self.appendRelations(record.relations, of: record, to: &out) }
        appendPosts(record, to: &out)
        if includeNested {
            JSONText.append(",\"nested\":", to: &out)
            Self.appendMentions(record.nested, of: record, training: training, to: &out)
        }
        if training {
            appendTrainingTokens(record, to: &out)
        } else if includeTokens {
            appendTokens(record, to: &out)
        }
        if includeVotes { appendVotes(record.votes, to: &out) }
        JSONText.append("}\n", to: &out)
    }

    /// `,"relations":[…]`.
    static func appendRelations(_ relations: [Relation], of record: Record, to out: inout [UInt8]) {
        JSONText.append(",\"relations\":[", to: &out)
        for (index, relation) in relations.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append("{\"subject\":", to: &out)
            Self.appendRange(relation.subject, of: record, to: &out)
            JSONText.append(",\"predicate\":", to: &out)
            JSONText.appendQuoted(relation.predicate, to: &out)
            JSONText.append(",\"object\":", to: &out)
            Self.appendRange(relation.object, of: record, to: &out)
            JSONText.append(",\"rule\":", to: &out)
            JSONText.appendQuoted(relation.rule, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Everything before the text's value: `{"id":…, <input fields>,"text":`.
    func appendHead(_ record: Record, to out: inout [UInt8]) {
        let training = profile == .training
        JSONText.append("{\"id\":", to: &out)
        if !training, record.sentenceIndex == nil, let raw = record.document.idJSON { JSONText.append(raw, to: &out) }
        else { JSONText.appendQuoted(record.id, to: &out) }
        if let index = record.sentenceIndex {
            JSONText.append(",\"document\":", to: &out)
            JSONText.appendQuoted(record.documentID, to: &out)
            JSONText.append(",\"sentence\":", to: &out)
            JSONText.appendInt(index + 1, to: &out)
            JSONText.append(",\"offset\":", to: &out)
            JSONText.appendInt(record.offset, to: &out)
        }
        for (key, raw) in record.document.passthrough where !writesField(key, record) {
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.append(raw, to: &out)
        }
        JSONText.append(",\"text\":", to: &out)
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

    /// `,"posts":[…]` when the linker ran on the record's document (a
    /// sentence record's posts are relative to the sentence, like its spans).
    func appendPosts(_ record: Record, to out: inout [UInt8]) {
        guard record.postsLinked else { return }
        PostJSON.appendPosts(record.posts, codePoints: record.codePoints, to: &out)
    }

    /// True when the writer writes a field named `key` itself, so a
    /// passthrough field of that name would make a duplicate key.
    func writesField(_ key: String, _ record: Record) -> Bool {
        switch key {
        case "spans", "nested": true
        case "relations": !record.relations.isEmpty
        case "posts": record.postsLinked
        case "sentences": profile == .annotate && includeTokens
        case "tokens": includeTokens
        case "votes": includeVotes
        case "document", "sentence", "offset": record.sentenceIndex != nil
        default: false
        }
    }

    /// `annotate --tokens`: `"sentences":[{start,end}]` and
    /// `"tokens":[{start,end,text,pinyin?}]`.
    private func appendTokens(_ record: Record, to out: inout [UInt8]) {
        JSONText.append(",\"sentences\":[", to: &out)
        Self.appendSentenceObjects(record.sentences, to: &out)
        JSONText.append("],\"tokens\":[", to: &out)
        Self.appendTokenObjects(record.tokens, codePoints: record.codePoints, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// `{start,end}` objects, comma-separated.
    static func appendSentenceObjects(_ sentences: [Range<Int>], to out: inout [UInt8]) {
        for (index, sentence) in sentences.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendOffsets(sentence, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `{start,end,text,pinyin?}` objects, comma-separated.
    static func appendTokenObjects(_ tokens: [Token], codePoints: [UInt32], to out: inout [UInt8]) {
        for (index, token) in tokens.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendOffsets(token.start..<token.end, to: &out)
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: codePoints[token.start..<token.end], to: &out)
            if let pinyin = token.pinyin {
                JSONText.append(",\"pinyin\":", to: &out)
                JSONText.appendQuoted(pinyin, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Prodigy's tokens: `"tokens":[{text,start,end,id,ws}]`.
    private func appendTrainingTokens(_ record: Record, to out: inout [UInt8]) {
        JSONText.append(",\"tokens\":[", to: &out)
        for (index, token) in record.tokens.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append("{\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: record.codePoints[token.start..<token.end], to: &out)
            let spaceAfter = token.end < record.codePoints.count && record.codePoints[token.end].isWhiteSpace
            JSONText.append(",\"start\":\(token.start),\"end\":\(token.end),\"id\":\(index),\"ws\":\(spaceAfter)}", to: &out)
        }
        out.append(UInt8(ascii: "]"))
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

    /// Appends `{"start":…,"end":…` (the object is left open).
    static func appendOffsets(_ range: Range<Int>, to out: inout [UInt8]) {
        JSONText.append("{\"start\":", to: &out)
        JSONText.appendInt(range.lowerBound, to: &out)
        JSONText.append(",\"end\":", to: &out)
        JSONText.appendInt(range.upperBound, to: &out)
    }

    static func appendRange(_ range: Range<Int>, of record: Record, to out: inout [UInt8]) {
        appendOffsets(range, to: &out)
        JSONText.append(",\"text\":", to: &out)
        JSONText.appendQuoted(codePoints: record.codePoints[range], to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The spans: `{"start","end","label","text","rule","attrs"?}`, or in the
    /// training profile `{"start","end","label","source","text","attrs"?}`.
    static func appendMentions(_ mentions: [Mention], of record: Record, training: Bool, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        appendMentionObjects(mentions, codePoints: record.codePoints, training: training, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// The span objects of `appendMentions`, comma-separated.
    static func appendMentionObjects(_ mentions: [Mention], codePoints: [UInt32], training: Bool,
                                     to out: inout [UInt8]) {
        for (index, mention) in mentions.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendOffsets(mention.start..<mention.end, to: &out)
            JSONText.append(",\"label\":", to: &out)
            JSONText.appendQuoted(mention.label, to: &out)
            if training {
                JSONText.append(",\"source\":", to: &out)
                JSONText.appendQuoted(mention.rule, to: &out)
            }
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: codePoints[mention.start..<mention.end], to: &out)
            if !training {
                JSONText.append(",\"rule\":", to: &out)
                JSONText.appendQuoted(mention.rule, to: &out)
            }
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
    }
}
