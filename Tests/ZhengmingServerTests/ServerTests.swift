import Foundation
import TestSupport
import Testing
import Zhengming
@testable import ZhengmingServer

/// `zhengming serve` over real HTTP: each test starts the application on an
/// ephemeral loopback port (`ServerFixture`) and talks to it with URLSession.
@Suite struct ServerTests {
    static let sentence = "湖南省委书记张庆伟在长沙主持召开会议。"

    /// The records `annotate --format jsonl` writes for `lines` (a JSONL
    /// input), computed with the library exactly as the command does.
    static func annotateJSONL(_ lines: [String], packs: [String] = [ServerFixture.defaultPack],
                              nested: Bool = false, tokens: Bool = false) throws -> String {
        let directory = try TemporaryDirectory("zhengming-serve")
        defer { directory.remove() }
        let input = try directory.write("input.jsonl", lines.joined(separator: "\n") + "\n")
        let runner = try CorpusRunner(rules: try RuleSet.load(packs: packs),
                                      options: .init(jobs: 1, pinyin: tokens ? .marks : nil))
        var out: [UInt8] = []
        try runner.run(DocumentStream(paths: [input]), writer: JSONLWriter(includeNested: nested, includeTokens: tokens),
                       emit: { out += $0 }, report: { message, _ in Issue.record("\(message)") })
        return String(decoding: out, as: UTF8.self)
    }

    @Test func annotateTakesTextJSONDocumentsAndPlainText() async throws {
        try await ServerFixture.with { client in
            let single = try await client.post("/annotate", json: #"{"text": "\#(Self.sentence)"}"#)
            #expect(single.status == 200)
            #expect(single.contentType == "application/x-ndjson")
            let record = try single.json
            let spans = try #require(record["spans"] as? [[String: Any]])
            let shown = spans.map { "\($0["text"]!)/\($0["label"]!)" }
            #expect(shown.contains("张庆伟/OFFICIAL"))
            for span in spans {
                let start = span["start"] as! Int, end = span["end"] as! Int
                #expect(String(Self.sentence.unicodeScalars.dropFirst(start).prefix(end - start)) == span["text"] as? String)
            }

            let lines = [#"{"id": "a", "text": "\#(Self.sentence)", "source": {"paper": "人民日报"}}"#,
                         #"{"id": 7, "text": "2018年2月22日，国务院总理李克强主持召开国务院常务会议。"}"#]
            let many = try await client.post("/annotate", json: #"{"documents": [\#(lines.joined(separator: ","))]}"#)
            #expect(many.status == 200)
            #expect(many.text == (try Self.annotateJSONL(lines)))

            let plain = try await client.post("/annotate", body: Data(Self.sentence.utf8), contentType: "text/plain; charset=utf-8")
            #expect(plain.status == 200)
            #expect(try plain.json["id"] as? String == "1")
            #expect((try plain.json["spans"] as? [[String: Any]])?.count == spans.count)
        }
    }

    @Test func nestedAndTokensAreAskedForByQuery() async throws {
        try await ServerFixture.with { client in
            let line = #"{"id": "n", "text": "\#(Self.sentence)"}"#
            let both = try await client.post("/annotate?nested=1&tokens=true", json: line)
            #expect(both.status == 200)
            #expect(both.text == (try Self.annotateJSONL([line], nested: true, tokens: true)))
            let object = try both.json
            #expect(object["nested"] is [Any] && object["tokens"] is [Any] && object["sentences"] is [Any])
            let neither = try await client.post("/annotate", json: line)
            #expect(try neither.json["nested"] == nil && neither.json["tokens"] == nil)
        }
    }

    @Test func htmlFragmentEscapesTheText() async throws {
        try await ServerFixture.with { client in
            let hostile = "<script>alert(1)</script>湖南省委书记张庆伟"
            let answer = try await client.post("/annotate?format=html", body: Data(hostile.utf8), contentType: "text/plain")
            #expect(answer.status == 200)
            #expect(answer.contentType?.hasPrefix("text/html") == true)
            #expect(!answer.text.contains("<script>"))
            #expect(answer.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(answer.text.contains(#"<mark class="zm-m" data-l="OFFICIAL""#))
            // The posts table: who holds what.
            #expect(answer.text.contains("<table class=\"zm-posts\">"))
            #expect(answer.text.contains("<tr><td>张庆伟</td><td>湖南省委书记</td><td>湖南省委</td><td>书记</td><td>current</td>"))
        }
    }

    @Test func explainSaysWhichRuleMadeEachMention() async throws {
        try await ServerFixture.with { client in
            let answer = try await client.post("/explain", json: #"{"text": "\#(Self.sentence)"}"#)
            #expect(answer.status == 200)
            let object = try answer.json
            let mentions = try #require(object["mentions"] as? [[String: Any]])
            let official = try #require(mentions.first { $0["label"] as? String == "OFFICIAL" })
            #expect(official["text"] as? String == "张庆伟")
            #expect((official["rule"] as? String)?.isEmpty == false)
            #expect((official["location"] as? String)?.contains(".yaml:") == true)
            #expect(official["pattern"] is String && official["phase"] is String)
            #expect(object["lost"] is [Any] && object["resolutions"] is [Any])
        }
    }

    @Test func rulesAndHealthDescribeWhatIsInService() async throws {
        let expected = try RuleSet.load(packs: [ServerFixture.defaultPack])
        try await ServerFixture.with { client in
            let rules = try await client.get("/rules")
            #expect(rules.status == 200)
            let object = try rules.json
            #expect(object["labels"] as? [String] == expected.labels)
            #expect(object["phases"] as? [String] == expected.phases)
            #expect((object["rules"] as? [Any])?.count == expected.rules.count)
            let lexicons = try #require(object["lexicons"] as? [[String: Any]])
            #expect(lexicons.count == expected.lexicons.count)
            #expect(lexicons.first?["entries"] as? Int == expected.lexicons.first?.entries.count)
            let health = try await client.get("/healthz")
            #expect(health.status == 200)
            #expect(try health.json["status"] as? String == "ok")
        }
    }

    static let goodPack = [
        "pack.yaml": "phases: [organs, titles]\nlabels: [ORGAN, TITLE]",
        "rules.yaml": "rules:\n  - {name: organ, phase: organs, label: ORGAN, pattern: '省委'}",
    ]

    @Test func reloadSwapsAGoodPackAndKeepsTheOldRulesForABrokenOne() async throws {
        let pack = try TemporaryDirectory("zhengming-serve-pack")
        defer { pack.remove() }
        for (name, contents) in Self.goodPack { try pack.write(name, contents) }
        try await ServerFixture.with(packs: [pack.path]) { client in
            func labels() async throws -> [String] {
                let answer = try await client.post("/annotate", json: #"{"text": "省委书记"}"#)
                #expect(answer.status == 200)
                return (try answer.json["spans"] as? [[String: Any]] ?? []).map { "\($0["text"]!)/\($0["label"]!)" }
            }
            #expect(try await labels() == ["省委/ORGAN"])

            try pack.write("rules.yaml", "rules:\n  - {name: organ, phase: organs, label: ORGAN, pattern: '省委'}\n"
                           + "  - {name: title, phase: titles, label: TITLE, pattern: '(?<=@ORGAN)书记'}")
            let good = try await client.post("/reload", body: Data(), contentType: nil)
            #expect(good.status == 200)
            #expect(try good.json["generation"] as? Int == 2)
            #expect(try await labels() == ["省委/ORGAN", "书记/TITLE"])

            try pack.write("rules.yaml", "rules:\n  - {name: organ, phase: nowhere, label: ORGAN, pattern: '省委'}\n"
                           + "  - {name: title, phase: titles, label: NOPE, pattern: '(书记'}")
            let bad = try await client.post("/reload", body: Data(), contentType: nil)
            #expect(bad.status == 422)
            let object = try bad.json
            #expect((object["error"] as? String)?.contains("previous rules stay in service") == true)
            let diagnostics = try #require(object["diagnostics"] as? [String])
            #expect(diagnostics.count >= 2)
            for diagnostic in diagnostics {
                // file:line:column: code message
                #expect(diagnostic.range(of: #"^/.+\.yaml:\d+:\d+: (error|warning)\[Z\d{3} [a-z-]+\]: .+"#,
                                         options: .regularExpression) != nil, "\(diagnostic)")
            }
            #expect(try await labels() == ["省委/ORGAN", "书记/TITLE"])
            #expect(try await client.get("/healthz").json["generation"] as? Int == 2)
        }
    }

    @Test func watchReloadsWhenAPackFileChanges() async throws {
        let pack = try TemporaryDirectory("zhengming-serve-watch")
        defer { pack.remove() }
        for (name, contents) in Self.goodPack { try pack.write(name, contents) }
        try await ServerFixture.with(packs: [pack.path], watchInterval: .milliseconds(100)) { client in
            try pack.write("more.yaml", "rules:\n  - {name: title, phase: titles, label: TITLE, pattern: '书记'}")
            var generation = 1
            for _ in 0..<100 where generation == 1 {
                try await Task.sleep(for: .milliseconds(50))
                generation = try await client.get("/healthz").json["generation"] as? Int ?? 1
            }
            #expect(generation == 2)
            let answer = try await client.post("/annotate", json: #"{"text": "省委书记"}"#)
            #expect((try answer.json["spans"] as? [Any])?.count == 2)
        }
    }

    @Test(arguments: [
        ("{\"text\": ", "malformed JSON"),
        ("{\"text\": 5}", "no \"text\" string"),
        ("{\"documents\": {\"text\": \"x\"}}", "must be an array"),
        ("{\"documents\": [1]}", "is not an object"),
        ("[1, 2]", "malformed JSON"),
    ])
    func malformedBodiesGet400WithAMessage(body: String, message: String) async throws {
        try await ServerFixture.with(packs: []) { client in
            let answer = try await client.post("/annotate", json: body)
            #expect(answer.status == 400)
            #expect((try answer.json["error"] as? String)?.contains(message) == true, "\(answer.text)")
        }
    }

    @Test func bodiesOverTheLimitGet413() async throws {
        try await ServerFixture.with(packs: [], bodyLimit: 1000) { client in
            let small = try await client.post("/annotate", body: Data(String(repeating: "中", count: 300).utf8), contentType: "text/plain")
            #expect(small.status == 200)
            let large = try await client.post("/annotate", body: Data(String(repeating: "中", count: 400).utf8), contentType: "text/plain")
            #expect(large.status == 413)
            #expect((try large.json["error"] as? String)?.contains("limit") == true)
        }
    }

    @Test func unknownRoutesAndMethodsAnswerJSON() async throws {
        try await ServerFixture.with(packs: []) { client in
            let missing = try await client.get("/nowhere")
            #expect(missing.status == 404)
            #expect(try missing.json["error"] is String)
        }
    }

    @Test func aRequestPastTheTimeLimitGets503AndTheServerGoesOn() async throws {
        try await ServerFixture.with(packs: [ServerFixture.defaultPack], jobs: 1, timeLimit: .milliseconds(1)) { client in
            let long = String(repeating: Self.sentence, count: 4000)
            let answer = try await client.post("/annotate", body: Data(long.utf8), contentType: "text/plain")
            #expect(answer.status == 503)
            #expect((try answer.json["error"] as? String)?.contains("time limit") == true)
            #expect(try await client.get("/healthz").status == 200)
        }
    }

    @Test func thePageIsSelfContained() async throws {
        try await ServerFixture.with { client in
            let page = try await client.get("/")
            #expect(page.status == 200)
            #expect(page.contentType?.hasPrefix("text/html") == true)
            for part in ["<textarea id=\"zm-input\"", "id=\"zm-submit\"", "/annotate?format=html", "zm-legend"] {
                #expect(page.text.contains(part), "\(part)")
            }
            #expect(!page.text.contains("http://") && !page.text.contains("https://") && !page.text.contains("src="))
        }
    }

    /// Reloads while requests run: every request answers 200, with the
    /// records of the old rules or of the new ones and nothing in between.
    @Test func reloadUnderLoadFailsNoRequest() async throws {
        let pack = try TemporaryDirectory("zhengming-serve-swap")
        defer { pack.remove() }
        for (name, contents) in Self.goodPack { try pack.write(name, contents) }
        try pack.write("more.yaml", "rules:\n  - {name: title, phase: titles, label: TITLE, pattern: '(?<=@ORGAN)书记'}")
        try await ServerFixture.with(packs: [pack.path]) { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        if index % 40 == 20 {
                            return try await client.post("/reload", body: Data(), contentType: nil).status
                        }
                        let answer = try await client.post("/annotate", json: #"{"text": "省委书记"}"#)
                        let spans = try answer.json["spans"] as? [Any]
                        return answer.status == 200 && spans?.count == 2 ? 200 : answer.status
                    }
                }
                for try await status in group { #expect(status == 200) }
            }
        }
    }
}
