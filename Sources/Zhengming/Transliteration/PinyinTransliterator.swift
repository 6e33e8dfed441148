/// How pinyin is written: tone marks (`wáng`) or tone numbers (`wang2`).
public enum PinyinStyle: String, Sendable, CaseIterable {
    case marks, numeric
}

/// Pinyin of tokens through ICU's `Han-Latin` transliterator, and of person
/// names through `Han-Latin/Names`, which reads surnames as surnames
/// (`单` → `shàn`, not `dān`).
///
/// ICU transliteration runs at tens of thousands of characters per second,
/// two orders of magnitude slower than segmentation, so results are memoised
/// per distinct token. Token frequencies are Zipfian: after the first few
/// thousand documents almost every lookup is a hit and the pinyin column no
/// longer shows in profiles.
///
/// Not thread-safe: each worker owns one.
public final class PinyinTransliterator {
    public let style: PinyinStyle
    private let general: ICUTransliterator
    private let names: ICUTransliterator
    private var generalCache: [String: String] = [:]
    private var namesCache: [String: String] = [:]
    /// Bounds memory on pathological inputs; a full cache is simply cleared.
    private let cacheLimit = 1 << 20

    public init(style: PinyinStyle = .marks) throws {
        self.style = style
        let suffix = style == .numeric ? "; Latin-NumericPinyin" : ""
        general = try ICUTransliterator(id: "Han-Latin" + suffix)
        names = try ICUTransliterator(id: "Han-Latin/Names" + suffix)
    }

    /// Pinyin of `token`, syllables separated by spaces (`wáng róng jūn`), or
    /// nil when the token has no Han character (punctuation, digits, Latin).
    public func pinyin(of token: String, isName: Bool = false) -> String? {
        guard token.unicodeScalars.contains(where: { $0.value.isHan }) else { return nil }
        if isName {
            if let hit = namesCache[token] { return hit }
            let value = transliterate(token, with: names)
            if namesCache.count >= cacheLimit { namesCache.removeAll(keepingCapacity: true) }
            namesCache[token] = value
            return value
        }
        if let hit = generalCache[token] { return hit }
        let value = transliterate(token, with: general)
        if generalCache.count >= cacheLimit { generalCache.removeAll(keepingCapacity: true) }
        generalCache[token] = value
        return value
    }

    private func transliterate(_ token: String, with transliterator: ICUTransliterator) -> String {
        let latin = (try? transliterator.apply(token)) ?? token
        // Han-Latin/Names capitalises surnames; the column is lower case like the
        // rest, so that a name and the same characters elsewhere compare equal.
        return latin.lowercased().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}

extension UInt32 {
    /// Han ideographs (CJK Unified Ideographs and extensions, compatibility
    /// ideographs, and `〇`).
    @inline(__always)
    public var isHan: Bool {
        switch self {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x323AF, 0x3007: return true
        default: return false
        }
    }
}
