/// Turns the bytes of a file into text, whatever encoding a government web
/// page was saved in.
///
/// The order of attempts is the one that loses nothing and guesses least:
/// 1. a byte-order mark decides (UTF-8, UTF-32LE, UTF-32BE, UTF-16LE,
///    UTF-16BE; the UTF-32LE mark begins with the UTF-16LE one, so it is
///    tested first);
/// 2. an explicit `--encoding` decides;
/// 3. bytes that are valid UTF-8 are UTF-8 (ICU's detector is statistical and
///    can misjudge short texts, strict validation cannot);
/// 4. otherwise GB18030 (a superset of GBK and GB2312, the encoding of most
///    Chinese government pages) is tried, after Big5 when ICU's charset
///    detector (`ucsdet`) is confident the text is Big5. Short texts are
///    ambiguous between the two (most Big5 byte pairs are valid GBK): pass
///    `--encoding Big5` for short traditional-Chinese files.
/// Every conversion is strict: an illegal byte sequence is an error with its
/// byte offset, never a silent U+FFFD.
public struct TextDecoder: Sendable {
    /// An ICU converter name (`GB18030`, `GBK`, `Big5`, `UTF-16LE` …) that
    /// overrides detection; `nil` detects.
    public var encoding: String?

    public init(encoding: String? = nil) { self.encoding = encoding }

    /// Charsets that automatic detection may choose, besides UTF-8. Others are
    /// left out on purpose: single-byte charsets and UTF-16 without a byte-order
    /// mark decode almost any byte sequence, and EUC-KR accepts most short GBK
    /// texts, so choosing one would turn an undecodable file into silent mojibake.
    static let detectable: Set<String> = ["GB18030", "Big5"]

    /// Decodes `bytes`; returns the text and the name of the encoding used.
    public func decode(_ bytes: [UInt8]) throws(InputError) -> (text: String, encoding: String) {
        if bytes.isEmpty { throw InputError(.empty) }
        if let encoding { return try Self.convert(bytes, from: encoding, dropping: bom(of: bytes)?.length ?? 0) }
        if let (name, length) = bom(of: bytes) {
            if name == "UTF-8" { return (try Self.validUTF8(bytes[length...]), "UTF-8") }
            return try Self.convert(bytes, from: name, dropping: length)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw InputError(.binary(offset: nul, likely: Self.encodingSuggestedByNULs(bytes)))
        }
        if let text = UTF8Validation.string(bytes) { return (text, "UTF-8") }
        var candidates: [String] = []
        if let guess = bytes.withUnsafeBufferPointer({ ICU.detectCharset($0) }),
           Self.detectable.contains(guess.name), guess.confidence >= 30 {
            candidates.append(guess.name)
        }
        if !candidates.contains("GB18030") { candidates.append("GB18030") }
        var firstFailure: InputError?
        for name in candidates {
            do { return try Self.convert(bytes, from: name, dropping: 0) }
            catch { firstFailure = firstFailure ?? error }
        }
        throw InputError(.undecodable(tried: ["UTF-8"] + candidates, offset: firstFailure?.byteOffset))
    }

    private func bom(of bytes: [UInt8]) -> (String, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("UTF-32LE", 4) }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("UTF-32BE", 4) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        return nil
    }

    /// The encoding the places of NUL bytes point to, from the first 64 KB:
    /// text in UTF-16 or UTF-32 without a byte-order mark has a NUL in the
    /// high bytes of every ASCII character (and UTF-32 in most bytes of every
    /// character), at odd offsets for little-endian, even ones for big-endian.
    /// Nil when the NULs follow no such pattern (binary data).
    static func encodingSuggestedByNULs(_ bytes: [UInt8]) -> String? {
        let sample = bytes.prefix(1 << 16)
        var byPosition = [0, 0, 0, 0]
        for (offset, byte) in sample.enumerated() where byte == 0 { byPosition[offset & 3] += 1 }
        let units = sample.count / 4
        guard units > 0 else { return sample.count >= 2 && sample[sample.startIndex + 1] == 0 ? "UTF-16LE" : nil }
        let total = byPosition.reduce(0, +)
        // UTF-32: NULs in three of four places of (almost) every unit.
        if byPosition[2] * 10 >= units * 9, byPosition[3] * 10 >= units * 9 { return "UTF-32LE" }
        if byPosition[0] * 10 >= units * 9, byPosition[1] * 10 >= units * 9 { return "UTF-32BE" }
        let odd = byPosition[1] + byPosition[3], even = byPosition[0] + byPosition[2]
        // UTF-16: (nearly) all NULs on one side, and many of them.
        guard total * 8 >= units else { return nil }
        if odd * 10 >= total * 9 { return "UTF-16LE" }
        if even * 10 >= total * 9 { return "UTF-16BE" }
        return nil
    }

    private static func validUTF8(_ bytes: ArraySlice<UInt8>) throws(InputError) -> String {
        if let text = UTF8Validation.string(bytes) { return text }
        throw InputError(.undecodable(tried: ["UTF-8"], offset: nil))
    }

    private static func convert(_ bytes: [UInt8], from name: String, dropping prefix: Int)
        throws(InputError) -> (text: String, encoding: String)
    {
        let result = bytes.withUnsafeBufferPointer { buffer in
            ICU.convert(UnsafeBufferPointer(rebasing: buffer[prefix...]), from: name)
        }
        switch result {
        case .success(let units):
            return (String(decoding: units, as: UTF16.self), name)
        case .failure(let failure) where failure.reason == "U_FILE_ACCESS_ERROR":
            throw InputError(.unknownEncoding(name))
        case .failure(let failure):
            throw InputError(.undecodable(tried: [name], offset: failure.offset.map { $0 + prefix }))
        }
    }
}
