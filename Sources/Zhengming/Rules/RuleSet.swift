/// A loaded, compiled rule pack (or stack of packs): the labels, the phases
/// in order, the rules of each phase, every lexicon compiled into one
/// automaton, and the warnings the loader found.
///
/// Immutable and shared by all workers of a run.
public struct RuleSet: Sendable {
    public let labels: [String]
    public let phases: [String]
    /// All active rules, in phase order, then pack and file order.
    public let rules: [Rule]
    /// Indices into `rules` of each phase's rules.
    let rulesByPhase: [[Int]]
    public let lexicons: [Lexicon]
    let automaton: LexiconAutomaton
    /// `filters[id][entry]`: entries admitted by a `{lexicon:key=value}` filter.
    let filters: [[Bool]]
    /// Warnings (errors make loading throw).
    public let diagnostics: [RuleDiagnostic]
    /// The pack directories, in load order.
    public let packs: [String]
    /// Labels whose mentions are propagated to every other occurrence of the
    /// same text in the document (`propagate:` in pack.yaml), as GATE's
    /// orthographic matcher does for names: a name found once from its
    /// context is a name everywhere in that document.
    public internal(set) var propagatedLabels: Set<String> = []

    init(labels: [String], phases: [String], rules: [Rule], lexicons: [Lexicon], automaton: LexiconAutomaton,
         filters: [[Bool]], diagnostics: [RuleDiagnostic], packs: [String]) {
        self.labels = labels
        self.phases = phases
        self.rules = rules
        self.lexicons = lexicons
        self.automaton = automaton
        self.filters = filters
        self.diagnostics = diagnostics
        self.packs = packs
        var byPhase = [[Int]](repeating: [], count: phases.count)
        for (index, rule) in rules.enumerated() { byPhase[rule.phaseIndex].append(index) }
        rulesByPhase = byPhase
        dispatch = byPhase.map { indices in PhaseDispatch(indices.map { rules[$0].program }) }
    }

    /// For each phase, which rules can start at a position (see `PhaseDispatch`).
    let dispatch: [PhaseDispatch]

    public func labelID(_ label: String) -> Int32? { labels.firstIndex(of: label).map(Int32.init) }

    public func rule(named name: String) -> Rule? { rules.first { $0.name == name } }

    /// Loads packs from directories; a later pack adds to and overrides
    /// earlier ones. Throws `RulePackError` when any error was found.
    public static func load(packs directories: [String]) throws -> RuleSet {
        let (ruleSet, diagnostics) = RulePackLoader.load(directories)
        guard let ruleSet, !diagnostics.contains(where: \.isError) else {
            throw RulePackError(diagnostics: diagnostics)
        }
        return ruleSet
    }

    /// An empty pack: no rules, annotation yields tokens only.
    public static let empty = RuleSet(labels: RulePackLoader.defaultLabels, phases: ["main"], rules: [], lexicons: [],
                                      automaton: LexiconAutomaton(), filters: [], diagnostics: [], packs: [])
}

/// Which rules of a phase may start a match at a position, from their first
/// sets: the cascade asks once per position instead of asking every rule, so
/// adding rules that begin with different characters or lexicons costs
/// (almost) nothing at positions where they cannot start.
struct PhaseDispatch: Sendable {
    /// Rule slots (indices into the phase's rules) by first character, for
    /// characters beyond the Basic Multilingual Plane.
    var byCharacter: [UInt32: [Int]] = [:]
    /// For BMP characters: the slots of the rules starting with the
    /// character are `flatSlots[bmpStart[c]..<bmpStart[c] + bmpCount[c]]`, a
    /// flat layout so the per-position lookup costs two loads and no
    /// reference counting.
    var bmpStart = [Int32](repeating: 0, count: 0x10000)
    var bmpCount = [UInt16](repeating: 0, count: 0x10000)
    var flatSlots: [Int] = []
    /// Rule slots by the lexicon (or label) that can begin them, indexed by
    /// lexicon (label) number: arrays, not dictionaries, because the cascade
    /// asks for every lexicon hit and mention at every position.
    var byLexicon: [[Int]] = []
    var byLabel: [[Int]] = []
    /// Rules that may start anywhere (a large class, `.`, a nullable prefix).
    var always: [Int] = []
    /// Rules with a large first set but a leading lookbehind that ends in one
    /// of a few characters: by the character before the position.
    var byPreviousCharacter: [UInt32: [Int]] = [:]

    /// First sets with more characters than this are tried everywhere.
    static let characterLimit = 512

    init(_ programs: [PatternProgram]) {
        for (slot, program) in programs.enumerated() {
            let first = program.first
            guard !first.anything, let characters = first.characters.members(upTo: Self.characterLimit) else {
                if let behind = program.behind, !behind.anything, behind.lexicons.isEmpty, behind.labels.isEmpty,
                   let previous = behind.characters.members(upTo: Self.characterLimit) {
                    for value in previous { byPreviousCharacter[value, default: []].append(slot) }
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
        for (value, slots) in byCharacter where value < 0x10000 {
            bmpStart[Int(value)] = Int32(flatSlots.count)
            bmpCount[Int(value)] = UInt16(slots.count)
            flatSlots.append(contentsOf: slots)
        }
        byCharacter = byCharacter.filter { $0.key >= 0x10000 }
    }
}
