import Foundation
import TestSupport
import Testing
import Zhengming
@testable import ZhengmingSQLite

/// The SQLite database of `posts --format sqlite`: the tables and the
/// issue's query, documents keyed by id across runs, and refusal of a file
/// that is not ours.
@Suite struct PostDatabaseTests {
    static var packPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules").path
    }

    static let rules: RuleSet? = try? RuleSet.load(packs: [packPath])

    static func annotate(_ documents: [(String, String)]) throws -> [AnnotatedDocument] {
        let annotator = try Annotator(rules: try #require(rules), pinyin: nil)
        return try documents.map { try annotator.annotate(Document(id: $0.0, text: $0.1)) }
    }

    @Test func tablesIndexesAndTheIssuesQuery() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try PostDatabase(path: directory.path("corpus.db"))
        try database.begin()
        for document in try Self.annotate([("a", "湖南省委书记杜家毫出席。"), ("b", "省委副书记、省长唐一军主持会议。")]) {
            try database.add(document)
        }
        try database.commit()
        #expect(try database.count("documents") == 2)
        #expect(try database.count("posts") == 3)
        #expect(try database.count("mentions") == 6)
        let rows = try database.query("SELECT official, post, status FROM posts WHERE post LIKE '%省委书记' ORDER BY official")
        #expect(rows == [["杜家毫", "湖南省委书记", "current"]])
        let fused = try database.query("SELECT organ, organ_start, resolved, title_start, title_end FROM posts WHERE post = '省委副书记'")
        #expect(fused == [[nil, nil, nil, "0", "5"]])
        let indexes = try database.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        #expect(indexes.map { $0[0] ?? "" } == ["mentions_document", "mentions_label_text", "posts_document", "posts_official",
                                                "posts_post", "posts_status"])
        let careers = try database.query("SELECT official, post, records, current FROM careers WHERE official = '唐一军' ORDER BY post")
        #expect(careers == [["唐一军", "省委副书记", "1", "1"], ["唐一军", "省长", "1", "1"]])
    }

    @Test func addingAgainReplacesByDocumentID() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("corpus.db")
        do {
            let database = try PostDatabase(path: path)
            for document in try Self.annotate([("a", "湖南省委书记杜家毫出席。"), ("b", "省长唐一军出席。")]) { try database.add(document) }
            #expect(database.added == 2 && database.replaced == 0)
        }
        let database = try PostDatabase(path: path)
        for document in try Self.annotate([("b", "原湖北省委书记何国强出席。"), ("c", "国务院副总理刘红、陈立平出席。")]) {
            try database.add(document)
        }
        #expect(database.added == 1 && database.replaced == 1)
        #expect(try database.count("documents") == 3)
        #expect(try database.query("SELECT official, status FROM posts WHERE document_id = 'b'") == [["何国强", "former"]])
        #expect(try database.count("posts") == 4)
        #expect(try database.query("SELECT count(*) FROM mentions WHERE document_id = 'b'") == [["3"]])
    }

    @Test func foreignDatabasesAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("other.db")
        do {
            let other = try SQLiteConnection(path: path)
            try other.execute("CREATE TABLE notes (x TEXT)")
        }
        #expect(throws: SQLiteError.self) { try PostDatabase(path: path) }
        let newer = directory.path("newer.db")
        do {
            _ = try PostDatabase(path: newer)
            try SQLiteConnection(path: newer).execute("PRAGMA user_version = 99")
        }
        let error = try #require(throws: SQLiteError.self) { try PostDatabase(path: newer) }
        #expect(error.description.contains("schema version 99"))
        #expect(throws: SQLiteError.self) { try PostDatabase(path: directory.path("missing/dir/x.db")) }
    }
}
