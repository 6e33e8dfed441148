import CICU

// Every call into the C shim lives in this file (see `Sources/CICU/include/CICU.h`
// for why the shim exists). The types here are internal: the rest of the
// library speaks Swift, and each wrapper's doc comment names the ICU function
// behind it.

/// An ICU status code that signalled failure.
struct ICUFailure: Error, CustomStringConvertible {
    let code: Int32
    let operation: String
    var description: String { "\(operation) failed: \(String(cString: cicu_error_name(code)))" }

    /// Throws when `status` is an ICU failure (`U_FAILURE`: a positive code).
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
        if status > 0 { throw ICUFailure(code: status, operation: operation()) }
    }
}

enum ICU {
    /// The text of a NUL-terminated C buffer that ICU filled.
    static func string(fromNulTerminated buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The version of the ICU library linked in (`u_getVersion`).
    static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        cicu_version(&buffer, 32)
        return Self.string(fromNulTerminated: buffer)
    }

    /// NFKC of one UTF-16 string (`unorm2_normalize` with the NFKC instance).
    static func nfkc(_ source: [UInt16]) throws -> [UInt16] {
        var capacity = max(source.count * 2, 8)
        while true {
            var status: Int32 = 0
            var output = [UInt16](repeating: 0, count: capacity)
            let length = cicu_nfkc(source, Int32(source.count), &output, Int32(capacity), &status)
            if status == 15 /* U_BUFFER_OVERFLOW_ERROR */ { capacity = Int(length) + 1; continue }
            try ICUFailure.check(status, "NFKC normalisation")
            return Array(output[0..<Int(length)])
        }
    }

    /// The most likely charset of `bytes` and ICU's confidence 0...100 (`ucsdet_detect`).
    static func detectCharset(_ bytes: UnsafeBufferPointer<UInt8>) -> (name: String, confidence: Int)? {
        var status: Int32 = 0
        var name = [CChar](repeating: 0, count: 64)
        let sample = min(bytes.count, 1 << 16)
        let confidence = bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: sample) {
            cicu_detect_charset($0, Int32(sample), &name, 64, &status)
        }
        guard status <= 0, confidence >= 0 else { return nil }
        return (Self.string(fromNulTerminated: name), Int(confidence))
    }

    /// Strict conversion of `bytes` from `charset` to UTF-16 (`ucnv_toUnicode`
    /// with the STOP callback). Returns the units, or the byte offset of the
    /// first illegal sequence and ICU's error name.
    static func convert(_ bytes: UnsafeBufferPointer<UInt8>, from charset: String)
        -> Result<[UInt16], ConversionFailure>
    {
        let capacity = bytes.count + 16
        var output = [UInt16](repeating: 0, count: capacity)
        var status: Int32 = 0
        var errorOffset: Int32 = -1
        let length = bytes.baseAddress.map { base in
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                cicu_convert_to_utf16(charset, $0, Int32(bytes.count), &output, Int32(capacity), &errorOffset, &status)
            }
        } ?? 0
        if status > 0 {
            return .failure(ConversionFailure(
                offset: errorOffset >= 0 ? Int(errorOffset) : nil,
                reason: String(cString: cicu_error_name(status))))
        }
        output.removeSubrange(Int(length)...)
        return .success(output)
    }

    struct ConversionFailure: Error {
        let offset: Int?
        let reason: String
    }

    /// The code-point ranges of an ICU set pattern such as `[\p{Han}]`
    /// (`uset_openPattern`, `uset_getItem`).
    static func ranges(ofSetPattern pattern: String) throws -> [ClosedRange<UInt32>] {
        let units = Array(pattern.utf16)
        var status: Int32 = 0
        var errorOffset: Int32 = -1
        guard let set = cicu_set_open_pattern(units, Int32(units.count), &errorOffset, &status), status <= 0 else {
            throw ICUFailure(code: status, operation: "Unicode set \(pattern)")
        }
        defer { cicu_set_close(set) }
        return (0..<cicu_set_range_count(set)).map { index in
            var first: Int32 = 0, last: Int32 = 0
            cicu_set_range(set, index, &first, &last)
            return UInt32(first)...UInt32(last)
        }
    }
}

/// An ICU break iterator (`ubrk_open`), reusable over many texts.
///
/// Not thread-safe: each worker owns its own.
final class ICUBreakIterator {
    enum Kind: Int32 { case word = 1, sentence = 3 }
    private let handle: OpaquePointer

    init(_ kind: Kind, locale: String = "zh") throws {
        var status: Int32 = 0
        guard let handle = cicu_break_open(kind.rawValue, locale, &status), status <= 0 else {
            throw ICUFailure(code: status, operation: "opening a \(kind) break iterator")
        }
        self.handle = handle
    }

    deinit { cicu_break_close(handle) }

    /// Calls `body` with each boundary after the first (`ubrk_next`).
    /// `text` must stay alive for the call, which it does here. (The rule
    /// status of each segment, `ubrk_getRuleStatus`, is not asked for: no
    /// caller uses it, and the benchmark's baseline is this loop.)
    func forEachBoundary(in text: UnsafeBufferPointer<UInt16>, _ body: (Int) -> Void) throws {
        var status: Int32 = 0
        cicu_break_set_text(handle, text.baseAddress, Int32(text.count), &status)
        try ICUFailure.check(status, "setting break-iterator text")
        _ = cicu_break_first(handle)
        while true {
            let boundary = cicu_break_next(handle)
            if boundary < 0 { break }
            body(Int(boundary))
        }
    }
}

/// An ICU transliterator (`utrans_openU`), e.g. `Han-Latin`.
///
/// Not thread-safe: each worker owns its own.
final class ICUTransliterator {
    private let handle: OpaquePointer
    let id: String

    init(id: String) throws {
        let units = Array(id.utf16)
        var status: Int32 = 0
        guard let handle = cicu_translit_open(units, Int32(units.count), &status), status <= 0 else {
            throw ICUFailure(code: status, operation: "opening transliterator \(id)")
        }
        self.handle = handle
        self.id = id
    }

    deinit { cicu_translit_close(handle) }

    /// Transliterates UTF-16 `text` (`utrans_transUChars`).
    func apply(_ text: [UInt16]) throws -> [UInt16] {
        var capacity = max(text.count * 4, 16)
        while true {
            var buffer = text + [UInt16](repeating: 0, count: capacity - text.count)
            var length = Int32(text.count)
            var status: Int32 = 0
            cicu_translit_apply(handle, &buffer, &length, Int32(capacity), &status)
            if status == 15 /* U_BUFFER_OVERFLOW_ERROR */ || Int(length) > capacity {
                capacity = Int(length) * 2 + 16
                continue
            }
            try ICUFailure.check(status, "transliterating with \(id)")
            return Array(buffer[0..<Int(length)])
        }
    }

    func apply(_ text: String) throws -> String {
        String(decoding: try apply(Array(text.utf16)), as: UTF16.self)
    }

    /// The transliterator's source rules (`utrans_toRules`).
    func rules() throws -> String {
        var capacity = 1 << 16
        while true {
            var buffer = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let length = Int(cicu_translit_to_rules(handle, &buffer, Int32(capacity), &status))
            if status == 15 /* U_BUFFER_OVERFLOW_ERROR */ || length > capacity {
                capacity = length + 16
                continue
            }
            try ICUFailure.check(status, "reading the rules of \(id)")
            return String(decoding: buffer[0..<length], as: UTF16.self)
        }
    }
}
