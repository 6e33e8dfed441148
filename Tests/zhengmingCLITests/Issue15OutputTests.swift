import TestSupport
import Foundation
import Testing

/// Issue 15, items 1–3 (and 14's export messages): nothing is lost. Write
/// errors are reported and fail the run, an output never overwrites an
/// input, and an interrupted run leaves no half-written file. The built
/// binary, run as a user would.
@Suite("issue 15: output is checked, atomic and never an input")
struct Issue15OutputTests {
    static let noRules = ["--no-default-rules", "--quiet"]

    static func corpus(_ directory: TemporaryDirectory, records: Int = 3) throws -> String {
        let lines = (0..<records).map { #"{"id": "r\#($0)", "text": "第\#($0)条。中央第六巡视组组长王荣军主持召开会议。"}"# }
        return try directory.write("in.jsonl", lines.joined(separator: "\n") + "\n")
    }

    @Test("item 1: a full disk on standard output, on -o, and an I/O error are one line and exit 1")
    func issue15_item1_writeErrorsAreReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try Self.corpus(directory)
        let toStdout = try ZhengmingExecutable.run(["annotate", input] + Self.noRules, stdoutPath: "/dev/full")
        #expect(toStdout.status == 1)
        #expect(toStdout.stderr == "zhengming: cannot write standard output: No space left on device\n")

        let toFile = try ZhengmingExecutable.run(["annotate", input, "-o", "/dev/full"] + Self.noRules)
        #expect(toFile.status == 1)
        #expect(toFile.stderr == "zhengming: cannot write /dev/full: No space left on device\n")

        if FileManager.default.fileExists(atPath: "/proc/version") {
            let toProc = try ZhengmingExecutable.run(["annotate", input, "-o", "/proc/version"] + Self.noRules)
            #expect(toProc.status == 1)
            #expect(toProc.stderr.hasPrefix("zhengming: cannot write /proc/version: "))
            #expect(toProc.stderrLines.count == 1, "\(toProc.stderr)")
        }
    }

    @Test("item 1: report commands (rules check) fail on a full standard output too")
    func issue15_item1_reportsToAFullDiskFail() throws {
        let pack = try TemporaryDirectory()
        defer { pack.remove() }
        try pack.write("pack.yaml", "labels: [X]\nphases: [one]\n")
        try pack.write("rules.yaml", "phase: one\nlabel: X\nrules:\n  - name: x\n    pattern: 'x'\n")
        let run = try ZhengmingExecutable.run(["rules", "check", "--no-default-rules", "--rules", pack.path],
                                              stdoutPath: "/dev/full")
        #expect(run.status == 1)
        #expect(run.stderr.contains("zhengming: cannot write standard output: No space left on device"))
    }

    @Test("item 2: -o onto an input is refused before anything is opened, whatever the path used")
    func issue15_item2_outputOntoAnInputIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try Self.corpus(directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        try FileManager.default.createSymbolicLink(atPath: directory.path("link.jsonl"), withDestinationPath: input)
        for output in [input, directory.path("./in.jsonl"), directory.path("link.jsonl")] {
            let run = try ZhengmingExecutable.run(["annotate", "--format", "jsonl", "-o", output, input] + Self.noRules)
            #expect(run.status == 1, "\(output)")
            #expect(run.stderrLines.count == 1 && run.stderr.hasPrefix("zhengming: cannot write \(output): it is"), "\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before, "the input is untouched")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["in.jsonl", "link.jsonl"])
    }

    @Test("item 3: success replaces the target in one rename, keeps its mode and leaves no temporary file")
    func issue15_item3_successReplacesTheTarget() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try Self.corpus(directory)
        let output = try directory.write("out.jsonl", "old\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: output)
        let run = try ZhengmingExecutable.run(["annotate", "--format", "jsonl", "-o", output, input] + Self.noRules)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { $0.hasPrefix(#"{"id":"r"#) })
        let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["in.jsonl", "out.jsonl"])
    }

    @Test("item 3: SIGINT and SIGTERM remove the temporary file, keep the old target and exit 130 and 143",
          arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func issue15_item3_interruptionLeavesNoHalfFile(signal: Int32, status: Int32) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Long enough that the run is still going when the signal comes.
        let input = try Self.corpus(directory, records: 200_000)
        let output = try directory.write("out.jsonl", "previous\n")
        let launched = try ZhengmingExecutable.launch(["annotate", "--format", "jsonl", "-o", output, input] + Self.noRules)
        defer { launched.cleanUp() }
        var sawTemporary = false
        for _ in 0..<600 where launched.process.isRunning {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            if names.contains(where: { $0.hasPrefix(".out.jsonl.zhengming-") }) { sawTemporary = true; break }
            usleep(20_000)
        }
        #expect(sawTemporary, "the run writes to a temporary file beside the target")
        kill(launched.process.processIdentifier, signal)
        launched.process.waitUntilExit()
        #expect(launched.process.terminationReason == .exit)
        let stderr = try launched.stderr()
        #expect(launched.process.terminationStatus == status, "\(stderr)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["in.jsonl", "out.jsonl"])
    }

    @Test("item 14: export --out onto a file or device says what is wrong in words")
    func issue15_item14_exportOutErrorsInWords() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try Self.corpus(directory, records: 6)
        let file = try directory.write("a-file", "x")
        for out in [file, "/dev/null", "/dev/full"] {
            let run = try ZhengmingExecutable.run(["export", input, "--out", out] + Self.noRules)
            #expect(run.status == 1)
            #expect(run.stderr == "zhengming: cannot write \(out): it exists and is not a directory\n", "\(run.stderr)")
        }
    }

    @Test("item 3: export replaces its files whole; a failed export leaves the previous one")
    func issue15_item3_exportIsAtomic() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try Self.corpus(directory, records: 20)
        let out = directory.path("out")
        let arguments = ["export", input, "--out", out, "--format", "jsonl,brat", "--split", "1"] + Self.noRules
        let first = try ZhengmingExecutable.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let train = try String(contentsOfFile: out + "/jsonl/train.jsonl", encoding: .utf8)
        #expect(train.split(separator: "\n").count == 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/brat/train").count == 40)
        // A second export of fewer documents replaces the split files and the brat directory whole.
        let fewer = try Self.corpus(directory, records: 5)
        let second = try ZhengmingExecutable.run(["export", fewer, "--out", out, "--format", "jsonl,brat", "--split", "1"] + Self.noRules)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try String(contentsOfFile: out + "/jsonl/train.jsonl", encoding: .utf8).split(separator: "\n").count == 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/brat/train").count == 10)
        let hidden = try FileManager.default.subpathsOfDirectory(atPath: out).filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        #expect(hidden.isEmpty, "no temporary file or staging directory is left: \(hidden)")
    }
}

/// Issue 15, items 7, 8 and 15 end to end.
@Suite("issue 15: inputs and workers, end to end")
struct Issue15RunTests {
    static let noRules = ["--no-default-rules", "--quiet"]

    @Test("item 7: a FIFO in an input directory does not block the run; the good files come out",
          .timeLimit(.minutes(1)))
    func issue15_item7_fifoDoesNotBlock() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.txt", "甲。")
        try directory.write("c.txt", "丙。")
        #expect(mkfifo(directory.path("b.txt"), 0o644) == 0)
        let run = try ZhengmingExecutable.run(["annotate", directory.path, "--format", "jsonl"] + Self.noRules)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderrLines == ["\(directory.path("b.txt")): a FIFO, not a regular file; skipped (name it on the command line to read it)"])
        #expect(run.stdoutLines.filter { !$0.isEmpty }.count == 2)
    }

    @Test("item 8: --jobs 0 and negative are usage errors; a huge --jobs is clamped with a warning")
    func issue15_item8_jobsAreBounded() throws {
        for value in ["0", "-1"] {
            let run = try ZhengmingExecutable.run(["annotate", "--jobs=\(value)"] + Self.noRules, stdin: "甲。")
            #expect(run.status == 64, "--jobs \(value): \(run.stderr)")
            #expect(run.stderr.contains("--jobs must be at least 1"))
        }
        let huge = try ZhengmingExecutable.run(["annotate", "--jobs", "100000", "--format", "jsonl"] + Self.noRules, stdin: "甲。")
        #expect(huge.status == 0)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(huge.stderrLines == ["zhengming: --jobs 100000 is more than \(4 * cores) (4 per core); using \(4 * cores)"])
        #expect(huge.stdoutLines.first?.hasPrefix(#"{"id":"stdin""#) == true)
    }

    @Test("item 15: export into a directory inside its input does not read its own output the second time")
    func issue15_item15_exportSkipsItsOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = (0..<12).map { #"{"id": "d\#($0)", "text": "第\#($0)句。"}"# }
        try directory.write("corpus/in.jsonl", lines.joined(separator: "\n") + "\n")
        let corpus = directory.path("corpus")
        for round in 1...2 {
            let run = try ZhengmingExecutable.run(["export", corpus, "--out", corpus + "/out", "--format", "jsonl"] + Self.noRules)
            #expect(run.status == 0, "round \(round): \(run.stderr)")
            let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: corpus + "/out/stats.json")))
            #expect((stats as? [String: Any])?["documents"] as? Int == 12, "round \(round)")
        }
    }
}
