import Foundation

/// The two seed documents in `Corpus/`, found from this file's path so that
/// tests run from any working directory.
enum SeedDocuments {
    static let names = ["000_be3e6338dd572018.txt", "002_3abbbd3bd5926262.txt"]

    static var corpus: URL {
        URL(fileURLWithPath: #filePath)       // Tests/ZhengmingTests/Support/SeedDocuments.swift
            .deletingLastPathComponent()      // Support
            .deletingLastPathComponent()      // ZhengmingTests
            .deletingLastPathComponent()      // Tests
            .deletingLastPathComponent()      // the package
            .appendingPathComponent("Corpus")
    }

    static func path(_ name: String) -> String { corpus.appendingPathComponent(name).path }

    static func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
}
