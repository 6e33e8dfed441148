/// Lines of output composed in place, at the end of the output array, through
/// a pointer.
///
/// Appending to a `[UInt8]` byte by byte checks, for every byte, that the
/// array is uniquely referenced (a call into the runtime) and has room; a
/// CoNLL token line is thirty-odd bytes, and there is one per token. The
/// composer writes through a pointer instead, into room the caller bounds
/// before composing: `compose` takes that bound, grows the array by it,
/// lets the body write and then drops what the body did not use; each
/// member's documentation says how many bytes it may write. Writing past the
/// bound stops the program rather than corrupt memory.
///
/// Composing in the array itself, rather than in a buffer that is then
/// copied, matters for more than the copy: a sentence's token lines outgrow
/// what `withUnsafeTemporaryAllocation` keeps on the stack, and the heap
/// buffers it falls back to cost an aligned allocation per sentence.
struct LineComposer {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    private init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// Runs `body` on a composer of `capacity` bytes at the end of `output`,
    /// and keeps what it wrote. `body` must write at most `capacity` bytes.
    static func compose(capacity: Int, into output: inout [UInt8], _ body: (inout LineComposer) -> Void) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: capacity))
        let written = output.withUnsafeMutableBufferPointer { all in
            var composer = LineComposer(UnsafeMutableBufferPointer(rebasing: all[start..<start + capacity]))
            body(&composer)
            return composer.count
        }
        output.removeLast(capacity - written)
    }

    /// Writes one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < buffer.count, "LineComposer: line longer than its bound")
        buffer[count] = byte
        count += 1
    }

    /// Writes the bytes of `string`'s UTF-8 (`string.utf8.count` bytes),
    /// without its spaces when `droppingSpaces`.
    mutating func append(_ string: String, droppingSpaces: Bool = false) {
        // The UTF-8 in place where the string has it contiguous (native and
        // small strings), without `withUTF8`'s mutable copy of the string.
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where !(droppingSpaces && byte == 0x20) { append(byte) }
        }
        if done == nil {
            for byte in string.utf8 where !(droppingSpaces && byte == 0x20) { append(byte) }
        }
    }

    /// Writes a code point as UTF-8 (at most 4 bytes), with tabs and line
    /// breaks as spaces, so that it cannot break a tab-separated line.
    @inline(__always)
    mutating func appendClean(_ value: UInt32) {
        switch value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: append(0x20)
        case 0..<0x80: append(UInt8(value))
        case 0x80..<0x800:
            append(UInt8(0xC0 | (value >> 6)))
            append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            append(UInt8(0xE0 | (value >> 12)))
            append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            append(UInt8(0x80 | (value & 0x3F)))
        default:
            append(UInt8(0xF0 | (value >> 18)))
            append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Writes an integer in decimal, as `String(value)` spells it (at most
    /// 20 bytes).
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let first = count
        repeat {
            append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        var low = first, high = count - 1
        while low < high {
            buffer.swapAt(low, high)
            low += 1
            high -= 1
        }
    }
}
