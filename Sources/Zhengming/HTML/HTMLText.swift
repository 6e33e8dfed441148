/// Escaping for HTML text and attribute values.
///
/// Every character of a document reaches the page through here, so an input
/// holding `<script>` or `" onmouseover="` is shown as text and runs nothing:
/// `&`, `<`, `>`, `"` and `'` become character references, and so do the C0
/// controls other than tab and newlines (they are not allowed in HTML text).
enum HTMLText {
    static func append(_ string: String, to out: inout [UInt8]) {
        for byte in string.utf8 { appendEscaped(byte, to: &out) }
    }

    static func append(codePoints: ArraySlice<UInt32>, to out: inout [UInt8]) {
        for value in codePoints {
            if value < 0x80 {
                appendEscaped(UInt8(value), to: &out)
            } else if value < 0x800 {
                out.append(UInt8(0xC0 | (value >> 6)))
                out.append(UInt8(0x80 | (value & 0x3F)))
            } else if value < 0x10000 {
                out.append(UInt8(0xE0 | (value >> 12)))
                out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (value & 0x3F)))
            } else {
                out.append(UInt8(0xF0 | (value >> 18)))
                out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
    }

    /// Appends markup as it is (never text from a document).
    static func raw(_ markup: String, to out: inout [UInt8]) {
        out.append(contentsOf: markup.utf8)
    }

    static func escaped(_ string: String) -> String {
        var out: [UInt8] = []
        append(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
        case 0x09, 0x0A, 0x0D: out.append(byte)
        case 0..<0x20, 0x7F: out.append(contentsOf: "&#xFFFD;".utf8)
        default: out.append(byte)
        }
    }
}
