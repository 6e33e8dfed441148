/// One row of the `posts` table: a record with its document, its texts and
/// its offsets, as `zhengming posts` writes it (CSV, TSV, JSONL, SQLite).
public struct PostRow: Sendable {
    /// The columns, in order: the fifteen, then what a researcher
    /// also wants in the same row.
    public static let columns = [
        "doc_id", "official", "organ", "title", "post", "status", "place", "sentence",
        "official_start", "official_end", "title_start", "title_end", "organ_start", "organ_end", "rule",
        "resolved", "cue", "date", "sentence_index",
    ]

    public var documentID: String
    public var official: String
    public var organ: String?
    public var title: String
    public var post: String
    public var status: PostStatus
    public var place: String?
    /// The sentence's text, line breaks and tabs turned into spaces.
    public var sentence: String
    public var officialRange: Range<Int>
    public var titleRange: Range<Int>
    public var organRange: Range<Int>?
    public var placeRange: Range<Int>?
    public var rule: String
    public var resolved: String?
    public var cue: String?
    public var date: String?
    public var sentenceIndex: Int

    /// The rows of an annotated document's records.
    public static func rows(of document: AnnotatedDocument) -> [PostRow] { rows(of: Record(document)) }

    /// The rows of a (document) record's posts.
    public static func rows(of document: Record) -> [PostRow] {
        guard !document.posts.isEmpty else { return [] }
        let date = DocumentDate.of(document)
        return document.posts.map { post in
            let sentence = post.sentence < document.sentences.count ? document.sentences[post.sentence] : post.match
            return PostRow(
                documentID: document.documentID, official: document.text(post.official),
                organ: post.organ.map(document.text), title: document.text(post.title), post: post.post,
                status: post.status, place: post.place.map(document.text),
                sentence: String(document.text(sentence).map { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" ? " " : $0 }),
                officialRange: post.official, titleRange: post.title, organRange: post.organ, placeRange: post.place,
                rule: post.rule,
                resolved: post.resolved, cue: post.cue.map(document.text), date: date, sentenceIndex: post.sentence)
        }
    }

    /// The row's values in `columns` order; nil for an empty cell.
    public var values: [String?] {
        [documentID, official, organ, title, post, status.rawValue, place, sentence,
         String(officialRange.lowerBound), String(officialRange.upperBound),
         String(titleRange.lowerBound), String(titleRange.upperBound),
         organRange.map { String($0.lowerBound) }, organRange.map { String($0.upperBound) }, rule,
         resolved, cue, date, String(sentenceIndex)]
    }

    /// Whether a column holds integers (JSONL writes them as numbers).
    public static let numericColumns: Set<String> = [
        "official_start", "official_end", "title_start", "title_end", "organ_start", "organ_end", "sentence_index",
    ]
}
