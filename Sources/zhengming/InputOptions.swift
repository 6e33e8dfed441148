import ArgumentParser
import Foundation
import Zhengming

/// The options every command that reads a corpus shares: how to read
/// standard input and files, and pinyin.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("input"), help: "Format of standard input: text or jsonl.")
    var stdinFormat: InputFormat = .text

    @Option(help: "Encoding of input files (an ICU converter name such as GB18030, GBK, Big5, UTF-16LE).")
    var encoding: String?

    @Option(help: "Pinyin style: marks (wáng) or numeric (wang2).")
    var pinyin: PinyinStyle = .marks

    @Flag(name: .customLong("no-pinyin"), help: "Leave pinyin out (faster; CoNLL writes '_').")
    var noPinyin = false

    @Option(name: [.customShort("j"), .customLong("jobs")],
            help: "Parallel workers (default: all cores; at most 4 per core).")
    var requestedJobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard requestedJobs >= 1 else {
            throw ValidationError("--jobs must be at least 1 (got \(requestedJobs))")
        }
    }

    /// `--jobs`, clamped to `JobCount.maximum` with a warning: each worker
    /// holds an annotator, and more workers than that only cost memory.
    var jobs: Int {
        if requestedJobs > JobCount.maximum {
            Self.warnOnce("zhengming: --jobs \(requestedJobs) is more than \(JobCount.maximum) (4 per core); using \(JobCount.maximum)")
        }
        return JobCount.clamped(requestedJobs)
    }

    nonisolated(unsafe) private static var warned = false
    private static func warnOnce(_ message: String) {
        guard !warned else { return }
        warned = true
        Console.error(message)
    }

    /// The documents of `paths` (standard input when empty or `-`). A walk
    /// of an input directory leaves out `skipping` (the command's own output
    /// file or directory), so a second run does not read the first one's
    /// output.
    func stream(_ paths: [String], skipping: [String?] = []) -> DocumentStream {
        DocumentStream(paths: paths, stdinFormat: stdinFormat, decoder: TextDecoder(encoding: encoding),
                       skipping: skipping.compactMap { $0 }.filter { $0 != "-" })
    }

    /// The pinyin style, or nil when pinyin is off.
    var pinyinStyle: PinyinStyle? { noPinyin ? nil : pinyin }
}
