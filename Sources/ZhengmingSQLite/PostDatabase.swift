import Zhengming

/// A SQLite database of annotated documents, their mentions and their
/// person–post records, written by `zhengming posts --format sqlite`:
///
///     documents(id PRIMARY KEY, origin, date, characters, sentences, text, fields)
///     mentions(document_id, start_offset, end_offset, label, text, rule)
///     posts(id, document_id, official, organ, title, post, status, place,
///           resolved, cue, sentence, sentence_index, official_start,
///           official_end, title_start, title_end, organ_start, organ_end,
///           place_start, place_end, rule, date)
///     careers: a view, one row per (official, post) as `posts --group`
///
/// with indexes on the columns queries filter by (`posts.official`,
/// `posts.post`, `posts.status`, `posts.document_id`, `mentions(label, text)`,
/// `mentions.document_id`). Documents are keyed by id: adding a document
/// whose id is already there replaces its row, mentions and posts, so
/// running again over a corpus that grew adds the new documents and
/// duplicates nothing. `PRAGMA user_version` records the schema version; a
/// database of another version is refused rather than mixed.
public final class PostDatabase {
    public static let schemaVersion = 1

    private let connection: SQLiteConnection
    private let exists: SQLiteStatement
    private let deleteMentions: SQLiteStatement
    private let deletePosts: SQLiteStatement
    private let upsertDocument: SQLiteStatement
    private let insertMention: SQLiteStatement
    private let insertPost: SQLiteStatement
    private var inTransaction = false

    /// Documents added that were new, and that replaced one of the same id.
    public private(set) var added = 0
    public private(set) var replaced = 0
    public var path: String { connection.path }

    public init(path: String) throws {
        connection = try SQLiteConnection(path: path)
        let version = try connection.integer("PRAGMA user_version") ?? 0
        let tables = try connection.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        let postsTables = try connection.integer("SELECT count(*) FROM sqlite_master WHERE name = 'posts'") ?? 0
        if version == 0 && tables > 0 && postsTables == 0 {
            throw SQLiteError(path: path, message: "not a Zhengming posts database (it has tables but no 'posts'); choose a new file")
        }
        if version != 0 && version != Self.schemaVersion {
            throw SQLiteError(path: path, message: "schema version \(version), this zhengming writes version \(Self.schemaVersion); write to a new file")
        }
        try connection.execute(Self.schema)
        exists = try connection.prepare("SELECT 1 FROM documents WHERE id = ?1")
        deleteMentions = try connection.prepare("DELETE FROM mentions WHERE document_id = ?1")
        deletePosts = try connection.prepare("DELETE FROM posts WHERE document_id = ?1")
        upsertDocument = try connection.prepare("""
            INSERT INTO documents (id, origin, date, characters, sentences, text, fields)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, date = excluded.date,
                characters = excluded.characters, sentences = excluded.sentences,
                text = excluded.text, fields = excluded.fields
            """)
        insertMention = try connection.prepare("""
            INSERT INTO mentions (document_id, start_offset, end_offset, label, text, rule)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
        insertPost = try connection.prepare("""
            INSERT INTO posts (document_id, official, organ, title, post, status, place, resolved, cue,
                sentence, sentence_index, official_start, official_end, title_start, title_end,
                organ_start, organ_end, place_start, place_end, rule, date)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
            """)
    }

    static let schema = """
        PRAGMA foreign_keys = ON;
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY,
            origin TEXT,
            date TEXT,
            characters INTEGER NOT NULL,
            sentences INTEGER NOT NULL,
            text TEXT NOT NULL,
            fields TEXT
        );
        CREATE TABLE IF NOT EXISTS mentions (
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            rule TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS mentions_document ON mentions (document_id);
        CREATE INDEX IF NOT EXISTS mentions_label_text ON mentions (label, text);
        CREATE TABLE IF NOT EXISTS posts (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            official TEXT NOT NULL,
            organ TEXT,
            title TEXT NOT NULL,
            post TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('current', 'former', 'appointed', 'removed')),
            place TEXT,
            resolved TEXT,
            cue TEXT,
            sentence TEXT,
            sentence_index INTEGER,
            official_start INTEGER NOT NULL,
            official_end INTEGER NOT NULL,
            title_start INTEGER NOT NULL,
            title_end INTEGER NOT NULL,
            organ_start INTEGER,
            organ_end INTEGER,
            place_start INTEGER,
            place_end INTEGER,
            rule TEXT NOT NULL,
            date TEXT
        );
        CREATE INDEX IF NOT EXISTS posts_document ON posts (document_id);
        CREATE INDEX IF NOT EXISTS posts_official ON posts (official);
        CREATE INDEX IF NOT EXISTS posts_post ON posts (post);
        CREATE INDEX IF NOT EXISTS posts_status ON posts (status);
        CREATE VIEW IF NOT EXISTS careers AS
            SELECT official, post, count(*) AS records, count(DISTINCT document_id) AS documents,
                   min(date) AS first_date, max(date) AS last_date,
                   sum(status = 'current') AS current, sum(status = 'former') AS former,
                   sum(status = 'appointed') AS appointed, sum(status = 'removed') AS removed
            FROM posts GROUP BY official, post;
        PRAGMA user_version = \(schemaVersion);
        """

    /// Starts a transaction (batches of documents are written in one).
    public func begin() throws {
        guard !inTransaction else { return }
        try connection.execute("BEGIN IMMEDIATE")
        inTransaction = true
    }

    public func commit() throws {
        guard inTransaction else { return }
        try connection.execute("COMMIT")
        inTransaction = false
    }

    /// Adds (or replaces) a document with its mentions and posts.
    public func add(_ document: AnnotatedDocument) throws {
        let id = document.document.id
        try exists.bind([.text(id)])
        let known = try exists.step()
        if known {
            try deleteMentions.run([.text(id)])
            try deletePosts.run([.text(id)])
            replaced += 1
        } else {
            added += 1
        }
        let date = DocumentDate.of(document)
        let fields = document.document.passthrough.isEmpty ? nil
            : "{" + document.document.passthrough.map { Self.jsonString($0.key) + ":" + $0.rawValue }.joined(separator: ",") + "}"
        try upsertDocument.run([.text(id), .text(document.document.origin), SQLiteValue(date),
                                .integer(document.codePoints.count), .integer(document.sentences.count),
                                .text(document.document.text), SQLiteValue(fields)])
        for mention in document.mentions {
            try insertMention.run([.text(id), .integer(mention.start), .integer(mention.end), .text(mention.label),
                                   .text(document.text(mention.start..<mention.end)), .text(mention.rule)])
        }
        for row in PostRow.rows(of: document) {
            try insertPost.run([
                .text(id), .text(row.official), SQLiteValue(row.organ), .text(row.title), .text(row.post),
                .text(row.status.rawValue), SQLiteValue(row.place), SQLiteValue(row.resolved), SQLiteValue(row.cue),
                .text(row.sentence), .integer(row.sentenceIndex),
                .integer(row.officialRange.lowerBound), .integer(row.officialRange.upperBound),
                .integer(row.titleRange.lowerBound), .integer(row.titleRange.upperBound),
                SQLiteValue(row.organRange?.lowerBound), SQLiteValue(row.organRange?.upperBound),
                SQLiteValue(row.placeRange?.lowerBound), SQLiteValue(row.placeRange?.upperBound),
                .text(row.rule), SQLiteValue(row.date),
            ])
        }
    }

    /// Counts rows of a table (for messages and tests).
    public func count(_ table: String) throws -> Int {
        guard ["documents", "mentions", "posts"].contains(table) else { return 0 }
        return try connection.integer("SELECT count(*) FROM \(table)") ?? 0
    }

    /// The rows of a query, every column as text (for tests and tools).
    public func query(_ sql: String) throws -> [[String?]] {
        let statement = try connection.prepare(sql)
        var rows: [[String?]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.text(at: $0) })
        }
        return rows
    }

    private static func jsonString(_ text: String) -> String { JSONText.quoted(text) }
}
