import Foundation
import TestSupport
import Testing

/// Issue 14 in `zhengming export`: JSONL units carry their posts (offsets
/// into the unit's text), brat writes them as `Holds` and `Organ` relations
/// declared in annotation.conf, and a post whose spans the export does not
/// contain is left out.
@Suite struct ExportPostsTests {
    static let corpus = """
        {"id": "a", "text": "会议召开。辽宁省委书记陈求发，省委副书记、省长唐一军出席。"}
        {"id": "b", "text": "原湖北省委书记何国强参加。"}
        """

    static func export(_ extra: [String], gold: String? = nil) throws -> (TemporaryDirectory, String) {
        let root = try TemporaryDirectory()
        let input = try root.write("corpus/news.jsonl", Self.corpus)
        var arguments = ["export", input, "--out", root.path("out"), "--format", "jsonl,brat", "--split", "1", "-q"] + extra
        if let gold { arguments += ["--gold", try root.write("gold/g.jsonl", gold)] }
        let run = try ZhengmingExecutable.run(arguments, environment: PostsCommandTests.environment)
        #expect(run.status == 0, "\(run.stderr)")
        return (root, root.path("out"))
    }

    static func jsonl(_ out: String) throws -> [[String: Any]] {
        try String(contentsOfFile: out + "/jsonl/train.jsonl", encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func sentenceUnitsCarryTheirPostsRelativeToTheirText() throws {
        let (root, out) = try Self.export(["--unit", "sentence"])
        defer { root.remove() }
        let units = try Self.jsonl(out)
        let second = try #require(units.first { $0["id"] as? String == "a#2" })
        let text = try #require(second["text"] as? String)
        let posts = try #require(second["posts"] as? [[String: Any]])
        #expect(posts.map { $0["post"] as? String ?? "" } == ["辽宁省委书记", "省委副书记", "省长"])
        for post in posts {
            let official = try #require(post["official"] as? [String: Any])
            let start = try #require(official["start"] as? Int), end = try #require(official["end"] as? Int)
            let scalars = Array(text.unicodeScalars)[start..<end]
            #expect(String(String.UnicodeScalarView(scalars)) == official["text"] as? String)
        }
        #expect((units.first { $0["id"] as? String == "a#1" }?["posts"] as? [Any])?.isEmpty == true, "the key is always there")
    }

    @Test func bratHasHoldsAndOrganRelations() throws {
        let (root, out) = try Self.export(["--map", "OFFICIAL=PER"])
        defer { root.remove() }
        let configuration = try String(contentsOfFile: out + "/brat/annotation.conf", encoding: .utf8)
        #expect(configuration.contains("[relations]\nHolds\tArg1:<ENTITY>, Arg2:<ENTITY>\nOrgan\tArg1:<ENTITY>, Arg2:<ENTITY>\n"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out + "/brat/train")
        let annName = try #require(files.first { $0.hasSuffix(".ann") && $0.contains("a") && !$0.contains("b") })
        let ann = try String(contentsOfFile: out + "/brat/train/" + annName, encoding: .utf8)
        var entities: [String: (label: String, text: String)] = [:]
        var relations: [(type: String, from: String, to: String)] = []
        for line in ann.split(separator: "\n") {
            let columns = line.split(separator: "\t").map(String.init)
            if columns[0].hasPrefix("T") {
                entities[columns[0]] = (String(columns[1].split(separator: " ")[0]), columns[2])
            } else if columns[0].hasPrefix("R") {
                let parts = columns[1].split(separator: " ").map(String.init)
                #expect(parts.count == 3 && parts[1].hasPrefix("Arg1:") && parts[2].hasPrefix("Arg2:"))
                relations.append((parts[0], String(parts[1].dropFirst(5)), String(parts[2].dropFirst(5))))
            }
        }
        let holds = relations.filter { $0.type == "Holds" }.map { "\(entities[$0.from]!.text)→\(entities[$0.to]!.text)" }
        #expect(holds == ["陈求发→书记", "唐一军→省委副书记", "唐一军→省长"])
        #expect(relations.filter { $0.type == "Holds" }.allSatisfy { entities[$0.from]?.label == "PER" })
        let organs = relations.filter { $0.type == "Organ" }.map { "\(entities[$0.from]!.text)→\(entities[$0.to]!.text)" }
        #expect(organs == ["书记→辽宁省委"])
        #expect(ann.contains("AnnotatorNotes R1\t辽宁省委书记 current post.title-before-name"))
    }

    /// A gold document whose spans lack the title keeps no post of it.
    @Test func postsNeedTheirSpansInTheExport() throws {
        let gold = #"{"id": "b", "text": "原湖北省委书记何国强参加。", "spans": [{"start": 1, "end": 5, "label": "ORGAN"}, {"start": 7, "end": 10, "label": "OFFICIAL"}]}"#
        let (root, out) = try Self.export([], gold: gold)
        defer { root.remove() }
        let b = try #require(try Self.jsonl(out).first { $0["id"] as? String == "b" })
        #expect((b["posts"] as? [Any])?.isEmpty == true)
        let withTitle = #"{"id": "b", "text": "原湖北省委书记何国强参加。", "spans": [{"start": 1, "end": 5, "label": "ORGAN"}, {"start": 5, "end": 7, "label": "TITLE"}, {"start": 7, "end": 10, "label": "OFFICIAL"}]}"#
        let (again, out2) = try Self.export([], gold: withTitle)
        defer { again.remove() }
        let kept = try #require(try Self.jsonl(out2).first { $0["id"] as? String == "b" })
        #expect((kept["posts"] as? [[String: Any]])?.first?["post"] as? String == "湖北省委书记")
    }
}
