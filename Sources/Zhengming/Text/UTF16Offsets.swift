/// Code-point offsets to UTF-16 code units and back, for tools whose offsets
/// are JavaScript string indices (Label Studio): a character outside the
/// Basic Multilingual Plane (𠀀, an emoji) is one code point and two UTF-16
/// units.
public struct UTF16Offsets: Sendable {
    /// `units[i]`: UTF-16 units before code point `i` (`count + 1` entries).
    private let units: [Int]

    public init(_ codePoints: some Collection<UInt32>) {
        var units: [Int] = []
        units.reserveCapacity(codePoints.count + 1)
        var total = 0
        units.append(0)
        for value in codePoints {
            total += value > 0xFFFF ? 2 : 1
            units.append(total)
        }
        self.units = units
    }

    /// The UTF-16 offset of code-point offset `offset` (0…count).
    public func utf16(_ offset: Int) -> Int { units[offset] }

    /// The code-point offset at UTF-16 offset `offset`, or nil when it is
    /// out of range or falls between the two halves of a surrogate pair.
    public func codePoint(_ offset: Int) -> Int? {
        var low = 0, high = units.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if units[middle] == offset { return middle }
            if units[middle] < offset { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// Whether any character needs two units (offsets differ somewhere).
    public var differs: Bool { units.last != units.count - 1 }
}
