import Foundation
import Testing

/// Runs the built `zhengming` executable, as a user would: a separate
/// process, arguments, standard input, and what it printed.
///
/// The binary is looked for next to the running test bundle (SwiftPM puts
/// both in the same `debug/` directory, whatever `--scratch-path` is), then
/// in the `debug/` directories of its parents. `ZHENGMING_EXECUTABLE`
/// overrides the search.
enum ZhengmingExecutable {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    struct NotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "the zhengming executable was not found; build it first (swift build --scratch-path .build-tests) or set ZHENGMING_EXECUTABLE. Searched: \(searched.joined(separator: ", "))"
        }
    }

    /// Directories where the executable may be.
    static var candidateDirectories: [URL] {
        var starts: [URL] = []
        if let argument = CommandLine.arguments.first {
            starts.append(URL(fileURLWithPath: argument).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        starts.append(Bundle.main.bundleURL)
        starts.append(Bundle.main.bundleURL.deletingLastPathComponent())
        var result: [URL] = []
        for start in starts {
            result.append(start)
            var directory = start
            for _ in 0..<4 {
                directory = directory.deletingLastPathComponent()
                result.append(directory.appendingPathComponent("debug"))
            }
        }
        return result
    }

    static func locate() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["ZHENGMING_EXECUTABLE"] {
            return URL(fileURLWithPath: explicit)
        }
        let candidates = candidateDirectories.map { $0.appendingPathComponent("zhengming") }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw NotFound(searched: candidates.map(\.path))
    }

    /// Runs `zhengming arguments…` in `directory` (a fresh empty one by
    /// default, so no `Rules/` is found relative to it) with `stdin` as
    /// standard input. The environment has no `ZHENGMING_RULES` unless
    /// `environment` sets it, so only packs given explicitly are loaded.
    /// `executable` runs another binary (a copy of this one, say) instead.
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
                    environment extra: [String: String] = [:], executable other: URL? = nil) throws -> Output {
        let executable = try other ?? locate()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("zhengming-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        try Data((stdin ?? "").utf8).write(to: inURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? scratch
        var environment = ProcessInfo.processInfo.environment
        environment["ZHENGMING_RULES"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let input = try FileHandle(forReadingFrom: inURL)
        let output = try FileHandle(forWritingTo: outURL)
        let error = try FileHandle(forWritingTo: errURL)
        defer { try? input.close(); try? output.close(); try? error.close() }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}
