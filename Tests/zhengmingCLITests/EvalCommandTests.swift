import TestSupport
import Foundation
import Testing

/// `zhengming eval` end to end: gold and predictions as files or
/// directories, and errors that say what is wrong with a path.
@Suite("eval command")
struct EvalCommandTests {
    static let gold = #"{"id": "g1", "text": "湖南省委书记杜家毫", "spans": [{"start": 0, "end": 4, "label": "ORGAN"}, {"start": 6, "end": 9, "label": "PERSON"}]}"#
    static let pred = #"{"id": "g1", "text": "湖南省委书记杜家毫", "spans": [{"start": 0, "end": 4, "label": "ORGAN", "rule": "r"}]}"#

    @Test("--gold and --pred accept a directory of *.jsonl files, as export --gold does")
    func directories() throws {
        let root = try TemporaryDirectory("zhengming-eval")
        defer { root.remove() }
        try root.write("gold/a.gold.jsonl", Self.gold + "\n")
        try root.write("gold/notes.txt", "not gold\n")
        try root.write("pred/p.jsonl", Self.pred + "\n")
        let run = try ZhengmingExecutable.run(["eval", "--gold", root.path("gold"), "--pred", root.path("pred"),
                                               "--no-default-rules"])
        #expect(run.status == 0, "\(run.stderr)")
        let micro = try #require(run.stdoutLines.first { $0.hasPrefix("micro") })
        // 2 gold, 1 predicted, 1 correct.
        #expect(micro.split(separator: " ").prefix(4).map(String.init) == ["micro", "2", "1", "1"])
    }

    @Test("a missing or empty path says what is wrong, on one line, naming the option and the path")
    func honestErrors() throws {
        let root = try TemporaryDirectory("zhengming-eval")
        defer { root.remove() }
        try root.write("empty/readme.txt", "x\n")
        try root.write("pred.jsonl", Self.pred + "\n")
        let cases: [([String], String)] = [
            (["--gold", root.path("missing.jsonl")], "--gold \(root.path("missing.jsonl")): no such file or directory"),
            (["--gold", root.path("empty")], "--gold \(root.path("empty")): no *.jsonl gold files in the directory"),
            (["--gold", root.path("pred.jsonl"), "--pred", root.path("nope")], "--pred \(root.path("nope")): no such file or directory"),
        ]
        for (arguments, message) in cases {
            let run = try ZhengmingExecutable.run(["eval"] + arguments + ["--no-default-rules"])
            #expect(run.status != 0)
            #expect(run.stderrLines.contains { $0.hasSuffix(message) }, "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("cannot read file") && !run.stderr.contains("Usage:"), "\(run.stderr)")
        }
    }
}

/// The default pack from a binary that is not in its checkout.
@Suite("default pack")
struct DefaultPackLookupTests {
    @Test("a copied binary without ZHENGMING_RULES says where it looked and how to fix it, without a usage line")
    func copiedBinary() throws {
        let root = try TemporaryDirectory("zhengming-copied")
        defer { root.remove() }
        let copy = root.url.appendingPathComponent("bin/zhengming")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try ZhengmingExecutable.locate(), to: copy)
        let run = try ZhengmingExecutable.run(["annotate", "-"], stdin: "湖南省委书记杜家毫", in: root.url,
                                              executable: copy)
        #expect(run.status != 0)
        #expect(run.stderr.contains("cannot find the default rule pack") && run.stderr.contains("ZHENGMING_RULES"), "\(run.stderr)")
        #expect(!run.stderr.contains("Usage:"), "\(run.stderr)")

        let pack = try writePack(root)
        let fixed = try ZhengmingExecutable.run(["annotate", "-"], stdin: "湖南省委书记杜家毫", in: root.url,
                                                environment: ["ZHENGMING_RULES": pack], executable: copy)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("B-ORGAN"))

        let wrong = try ZhengmingExecutable.run(["annotate", "-"], stdin: "x", in: root.url,
                                                environment: ["ZHENGMING_RULES": root.path("nowhere")], executable: copy)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("ZHENGMING_RULES=\(root.path("nowhere")) is not a rule pack"), "\(wrong.stderr)")
    }

    /// Writes the export test pack under `root/pack` and returns its path.
    func writePack(_ root: TemporaryDirectory) throws -> String {
        for (relative, contents) in ExportTestPack.files { try root.write("pack/" + relative, contents) }
        return root.path("pack")
    }
}
