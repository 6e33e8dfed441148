#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The files of an export, laid out as the tools expect to find them:
///
///     OUT/char-bio/train.txt   OUT/conll/dev.conll   OUT/jsonl/test.jsonl
///     OUT/conllu/train.conllu  OUT/brat/train/<doc>.txt + <doc>.ann
///     OUT/brat/annotation.conf OUT/labels.txt  OUT/stats.json  OUT/summary.txt
///
/// Only splits with a non-zero ratio get files. Each run replaces what a
/// previous export left: stream files are truncated and the brat split
/// directories emptied, since a stale `.ann` would otherwise pass for part
/// of the new export.
final class ExportOutput {
    let directory: String
    private let formats: [ExportFormat]
    private let splitNames: [String]
    /// `streams[format][split]`: the open file, nil for brat and idle splits.
    private var streams: [[UnsafeMutablePointer<FILE>?]]
    private var namer: BratFileNamer

    init(directory: String, formats: [ExportFormat], splits: SplitAssigner) throws {
        self.directory = directory
        self.formats = formats
        splitNames = splits.names
        namer = BratFileNamer(splits: splits.names.count)
        streams = Array(repeating: Array(repeating: nil, count: splits.names.count), count: formats.count)
        for (formatIndex, format) in formats.enumerated() {
            try Self.createDirectory(path(format.rawValue))
            for split in splits.activeSplits {
                if format.isStream {
                    streams[formatIndex][split] = try open(streamPath(formatIndex, split))
                } else {
                    let splitDirectory = path(format.rawValue, splitNames[split])
                    try? FileManager.default.removeItem(atPath: splitDirectory)
                    try Self.createDirectory(splitDirectory)
                }
            }
        }
    }

    deinit { for file in streams.joined() { if let file { fclose(file) } } }

    func path(_ components: String...) -> String {
        components.reduce(directory) { ($0 as NSString).appendingPathComponent($1) }
    }

    private func streamPath(_ format: Int, _ split: Int) -> String {
        path(formats[format].rawValue, "\(splitNames[split]).\(formats[format].fileExtension)")
    }

    /// Appends rendered units to the file of `format` (an index into the
    /// formats) and `split`.
    func append(_ bytes: [UInt8], format: Int, split: Int) throws {
        guard !bytes.isEmpty, let file = streams[format][split] else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != bytes.count {
            throw ExportError(.cannotWrite(path: streamPath(format, split), reason: Self.reason()))
        }
    }

    /// Writes one brat document under a unique name derived from `id`.
    func writeBrat(id: String, split: Int, text: [UInt8], annotations: [UInt8]) throws {
        let name = namer.name(for: id, split: split)
        let base = path(ExportFormat.brat.rawValue, splitNames[split], name)
        try write(Data(text), to: base + ".txt")
        try write(Data(annotations), to: base + ".ann")
    }

    /// Writes a whole file (`labels.txt`, `stats.json` …) relative to the output directory.
    func writeFile(_ relative: String, _ contents: Data) throws {
        try write(contents, to: path(relative))
    }

    /// Flushes and closes the split files, reporting a full disk.
    func close() throws {
        for (formatIndex, row) in streams.enumerated() {
            for (split, file) in row.enumerated() {
                guard let file else { continue }
                streams[formatIndex][split] = nil
                if fclose(file) != 0 {
                    throw ExportError(.cannotWrite(path: streamPath(formatIndex, split), reason: Self.reason()))
                }
            }
        }
    }

    private func write(_ data: Data, to file: String) throws {
        do { try data.write(to: URL(fileURLWithPath: file)) } catch {
            throw ExportError(.cannotWrite(path: file, reason: error.localizedDescription))
        }
    }

    private func open(_ file: String) throws -> UnsafeMutablePointer<FILE> {
        guard let handle = fopen(file, "wb") else { throw ExportError(.cannotWrite(path: file, reason: Self.reason())) }
        return handle
    }

    private static func createDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw ExportError(.cannotWrite(path: path, reason: error.localizedDescription))
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
