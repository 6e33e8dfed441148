#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file as the file system knows it (device and inode), whatever the path
/// used to reach it: `same.jsonl`, `./same.jsonl` and a link to it are one
/// file. This is how an output is recognised among the inputs.
public struct FileIdentity: Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64

    /// The identity of what `path` names (links followed); nil when it does
    /// not exist or cannot be examined.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    /// The identity of an open file.
    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(status)
    }
}

extension OutputFile {
    /// Refuses an output that is one of the named inputs (same device and
    /// inode): writing it would replace the input with annotations of
    /// itself. Called before anything is opened.
    ///
    /// - Throws: `OutputError` naming the input.
    public static func checkNotAnInput(_ output: String?, inputs: [String]) throws(OutputError) {
        guard let output, output != "-", let target = FileIdentity(path: output) else { return }
        for input in inputs where input != "-" && FileIdentity(path: input) == target {
            throw OutputError(name: output, reason: input == output
                ? "it is also an input; write to another file"
                : "it is the input \(input); write to another file")
        }
    }
}
