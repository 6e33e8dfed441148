#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output and standard error without Foundation's
/// per-call overhead: annotation output is large.
enum Console {
    /// Our own stdio streams over file descriptors 1 and 2 (the C globals
    /// `stdout`/`stderr` are mutable state Swift 6 refuses to share).
    nonisolated(unsafe) static let standardOutput: UnsafeMutablePointer<FILE> = fdopen(1, "w")!
    nonisolated(unsafe) static let standardError: UnsafeMutablePointer<FILE> = fdopen(2, "w")!

    static func error(_ line: String) {
        fputs(line + "\n", standardError)
        fflush(standardError)
    }

    static func write(_ bytes: [UInt8], to file: UnsafeMutablePointer<FILE> = standardOutput) {
        bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
    }

    static func print(_ line: String) {
        fputs(line + "\n", standardOutput)
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Opens `path` for writing ("-" or nil: standard output).
    static func open(_ path: String?) throws -> UnsafeMutablePointer<FILE> {
        guard let path, path != "-" else { return standardOutput }
        guard let file = fopen(path, "wb") else {
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return file
    }
}

/// A one-line error for the user; the command exits with `code`.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
