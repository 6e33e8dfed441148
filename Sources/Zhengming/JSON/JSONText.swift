/// Writing JSON by hand, into byte buffers: the writers produce millions of
/// small objects, and a generic encoder would allocate for each.
public enum JSONText {
    /// Appends `string` as a JSON string literal (UTF-8, non-ASCII kept as is,
    /// control characters escaped).
    ///
    /// Runs of bytes that need no escape (nearly all of a Chinese text) are
    /// copied in one piece rather than byte by byte.
    public static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var plainStart = 0
            for (index, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<index]))
                appendEscape(byte, to: &out)
                plainStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends code points as a JSON string literal, as `appendQuoted` would
    /// append the `String` of them (`String(codePoints:)`), without making it.
    public static func appendQuoted(codePoints: ArraySlice<UInt32>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for value in codePoints {
            switch value {
            case 0..<0x20, UInt32(UInt8(ascii: "\"")), UInt32(UInt8(ascii: "\\")): appendEscape(UInt8(value), to: &out)
            case 0x20..<0x80: out.append(UInt8(value))
            default:
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the escape of a byte that cannot appear raw in a JSON string.
    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: Array("\\u00".utf8))
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
    }

    public static func quoted(_ string: String) -> String {
        var out: [UInt8] = []
        appendQuoted(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    public static func append(_ literal: String, to out: inout [UInt8]) {
        out.append(contentsOf: literal.utf8)
    }

    /// Appends a non-negative integer's decimal digits without building a String.
    public static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(contentsOf: String(value).utf8); return }
        if value < 10 { out.append(UInt8(48 + value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(48 + rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}
