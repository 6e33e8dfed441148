import Foundation
import FuzzSupport

/// Python's `json` module as the reference reader of a JSONL line, in one
/// long-lived `python3` process fed over a pipe (a process per line would
/// cost more than the fuzzing).
///
/// Python and not Foundation: `JSONSerialization` on Linux accepts
/// `{"text":"a",}`, which Python, JavaScript and RFC 8259 do not.
/// `NaN` and `Infinity` (which `json.loads` accepts by default) are refused,
/// as RFC 8259 does.
///
/// Frames are a 4-byte big-endian length and the bytes. A request is the
/// line, then the passthrough fields the scanner kept (a count, then each
/// key and raw value); the answer is a JSON object: `kind` (`good`, `bad`,
/// or `either` for a documented difference), the decoded `text`, and the
/// keys whose raw value did not read back as Python read the field.
final class PythonReference {
    enum Verdict: Equatable {
        case good(text: String, mismatched: [String])
        case bad
        case either
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    static let script = #"""
import json, struct, sys
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
def read(n):
    data = stdin.read(n)
    if len(data) < n: sys.exit(0)
    return data
def frame(): return read(struct.unpack('>I', read(4))[0])
def constant(name): raise ValueError(name)
def load(data): return json.loads(data.decode('utf-8'), parse_constant=constant)
def depth(value):
    if isinstance(value, dict): return 1 + max([depth(v) for v in value.values()], default=0)
    if isinstance(value, list): return 1 + max([depth(v) for v in value], default=0)
    return 0
def surrogates(value):
    if isinstance(value, str): return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict): return any(surrogates(k) or surrogates(v) for k, v in value.items())
    if isinstance(value, list): return any(surrogates(v) for v in value)
    return False
sys.setrecursionlimit(5000)
while True:
    line = frame()
    fields = [(frame(), frame()) for _ in range(struct.unpack('>I', read(4))[0])]
    try:
        record = load(line)
        kind = 'good' if isinstance(record, dict) and isinstance(record.get('text'), str) else 'bad'
        if kind == 'good' and (depth(record) > 500 or surrogates(record)): kind = 'either'
    except RecursionError:
        kind = 'either'
    except (ValueError, UnicodeDecodeError):
        kind = 'bad'
    answer = {'kind': kind}
    if kind == 'good':
        answer['text'] = record['text']
        mismatched = []
        for key, raw in fields:
            name = key.decode('utf-8')
            try:
                same = name in record and json.dumps(load(raw)) == json.dumps(record[name])
            except (ValueError, UnicodeDecodeError, RecursionError):
                same = False
            if not same: mismatched.append(name)
        answer['mismatched'] = mismatched
    data = json.dumps(answer).encode()
    stdout.write(struct.pack('>I', len(data)) + data)
    stdout.flush()
"""#

    init() {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch { expect(false, "cannot start python3: \(error)") }
    }

    func verdict(line: [UInt8], passthrough: [(key: String, rawValue: String)]) -> Verdict {
        var request = Self.frame(line)
        request += Self.length(passthrough.count)
        for (key, raw) in passthrough { request += Self.frame(Array(key.utf8)) + Self.frame(Array(raw.utf8)) }
        write(request)
        let size = read(4).reduce(0) { $0 << 8 | Int($1) }
        let answer = try? JSONSerialization.jsonObject(with: Data(read(size))) as? [String: Any]
        switch answer?["kind"] as? String {
        case "good":
            let text = answer?["text"] as? String
            expect(text != nil, "the reference gave no text")
            return .good(text: text!, mismatched: answer?["mismatched"] as? [String] ?? [])
        case "bad": return .bad
        case "either": return .either
        default: expect(false, "the reference answered \(String(describing: answer))"); return .either
        }
    }

    /// Plain `read(2)` and `write(2)`, retried on EINTR: libFuzzer's
    /// `-timeout` alarm interrupts system calls, and `FileHandle` turns an
    /// interrupted read into a crash.
    private func read(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(output.fileHandleForReading.fileDescriptor, $0.baseAddress! + done, count - done) }
            if got < 0, errno == EINTR { continue }
            expect(got > 0, "the reference (python3) stopped")
            done += got
        }
        return bytes
    }

    private func write(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let put = bytes.withUnsafeBytes { Glibc.write(input.fileHandleForWriting.fileDescriptor, $0.baseAddress! + done, bytes.count - done) }
            if put < 0, errno == EINTR { continue }
            expect(put > 0, "the reference (python3) stopped reading")
            done += put
        }
    }

    private static func length(_ count: Int) -> [UInt8] {
        (0..<4).reversed().map { UInt8((count >> (8 * $0)) & 0xFF) }
    }

    private static func frame(_ bytes: [UInt8]) -> [UInt8] { length(bytes.count) + bytes }
}
