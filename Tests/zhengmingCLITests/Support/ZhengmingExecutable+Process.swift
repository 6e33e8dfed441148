import Foundation

extension ZhengmingExecutable {
    /// Runs `zhengming arguments…` with standard output going to the file
    /// `stdoutPath` (say `/dev/full`); returns the status and standard error.
    static func run(_ arguments: [String], stdoutPath: String, in directory: URL? = nil) throws -> (status: Int32, stderr: String) {
        let process = try launch(arguments, stdoutPath: stdoutPath, in: directory)
        process.process.waitUntilExit()
        return (process.process.terminationStatus, try process.stderr())
    }

    /// A started `zhengming` process, for tests that signal it while it runs.
    struct Launched {
        let process: Process
        let stderrURL: URL
        let scratch: URL
        func stderr() throws -> String { try String(contentsOf: stderrURL, encoding: .utf8) }
        func cleanUp() { try? FileManager.default.removeItem(at: scratch) }
    }

    /// Starts `zhengming arguments…` (standard input empty, standard output
    /// to `stdoutPath` or a scratch file) without waiting for it.
    static func launch(_ arguments: [String], stdoutPath: String? = nil, in directory: URL? = nil) throws -> Launched {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("zhengming-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let errURL = scratch.appendingPathComponent("stderr")
        let outPath = stdoutPath ?? scratch.appendingPathComponent("stdout").path
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        if stdoutPath == nil { FileManager.default.createFile(atPath: outPath, contents: nil) }
        let process = Process()
        process.executableURL = try locate()
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? scratch
        var environment = ProcessInfo.processInfo.environment
        environment["ZHENGMING_RULES"] = nil
        process.environment = environment
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = try require(FileHandle(forWritingAtPath: outPath))
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        return Launched(process: process, stderrURL: errURL, scratch: scratch)
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw CocoaError(.fileNoSuchFile) }
    return value
}
