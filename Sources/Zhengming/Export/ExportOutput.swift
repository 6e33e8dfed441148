import Foundation

/// The files of an export, laid out as the tools expect to find them:
///
///     OUT/char-bio/train.txt   OUT/conll/dev.conll   OUT/jsonl/test.jsonl
///     OUT/conllu/train.conllu  OUT/brat/train/<doc>.txt + <doc>.ann
///     OUT/brat/annotation.conf OUT/labels.txt  OUT/stats.json  OUT/summary.txt
///
/// Only splits with a non-zero ratio get files. Everything is written
/// through `OutputFile`s (temporary files beside their targets) and brat
/// documents into a hidden staging directory per split; `commit()` renames
/// them all into place at the end, replacing what a previous export left (a
/// brat split directory is replaced whole, since a stale `.ann` would
/// otherwise pass for part of the new export). An export that fails or is
/// interrupted before `commit()` leaves the previous export as it was.
final class ExportOutput {
    let directory: String
    private let formats: [ExportFormat]
    private let splitNames: [String]
    /// `streams[format][split]`: the open file, nil for brat and idle splits.
    private var streams: [[OutputFile?]]
    /// Whether a JSON-array stream has had a record (the next one needs a comma).
    private var arrayStarted: [[Bool]]
    /// Staging directory of each active brat split, and its final place.
    private var bratStaging: [Int: (staging: String, target: String)] = [:]
    /// Whole files (`labels.txt` …), written and waiting for `commit()`.
    private var files: [OutputFile] = []
    private var namer: BratFileNamer
    private var committed = false

    init(directory: String, formats: [ExportFormat], splits: SplitAssigner) throws {
        self.directory = directory
        self.formats = formats
        splitNames = splits.names
        namer = BratFileNamer(splits: splits.names.count)
        streams = Array(repeating: Array(repeating: nil, count: splits.names.count), count: formats.count)
        arrayStarted = Array(repeating: Array(repeating: false, count: splits.names.count), count: formats.count)
        try Self.createDirectories(directory)
        for (formatIndex, format) in formats.enumerated() {
            try Self.createDirectories(path(format.rawValue))
            for split in splits.activeSplits {
                if format.isStream {
                    let file = try Self.open(streamPath(formatIndex, split))
                    streams[formatIndex][split] = file
                    if format.isJSONArray {
                        do { try file.write(Array("[\n".utf8)) } catch { throw ExportError(error) }
                    }
                } else {
                    try stageBrat(split: split)
                }
            }
        }
    }

    deinit {
        guard !committed else { return }
        for file in streams.joined() { file?.discard() }
        for file in files { file.discard() }
        for (staging, _) in bratStaging.values { TemporaryOutputs.shared.remove(staging) }
    }

    func path(_ components: String...) -> String {
        components.reduce(directory) { ($0 as NSString).appendingPathComponent($1) }
    }

    private func streamPath(_ format: Int, _ split: Int) -> String {
        path(formats[format].rawValue, "\(splitNames[split]).\(formats[format].fileExtension)")
    }

    private func stageBrat(split: Int) throws {
        let target = path(ExportFormat.brat.rawValue, splitNames[split])
        let parent = path(ExportFormat.brat.rawValue)
        var serial = 0
        while true {
            serial += 1
            let staging = (parent as NSString).appendingPathComponent(
                ".\(splitNames[split]).zhengming-\(ProcessInfo.processInfo.processIdentifier)-\(serial).tmp")
            let result = TemporaryOutputs.shared.makeStagingDirectory(staging)
            if result == EEXIST { continue }
            if result != 0 { throw ExportError(.cannotWrite(path: parent, reason: String(cString: strerror(result)))) }
            bratStaging[split] = (staging, target)
            return
        }
    }

    /// Appends rendered units to the file of `format` (an index into the
    /// formats) and `split`.
    func append(_ bytes: [UInt8], format: Int, split: Int) throws {
        guard !bytes.isEmpty, let file = streams[format][split] else { return }
        do {
            if formats[format].isJSONArray {
                if arrayStarted[format][split] { try file.write(Array(",\n".utf8)) }
                arrayStarted[format][split] = true
            }
            try file.write(bytes)
        } catch { throw ExportError(error) }
    }

    /// Writes one brat document under a unique name derived from `id`.
    func writeBrat(id: String, split: Int, text: [UInt8], annotations: [UInt8]) throws {
        guard let staging = bratStaging[split]?.staging else { return }
        let name = namer.name(for: id, split: split)
        let base = (staging as NSString).appendingPathComponent(name)
        try Self.writeWhole(text, to: base + ".txt", shownAs: path(ExportFormat.brat.rawValue, splitNames[split], name) + ".txt")
        try Self.writeWhole(annotations, to: base + ".ann", shownAs: path(ExportFormat.brat.rawValue, splitNames[split], name) + ".ann")
    }

    /// Writes a whole file (`labels.txt`, `stats.json` …) relative to the
    /// output directory; it is renamed into place by `commit()`.
    func writeFile(_ relative: String, _ contents: Data) throws {
        let file = try Self.open(path(relative))
        files.append(file)
        do { try file.write(contents) } catch { throw ExportError(error) }
    }

    /// Flushes the split files, reporting a full disk.
    func close() throws {
        for (format, row) in streams.enumerated() where formats[format].isJSONArray {
            for file in row {
                do { try file?.write(Array("\n]\n".utf8)) } catch { throw ExportError(error) }
            }
        }
        for file in streams.joined() {
            do { try file?.flush() } catch { throw ExportError(error) }
        }
    }

    /// Puts everything in place: the split files and whole files renamed
    /// over their targets, each brat split directory replaced by its staging
    /// directory.
    func commit() throws {
        do {
            for file in streams.joined() { try file?.commit() }
            for file in files { try file.commit() }
        } catch { throw ExportError(error) }
        for (staging, target) in bratStaging.values {
            try? FileManager.default.removeItem(atPath: target)
            let result = TemporaryOutputs.shared.rename(staging, to: target)
            if result != 0 { throw ExportError(.cannotWrite(path: target, reason: String(cString: strerror(result)))) }
        }
        committed = true
    }

    private static func open(_ path: String) throws -> OutputFile {
        do { return try OutputFile(path: path) } catch { throw ExportError(error) }
    }

    private static func writeWhole(_ bytes: [UInt8], to path: String, shownAs name: String) throws {
        do {
            let file = try OutputFile(path: path)
            try file.write(bytes)
            try file.commit()
        } catch {
            throw ExportError(.cannotWrite(path: name, reason: error.reason))
        }
    }

    /// `mkdir -p`, with the reason in words when a component is a file
    /// (`Not a directory`) or cannot be created.
    static func createDirectories(_ path: String) throws {
        do { try OutputFile.createDirectories(path) } catch { throw ExportError(error) }
    }
}

extension ExportError {
    init(_ error: OutputError) { self.init(.cannotWrite(path: error.name, reason: error.reason)) }
}
