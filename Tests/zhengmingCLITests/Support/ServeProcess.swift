#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `zhengming serve --port 0 …` as a child process: started, its port read
/// from the line it prints when listening, and stopped with SIGTERM (a
/// graceful shutdown) when the test ends.
final class ServeProcess {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private let process = Process()
    private let errors = Pipe()
    let port: Int
    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    init(_ arguments: [String], timeout seconds: Double = 120) throws {
        process.executableURL = try ZhengmingExecutable.locate()
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["ZHENGMING_RULES"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // Read standard error until the listening line (or a deadline).
        let handle = errors.fileHandleForReading
        let descriptor = handle.fileDescriptor
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        var found: Int?
        while found == nil {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "serve did not start within \(seconds) s: \(text)") }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            let chunk = handle.availableData
            guard !chunk.isEmpty else { throw Failure(description: "serve exited before listening: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                let match = String(text[range])
                found = Int(match.split(separator: ":").last!.dropLast())
            }
        }
        port = found!
    }

    /// Stops the server; its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { _ = stop() }
}
