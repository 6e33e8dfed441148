import Foundation

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
/// The memo is two-tiered. The one behind is keyed by `String`, so that
/// canonically equivalent spellings of a token share one entry, as they
/// always have (ICU's readings of such spellings can differ: a compatibility
/// ideograph changes how `Han-Latin` spaces the syllables around it). In
/// front of it, `TokenMemo`s keyed by the exact code points answer the
/// per-token lookups of `addPinyin` without building or hashing a `String`. A code-point entry is only ever a copy of the `String` entry of
/// its token, made after that entry exists, and both are cleared together,
/// so the front tier can never answer differently from the one behind it.
///
/// Not thread-safe: each worker owns one. Workers of one run can share a
/// `SharedPinyinCache`, so that each distinct token is transliterated once per
/// run rather than once per worker (ICU serialises transliteration calls
/// across threads, so duplicated misses would not even run in parallel).
public final class PinyinTransliterator {
    public let style: PinyinStyle
    private let general: ICUTransliterator
    private let names: ICUTransliterator
    private var generalCache: [String: String] = [:]
    private var namesCache: [String: String] = [:]
    /// Exact-code-point copies of `generalCache` and `namesCache` entries.
    private var generalMemo = TokenMemo()
    private var namesMemo = TokenMemo()
    /// Bounds memory on pathological inputs; a full cache is simply cleared.
    private let cacheLimit = 1 << 20

    private let shared: SharedPinyinCache?
    /// Readings of tokens composed from their characters' (see
    /// `CharacterReadings`), where ICU's rules allow it.
    private var characterReadings: CharacterReadings
    /// Off only in tests, which compare composed readings with ICU's.
    var composesReadings = true

    /// The rules of `Han-Latin` and `Han-Latin/Names` read once per process
    /// (opening the two transliterators and reading their rules takes tens
    /// of milliseconds); each instance learns its characters' readings.
    private static let readingsTemplate = CharacterReadings(
        rules: (try? ICUTransliterator(id: "Han-Latin").rules()) ?? "",
        nameRules: try? ICUTransliterator(id: "Han-Latin/Names").rules())

    public init(style: PinyinStyle = .marks, shared: SharedPinyinCache? = nil) throws {
        self.style = style
        self.shared = shared
        let suffix = style == .numeric ? "; Latin-NumericPinyin" : ""
        general = try ICUTransliterator(id: "Han-Latin" + suffix)
        names = try ICUTransliterator(id: "Han-Latin/Names" + suffix)
        // The rules read are those of Han-Latin and Han-Latin/Names whatever
        // the style: the numeric step after them works syllable by syllable,
        // so composing its per-character output is the same.
        characterReadings = Self.readingsTemplate
    }

    /// Pinyin of `token`, syllables separated by spaces (`wáng róng jūn`), or
    /// nil when the token has no Han character (punctuation, digits, Latin).
    public func pinyin(of token: String, isName: Bool = false) -> String? {
        guard token.unicodeScalars.contains(where: { $0.value.isHan }) else { return nil }
        if let hit = isName ? namesCache[token] : generalCache[token] { return hit }
        let value = transliterate(token, with: isName ? names : general)
        cache(value, for: token, isName: isName)
        return value
    }

    /// Adds an entry to the `String` memo; a full memo is cleared first,
    /// together with its code-point copy.
    private func cache(_ value: String, for token: String, isName: Bool) {
        if isName {
            if namesCache.count >= cacheLimit {
                namesCache.removeAll(keepingCapacity: true)
                namesMemo.removeAll()
            }
            namesCache[token] = value
        } else {
            if generalCache.count >= cacheLimit {
                generalCache.removeAll(keepingCapacity: true)
                generalMemo.removeAll()
            }
            generalCache[token] = value
        }
    }

    /// `tokens` with their pinyin: tokens that start inside a mention of
    /// `nameLabels` are read as names (`Han-Latin/Names`), and every token not
    /// yet cached is transliterated in one batch.
    public func addPinyin(to tokens: [Token], text: [UInt32], mentions: [Mention],
                          nameLabels: Set<String> = Annotator.nameLabels) -> [Token] {
        var result = tokens
        addPinyin(to: &result, text: text, mentions: mentions, nameLabels: nameLabels)
        return result
    }

    /// Sets the pinyin of `tokens` in place (see `addPinyin(to:text:mentions:nameLabels:)`;
    /// the annotator's tokens are its own, and copying them showed in profiles).
    ///
    /// Tokens are looked up by their code points in `text`; only the tokens
    /// the code-point memo has not seen yet become `String`s and take the
    /// path through the `String` memo (and `prefetch`), after which their
    /// values are copied into the code-point memo.
    public func addPinyin(to result: inout [Token], text: [UInt32], mentions: [Mention],
                          nameLabels: Set<String> = Annotator.nameLabels) {
        guard !result.isEmpty else { return }
        // Name mentions in text order (the flat layer already is; a sort is
        // only needed for other callers' mentions).
        var names: [Range<Int>] = []
        var sorted = true
        // By index, as `for mention in mentions` would copy each mention.
        for index in mentions.indices where nameLabels.contains(mentions[index].label) {
            if let last = names.last, mentions[index].start < last.lowerBound { sorted = false }
            names.append(mentions[index].start..<mentions[index].end)
        }
        if !sorted { names.sort { $0.lowerBound < $1.lowerBound } }
        var nameIndex = 0
        var misses: [(index: Int, isName: Bool)] = []
        text.withUnsafeBufferPointer { text in
            for index in result.indices {
                let token = result[index]
                while nameIndex < names.count, names[nameIndex].upperBound <= token.start { nameIndex += 1 }
                let isName = nameIndex < names.count && names[nameIndex].lowerBound <= token.start
                let key = UnsafeBufferPointer(rebasing: text[token.start..<token.end])
                if !key.contains(where: \.isHan) {
                    result[index].pinyin = nil
                } else if let hit = isName ? namesMemo.value(for: key) : generalMemo.value(for: key) {
                    // (Not `(isName ? namesMemo : generalMemo).value`: that
                    // copies a memo, and retains its tables, per token.)
                    result[index].pinyin = hit
                } else {
                    misses.append((index, isName))
                }
            }
        }
        guard !misses.isEmpty else { return }
        let keyed = misses.map { miss in
            (text: String(codePoints: text[result[miss.index].start..<result[miss.index].end]), isName: miss.isName)
        }
        prefetch(keyed)
        for (miss, token) in zip(misses, keyed) {
            let value = pinyin(of: token.text, isName: token.isName)
            result[miss.index].pinyin = value
            if let value { remember(value, for: text[result[miss.index].start..<result[miss.index].end], isName: token.isName) }
        }
    }

    /// Copies a `String` memo entry into the code-point memo.
    private func remember(_ value: String, for key: ArraySlice<UInt32>, isName: Bool) {
        key.withUnsafeBufferPointer { key in
            if isName {
                if namesMemo.count >= cacheLimit { namesMemo.removeAll() }
                namesMemo.store(value, for: key)
            } else {
                if generalMemo.count >= cacheLimit { generalMemo.removeAll() }
                generalMemo.store(value, for: key)
            }
        }
    }

    /// Transliterates every token not yet cached in one ICU call (tokens
    /// joined by line breaks, which no transliteration rule crosses). Each
    /// ICU call has a fixed cost and ICU serialises calls to a shared
    /// transliterator across threads, so one call per document instead of
    /// one per new token is what lets workers scale.
    public func prefetch(_ tokens: [(text: String, isName: Bool)]) {
        for isName in [false, true] {
            var seen = Set<String>()
            var misses = tokens.filter { token in
                token.isName == isName
                    && (isName ? namesCache[token.text] : generalCache[token.text]) == nil
                    && !token.text.contains("\n")
                    && token.text.unicodeScalars.contains(where: { $0.value.isHan })
                    && seen.insert(token.text).inserted
            }.map(\.text)
            if composesReadings && (isName ? characterReadings.composesNames : characterReadings.isEnabled) {
                misses = compose(misses, isName: isName)
            }
            var known: [String: String] = [:]
            if let shared { known = shared.lookup(misses, isName: isName) }
            for (token, value) in known { cache(value, for: token, isName: isName) }
            let stillMissing = misses.filter { known[$0] == nil }
            guard !stillMissing.isEmpty else { continue }
            let computed = transliterateBatch(stillMissing, isName: isName)
            for (token, value) in computed { cache(value, for: token, isName: isName) }
            shared?.store(computed, isName: isName)
        }
    }

    /// Caches the readings of the tokens that compose from their characters
    /// (transliterating, in one batch, the characters not seen before) and
    /// returns the others.
    private func compose(_ tokens: [String], isName: Bool) -> [String] {
        var composable: [String] = []
        var rest: [String] = []
        for token in tokens {
            let may = isName ? characterReadings.mayComposeName(token) : characterReadings.mayCompose(token)
            if may { composable.append(token) } else { rest.append(token) }
        }
        guard !composable.isEmpty else { return tokens }
        var unknown = Set<UInt32>()
        for token in composable { unknown.formUnion(characterReadings.unknownCharacters(of: token)) }
        if !unknown.isEmpty {
            let characters = unknown.sorted().map { String(Character(Unicode.Scalar($0)!)) }
            for (character, reading) in transliterateBatch(characters, isName: false) {
                characterReadings.learn(character.unicodeScalars.first!.value, reading: reading)
            }
        }
        for token in composable {
            if let reading = characterReadings.compose(token) {
                cache(reading, for: token, isName: isName)
            } else {
                rest.append(token)
            }
        }
        return rest
    }

    private func transliterateBatch(_ allMisses: [String], isName: Bool) -> [String: String] {
        // Long tokens go piece by piece (see `transliterate`), never in the batch.
        var long: [String: String] = [:]
        var misses = allMisses
        if misses.contains(where: { $0.unicodeScalars.count > Self.pieceLength }) {
            misses = []
            for token in allMisses {
                if token.unicodeScalars.count > Self.pieceLength {
                    long[token] = transliterate(token, with: isName ? names : general)
                } else {
                    misses.append(token)
                }
            }
            if misses.isEmpty { return long }
        }
        let joined = misses.joined(separator: "\n")
        let latin = (try? (isName ? names : general).apply(joined)) ?? joined
        let parts = latin.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == misses.count else {
            // A rule joined across the separator: one call per token instead.
            return Dictionary(uniqueKeysWithValues: misses.map { ($0, transliterate($0, with: isName ? names : general)) })
        }
        return Dictionary(zip(misses, parts.map { Self.tidy(String($0)) }), uniquingKeysWith: { first, _ in first })
            .merging(long) { first, _ in first }
    }

    private static func tidy(_ latin: String) -> String {
        latin.lowercased().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Tokens longer than this many code points are transliterated in pieces
    /// of at most this length. ICU's transliteration rules have contexts with
    /// quantifiers (`[:M:]*`), which make one call quadratic in the length of
    /// its text: a name followed by 10^5 combining marks (one ICU token) took
    /// over two minutes. Real tokens are a few characters long, so no real
    /// reading changes; a hostile one costs linear time.
    static let pieceLength = 64

    private func transliterate(_ token: String, with transliterator: ICUTransliterator) -> String {
        // Han-Latin/Names capitalises surnames; the column is lower case like the
        // rest, so that a name and the same characters elsewhere compare equal.
        let scalars = Array(token.unicodeScalars)
        guard scalars.count > Self.pieceLength else { return Self.tidy((try? transliterator.apply(token)) ?? token) }
        var latin = ""
        for piece in Self.pieces(scalars) {
            let text = String(String.UnicodeScalarView(scalars[piece]))
            // A piece that begins with a Han character begins a syllable.
            if !latin.isEmpty, scalars[piece.lowerBound].value.isHan { latin += " " }
            latin += (try? transliterator.apply(text)) ?? text
        }
        return Self.tidy(latin)
    }

    /// Cuts `scalars` into ranges of at most `pieceLength`, each cut made
    /// before a Han character where one lies in the second half of the
    /// piece (so that no syllable's context is split), else at the length.
    static func pieces(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        while start < scalars.count {
            var end = min(start + pieceLength, scalars.count)
            if end < scalars.count,
               let cut = (start + pieceLength / 2 ..< end).last(where: { scalars[$0].value.isHan }) {
                end = cut
            }
            result.append(start..<end)
            start = end
        }
        return result
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

/// A pinyin cache shared by the workers of one run.
public final class SharedPinyinCache: @unchecked Sendable {
    private let lock = NSLock()
    private var general: [String: String] = [:]
    private var names: [String: String] = [:]

    public init() {}

    func lookup(_ tokens: [String], isName: Bool) -> [String: String] {
        lock.lock()
        defer { lock.unlock() }
        var found: [String: String] = [:]
        for token in tokens {
            if let value = isName ? names[token] : general[token] { found[token] = value }
        }
        return found
    }

    func store(_ values: [String: String], isName: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isName { names.merge(values) { first, _ in first } } else { general.merge(values) { first, _ in first } }
    }
}
