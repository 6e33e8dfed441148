import Foundation

/// A fresh directory under the system temporary directory, for tests that
/// need real files (inputs, rule packs). Each test removes its own with
/// `defer { directory.remove() }`. Shared by the library's and the command
/// line's tests (the `TestSupport` target).
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ prefix: String = "zhengming-tests") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes UTF-8 `contents` to `relative` (directories are created); returns the full path.
    @discardableResult
    public func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, bytes: Array(contents.utf8))
    }

    /// Writes raw bytes to `relative` (directories are created); returns the full path.
    @discardableResult
    public func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// The full path of `relative`.
    public func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}
