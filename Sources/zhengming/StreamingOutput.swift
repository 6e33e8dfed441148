#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Zhengming

/// The output of `annotate --stream`: every record written and flushed at
/// once, through the command's `OutputFile` (so every write is checked).
///
/// A streaming client waits for each answer, so a record left in a buffer
/// is a client that hangs. And a client that goes away (closes the pipe)
/// must end the run: with SIGPIPE ignored the write fails with EPIPE, which
/// ends the run quietly (`ReaderGone`), as `head` expects of a producer; any
/// other failure (a full disk) is an `OutputError` the user sees. With
/// `-o FILE` the records are flushed to the temporary file, which is renamed
/// into place at the end like any output.
struct StreamingOutput {
    /// The reading end was closed.
    struct ReaderGone: Error {}

    private let file: OutputFile

    init(_ file: OutputFile) {
        self.file = file
        signal(SIGPIPE, SIG_IGN)
    }

    func write(_ bytes: [UInt8]) throws {
        do {
            try file.write(bytes)
            try file.flush()
        } catch where error.code == EPIPE {
            throw ReaderGone()
        }
    }
}
