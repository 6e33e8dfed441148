import TestSupport
import Foundation
import Testing

/// `zhengming bench` end to end on a small text: every part of the report is
/// there, the runs agree on the answer, and the lexicon series runs its
/// child process. (Timings are not asserted: the debug build and a shared
/// machine make them meaningless here; the README reports release figures.)
@Suite struct BenchCommandTests {
    @Test func reportsBaselinePipelinesAndALexiconSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try directory.write("news.txt", "11月21日下午，张三主持召开党委常委会，传达学习党的二十大精神。\n")
        let run = try ZhengmingExecutable.run(["bench", "--text", text, "--megabytes", "0", "--repeat", "2",
                                               "--jobs", "2", "--max-lexicon-power", "3"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdoutLines
        #expect(lines.contains { $0.hasPrefix("(1) ICU word segmentation (baseline)") })
        #expect(lines.contains { $0.hasPrefix("(2) annotate → CoNLL + pinyin, 2 jobs") })
        #expect(lines.contains { $0.hasPrefix("(3) annotate → JSONL, 1 job") })
        #expect(lines.contains("fastest of 2 runs each:"))
        // The text as one document, against the many-document run.
        #expect(lines.contains { $0.hasPrefix("(4) as one document → CoNLL + pinyin, 2 jobs") })
        #expect(lines.contains { $0.hasPrefix("one document against many, CoNLL, 2 jobs: ") })
        // Each document has the same mentions, so every run must find the same number.
        #expect(lines.contains { $0.hasPrefix("check: every run found ") && !$0.hasSuffix(" 0 mentions") })
        let series = try #require(lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("1000 ") })
        #expect(series.contains("1.00×"))
        // The streaming series: the file once, then four times over, each
        // in a child process that reports its peak memory.
        let streaming = lines.filter { $0.contains("MB of JSONL") && $0.contains("peak RSS") }
        #expect(streaming.count == 2)
        #expect(streaming.first?.hasSuffix("1.00× the first") == true)
    }

    @Test func streamingSeriesCanBeSkipped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try directory.write("news.txt", "国务院总理李强主持召开国务院常务会议。\n")
        let run = try ZhengmingExecutable.run(["bench", "--text", text, "--megabytes", "0", "--repeat", "1",
                                               "--jobs", "1", "--max-lexicon-power", "0", "--no-streaming"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.contains { $0.hasPrefix("(1) ICU word segmentation (baseline)") })
        #expect(!run.stdoutLines.contains { $0.contains("MB of JSONL") })
        #expect(run.stdoutLines.contains { $0.hasPrefix("(4) as one document") })
    }

    @Test func oneDocumentRunCanBeSkipped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try directory.write("news.txt", "国务院总理李强主持召开国务院常务会议。\n")
        let run = try ZhengmingExecutable.run(["bench", "--text", text, "--megabytes", "0", "--repeat", "1",
                                               "--jobs", "1", "--max-lexicon-power", "0", "--no-streaming",
                                               "--no-one-document"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.contains { $0.hasPrefix("(2) annotate → CoNLL + pinyin, 1 job") })
        #expect(!run.stdoutLines.contains { $0.hasPrefix("(4)") || $0.hasPrefix("one document against many") })
    }
}
