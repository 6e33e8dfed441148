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

    @Option(name: .shortAndLong, help: "Parallel workers (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    /// The documents of `paths` (standard input when empty or `-`).
    func stream(_ paths: [String]) -> DocumentStream {
        DocumentStream(paths: paths, stdinFormat: stdinFormat, decoder: TextDecoder(encoding: encoding))
    }

    /// The pinyin style, or nil when pinyin is off.
    var pinyinStyle: PinyinStyle? { noPinyin ? nil : pinyin }
}
