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
/// sorted path order; `*.gold.jsonl` and `*.posts.jsonl` files (gold
/// annotations, not inputs) and
/// hidden files are skipped. Only regular files found in a walk are read, and
/// they are opened without blocking (`DirectoryWalk`); anything else under an
/// input name is reported. A path named on the command line is read whatever
/// it is (a FIFO from `<(…)` included). The path `-` (or no path at all) is
/// standard input.
///
/// A JSONL record must be one valid JSON object (RFC 8259); a key given
/// twice keeps its last value, as in Python and JavaScript, with a warning.
public final class DocumentStream: IteratorProtocol, Sequence {
    public let decoder: TextDecoder
    public let stdinFormat: InputFormat
    /// Documents larger than this (in bytes) are refused with a clear message.
    public let maxDocumentBytes: Int

    /// Paths still to read, last first, and whether a walk found them.
    private var pending: [(path: String, walked: Bool)]
    /// Problems and warnings found ahead of the next document, first first.
    private var queued: [ReadResult] = []
    private var queuedStart = 0
    /// What a directory walk leaves out: the run's own output.
    private let skipping: Set<FileIdentity>
    private var lines: LineReader?
    private var linesPath = ""
    private var lineNumber = 0

    /// - Parameter skipping: paths (an output directory or file) that a
    ///   directory walk leaves out, with a warning, when it meets them.
    public init(paths: [String], stdinFormat: InputFormat = .text, decoder: TextDecoder = TextDecoder(),
                maxDocumentBytes: Int = 256 << 20, skipping: [String] = []) {
        self.pending = (paths.isEmpty ? ["-"] : paths).reversed().map { ($0, false) }
        self.stdinFormat = stdinFormat
        self.decoder = decoder
        self.maxDocumentBytes = maxDocumentBytes
        self.skipping = Set(skipping.compactMap(FileIdentity.init(path:)))
    }

    public func next() -> ReadResult? {
        while true {
            if queuedStart < queued.count {
                defer {
                    queuedStart += 1
                    if queuedStart == queued.count { queued.removeAll(keepingCapacity: true); queuedStart = 0 }
                }
                return queued[queuedStart]
            }
            if let reader = lines {
                if let result = nextRecord(from: reader) { return result }
                lines = nil
            }
            guard let (path, walked) = pending.popLast() else { return nil }
            if let result = open(path, walked: walked) { return result }
        }
    }

    /// Opens `path`: a directory adds its files to the queue, a JSONL file
    /// becomes the line source, a text file is read and returned at once.
    private func open(_ path: String, walked: Bool) -> ReadResult? {
        let isStdin = path == "-"
        var isDirectory: ObjCBool = false
        if !isStdin {
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                return .failure(InputError(.unreadable("no such file or directory"), path: path))
            }
            if isDirectory.boolValue {
                let walk = DirectoryWalk(path, skipping: skipping)
                queued.append(contentsOf: walk.problems.map(Self.failure))
                pending.append(contentsOf: walk.files.reversed().map { ($0, true) })
                return nil
            }
        }
        let format = isStdin ? stdinFormat : InputFormat.of(path: path)
        let name = isStdin ? "<stdin>" : path
        switch format {
        case .jsonl:
            let reader: LineReader
            switch LineReader.open(isStdin ? nil : path, regularOnly: walked) {
            case .success(let opened): reader = opened
            case .failure(var error):
            error.path = name
            return .failure(error)
            }
            lines = reader
            linesPath = name
            lineNumber = 0
            return nil
        case .text:
            return readText(path: isStdin ? nil : path, name: name, walked: walked)
        }
    }

    private func readText(path: String?, name: String, walked: Bool) -> ReadResult {
        let reader: LineReader
        switch LineReader.open(path, regularOnly: walked) {
        case .success(let opened): reader = opened
        case .failure(var error):
            error.path = name
            return .failure(error)
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
        let scanned: [JSONObjectScanner.Field]
        do { scanned = try JSONObjectScanner.fields(of: bytes) } catch {
            return .failure(InputError(.invalidJSON(error.description), path: linesPath, line: lineNumber))
        }
        let fields = uniqueFields(scanned)
        let idField = fields.first { $0.key == "id" }
        guard let text = fields.first(where: { $0.key == "text" })?.string else {
            var error = InputError(.missingText, path: linesPath, line: lineNumber)
            error.recordIDJSON = idField?.rawValue
            return .failure(error)
        }
        let origin = "\(linesPath):\(lineNumber)"
        let id = idField.map { $0.string ?? $0.rawValue } ?? (linesPath == "<stdin>" ? String(lineNumber) : origin)
        return .document(Document(fields: fields, text: text, id: id, origin: origin))
    }

    /// The fields with each key once: the last value, at the place of the
    /// first (Python's `json.loads` into a dict does the same); a warning is
    /// queued for every key given more than once.
    private func uniqueFields(_ fields: [JSONObjectScanner.Field]) -> [JSONObjectScanner.Field] {
        guard fields.count > 1 else { return fields }
        var first: [String: Int] = [:]
        var result: [JSONObjectScanner.Field] = []
        var repeated: [String] = []
        for field in fields {
            if let place = first[field.key] {
                if result[place].key == field.key, !repeated.contains(field.key) { repeated.append(field.key) }
                result[place] = field
            } else {
                first[field.key] = result.count
                result.append(field)
            }
        }
        for key in repeated {
            queued.append(.failure(InputError(.duplicateKey(key), path: linesPath, line: lineNumber)))
        }
        return result
    }

    private static func failure(_ problem: DirectoryWalk.Problem) -> ReadResult {
        switch problem {
        case .notRegular(let path, let kind): return .failure(InputError(.notRegularFile(kind: kind), path: path))
        case .danglingLink(let path): return .failure(InputError(.danglingLink, path: path))
        case .unreadableDirectory(let path, let reason): return .failure(InputError(.unreadable(reason), path: path))
        case .skippedOutput(let path): return .failure(InputError(.skippedOutput, path: path))
        }
    }

    /// `*.txt` and `*.jsonl` files under `directory`, sorted, skipping hidden
    /// files and gold files (`*.gold.jsonl`, `*.posts.jsonl`): the regular
    /// files a walk reads.
    public static func inputFiles(under directory: String) -> [String] {
        DirectoryWalk(directory).files
    }
}

/// Buffered reading of a file or standard input through C stdio: lines for
/// JSONL, everything for text files.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    /// Opens `path`, or standard input when `path` is nil; nil if it cannot be opened.
    init?(path: String?) {
        guard case .success(let reader) = Self.open(path, regularOnly: false) else { return nil }
        file = reader.file
        ownsFile = reader.ownsFile
        reader.ownsFile = false
    }

    private init(file: UnsafeMutablePointer<FILE>, ownsFile: Bool) {
        self.file = file
        self.ownsFile = ownsFile
    }

    /// Opens `path` (standard input when nil). With `regularOnly`, the file
    /// is opened without blocking (`O_NONBLOCK`: a FIFO with no writer would
    /// otherwise hang the open) and refused unless the open file is a
    /// regular file, checked on the descriptor itself so that nothing can
    /// be swapped in between; blocking mode is restored for reading.
    static func open(_ path: String?, regularOnly: Bool) -> Result<LineReader, InputError> {
        guard let path else {
            guard let standardInput = fdopen(0, "rb") else { return .failure(InputError(.unreadable(String(cString: strerror(errno))))) }
            return .success(LineReader(file: standardInput, ownsFile: false))
        }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { return .failure(InputError(.unreadable(String(cString: strerror(errno))))) }
        if regularOnly {
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                let kind = DirectoryWalk.kind(of: status.st_mode)
                close(descriptor)
                return .failure(InputError(.notRegularFile(kind: kind)))
            }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        guard let file = fdopen(descriptor, "rb") else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .failure(InputError(.unreadable(reason)))
        }
        return .success(LineReader(file: file, ownsFile: true))
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
