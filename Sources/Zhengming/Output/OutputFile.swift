#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way Zhengming writes an output: a file given by the user, or
/// standard output. Every command that writes goes through it, because it
/// makes three promises a plain `fopen`/`fwrite` does not:
///
/// - **Every write is checked**, and so are the last flush and the close: a
///   full disk or an I/O error is an `OutputError` (`cannot write out.conll:
///   No space left on device`), never a silent exit 0 with half the output.
/// - **A file is complete or absent.** A regular-file target is written to a
///   hidden temporary file beside it (`.NAME.zhengming-PID-N.tmp`, same
///   directory, hence same file system) and renamed over the target by
///   `commit()`, which is atomic. Until then the previous file, if any, is
///   untouched. A run that fails, throws, or is interrupted (SIGINT, SIGTERM,
///   SIGHUP: see `InterruptCleanup`) removes the temporary file instead.
/// - **It never replaces what it cannot recreate.** A target that exists and
///   is not a regular file (`/dev/null`, `/dev/full`, a FIFO, a file under
///   `/proc`) is opened and written in place, as a shell redirection would,
///   since renaming over a device node would replace the node. A symbolic
///   link is followed: the file it names is replaced, the link is kept.
///
/// When no temporary file can be created beside an existing target (a
/// directory the user may not write in, `/proc`), the target is truncated
/// and written in place; writes are still checked.
///
/// The replaced file keeps its permission bits; a new file gets the mode a
/// plain `open(…, 0666)` would (the umask applies). What this does not
/// promise: durability across a power loss (there is no `fsync`; an
/// interrupted or failed run is what it guards against).
///
/// Writes are buffered (64 KB), so many small writes cost one system call.
/// Not thread-safe: one writer at a time, as for a `FILE *`.
public final class OutputFile {
    /// What messages call the output: the path as given, or `standard output`.
    public let name: String
    /// The file that is replaced on `commit()`, nil when written in place.
    public let targetPath: String?
    /// The temporary file being written, nil when written in place.
    public private(set) var temporaryPath: String?

    private var descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var failure: OutputError?
    private var finished = false

    static let bufferSize = 1 << 16

    /// Opens `path` for writing; nil or `-` is standard output.
    ///
    /// - Throws: `OutputError` when the temporary file (or, for a device or
    ///   FIFO, the target itself) cannot be opened.
    public init(path: String?) throws(OutputError) {
        buffer.reserveCapacity(Self.bufferSize)
        guard let path, path != "-" else {
            name = "standard output"
            targetPath = nil
            descriptor = 1
            ownsDescriptor = false
            return
        }
        name = path
        ownsDescriptor = true
        let resolved = Self.resolvingLinks(path)
        var status = stat()
        if stat(resolved, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            if (status.st_mode & S_IFMT) == S_IFDIR { throw OutputError(name: path, reason: "it is a directory") }
            // A device, FIFO or socket: written in place, never replaced.
            descriptor = open(resolved, O_WRONLY | O_CLOEXEC)
            targetPath = nil
            if descriptor < 0 { throw OutputError(name: path, errno: errno) }
            return
        }
        let existingMode: mode_t? = stat(resolved, &status) == 0 ? status.st_mode & 0o7777 : nil
        do {
            (descriptor, temporaryPath) = try Self.createTemporary(beside: resolved, name: path)
            targetPath = resolved
            if let existingMode { _ = fchmod(descriptor, existingMode) }
        } catch {
            // No temporary file can be made beside an existing file (a
            // directory we may not write in, a file under /proc): write the
            // file in place, as a shell redirection would.
            guard existingMode != nil else { throw error }
            descriptor = open(resolved, O_WRONLY | O_TRUNC | O_CLOEXEC)
            targetPath = nil
            if descriptor < 0 { throw OutputError(name: path, errno: errno) }
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends `bytes`.
    ///
    /// - Throws: `OutputError` for the first failed write; once a write has
    ///   failed, every later call throws the same error.
    public func write(_ bytes: some Collection<UInt8>) throws(OutputError) {
        if let failure { throw failure }
        if buffer.count + bytes.count > Self.bufferSize {
            try flush()
            if bytes.count >= Self.bufferSize {
                let array = Array(bytes)
                if let error = array.withUnsafeBytes({ writeAll($0) }) { throw error }
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Appends the UTF-8 of `text`.
    public func write(_ text: String) throws(OutputError) {
        try write(text.utf8)
    }

    /// Writes out what is buffered.
    public func flush() throws(OutputError) {
        if let failure { throw failure }
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        if let error = buffer.withUnsafeBytes({ writeAll($0) }) { throw error }
    }

    /// Flushes and closes the output, then renames the temporary file over
    /// the target. Standard output is flushed and stays open for more.
    ///
    /// - Throws: `OutputError` when a write, the close or the rename fails;
    ///   the temporary file is then removed and the target left as it was.
    public func commit() throws(OutputError) {
        guard !finished else { return }
        do {
            try flush()
        } catch {
            discard()
            throw error
        }
        guard ownsDescriptor else { return }
        finished = true
        let closed = close(descriptor)
        let closeErrno = errno
        descriptor = -1
        guard closed == 0 else {
            removeTemporary()
            throw record(OutputError(name: name, errno: closeErrno))
        }
        guard let temporaryPath, let targetPath else { return }
        let renamed = TemporaryOutputs.shared.rename(temporaryPath, to: targetPath)
        self.temporaryPath = nil
        if renamed != 0 {
            _ = unlink(temporaryPath)
            throw record(OutputError(name: name, errno: renamed))
        }
    }

    /// Abandons the output: closes it and removes the temporary file, so the
    /// target keeps its previous content (or stays absent). Standard output
    /// stays open: what is buffered is dropped and a failure forgotten (the
    /// caller has dealt with it), so a last flush at exit does not report it
    /// again.
    public func discard() {
        buffer.removeAll()
        guard ownsDescriptor else {
            failure = nil
            return
        }
        finished = true
        if ownsDescriptor, descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
        removeTemporary()
    }

    private func removeTemporary() {
        guard let temporaryPath else { return }
        TemporaryOutputs.shared.remove(temporaryPath)
        self.temporaryPath = nil
    }

    /// Writes all of `raw`, retrying short writes; the error, if any.
    private func writeAll(_ raw: UnsafeRawBufferPointer) -> OutputError? {
        guard var pointer = raw.baseAddress else { return nil }
        var left = raw.count
        while left > 0 {
            let written = systemWrite(descriptor, pointer, left)
            if written < 0 {
                if errno == EINTR { continue }
                return record(OutputError(name: name, errno: errno))
            }
            if written == 0 { return record(OutputError(name: name, errno: ENOSPC)) }
            pointer += written
            left -= written
        }
        return nil
    }

    private func record(_ error: OutputError) -> OutputError {
        if failure == nil { failure = error }
        return failure!
    }

    /// The path a symbolic link (or a chain of them) ends at, so that the
    /// file it names is replaced and the link kept; `path` itself when it is
    /// not a link or does not exist yet. A dangling link resolves to its
    /// target path, which is then created.
    static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return current }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &target, target.count - 1)
            guard length > 0 else { return current }
            let link = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
        }
        return current
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates `.BASE.zhengming-PID-N.tmp` beside `target` with `O_EXCL`
    /// (never an existing file), registered for removal on interruption.
    private static func createTemporary(beside target: String, name: String) throws(OutputError) -> (Int32, String) {
        let directory = directory(of: target), base = baseName(of: target)
        while true {
            let candidate = "\(directory)/.\(base).zhengming-\(getpid())-\(TemporaryOutputs.shared.nextSerial()).tmp"
            let registered = TemporaryOutputs.shared.register(candidate) {
                open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            }
            if registered >= 0 { return (registered, candidate) }
            let error = errno
            if error == EEXIST { continue }
            throw OutputError(name: name, errno: error)
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// An output that cannot be written: `cannot write PATH: REASON`, the
/// reason in words (`No space left on device`, `Permission denied`).
public struct OutputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path as the user gave it, or `standard output`.
    public let name: String
    public let reason: String
    /// The `errno` behind it, when there was one.
    public let code: Int32?

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
        code = nil
    }

    init(name: String, errno code: Int32) {
        self.name = name
        reason = String(cString: strerror(code))
        self.code = code
    }

    public var description: String { "cannot write \(name): \(reason)" }

    /// Equal when they say the same thing (the `errno` is a detail).
    public static func == (left: OutputError, right: OutputError) -> Bool {
        left.name == right.name && left.reason == right.reason
    }
}

extension OutputFile {
    /// Creates the directory `path` and its missing parents (`mkdir -p`).
    ///
    /// - Throws: `OutputError` naming `path`, in words: `it exists and is
    ///   not a directory` (a regular file, `/dev/null`), `DIR is not a
    ///   directory` for a parent, or the system's reason (`Permission denied`).
    public static func createDirectories(_ path: String) throws(OutputError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        let components = path.split(separator: "/").map(String.init)
        for (index, component) in components.enumerated() {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            var status = stat()
            if stat(prefix, &status) == 0 {
                if (status.st_mode & S_IFMT) == S_IFDIR { continue }
                throw OutputError(name: path, reason: index == components.count - 1
                    ? "it exists and is not a directory" : "\(prefix) is not a directory")
            }
            if mkdir(prefix, 0o777) != 0, errno != EEXIST { throw OutputError(name: path, errno: errno) }
        }
    }
}
