/// Folds each code point to the form rules are written in: NFKC (full-width
/// `（２月２２日）` → `(2月22日)`), then ICU's `Traditional-Simplified`
/// (`巡視組組長王榮軍` → `巡视组组长王荣军`), then a few middle dots to `·`
/// so that `芭芭拉・弗兰克林` matches a rule written with `·`. Default-ignorable
/// code points (variation selectors, zero-width spaces and joiners, the soft
/// hyphen, the byte-order mark) fold to nothing: `中️央️` (a variation selector
/// after each character) matches `中央`. A mention that ends before one that
/// attaches to its last character (a variation selector, a joiner) includes
/// it, so a grapheme is never cut.
///
/// The fold is per code point, not per string. That is what makes offsets
/// exact: every normalised character comes from exactly one original
/// character, so a match maps back to the original text without guessing. It
/// loses only what Chinese text does not need (composition of combining
/// sequences; phrase-level traditional→simplified choices, which ICU's
/// transliterator does not make either).
///
/// ICU transliteration is slow (tens of thousands of characters per second),
/// so each code point is transliterated once and remembered: a table for the
/// Basic Multilingual Plane, a dictionary beyond it and for the rare code
/// points that expand to several (`㈠` → `(一)`).
///
/// Not thread-safe (it owns an ICU transliterator and a growing cache): each
/// worker owns one.
public final class CharacterNormalizer {
    /// 0 = not yet computed; `multiMarker` = see `expansions`; otherwise the
    /// single folded code point plus one.
    private var table: [UInt32]
    private var expansions: [UInt32: [UInt32]] = [:]
    private static let multiMarker: UInt32 = .max
    private let traditionalToSimplified: ICUTransliterator

    /// Middle dots and bullets used between the parts of foreign names.
    static let middleDots: Set<UInt32> = [0x30FB, 0xFF65, 0x2022, 0x2027, 0x2219, 0x22C5, 0x0387]

    public init() throws {
        table = [UInt32](repeating: 0, count: 0x10000)
        traditionalToSimplified = try ICUTransliterator(id: "Traditional-Simplified")
    }

    /// Appends the fold of `value` to `output`; returns how many code points it appended.
    @inline(__always)
    public func fold(_ value: UInt32, into output: inout [UInt32]) -> Int {
        if value < 0x80 {
            output.append(value)
            return 1
        }
        if value < 0x10000 {
            let entry = table[Int(value)]
            if entry != 0 && entry != Self.multiMarker {
                output.append(entry - 1)
                return 1
            }
        }
        let folded = slowFold(value)
        output.append(contentsOf: folded)
        return folded.count
    }

    /// The fold of one code point.
    public func fold(_ value: UInt32) -> [UInt32] {
        var output: [UInt32] = []
        _ = fold(value, into: &output)
        return output
    }

    /// Normalises a whole text, keeping the map back to original offsets.
    public func normalize(_ original: [UInt32]) -> NormalizedText {
        var units: [UInt32] = []
        var origin: [Int32] = []
        units.reserveCapacity(original.count)
        origin.reserveCapacity(original.count)
        var ends: [Int32]?
        for (index, value) in original.enumerated() {
            let added = fold(value, into: &units)
            for _ in 0..<added { origin.append(Int32(index)) }
            if added == 0 {
                // Dropped (default-ignorable): only now is the end map needed.
                if ends == nil { ends = origin.map { $0 + 1 } }
                if !origin.isEmpty, Self.attachesToPrevious(value), ends![origin.count - 1] == Int32(index) {
                    ends![origin.count - 1] = Int32(index + 1)
                }
            } else if ends != nil {
                for _ in 0..<added { ends!.append(Int32(index + 1)) }
            }
        }
        return NormalizedText(units: units, origin: origin, originalCount: original.count, ends: ends)
    }

    /// Dropped code points that belong to the character before them
    /// (grapheme extenders): variation selectors, the combining grapheme
    /// joiner, zero-width joiner and non-joiner.
    static func attachesToPrevious(_ value: UInt32) -> Bool {
        switch value {
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x180B...0x180D, 0x180F, 0x034F, 0x200C, 0x200D: return true
        default: return false
        }
    }

    /// Normalises a string that is not tracked back (a lexicon entry, a literal in a pattern).
    public func normalize(_ string: String) -> [UInt32] {
        var units: [UInt32] = []
        for scalar in string.unicodeScalars { _ = fold(scalar.value, into: &units) }
        return units
    }

    private func slowFold(_ value: UInt32) -> [UInt32] {
        if value < 0x10000, table[Int(value)] == Self.multiMarker { return expansions[value] ?? [] }
        if value >= 0x10000, let known = expansions[value] { return known }
        let folded = compute(value)
        if value < 0x10000 {
            if folded.count == 1 {
                table[Int(value)] = folded[0] + 1
            } else {
                table[Int(value)] = Self.multiMarker
                expansions[value] = folded
            }
        } else {
            expansions[value] = folded
        }
        return folded
    }

    private func compute(_ value: UInt32) -> [UInt32] {
        if Self.middleDots.contains(value) { return [0xB7] }
        guard let scalar = Unicode.Scalar(value) else { return [value] }
        if scalar.properties.isDefaultIgnorableCodePoint { return [] }
        let utf16 = Array(String(scalar).utf16)
        let nfkc = (try? ICU.nfkc(utf16)) ?? utf16
        let simplified = (try? traditionalToSimplified.apply(nfkc)) ?? nfkc
        return String(decoding: simplified, as: UTF16.self).unicodeScalars.map {
            Self.middleDots.contains($0.value) ? 0xB7 : $0.value
        }
    }
}

/// A text folded for matching, with the way back to the original.
///
/// Invariant: `origin.count == units.count`, `origin` is non-decreasing, and
/// `origin[i]` is the code-point offset in the original text of the character
/// that `units[i]` was folded from. Original characters that fold to nothing
/// have no unit; when there are any, `ends[i]` is where the original of
/// `units[i]` ends, past the dropped code points that attach to it.
public struct NormalizedText: Sendable {
    public let units: [UInt32]
    public let origin: [Int32]
    public let originalCount: Int
    /// Nil when nothing was dropped (then the end of unit `i` is `origin[i] + 1`).
    let ends: [Int32]?

    public init(units: [UInt32], origin: [Int32], originalCount: Int, ends: [Int32]? = nil) {
        self.units = units
        self.origin = origin
        self.originalCount = originalCount
        self.ends = ends
    }

    public var count: Int { units.count }

    /// The original code-point range of the normalised range `range`.
    @inline(__always)
    public func originalRange(_ range: Range<Int>) -> Range<Int> {
        if range.isEmpty {
            let at = range.lowerBound < origin.count ? Int(origin[range.lowerBound]) : originalCount
            return at..<at
        }
        let end = ends.map { Int($0[range.upperBound - 1]) } ?? Int(origin[range.upperBound - 1]) + 1
        return Int(origin[range.lowerBound])..<end
    }

    /// The original ranges of consecutive, disjoint normalised ranges
    /// (sentences), kept disjoint.
    ///
    /// A boundary can fall inside the expansion of one original character
    /// (㈠ folds to "(一)", and ICU ends a sentence after "。(" ), so two
    /// neighbours would both claim that character. It goes to the later
    /// range, where the rest of its expansion is (㈠ numbers the sentence
    /// that follows it); a range left empty by that is dropped.
    public func originalRanges(ofConsecutive ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(ranges.count)
        for range in ranges {
            let mapped = originalRange(range)
            if let last = result.last, mapped.lowerBound < last.upperBound {
                let kept = last.lowerBound..<max(last.lowerBound, mapped.lowerBound)
                if kept.isEmpty { result.removeLast() } else { result[result.count - 1] = kept }
            }
            result.append(mapped)
        }
        return result
    }
}
