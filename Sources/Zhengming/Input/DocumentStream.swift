#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How to read an input: a plain-text file is one document, a JSONL file is
/// one document per line.
public enum InputFormat: String, Sendable, CaseIterable {
    case text, jsonl

    /// The format a path's extension implies (`.jsonl` → JSONL, anything else text).
    public static func of(path: String) -> InputFormat {
        path.hasSuffix(".jsonl") ? .jsonl : .text
    }
}

/// One thing read from the inputs: a document, or a problem with an input that
/// the run reports and skips.
public enum ReadResult: Sendable {
    case document(Document)
    case failure(InputError)
}

/// Reads documents from files, directories and standard input, in order, one
/// at a time: JSONL files are streamed line by line, so a 1 GB file is never
/// held in memory.
///
/// Directories are walked recursively for `*.txt` and `*.jsonl` files in
/// sorted path order; `*.gold.jsonl` files (gold annotations, not inputs) and
/// hidden files are skipped. The path `-` (or no path at all) is standard input.
public final class DocumentStream: IteratorProtocol, Sequence {
    public let decoder: TextDecoder
    public let stdinFormat: InputFormat
    /// Documents larger than this (in bytes) are refused with a clear message.
    public let maxDocumentBytes: Int

    private var pending: [String]
    private var lines: LineReader?
    private var linesPath = ""
    private var lineNumber = 0

    public init(paths: [String], stdinFormat: InputFormat = .text, decoder: TextDecoder = TextDecoder(),
                maxDocumentBytes: Int = 256 << 20) {
        self.pending = paths.isEmpty ? ["-"] : paths
        self.stdinFormat = stdinFormat
        self.decoder = decoder
        self.maxDocumentBytes = maxDocumentBytes
        pending.reverse()
    }

    public func next() -> ReadResult? {
        while true {
            if let reader = lines {
                if let result = nextRecord(from: reader) { return result }
                lines = nil
            }
            guard let path = pending.popLast() else { return nil }
            if let result = open(path) { return result }
        }
    }

    /// Opens `path`: a directory adds its files to the queue, a JSONL file
    /// becomes the line source, a text file is read and returned at once.
    private func open(_ path: String) -> ReadResult? {
        let isStdin = path == "-"
        var isDirectory: ObjCBool = false
        if !isStdin {
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                return .failure(InputError(.unreadable("no such file or directory"), path: path))
            }
            if isDirectory.boolValue {
                pending.append(contentsOf: Self.inputFiles(under: path).reversed())
                return nil
            }
        }
        let format = isStdin ? stdinFormat : InputFormat.of(path: path)
        let name = isStdin ? "<stdin>" : path
        switch format {
        case .jsonl:
            guard let reader = LineReader(path: isStdin ? nil : path) else {
                return .failure(InputError(.unreadable(String(cString: strerror(errno))), path: name))
            }
            lines = reader
            linesPath = name
            lineNumber = 0
            return nil
        case .text:
            return readText(path: isStdin ? nil : path, name: name)
        }
    }

    private func readText(path: String?, name: String) -> ReadResult {
        guard let reader = LineReader(path: path) else {
            return .failure(InputError(.unreadable(String(cString: strerror(errno))), path: name))
        }
        let bytes: [UInt8]
        switch reader.readAll(limit: maxDocumentBytes) {
        case .success(let all): bytes = all
        case .failure(let exceeded):
            return .failure(InputError(.tooLarge(bytes: exceeded.size, limit: maxDocumentBytes), path: name))
        }
        do {
            let (text, _) = try decoder.decode(bytes)
            return .document(Document(id: path ?? "stdin", text: text, origin: name))
        } catch {
            var error = error
            error.path = name
            return .failure(error)
        }
    }

    private func nextRecord(from reader: LineReader) -> ReadResult? {
        while let line = reader.nextLine() {
            lineNumber += 1
            var bytes = line
            if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return record(bytes)
        }
        return nil
    }

    private func record(_ bytes: [UInt8]) -> ReadResult {
        let fields: [JSONObjectScanner.Field]
        do { fields = try JSONObjectScanner.fields(of: bytes) } catch {
            return .failure(InputError(.invalidJSON(error.description), path: linesPath, line: lineNumber))
        }
        let idField = fields.first { $0.key == "id" }
        guard let text = fields.first(where: { $0.key == "text" })?.string else {
            var error = InputError(.missingText, path: linesPath, line: lineNumber)
            error.recordIDJSON = idField?.rawValue
            return .failure(error)
        }
        let origin = "\(linesPath):\(lineNumber)"
        let id = idField.map { $0.string ?? $0.rawValue } ?? (linesPath == "<stdin>" ? String(lineNumber) : origin)
        // Built with the labels of `Document.passthrough`: a mapped array of
        // unlabelled pairs is converted by a generic cast, element by element.
        var passthrough: [(key: String, rawValue: String)] = []
        for field in fields where field.key != "text" && field.key != "id" {
            passthrough.append((key: field.key, rawValue: field.rawValue))
        }
        return .document(Document(id: id, text: text, idJSON: idField?.rawValue, passthrough: passthrough,
                                  origin: origin))
    }

    /// `*.txt` and `*.jsonl` files under `directory`, sorted, skipping hidden
    /// files and `*.gold.jsonl`.
    public static func inputFiles(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            guard name.hasSuffix(".txt") || (name.hasSuffix(".jsonl") && !name.hasSuffix(".gold.jsonl")) else { continue }
            let full = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(full)
            }
        }
        return files.sorted()
    }
}

/// Buffered reading of a file or standard input through C stdio: lines for
/// JSONL, everything for text files.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    /// Opens `path`, or standard input when `path` is nil; nil if it cannot be opened.
    init?(path: String?) {
        if let path {
            guard let file = fopen(path, "rb") else { return nil }
            self.file = file
            ownsFile = true
        } else {
            guard let standardInput = fdopen(0, "rb") else { return nil }
            file = standardInput
            ownsFile = false
        }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line without its terminator, or nil at the end.
    func nextLine() -> [UInt8]? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        var count = length
        if count > 0, buffer[count - 1] == 0x0A { count -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Everything that is left, or the size read so far once it exceeds `limit`.
    func readAll(limit: Int) -> Result<[UInt8], SizeExceeded> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { return .failure(SizeExceeded(size: bytes.count)) }
        }
        return .success(bytes)
    }
}

struct SizeExceeded: Error {
    let size: Int
}
