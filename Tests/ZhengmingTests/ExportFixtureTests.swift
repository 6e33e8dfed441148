import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// A small rule pack and corpus shared by the `Export*Tests` files; the pack
/// is written with `RulePackFixture`, so the tests never depend on the
/// default pack.
///
/// The pack has two phases so that the nested layer and conflicts exist:
/// `loc.lexicon` finds 湖南省 in phase `lexical`, and `organ.party` finds
/// 湖南省委 in phase `organs` at a higher priority, so the place loses in
/// the flat layer and the two rules conflict.
enum ExportFixture {
    static let packFiles = ExportTestPack.files

    /// Loads the pack (written to a temporary directory and removed again).
    static func rules() throws -> RuleSet {
        let pack = try RulePackFixture(packFiles)
        defer { pack.remove() }
        return try pack.load()
    }

    /// Documents with several sentences, white space and line breaks, and a
    /// rule conflict in most of them.
    static func documents(count: Int = 12) -> [Document] {
        let texts = [
            "湖南省委书记杜家毫在长沙市调研。\n他强调要抓好落实。",
            "北京市委书记张三出席会议。  北京市长讲话。",
            "会议在北京市举行。\r\n\r\n张三 主持会议。",
            "长沙市委书记张三到湖南省考察。",
        ]
        return (0..<count).map { index in
            Document(id: "doc-\(index)", text: texts[index % texts.count] + "第\(index)次。")
        }
    }

    /// An export written to a temporary directory; remove it with
    /// `defer { run.directory.remove() }`.
    struct Run {
        let directory: TemporaryDirectory
        let result: ExportPipeline.Result
        let messages: [String]
        var path: String { directory.path }

        func read(_ relative: String) throws -> String {
            try String(contentsOfFile: directory.path(relative), encoding: .utf8)
        }

        /// The JSONL objects of `jsonl/<split>.jsonl`.
        func units(_ split: String) throws -> [[String: Any]] { try ExportFixture.jsonObjects(read("jsonl/\(split).jsonl")) }
    }

    /// Runs an export of `documents` into a fresh directory.
    static func export(_ documents: [Document], rules: RuleSet? = nil, gold: GoldIndex = .empty,
                       configure: (inout ExportOptions) throws -> Void = { _ in }) throws -> Run {
        let directory = try TemporaryDirectory("zhengming-export")
        var options = ExportOptions(outputDirectory: directory.path, jobs: 2)
        try configure(&options)
        let pipeline = try ExportPipeline(rules: rules ?? self.rules(), gold: gold, options: options)
        var messages: [String] = []
        let result = try pipeline.run(documents.map { ReadResult.document($0) }, report: { message, _ in messages.append(message) })
        return Run(directory: directory, result: result, messages: messages)
    }

    /// A prepared document and its single document record, for format tests.
    static func unit(_ document: Document, rules: RuleSet, gold: GoldIndex = .empty, labels: LabelPolicy? = nil,
                     pinyin: PinyinStyle? = nil) throws -> Record {
        let annotator = try ExportAnnotator(rules: rules, gold: gold, labels: labels ?? .unchanged, pinyin: pinyin)
        let prepared = try annotator.prepare(document)
        return prepared.records(kind: .document, assigner: SplitAssigner(names: ["all"], ratios: [1])).records[0]
    }

    /// The JSONL objects of one file.
    static func jsonObjects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }
}

@Suite("Export fixture")
struct ExportFixtureTests {
    @Test("the fixture pack loads and produces a conflict in the nested layer")
    func fixturePackConflicts() throws {
        let annotated = try Annotator(rules: ExportFixture.rules(), pinyin: nil)
            .annotate(Document(id: "x", text: "湖南省委书记"), explain: true)
        #expect(annotated.mentions.map(\.label) == ["ORGAN", "TITLE"])
        #expect(annotated.nested.contains { $0.label == "LOC" && $0.start == 0 && $0.end == 3 })
    }
}
