import Foundation

/// A directory of this process's own for the files a target writes (a JSONL
/// input, a rule pack), under the system's temporary directory and named
/// after the process, so that parallel fuzzers (`-jobs`) never share one.
public enum ScratchDirectory {
    public static let path: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("zhengming-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to `relative` (creating its directory), returning the full path.
    @discardableResult
    public static func write(_ bytes: [UInt8], to relative: String) -> String {
        let full = (path as NSString).appendingPathComponent(relative)
        let parent = (full as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        expect(FileManager.default.createFile(atPath: full, contents: Data(bytes)), "cannot write \(full)")
        return full
    }

    /// Removes `relative` and everything under it.
    public static func remove(_ relative: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(relative))
    }
}
