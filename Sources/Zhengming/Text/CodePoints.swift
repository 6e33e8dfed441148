/// Code points are the unit of every offset Zhengming reports: a span
/// `start..<end` indexes the text as Python's `str` does. These helpers move
/// between `String` and arrays of scalar values, which the hot paths use
/// instead of `String.Index`.
extension String {
    /// The Unicode scalar values of the string, one element per code point.
    @inlinable
    public var codePoints: [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars { result.append(scalar.value) }
        return result
    }

    /// A string from scalar values; invalid values become U+FFFD.
    @inlinable
    public init<S: Sequence>(codePoints: S) where S.Element == UInt32 {
        var scalars = String.UnicodeScalarView()
        for value in codePoints { scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}") }
        self = String(scalars)
    }

    /// The substring between two code-point offsets.
    public func slice(codePoints range: Range<Int>) -> String {
        let scalars = unicodeScalars
        let start = scalars.index(scalars.startIndex, offsetBy: range.lowerBound)
        let end = scalars.index(start, offsetBy: range.count)
        return String(scalars[start..<end])
    }
}

extension Array where Element == UInt32 {
    /// UTF-16 code units of the scalars and, for each unit, the index of the
    /// scalar it belongs to (`unitToScalar.count == utf16.count + 1`, the last
    /// element is `count`), so that ICU's UTF-16 offsets map back to code points.
    func utf16WithScalarMap() -> (utf16: [UInt16], unitToScalar: [Int32]) {
        var units: [UInt16] = []
        var map: [Int32] = []
        units.reserveCapacity(count)
        map.reserveCapacity(count + 1)
        for (index, value) in enumerated() {
            if value < 0x10000 {
                units.append(UInt16(value))
                map.append(Int32(index))
            } else {
                let v = value - 0x10000
                units.append(UInt16(0xD800 + (v >> 10)))
                units.append(UInt16(0xDC00 + (v & 0x3FF)))
                map.append(Int32(index))
                map.append(Int32(index))
            }
        }
        map.append(Int32(count))
        return (units, map)
    }
}
