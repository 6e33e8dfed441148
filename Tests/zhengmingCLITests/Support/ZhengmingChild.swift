#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A `zhengming` process kept open, talked to over pipes one line at a
/// time, as a streaming client (the Python package) does.
///
/// Every read has a deadline: a process that does not answer fails the test
/// instead of hanging it.
final class ZhengmingChild {
    struct Timeout: Error, CustomStringConvertible {
        let waited: Double
        var description: String { "no answer from zhengming within \(waited) s" }
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errorFile: URL
    private var pending: [UInt8] = []

    /// Starts `zhengming arguments…` (see `ZhengmingExecutable.run` for the
    /// directory and environment); `stdout` replaces the output pipe (for
    /// example with `/dev/full`).
    init(_ arguments: [String], stdout: FileHandle? = nil) throws {
        process.executableURL = try ZhengmingExecutable.locate()
        process.arguments = arguments
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["ZHENGMING_RULES"] = nil
        process.environment = environment
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("zhengming-child-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardInput = input
        process.standardOutput = stdout ?? output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// Writes `line` and a line break to the process's standard input.
    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Closes standard input: the end of the records.
    func finishInput() throws { try input.fileHandleForWriting.close() }

    /// Closes the reading end of standard output: the client goes away.
    func stopReading() throws { try output.fileHandleForReading.close() }

    /// The next line of standard output, nil at its end; throws `Timeout`
    /// after `seconds`.
    func readLine(timeout seconds: Double = 30) throws -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeFirst(newline + 1)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Timeout(waited: seconds) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self) }
            pending += chunk[..<count]
        }
    }

    /// Waits (at most `seconds`) for the process to exit; its status.
    func wait(timeout seconds: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else { throw Timeout(waited: seconds) }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    /// Whether the process was ended by a signal (SIGPIPE, SIGKILL) rather
    /// than exiting; meaningful once `wait` returned.
    var endedBySignal: Bool { process.terminationReason == .uncaughtSignal }

    /// What the process wrote on standard error so far.
    var stderr: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }
}
