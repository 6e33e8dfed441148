/// What a sentence must contain for a pattern to match anywhere in it: a
/// conjunction of clauses, each satisfied when any one of its atoms (a
/// literal string, a hit of a lexicon, a mention of a label) occurs in the
/// sentence.
///
/// This is the "prefilter" of RE2 and Hyperscan, taken to the level of the
/// sentence. Most rules need a word that most sentences lack: a party rule
/// needs 党, a spirit formula needs 精神, a name before a speech verb needs
/// one of the speech verbs, a name before a title needs a TITLE mention. The
/// cascade finds every atom of every rule in one pass over the document
/// (`RuleGate`) and then never tries, in a sentence, a rule whose
/// requirement that sentence does not meet; the rule's dispatch by first
/// character still applies inside the sentences it does meet.
///
/// The requirement is necessary, never sufficient: a pattern that matches
/// always meets it, so skipping a rule where it fails changes no result.
/// Only what every match must contain is taken: negative lookarounds,
/// optional parts and large character classes contribute nothing; a
/// positive lookaround contributes its body (it must match inside the
/// sentence too); an alternation contributes one clause made of one clause
/// of each branch, and nothing when some branch requires nothing.
struct Requirement: Sendable, Equatable {
    enum Atom: Hashable, Sendable {
        case string([UInt32])
        case lexicon(Int32)
        case label(Int32)
    }

    /// Every clause must be met; a clause is met by any of its atoms.
    var clauses: [[Atom]]

    static let none = Requirement(clauses: [])

    /// Character classes with more members than this require nothing.
    static let classLimit = 32

    static func of(_ node: PatternNode, symbols: PatternSymbols) -> Requirement {
        var seen = Set<[Atom]>()
        var clauses: [[Atom]] = []
        for clause in Self.clauses(node, symbols) where seen.insert(clause).inserted { clauses.append(clause) }
        return Requirement(clauses: clauses)
    }

    private static func clauses(_ node: PatternNode, _ symbols: PatternSymbols) -> [[Atom]] {
        switch node {
        case .literal(let value): return [[.string([value])]]
        case .characterClass(let members):
            guard let values = members.members(upTo: classLimit), !values.isEmpty else { return [] }
            return [values.map { .string([$0]) }]
        case .anyCharacter, .assertion: return []
        case .lexicon(let name, _, _): return symbols.lexiconID(name).map { [[.lexicon($0)]] } ?? []
        case .mention(let label, _): return symbols.labelID(label).map { [[.label($0)]] } ?? []
        case .group(let body, _, _): return clauses(body, symbols)
        case .repetition(let body, let min, _): return min >= 1 ? clauses(body, symbols) : []
        case .lookaround(let body, _, let negated): return negated ? [] : clauses(body, symbols)
        case .sequence(let items):
            // Runs of literals become one string atom: 精神, not 精 and 神.
            var result: [[Atom]] = []
            var run: [UInt32] = []
            for item in items {
                if let string = PatternCompiler.literalString(item) {
                    run += string
                    continue
                }
                if !run.isEmpty { result.append([.string(run)]) }
                run = []
                result += clauses(item, symbols)
            }
            if !run.isEmpty { result.append([.string(run)]) }
            return result
        case .alternation(let branches):
            // A set beside the list: an alternation of 10^5 words used to
            // search the union for every atom (quadratic; issue 15).
            var union: [Atom] = []
            var members = Set<Atom>()
            for branch in branches {
                guard let best = clauses(branch, symbols).max(by: { score($0) < score($1) }) else { return [] }
                for atom in best where members.insert(atom).inserted { union.append(atom) }
            }
            return union.isEmpty ? [] : [union]
        }
    }

    /// How rarely a clause is met, roughly: by its weakest atom (a longer
    /// string is rarer; a lexicon such as the surnames is met almost
    /// everywhere), then by how few atoms it has.
    private static func score(_ clause: [Atom]) -> Double {
        let weakest = clause.map { atom -> Double in
            switch atom {
            case .string(let characters): return Double(characters.count)
            case .label: return 3
            case .lexicon: return 0.5
            }
        }.min() ?? 0
        return weakest - Double(clause.count) / 1_000
    }
}
