#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output of `annotate --stream`: every record written and flushed at
/// once, and every write checked.
///
/// A streaming client waits for each answer, so a record left in a stdio
/// buffer is a client that hangs. And a client that goes away (closes the
/// pipe) must end the run: with SIGPIPE ignored the write fails with EPIPE,
/// which ends the run quietly (`ReaderGone`), as `head` expects of a
/// producer; any other failure (a full disk) is an error the user sees.
struct StreamingOutput {
    /// The reading end was closed.
    struct ReaderGone: Error {}

    private let file: UnsafeMutablePointer<FILE>
    private let name: String

    init(_ file: UnsafeMutablePointer<FILE>, name: String) {
        self.file = file
        self.name = name
        signal(SIGPIPE, SIG_IGN)
    }

    func write(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written == bytes.count, fflush(file) == 0 { return }
        let code = errno
        if code == EPIPE { throw ReaderGone() }
        throw CLIError("cannot write \(name): \(String(cString: strerror(code)))")
    }
}
