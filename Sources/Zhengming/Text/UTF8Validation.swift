/// Strict UTF-8 validation, and `String`s made from bytes that pass it.
///
/// The standard library's `String(validating:as:)` is generic over the
/// encoding and, called from here, is not specialised: each call looks up
/// type metadata before it reads a byte, which was 2.7 % of a run that only
/// reads JSONL. Every JSON string run, text file and lexicon line goes
/// through validation, so it is done here, in one loop with an ASCII fast
/// path, and the valid bytes are handed to `String(decoding:as:)`, which
/// copies valid UTF-8 as is.
///
/// The rules are those of the Unicode Standard (Table 3-7, "Well-Formed UTF-8
/// Byte Sequences"): no overlong forms, no surrogates (U+D800–U+DFFF), nothing
/// above U+10FFFF, no truncated sequence, no stray continuation byte.
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time while they last.
            while index + 8 <= count,
                  UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The second byte's range depends on the lead (Table 3-7); the
            // bytes after it are plain continuations.
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// The string of `bytes`, or nil when they are not well-formed UTF-8.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer(string)
    }

    static func string(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer(string)
    }
}
