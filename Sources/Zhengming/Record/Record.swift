/// One output record: a document, or one sentence of it, with everything a
/// writer may show. Every format (CoNLL, JSONL, char-bio, CoNLL-U, brat,
/// Label Studio, doccano, and the sinks added later) reads records, and both
/// `annotate` and `export` build them once per document (`init(_:)` and
/// `ExportAnnotator`), so a field added here reaches every writer that shows
/// it, instead of drifting between two code paths.
///
/// Offsets of every span, token, sentence and relation are code points into
/// `text` (Python `str` indexes). A sentence record's text is the sentence,
/// trimmed of white space; `offset` says where it starts in its document,
/// so that `document.text[offset + start ..< offset + end]` is the span too.
public struct Record: Sendable {
    /// The document the record comes from: its id, the raw JSON of an input
    /// id, its text, its passthrough fields (kept in every JSON format), and
    /// where it was read (for messages).
    public var document: Document
    /// The document id, or `id#n` for the n-th sentence (from 1).
    public var id: String
    /// The sentence's index in its document (from 0), for sentence records.
    public var sentenceIndex: Int?
    /// Where `text` starts in the document, in code points (0 for a whole document).
    public var offset: Int
    public var text: String
    public var codePoints: [UInt32]
    /// Sentence ranges (one, covering the text, for a sentence record).
    public var sentences: [Range<Int>]
    public var tokens: [Token]
    /// The flat layer: sorted, non-overlapping. `rule` is the rule's name,
    /// or `Mention.goldSource` for a span from gold data; `attributes` the
    /// rule's and the lexicon entry's attributes.
    public var spans: [Mention]
    /// Every mention a phase accepted (may overlap), when asked for.
    public var nested: [Mention]
    public var relations: [Relation]
    /// Every candidate any rule proposed, losers included (export `--votes`).
    public var votes: [ExportVote]
    /// The person–post records (`AnnotatedDocument.posts`); a sentence
    /// record has those whose official and title lie in it.
    public var posts: [Post]
    /// Whether the post linker ran (the pack has post rules): JSON writers
    /// then write `posts` even when it is empty, so every record has the key.
    public var postsLinked: Bool
    /// The split the record belongs to (an index into the export's split
    /// names; 0 outside export).
    public var split: Int

    public init(document: Document, id: String? = nil, sentenceIndex: Int? = nil, offset: Int = 0,
                text: String? = nil, codePoints: [UInt32]? = nil, sentences: [Range<Int>] = [], tokens: [Token] = [],
                spans: [Mention] = [], nested: [Mention] = [], relations: [Relation] = [], votes: [ExportVote] = [],
                posts: [Post] = [], postsLinked: Bool = false, split: Int = 0) {
        self.document = document
        self.id = id ?? document.id
        self.sentenceIndex = sentenceIndex
        self.offset = offset
        self.text = text ?? document.text
        self.codePoints = codePoints ?? (text ?? document.text).codePoints
        self.sentences = sentences
        self.tokens = tokens
        self.spans = spans
        self.nested = nested
        self.relations = relations
        self.votes = votes
        self.posts = posts
        self.postsLinked = postsLinked
        self.split = split
    }

    /// The record of an annotated document, as `annotate` writes it. Shares
    /// the document's arrays (nothing is copied).
    public init(_ annotated: AnnotatedDocument) {
        self.init(document: annotated.document, text: annotated.document.text, codePoints: annotated.codePoints,
                  sentences: annotated.sentences, tokens: annotated.tokens, spans: annotated.mentions,
                  nested: annotated.nested, relations: annotated.relations, posts: annotated.posts,
                  postsLinked: annotated.postsLinked)
    }

    /// The document id (the same for all sentence records of a document).
    public var documentID: String { document.id }

    /// The text of a code-point range of the record.
    public func text(_ range: Range<Int>) -> String { String(codePoints: codePoints[range]) }

    /// The tokens of each sentence, as index ranges into `tokens`.
    public var tokensBySentence: [Range<Int>] { tokens.ranges(in: sentences) }
}

extension Mention {
    /// The `rule` of a span taken from gold data, and its `source` in export.
    public static let goldSource = "gold"

    /// True for a span from gold data.
    public var isGold: Bool { rule == Self.goldSource }

    /// The same mention moved `offset` code points to the left (into a
    /// sentence record).
    func shifted(by offset: Int) -> Mention {
        var copy = self
        copy.start -= offset
        copy.end -= offset
        copy.normalizedStart -= offset
        copy.normalizedEnd -= offset
        return copy
    }
}
