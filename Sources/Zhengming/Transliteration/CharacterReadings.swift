import Foundation

/// The pinyin of a token put together from the pinyin of its characters,
/// for the tokens where ICU's `Han-Latin` would give exactly that.
///
/// ICU transliterates about two hundred thousand characters a second and
/// takes a process-wide lock for every call, so workers cannot share the
/// work: on a corpus whose tokens are mostly new (the first pass over any
/// corpus, and the long tail of names in every corpus after it), the pinyin
/// column ran one worker at a time. Yet `Han-Latin` is, rule for rule, a table
/// of characters: it puts a space between Han characters, then reads each
/// character by its class (`[爱碍艾…] > ài`), except for a handful of rules
/// that read a character by its neighbour (`{重}' '?庆 > chóng`). So a token
/// made only of Han characters, none of which occurs in such a rule, reads as
/// its characters' readings joined by spaces, and those readings are
/// transliterated once per character rather than once per token.
///
/// What counts as "such a rule" is read from the transliterator's own rules
/// (`utrans_toRules`), not written here: any rule whose left side is more than
/// one character or one character class puts every Han character it mentions
/// out of bounds, and a rule file of a shape this reader does not know (a
/// variable, a transliterator step other than the spacing one) switches the
/// composition off altogether. Characters whose own reading is not one
/// syllable of Latin letters (ICU has no reading, or gives several) are never
/// composed either. Person names compose under the same conditions plus one
/// of their own (see `init(rules:nameRules:)`). Everything else goes to ICU
/// as before, and `CharacterReadingsTests` compares both paths token by
/// token.
struct CharacterReadings {
    /// False when the rules have a shape this reader does not know.
    let isEnabled: Bool
    /// Han characters that some context rule mentions.
    private let contextual: Set<UInt32>
    /// Known readings; "" for a character that cannot be composed.
    private var readings: [UInt32: String] = [:]

    /// Whether person names compose too (see `init(rules:nameRules:)`).
    private(set) var composesNames = false
    /// Han characters that `Han-Latin/Names` treats on its own.
    private var nameCharacters: Set<UInt32> = []

    /// Reads the context rules out of `rules` (`Han-Latin`'s, from
    /// `ICUTransliterator.rules()`), and, given `nameRules`, the characters
    /// `Han-Latin/Names` reads its own way.
    ///
    /// `Han-Latin/Names` marks the start of each run of Han characters, reads
    /// a list of surnames (单 → shàn at the start, 曾 → zēng anywhere, 令狐 as
    /// a pair), removes the marks and hands the rest to `Han-Latin`. So a name
    /// none of whose characters that list mentions reads as `Han-Latin` reads
    /// it. That holds for rules of exactly this shape: the steps must be the
    /// spacing step, a null step and `Han-Latin`, in that order, or names are
    /// left to ICU.
    init(rules: String, nameRules: String? = nil) {
        self.init(rules: rules)
        guard let nameRules, isEnabled else { return }
        var steps: [String] = []
        var characters = Set<UInt32>()
        for rawLine in nameRules.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("::") {
                steps.append(line.replacingOccurrences(of: " ", with: ""))
                continue
            }
            for scalar in line.unicodeScalars where scalar.value.isHan { characters.insert(scalar.value) }
        }
        if steps == ["::Han-Spacedhan();", "::Null();", "::Han-Latin();"] {
            composesNames = true
            nameCharacters = characters
        }
    }

    /// Reads the context rules out of `rules` (`ICUTransliterator.rules()`).
    init(rules: String) {
        var contextual = Set<UInt32>()
        var isEnabled = true
        // The composition joins readings with spaces because the rules space
        // Han characters apart: without that step (or without any rule, as
        // when the rules could not be read) nothing composes.
        var spacesCharacters = false
        var readsCharacters = false
        for rawLine in rules.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("::") {
                // The step that spaces Han characters apart is the one the
                // composition reproduces; any other step could change
                // anything.
                if line.replacingOccurrences(of: " ", with: "") == "::Han-Spacedhan();" { spacesCharacters = true }
                else { isEnabled = false }
                continue
            }
            guard let arrow = line.firstIndex(of: ">") else {
                isEnabled = false
                continue
            }
            let left = line[..<arrow].trimmingCharacters(in: .whitespaces)
            let isClass = left.hasPrefix("[") && left.hasSuffix("]") && !left.contains("{") && !left.contains("}")
                && !left.dropFirst().dropLast().contains("[") && !left.contains("$")
            let isCharacter = left.unicodeScalars.count == 1
            if isClass || isCharacter {
                readsCharacters = true
            } else {
                for scalar in line.unicodeScalars where scalar.value.isHan { contextual.insert(scalar.value) }
            }
        }
        self.isEnabled = isEnabled && spacesCharacters && readsCharacters
        self.contextual = contextual
    }

    /// Whether `token` is made only of Han characters outside every context
    /// rule (its reading is then composed, once its characters are known).
    func mayCompose(_ token: String) -> Bool {
        guard isEnabled else { return false }
        return token.unicodeScalars.allSatisfy { $0.value.isHan && !contextual.contains($0.value) }
    }

    /// Whether `token`, read as a name, is made only of Han characters that
    /// neither `Han-Latin`'s context rules nor the names' list mention.
    func mayComposeName(_ token: String) -> Bool {
        guard composesNames else { return false }
        return token.unicodeScalars.allSatisfy {
            $0.value.isHan && !contextual.contains($0.value) && !nameCharacters.contains($0.value)
        }
    }

    /// The characters of `token` with no reading known yet.
    func unknownCharacters(of token: String) -> [UInt32] {
        token.unicodeScalars.map(\.value).filter { readings[$0] == nil }
    }

    /// Records ICU's reading of one character (tidied as the column is).
    mutating func learn(_ character: UInt32, reading: String) {
        let isSyllable = !reading.isEmpty && reading.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic && !scalar.value.isHan && scalar != " "
                || ("0"..."9").contains(Character(scalar))
        }
        readings[character] = isSyllable ? reading : ""
    }

    /// The reading of `token`, or nil when some character cannot be composed
    /// or is not known yet.
    func compose(_ token: String) -> String? {
        var parts: [String] = []
        for scalar in token.unicodeScalars {
            guard let reading = readings[scalar.value], !reading.isEmpty else { return nil }
            parts.append(reading)
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
