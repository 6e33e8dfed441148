/// Reads one JSON object (a JSONL record) into its top-level fields, keeping
/// each value's raw JSON text so that fields Zhengming does not use are written
/// back byte for byte.
///
/// Only strings are decoded (the `text` and `id` fields need it); other values
/// are scanned for structure and kept as they are. Errors carry the byte
/// column, which the reader turns into `path:line: invalid JSON: …`.
public struct JSONObjectScanner {
    private let bytes: [UInt8]
    private var index = 0

    public struct Field {
        public let key: String
        /// The decoded value, when it is a string.
        public let string: String?
        /// The line and where the value lies in it: the raw text is made only
        /// when asked for (the `text` field's never is, and it is most of the line).
        let line: [UInt8]
        let range: Range<Int>

        /// The value's JSON text exactly as in the input.
        public var rawValue: String { String(decoding: line[range], as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let column: Int
        public let message: String
        public var description: String { "column \(column): \(message)" }
    }

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Scans the whole input as one object.
    public static func fields(of line: [UInt8]) throws(Failure) -> [Field] {
        var scanner = JSONObjectScanner(line)
        return try scanner.scanObject()
    }

    mutating func scanObject() throws(Failure) -> [Field] {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var fields: [Field] = []
        skipSpace()
        if peek == UInt8(ascii: "}") { index += 1; return try finish(fields) }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try scanString()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            let start = index
            let string: String? = peek == UInt8(ascii: "\"") ? try scanString() : nil
            if string == nil { try skipValue() }
            fields.append(Field(key: key, string: string, line: bytes, range: start..<index))
            skipSpace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return try finish(fields)
        }
    }

    /// The elements of a JSON array, each as its raw bytes (a request's
    /// `documents`), checked for structure like any value.
    public static func elements(ofArray bytes: [UInt8]) throws(Failure) -> [ArraySlice<UInt8>] {
        var scanner = JSONObjectScanner(bytes)
        scanner.skipSpace()
        try scanner.expect(UInt8(ascii: "["))
        var elements: [ArraySlice<UInt8>] = []
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "]") {
            scanner.index += 1
        } else {
            while true {
                scanner.skipSpace()
                let start = scanner.index
                try scanner.skipValue()
                elements.append(bytes[start..<scanner.index])
                scanner.skipSpace()
                if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
                try scanner.expect(UInt8(ascii: "]"))
                break
            }
        }
        scanner.skipSpace()
        if scanner.index != bytes.count { throw scanner.fail("unexpected text after the array") }
        return elements
    }

    private mutating func finish(_ fields: [Field]) throws(Failure) -> [Field] {
        skipSpace()
        if index != bytes.count { throw fail("unexpected text after the object") }
        return fields
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func fail(_ message: String) -> Failure { Failure(column: index + 1, message: message) }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek == byte else {
            throw fail(peek == nil ? "unexpected end of line, expected '\(Character(Unicode.Scalar(byte)))'"
                                   : "expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    /// Containers nested deeper than this are refused (RFC 8259 lets a
    /// parser set a limit; Python's is about 1,000 by recursion). The
    /// scanner itself does not recurse, so the limit is about what readers
    /// of the output can take.
    static let maximumDepth = 512

    /// Validates one JSON value (RFC 8259) and moves past it: strings with
    /// valid UTF-8 and escapes, numbers by the grammar (`01`, `1.`, `NaN`
    /// and `Infinity` are not JSON), `true`/`false`/`null` exactly, and
    /// objects and arrays with their commas, colons and string keys. What
    /// passes is written back verbatim, so it must be JSON.
    ///
    /// - Complexity: O(length of the value), without recursion.
    private mutating func skipValue() throws(Failure) {
        var closers: [UInt8] = []
        while true {
            // A value starts here.
            skipSpace()
            guard let byte = peek else { throw fail("missing value") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let closer = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipSpace()
                if peek == closer {
                    index += 1
                } else {
                    guard closers.count < Self.maximumDepth else {
                        throw fail("nested deeper than \(Self.maximumDepth) levels")
                    }
                    closers.append(closer)
                    if closer == UInt8(ascii: "}") { try skipKey() }
                    continue
                }
            case UInt8(ascii: "\""): try skipString()
            case UInt8(ascii: "t"): try skipLiteral("true")
            case UInt8(ascii: "f"): try skipLiteral("false")
            case UInt8(ascii: "n"): try skipLiteral("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
            default: throw fail("invalid value")
            }
            // After a value: close containers, or go on after a comma.
            while let closer = closers.last {
                skipSpace()
                if peek == closer {
                    index += 1
                    closers.removeLast()
                    continue
                }
                guard peek == UInt8(ascii: ",") else {
                    throw fail(peek == nil ? "unterminated object or array"
                                           : "expected ',' or '\(Character(Unicode.Scalar(closer)))'")
                }
                index += 1
                if closer == UInt8(ascii: "}") { skipSpace(); try skipKey() }
                break
            }
            if closers.isEmpty { return }
        }
    }

    /// A key and its colon, inside an object.
    private mutating func skipKey() throws(Failure) {
        guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
        try skipString()
        skipSpace()
        try expect(UInt8(ascii: ":"))
    }

    private mutating func skipLiteral(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count && word.withUTF8Buffer { literal in
            (0..<count).allSatisfy { bytes[index + $0] == literal[$0] }
        }
        guard matches else { throw fail("invalid value") }
        index += count
        if let next = peek, Self.continuesToken(next) { throw fail("invalid value") }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func skipNumber() throws(Failure) {
        let start = index
        func digits() -> Int {
            let first = index
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index - first
        }
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            index = start
            throw fail("invalid number")
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { index = start; throw fail("invalid number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { index = start; throw fail("invalid number") }
        }
        if let next = peek, Self.continuesToken(next) {
            index = start
            throw fail(next == UInt8(ascii: "0") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next)
                       ? "invalid number (leading zero)" : "invalid number")
        }
    }

    /// A byte that may not follow a number or literal directly.
    private static func continuesToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return false
        default: return true
        }
    }

    /// Validates a string (UTF-8, escapes, no control characters) without
    /// building it.
    private mutating func skipString() throws(Failure) {
        index += 1
        var plainStart = index
        while true {
            guard let byte = peek else { throw fail("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                try validatePlain(plainStart..<index)
                index += 1
                return
            }
            if byte < 0x20 { throw fail("control character in string") }
            if byte != UInt8(ascii: "\\") { index += 1; continue }
            try validatePlain(plainStart..<index)
            index += 1
            guard let escape = peek else { throw fail("unterminated escape") }
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                break
            case UInt8(ascii: "u"):
                let value = try hex4()
                if (0xD800..<0xDC00).contains(value) {
                    guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate escape")
                    }
                    index += 2
                    guard (0xDC00..<0xE000).contains(try hex4()) else { throw fail("unpaired surrogate escape") }
                } else if (0xDC00..<0xE000).contains(value) {
                    throw fail("unpaired surrogate escape")
                }
            default: throw fail("invalid escape")
            }
            plainStart = index
        }
    }

    private func validatePlain(_ range: Range<Int>) throws(Failure) {
        guard !range.isEmpty else { return }
        if bytes[range].allSatisfy({ $0 < 0x80 }) { return }
        guard bytes[range].withUnsafeBufferPointer(UTF8Validation.isValid) else { throw invalidUTF8(in: range) }
    }

    /// The error for a run that is not UTF-8, at its first bad byte.
    private func invalidUTF8(in range: Range<Int>) -> Failure {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[range].makeIterator()
        var offset = range.lowerBound
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) { offset += scalar.count }
        return Failure(column: offset + 1, message: "invalid UTF-8 in string")
    }

    /// Scans a JSON string starting at the opening quote and decodes it.
    ///
    /// Runs of bytes without escapes (all of a typical `text`) are validated
    /// and appended as UTF-8 in one piece; only escapes are appended scalar
    /// by scalar.
    private mutating func scanString() throws(Failure) -> String {
        index += 1
        var decoded = ""
        var plainStart = index
        func flushPlain(_ end: Int) throws(Failure) {
            if end > plainStart {
                guard let piece = UTF8Validation.string(bytes[plainStart..<end]) else {
                    throw invalidUTF8(in: plainStart..<end)
                }
                decoded += piece
            }
        }
        while true {
            guard let byte = peek else { throw fail("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                try flushPlain(index)
                index += 1
                return decoded
            }
            if byte < 0x20 { throw fail("control character in string") }
            if byte != UInt8(ascii: "\\") { index += 1; continue }
            try flushPlain(index)
            index += 1
            guard let escape = peek else { throw fail("unterminated escape") }
            index += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.unicodeScalars.append("\"")
            case UInt8(ascii: "\\"): decoded.unicodeScalars.append("\\")
            case UInt8(ascii: "/"): decoded.unicodeScalars.append("/")
            case UInt8(ascii: "b"): decoded.unicodeScalars.append("\u{08}")
            case UInt8(ascii: "f"): decoded.unicodeScalars.append("\u{0C}")
            case UInt8(ascii: "n"): decoded.unicodeScalars.append("\n")
            case UInt8(ascii: "r"): decoded.unicodeScalars.append("\r")
            case UInt8(ascii: "t"): decoded.unicodeScalars.append("\t")
            case UInt8(ascii: "u"):
                var value = try hex4()
                if (0xD800..<0xDC00).contains(value) {
                    guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate escape") }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(value) {
                    throw fail("unpaired surrogate escape")
                }
                guard let scalar = Unicode.Scalar(value) else { throw fail("invalid \\u escape") }
                decoded.unicodeScalars.append(scalar)
            default: throw fail("invalid escape")
            }
            plainStart = index
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
