/// Which rules of a phase may start a match at a position, from their first
/// sets: the cascade asks once per position instead of asking every rule, so
/// adding rules that begin with different characters or lexicons costs
/// (almost) nothing at positions where they cannot start.
///
/// A class, read through one reference: the cascade fetches each phase's
/// dispatch for every document, and copying a structure of six tables
/// retained and released each of them.
final class PhaseDispatch: Sendable {
    /// Rule slots (indices into the phase's rules) by first character.
    let byCharacter: CharacterSlots
    /// Rule slots by the lexicon (or label) that can begin them: flat
    /// tables, not dictionaries or nested arrays, because the cascade asks
    /// for every lexicon hit and mention at every position.
    let byLexicon: KindSlots
    let byLabel: KindSlots
    /// Rules that may start anywhere (a large class, `.`, a nullable prefix).
    let always: [Int]
    /// Rules with a large first set but a leading lookbehind that ends in one
    /// of a few characters or in a lexicon entry: by the character before
    /// the position, and by the lexicon of a hit that ends at it
    /// (`(?<=到|在|{counties}|{cities})\p{Han}{2,4}镇` is tried after those
    /// words and places, not everywhere).
    let byPreviousCharacter: CharacterSlots
    let byLexiconEnd: KindSlots
    /// Of those, the rules whose lookbehind `^` also satisfies: tried at the
    /// first position of each sentence.
    let atSentenceStart: [Int]

    /// First sets with more characters than this are tried everywhere.
    static let characterLimit = 512

    init(_ programs: [PatternProgram]) {
        var byCharacter: [UInt32: [Int]] = [:]
        var byPreviousCharacter: [UInt32: [Int]] = [:]
        var byLexicon: [[Int]] = []
        var byLabel: [[Int]] = []
        var byLexiconEnd: [[Int]] = []
        var always: [Int] = []
        var atSentenceStart: [Int] = []
        for (slot, program) in programs.enumerated() {
            let first = program.first
            guard !first.anything, let characters = first.characters.members(upTo: Self.characterLimit) else {
                let behind = program.behindSet
                if program.hasBehind, !behind.anything, behind.labels.isEmpty,
                   let previous = behind.characters.members(upTo: Self.characterLimit) {
                    for value in previous { byPreviousCharacter[value, default: []].append(slot) }
                    if behind.sentenceStart { atSentenceStart.append(slot) }
                    for lexicon in behind.lexicons.map(Int.init) {
                        while byLexiconEnd.count <= lexicon { byLexiconEnd.append([]) }
                        byLexiconEnd[lexicon].append(slot)
                    }
                } else {
                    always.append(slot)
                }
                continue
            }
            for value in characters { byCharacter[value, default: []].append(slot) }
            for lexicon in first.lexicons.map(Int.init) {
                while byLexicon.count <= lexicon { byLexicon.append([]) }
                byLexicon[lexicon].append(slot)
            }
            for label in first.labels.map(Int.init) {
                while byLabel.count <= label { byLabel.append([]) }
                byLabel[label].append(slot)
            }
        }
        self.always = always
        self.atSentenceStart = atSentenceStart
        self.byLexicon = KindSlots(byLexicon)
        self.byLexiconEnd = KindSlots(byLexiconEnd)
        self.byLabel = KindSlots(byLabel)
        self.byCharacter = CharacterSlots(byCharacter)
        self.byPreviousCharacter = CharacterSlots(byPreviousCharacter)
    }
}

/// Rule slots by code point in a flat layout: for a BMP character `c` the
/// slots are `slots[start[c]..<start[c] + count[c]]`, no hashing or
/// reference counting on a lookup made at every position of every phase;
/// the rare characters beyond the BMP go through a dictionary.
///
/// The start and count tables are 384 KB, too large to stay in cache next to
/// ICU's dictionary and the lexicon automaton, and most characters of a text
/// start no rule. An 8 KB bitmap of the characters that have slots answers
/// those from the first-level cache.
struct CharacterSlots: Sendable {
    private var present: [UInt64] = []
    private var start: [Int32] = []
    private var count: [UInt16] = []
    private(set) var slots: [Int] = []
    private var astral: [UInt32: Range<Int>] = [:]

    init() {}

    init(_ table: [UInt32: [Int]]) {
        guard !table.isEmpty else { return }
        present = [UInt64](repeating: 0, count: 0x10000 / 64)
        start = [Int32](repeating: 0, count: 0x10000)
        count = [UInt16](repeating: 0, count: 0x10000)
        for (value, members) in table.sorted(by: { $0.key < $1.key }) {
            if value < 0x10000 {
                present[Int(value >> 6)] |= 1 << UInt64(value & 63)
                start[Int(value)] = Int32(slots.count)
                count[Int(value)] = UInt16(members.count)
            } else {
                astral[value] = slots.count..<slots.count + members.count
            }
            slots.append(contentsOf: members)
        }
    }

    /// Indices into `slots` of the rules listed under `value`.
    @inline(__always)
    func range(of value: UInt32) -> Range<Int> {
        if start.isEmpty { return 0..<0 }
        if value < 0x10000 {
            guard present[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 else { return 0..<0 }
            let first = Int(start[Int(value)])
            return first..<first + Int(count[Int(value)])
        }
        return astral[value] ?? 0..<0
    }
}

/// Rule slots by a small number (a lexicon or a label): the slots of kind
/// `k` are `slots[start[k]..<start[k + 1]]`.
struct KindSlots: Sendable {
    private var start: [Int32] = [0]
    private(set) var slots: [Int] = []

    init() {}

    init(_ lists: [[Int]]) {
        for list in lists {
            slots += list
            start.append(Int32(slots.count))
        }
    }

    var isEmpty: Bool { slots.isEmpty }

    /// Indices into `slots` of kind `kind` (nothing for an unknown kind).
    @inline(__always)
    func range(of kind: Int32) -> Range<Int> {
        guard kind >= 0, Int(kind) + 1 < start.count else { return 0..<0 }
        return Int(start[Int(kind)])..<Int(start[Int(kind) + 1])
    }
}
