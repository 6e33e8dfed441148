#if canImport(Glibc)
import Glibc
#endif

/// Stops the run when a promised property does not hold, naming it.
///
/// A fuzz target checks more than "no crash": each check is a promise of the
/// README's "What is promised" (offsets inside the text, one line per bad
/// input, valid JSON out). `abort()` is what libFuzzer recognises as a
/// finding: it saves the input as `crash-…` and stops with a non-zero status.
public func expect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                   file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    let text = "property failed at \(file):\(line): \(message())\n"
    _ = Array(text.utf8).withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}

/// Whether `text` is one line: every diagnostic and input error is promised
/// to be one line, so that a run's report has one line per bad input.
public func isOneLine(_ text: String) -> Bool {
    !text.isEmpty && !text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }
}
