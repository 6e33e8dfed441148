import Foundation
import FuzzSupport
import Zhengming

/// Bytes of a JSONL file → `DocumentStream`, compared line by line with
/// Python's `json` module as the reference reader (`PythonReference`).
///
/// Promised, and checked here:
/// - every good record comes out as a document, in input order, with its
///   text decoded exactly as the reference decodes it;
/// - every bad line gives exactly one error, `path:line: reason` on one
///   line (a warning, such as for a key given twice, follows its record);
/// - blank lines give nothing;
/// - every passthrough field is JSON that reads back to the value the
///   reference read from the input (what is written out is JSON).
///
/// Known, documented differences from the reference are not findings: the
/// scanner refuses containers nested deeper than 512 levels and `\u`
/// escapes of unpaired surrogates (Python accepts both; RFC 8259 leaves
/// them to the implementation).

/// One per process: libFuzzer calls the target on one thread.
nonisolated(unsafe) let reference = PythonReference()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = ScratchDirectory.write(bytes, to: "input.jsonl")
    var results: [ReadResult] = []
    for result in DocumentStream(paths: [path]) { results.append(result) }
    check(results, lines: nonBlankLines(bytes), path: path)
    return 0
}

/// The lines as `getline` cuts them (at each LF, the last one even without
/// an LF), by number, without the blank ones (spaces, tabs, CR only) and
/// without a UTF-8 byte-order mark on the first.
func nonBlankLines(_ bytes: [UInt8]) -> [(number: Int, bytes: [UInt8])] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    if bytes.last == 0x0A { lines.removeLast() }
    var result: [(Int, [UInt8])] = []
    for (index, var line) in lines.enumerated() {
        if index == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        result.append((index + 1, line))
    }
    return result
}

func check(_ results: [ReadResult], lines: [(number: Int, bytes: [UInt8])], path: String) {
    var remaining = lines[...]
    var last: Int?
    for result in results {
        if case .failure(let error) = result, error.isWarning {
            expect(isOneLine(error.description), "warning is not one line: \(error.description.debugDescription)")
            expect(error.line != nil && error.line == last, "warning for line \(error.line ?? 0) after line \(last ?? 0)")
            continue
        }
        last = remaining.first?.number
        guard let line = remaining.popFirst() else { expect(false, "a result after the last line: \(result)"); return }
        switch result {
        case .failure(let error):
            expect(isOneLine(error.description), "error is not one line: \(error.description.debugDescription)")
            expect(error.description.hasPrefix("\(path):\(line.number): "), "error \(error), expected one for line \(line.number)")
            let verdict = reference.verdict(line: line.bytes, passthrough: [])
            if case .good = verdict { expect(false, "line \(line.number) is a good record but was refused: \(error)") }
        case .document(let document):
            expect(document.origin == "\(path):\(line.number)", "document \(document.origin), expected line \(line.number)")
            switch reference.verdict(line: line.bytes, passthrough: document.passthrough) {
            case .bad: expect(false, "line \(line.number) is not a record with a text but was read")
            case .either: break
            case .good(let text, let mismatched):
                expect(document.text.unicodeScalars.elementsEqual(text.unicodeScalars), "line \(line.number): text differs")
                expect(mismatched.isEmpty, "line \(line.number): passthrough \(mismatched) not written back as read")
            }
        }
    }
    expect(remaining.isEmpty, "lines \(remaining.map(\.number)) gave nothing")
}
