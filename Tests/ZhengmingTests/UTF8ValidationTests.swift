import Testing
@testable import Zhengming

/// `UTF8Validation` replaces the standard library's `String(validating:as:)`
/// on the input path; it must accept and refuse exactly what that does.
@Suite struct UTF8ValidationTests {
    /// The boundaries of Table 3-7 of the Unicode Standard, each side.
    static let table: [(name: String, bytes: [UInt8], valid: Bool)] = [
        ("empty", [], true),
        ("ASCII", Array("王 is not ASCII but this is".utf8.suffix(8)), true),
        ("two bytes, lowest", [0xC2, 0x80], true),
        ("overlong two bytes", [0xC1, 0xBF], false),
        ("two bytes, highest", [0xDF, 0xBF], true),
        ("three bytes after E0, lowest", [0xE0, 0xA0, 0x80], true),
        ("overlong three bytes", [0xE0, 0x9F, 0xBF], false),
        ("Han", Array("正名".utf8), true),
        ("last before surrogates", [0xED, 0x9F, 0xBF], true),
        ("surrogate D800", [0xED, 0xA0, 0x80], false),
        ("surrogate DFFF", [0xED, 0xBF, 0xBF], false),
        ("first after surrogates", [0xEE, 0x80, 0x80], true),
        ("four bytes after F0, lowest", [0xF0, 0x90, 0x80, 0x80], true),
        ("overlong four bytes", [0xF0, 0x8F, 0xBF, 0xBF], false),
        ("U+10FFFF", [0xF4, 0x8F, 0xBF, 0xBF], true),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80], false),
        ("F5 lead", [0xF5, 0x80, 0x80, 0x80], false),
        ("FF", [0xFF], false),
        ("stray continuation", [0x41, 0x80, 0x41], false),
        ("truncated at the end", [0x41, 0xE4, 0xB8], false),
        ("bad third byte", [0xE4, 0xB8, 0x41], false),
        ("bad fourth byte", [0xF0, 0x9F, 0x98, 0xC0], false),
        ("astral", Array("𠀀😀".utf8), true),
        ("invalid after eight ASCII bytes", Array("abcdefgh".utf8) + [0xC0, 0x80], false),
    ]

    @Test func followsTheStandardsTable() {
        for (name, bytes, valid) in Self.table {
            #expect(bytes.withUnsafeBufferPointer(UTF8Validation.isValid) == valid, "\(name)")
            #expect((String(validating: bytes, as: UTF8.self) != nil) == valid, "the standard library on \(name)")
            #expect(UTF8Validation.string(bytes) == String(validating: bytes, as: UTF8.self), "\(name)")
        }
    }

    /// Random byte strings biased towards lead and continuation bytes, and
    /// valid text cut at random places, against the standard library.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func agreesWithTheStandardLibrary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pool: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                             0xE4, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF]
        let valid = Array("国务院总理李强 met 𠀀 and 😀 in Beijing; 第二十届中央委员会".utf8)
        for _ in 0..<20_000 {
            var bytes: [UInt8]
            if random.next() % 2 == 0 {
                bytes = (0..<Int(random.next() % 12)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
            } else {
                let start = Int(random.next() % UInt64(valid.count))
                let end = start + Int(random.next() % UInt64(valid.count - start + 1))
                bytes = Array(valid[start..<end])
                if !bytes.isEmpty, random.next() % 3 == 0 {
                    bytes[Int(random.next() % UInt64(bytes.count))] = pool[Int(random.next() % UInt64(pool.count))]
                }
            }
            #expect(UTF8Validation.string(bytes) == String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
    }
}
