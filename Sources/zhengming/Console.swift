#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Zhengming

/// Standard output and standard error for the commands.
///
/// Standard output is an `OutputFile` like any `-o` file: buffered, every
/// write checked. Commands that print reports (`rules check`, `eval`) call
/// `print`, which keeps the first write error; `ZhengmingCommand.main`
/// flushes at the end and turns that error into `zhengming: cannot write
/// standard output: …` and exit 1. Commands that write a corpus open their
/// output with `Console.open` and check every write themselves, so that a
/// full disk stops the run at once.
enum Console {
    /// Our own stream over file descriptor 2 (the C global `stderr` is
    /// mutable state Swift 6 refuses to share).
    nonisolated(unsafe) static let standardError: UnsafeMutablePointer<FILE> = fdopen(2, "w")!

    /// Standard output; used from the main thread only.
    nonisolated(unsafe) static let standardOutput = try! OutputFile(path: nil)

    static func error(_ line: String) {
        fputs(line + "\n", standardError)
        fflush(standardError)
    }

    /// Prints a report line on standard output; a failed write is reported by `finish`.
    static func print(_ line: String) {
        try? standardOutput.write(line + "\n")
    }

    /// Flushes standard output.
    ///
    /// - Throws: `CLIError` (`cannot write standard output: …`) when any
    ///   write to it failed.
    static func finish() throws {
        do { try standardOutput.flush() } catch { throw CLIError(error.description) }
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Opens the output of a command: `path`, or standard output for nil or
    /// `-`. See `OutputFile` for what it promises; commit it on success.
    static func open(_ path: String?) throws -> OutputFile {
        guard let path, path != "-" else { return standardOutput }
        do { return try OutputFile(path: path) } catch { throw CLIError(error.description) }
    }
}

/// A one-line error for the user: `ZhengmingCommand.main` prints it as
/// `zhengming: MESSAGE` and exits with `code`.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let code: Int32
    init(_ message: String, code: Int32 = 1) {
        description = message
        self.code = code
    }
}
