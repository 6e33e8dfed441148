/// A set of code points: a bitmap over the Basic Multilingual Plane (where
/// almost all Chinese text lives) and sorted ranges beyond it.
///
/// Membership is one shift and one mask for BMP characters, which is what the
/// pattern matcher's inner loop asks for.
public struct CharacterClass: Sendable, Hashable {
    private var bmp: [UInt64]
    private var astral: [ClosedRange<UInt32>]
    private(set) var isNegated = false

    public init() {
        bmp = Self.emptyBitmap
        astral = []
    }

    /// The bitmap every empty class starts from, shared until a class is
    /// changed (copy on write): a program holds several first sets, most of
    /// them empty, and a pack of 10^4 one-word rules used to allocate and
    /// clear 8 KB for each of them (320 MB; issue 15).
    private static let emptyBitmap = [UInt64](repeating: 0, count: 1024)

    public init<S: Sequence>(_ values: S) where S.Element == UInt32 {
        self.init()
        for value in values { insert(value) }
    }

    public mutating func insert(_ value: UInt32) {
        insert(value...value)
    }

    public mutating func insert(_ range: ClosedRange<UInt32>) {
        if range.lowerBound < 0x10000 {
            let upper = min(range.upperBound, 0xFFFF)
            for value in range.lowerBound...upper { bmp[Int(value >> 6)] |= 1 << UInt64(value & 63) }
        }
        if range.upperBound >= 0x10000 {
            astral.append(max(range.lowerBound, 0x10000)...range.upperBound)
            astral.sort { $0.lowerBound < $1.lowerBound }
        }
    }

    public mutating func formUnion(_ other: CharacterClass) {
        precondition(!isNegated && !other.isNegated, "union of negated classes")
        for index in bmp.indices { bmp[index] |= other.bmp[index] }
        for range in other.astral { insert(range) }
    }

    /// The complement, as a flag: cheaper than materialising it.
    public func inverted() -> CharacterClass {
        var copy = self
        copy.isNegated.toggle()
        return copy
    }

    @inline(__always)
    public func contains(_ value: UInt32) -> Bool {
        let inside: Bool
        if value < 0x10000 {
            inside = bmp[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
        } else {
            inside = astral.contains { $0.contains(value) }
        }
        return inside != isNegated
    }

    /// The members of a small, non-negated class, or nil when it is negated or
    /// has more than `limit` members.
    func members(upTo limit: Int) -> [UInt32]? {
        guard !isNegated else { return nil }
        var result: [UInt32] = []
        for (word, bits) in bmp.enumerated() where bits != 0 {
            var rest = bits
            while rest != 0 {
                let bit = rest.trailingZeroBitCount
                result.append(UInt32(word * 64 + bit))
                if result.count > limit { return nil }
                rest &= rest - 1
            }
        }
        for range in astral {
            if result.count + range.count > limit { return nil }
            result.append(contentsOf: range)
        }
        return result
    }

    /// Where the bitmap lives: classes that share one copy have the same
    /// address (tests check that first sets are shared).
    var storageAddress: UInt {
        bmp.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    /// True when the class holds no code point (before negation).
    var isEmpty: Bool { !isNegated && astral.isEmpty && bmp.allSatisfy { $0 == 0 } }
}

extension CharacterClass {
    /// Chinese numerals, including the financial forms and `〇`/`零`/`两`.
    public static let hanNumerals = CharacterClass("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟廿卅".unicodeScalars.map(\.value))
    public static let asciiDigits = CharacterClass(UInt32(0x30)...UInt32(0x39))
    public static let whiteSpace = CharacterClass([0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x3000])

    init(_ range: ClosedRange<UInt32>) {
        self.init()
        insert(range)
    }

    /// Classes written `\p{Name}`: Zhengming's own names first, then anything
    /// ICU understands inside `[\p{…}]` (scripts, general categories, binary
    /// properties). Returns nil for a name neither knows.
    static func property(named name: String) -> CharacterClass? {
        switch name {
        case "HanNumeral": return hanNumerals
        case "Digit": return asciiDigits
        case "Numeral":
            var both = hanNumerals
            both.formUnion(asciiDigits)
            return both
        default:
            guard let ranges = try? ICU.ranges(ofSetPattern: "[\\p{\(name)}]"), !ranges.isEmpty else { return nil }
            var result = CharacterClass()
            for range in ranges { result.insert(range) }
            return result
        }
    }
}
