import Foundation
import TestSupport
import Testing
import ZhengmingSQLite

/// Issue 14, end to end: `zhengming posts` in every format, `eval --posts`,
/// the `posts` key of `annotate --format jsonl`, and `explain`, run as a
/// separate process with the default pack of the checkout.
@Suite struct PostsCommandTests {
    static var checkout: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var environment: [String: String] { ["ZHENGMING_RULES": checkout.appendingPathComponent("Rules").path] }
    static var seedsGold: String { checkout.appendingPathComponent("Corpus/gold/seeds.posts.jsonl").path }

    static let records = """
        {"id": "n1", "date": "2019-05-06", "text": "省委副书记、省长王建新主持会议，他说：\\"要抓落实,不松劲\\"。"}
        {"id": "n2", "text": "发布时间：2020-01-02\\n原湖北省委书记何国强、国务院副总理刘红出席。"}
        {"id": "n3", "text": "会议没有提到任何人。"}
        """

    static func run(_ arguments: [String], stdin: String? = nil) throws -> ZhengmingExecutable.Output {
        try ZhengmingExecutable.run(arguments, stdin: stdin, environment: environment)
    }

    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append(c); characters.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r", characters.first == "\n" { characters.removeFirst(); row.append(field); rows.append(row); row = []; field = "" }
            else { field.unicodeScalars.append(c) }
        }
        return rows
    }

    @Test func csvHasAHeaderAndOneRowPerRecord() throws {
        let result = try Self.run(["posts", "--input", "jsonl", "-q"], stdin: Self.records)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = Self.csvRows(result.stdout)
        let header = try #require(rows.first)
        #expect(Array(header.prefix(15)) == ["doc_id", "official", "organ", "title", "post", "status", "place", "sentence",
                                            "official_start", "official_end", "title_start", "title_end", "organ_start",
                                            "organ_end", "rule"])
        let column = { (name: String) in header.firstIndex(of: name)! }
        let body = rows.dropFirst()
        #expect(body.allSatisfy { $0.count == header.count })
        #expect(body.map { "\($0[column("doc_id")]) \($0[column("official")]) \($0[column("post")]) \($0[column("status")])" } == [
            "n1 王建新 省委副书记 current", "n1 王建新 省长 current",
            "n2 何国强 湖北省委书记 former", "n2 刘红 国务院副总理 current",
        ])
        #expect(body.first?[column("sentence")].contains("\"要抓落实,不松劲\"") == true, "quotes and commas survive")
        #expect(body.first?[column("date")] == "2019-05-06")
        #expect(body.last?[column("date")] == "2020-01-02", "from the dateline")
        #expect(body.first?[column("organ_start")] == "")
        #expect(result.stdout.hasSuffix("\r\n"))
    }

    /// pandas reads the CSV as it is, when Python and pandas are installed.
    @Test func pandasReadsTheCSV() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.jsonl", Self.records)
        let csv = directory.path("posts.csv")
        let result = try Self.run(["posts", input, "-o", csv, "-q"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
            import sys
            try:
                import pandas
            except ImportError:
                print("skip"); sys.exit(0)
            frame = pandas.read_csv(sys.argv[1])
            print(frame.shape[0], frame.shape[1], "|".join(frame["post"]), int(frame["official_start"].iloc[2]))
            """, csv]
        let pipe = Pipe()
        python.standardOutput = pipe
        guard (try? python.run()) != nil else { return }
        python.waitUntilExit()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard python.terminationStatus == 0, printed != "skip" else { return }
        #expect(printed == "4 19 省委副书记|省长|湖北省委书记|国务院副总理 23")
    }

    @Test func tsvAndJSONL() throws {
        let tsv = try Self.run(["posts", "--input", "jsonl", "--format", "tsv", "-q"], stdin: Self.records)
        let lines = tsv.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6 && lines.last == "")
        #expect(lines.dropLast().allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 19 })
        let jsonl = try Self.run(["posts", "--input", "jsonl", "--format", "jsonl", "-q"], stdin: Self.records)
        let objects = try jsonl.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 4)
        #expect(objects[2]["official"] as? String == "何国强" && objects[2]["status"] as? String == "former")
        #expect(objects[2]["organ_start"] as? Int != nil)
        #expect(objects[0]["organ"] is NSNull)
    }

    @Test func groupIsTheCareerTable() throws {
        let corpus = Self.records + "\n" + #"{"id": "n4", "date": "2021-07-01", "text": "湖北省委书记何国强讲话。"}"#
        let result = try Self.run(["posts", "--input", "jsonl", "--group", "--format", "tsv"], stdin: corpus)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(rows.first)
        let row = try #require(rows.first { $0.first == "何国强" })
        func cell(_ name: String) -> String { row[header.firstIndex(of: name)!] }
        #expect(cell("post") == "湖北省委书记" && cell("records") == "2" && cell("documents") == "2")
        #expect(cell("first_document") == "n2" && cell("last_document") == "n4")
        #expect(cell("first_date") == "2020-01-02" && cell("last_date") == "2021-07-01")
        #expect(cell("former") == "1" && cell("current") == "1")
        #expect(rows.count == 1 + 4)
        #expect(result.stderr.contains("5 record(s) in 4 (official, post) row(s) from 4 document(s)"))
    }

    @Test func sqliteAddsWithoutDuplicating() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("first.jsonl", Self.records)
        let database = directory.path("corpus.db")
        let once = try Self.run(["posts", first, "--format", "sqlite", "-o", database])
        #expect(once.status == 0, "stderr: \(once.stderr)")
        #expect(once.stderr.contains("3 document(s) added, 0 replaced, 4 record(s)"))
        let second = try directory.write("second.jsonl", #"{"id": "n3", "text": "国务院总理张国华出席。"}"# + "\n"
                                          + #"{"id": "n9", "text": "浙江省委书记张明华出席。"}"#)
        let twice = try Self.run(["posts", first, second, "--format", "sqlite", "-o", database, "-q"])
        #expect(twice.status == 0, "stderr: \(twice.stderr)")
        let opened = try PostDatabase(path: database)
        #expect(try opened.count("documents") == 4)
        #expect(try opened.query("SELECT official, post, status FROM posts WHERE post LIKE '%省委书记' ORDER BY official")
                == [["何国强", "湖北省委书记", "former"], ["张明华", "浙江省委书记", "current"]])
        #expect(try opened.count("posts") == 6, "the second run replaced n1–n3 and added n9")
    }

    @Test func sqliteNeedsAnOutputFile() throws {
        let result = try Self.run(["posts", "--format", "sqlite"], stdin: "省长王建新。")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--format sqlite needs -o FILE"))
    }

    @Test func evalPostsOnTheSeeds() throws {
        let result = try Self.run(["eval", "--posts", "--gold", Self.seedsGold, "--errors", "3"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let line = try #require(result.stdoutLines.first { $0.hasPrefix("official, post, status") })
        let f1 = try #require(Double(line.split(separator: " ").last.map(String.init) ?? ""))
        #expect(f1 >= 0.95, "\(result.stdout)")
        #expect(result.stdout.contains("per document (text, post)"))
        #expect(result.stdout.contains("status (gold ↓, predicted →)"))
    }

    @Test func evalPostsScoresAPredictionsFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let gold = try directory.write("gold.posts.jsonl", """
            {"id": "g", "text": "省长王建新出席。", "posts": [{"official": {"start": 2, "end": 5, "text": "王建新"}, "post": "省长", "status": "current"}]}
            """)
        let predicted = try Self.run(["annotate", "--input", "jsonl", "--format", "jsonl", "-q"],
                                     stdin: #"{"id": "g", "text": "省长王建新出席。"}"#)
        let predictions = try directory.write("pred.jsonl", predicted.stdout)
        let result = try Self.run(["eval", "--posts", "--gold", gold, "--pred", predictions])
        let line = try #require(result.stdoutLines.first { $0.hasPrefix("official, post, status") })
        #expect(line.hasSuffix("1.0000 1.0000 1.0000"), "\(result.stdout)")
    }

    @Test func evalPostsWarnsAboutASpanGoldFile() throws {
        let spansGold = Self.checkout.appendingPathComponent("Corpus/gold/seeds.gold.jsonl").path
        let result = try Self.run(["eval", "--posts", "--gold", spansGold])
        #expect(result.stderrLines.first?.hasSuffix("no \"posts\" list (a span gold file? person–post gold has \"posts\"); scored as a document without records") == true,
                "\(result.stderr)")
    }

    @Test func annotateJSONLCarriesPosts() throws {
        let result = try Self.run(["annotate", "--input", "jsonl", "--format", "jsonl", "-q"], stdin: Self.records)
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 3)
        #expect(objects.allSatisfy { $0["posts"] is [Any] }, "every record has the key")
        let posts = try #require(objects[1]["posts"] as? [[String: Any]])
        let former = try #require(posts.first)
        #expect((former["official"] as? [String: Any])?["text"] as? String == "何国强")
        #expect((former["organ"] as? [String: Any])?["text"] as? String == "湖北省委")
        #expect((former["title"] as? [String: Any])?["start"] as? Int == 21, "发布时间：2020-01-02\\n原湖北省委 is 21 code points")
        #expect(former["post"] as? String == "湖北省委书记" && former["status"] as? String == "former")
        #expect((former["cue"] as? [String: Any])?["text"] as? String == "原")
        #expect(former["rule"] as? String == "post.title-before-name")
        let first = try #require((objects[0]["posts"] as? [[String: Any]])?.first)
        #expect(first["organ"] is NSNull)
    }

    @Test func explainShowsWhyEachPostWasLinked() throws {
        let result = try Self.run(["explain", "杭州市政府原党组成员、副市长冯德胜出席。"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("Posts (who holds what):"))
        #expect(result.stdout.contains("冯德胜 [14,17) holds '杭州市政府副市长', former ← post rule post.title-before-name"))
        #expect(result.stdout.contains("organ '杭州市政府' (written before the list, shared by this title); status from cue '原'"))
    }

    @Test func rulesCheckAndTestCoverPostRules() throws {
        let pack = try TemporaryDirectory("zhengming-pack")
        defer { pack.remove() }
        try pack.write("posts.yaml", """
            posts:
              - name: my.broken
                pattern: '(?<holders>@OFFICIAL)@TITLE'
            """)
        let check = try Self.run(["rules", "check", "--rules", pack.path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("\(pack.path)/posts.yaml:3:14: error[Z080 post-role]: post rule 'my.broken' has no (?<posts>…) capture"))
        let test = try Self.run(["rules", "test", "--only", "post."])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.contains(" passed, 0 failed"))
    }
}
