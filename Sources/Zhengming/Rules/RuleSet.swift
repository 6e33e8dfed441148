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
    /// `scores:` of pack.yaml, referred to by rules' `score:` conditions.
    var scoreModels: [ScoreModel] = []
    /// `resolve:` of pack.yaml: one label per name and document (nil: none).
    var resolution: EntityResolution?
    /// The post rules and the linker's settings (`posts:` and `linking:` of
    /// rule files); nil when the pack has no post rules.
    public internal(set) var postLinker: PostLinker?
    /// `indexedLexicons[lexicon]`: whether some rule reads the lexicon's hits
    /// (see the compiler); hits of the others are skipped per document.
    /// Empty: every lexicon is read (a rule set made without the compiler).
    var indexedLexicons: [Bool] = []

    init(labels: [String], phases: [String], rules: [Rule], lexicons: [Lexicon], automaton: consuming LexiconAutomaton,
         filters: [[Bool]], diagnostics: [RuleDiagnostic], packs: [String]) {
        self.labels = labels
        labelNumbers = Dictionary(labels.enumerated().map { ($1, Int32($0)) }) { first, _ in first }
        self.phases = phases
        self.rules = rules
        self.lexicons = lexicons
        let attributed = lexicons.reduce(0) { total, lexicon in
            total + lexicon.entries.reduce(0) { $0 + ($1.attributes.isEmpty ? 0 : 1) }
        }
        entryAttributes = attributed > Self.sharedAttributeLimit ? lexicons.map { _ in [] } : lexicons.map { lexicon in
            guard lexicon.entries.contains(where: { !$0.attributes.isEmpty }) else { return [] }
            return lexicon.entries.map { entry in
                var table: [String: String] = [:]
                for (key, value) in entry.attributes where table[key] == nil { table[key] = value }
                return table
            }
        }
        self.filters = filters
        self.diagnostics = diagnostics
        self.packs = packs
        var byPhase = [[Int]](repeating: [], count: phases.count)
        for (index, rule) in rules.enumerated() { byPhase[rule.phaseIndex].append(index) }
        rulesByPhase = byPhase
        largestPhase = byPhase.map(\.count).max() ?? 0
        let programs = byPhase.map { indices in indices.map { rules[$0].program } }
        dispatch = programs.map(PhaseDispatch.init)
        unretainedPrograms = programs.map { $0.map { Unmanaged.passUnretained($0) } }
        phaseReadsMentions = byPhase.map { indices in
            indices.contains { index in
                rules[index].program.readsMentions || rules[index].contextChecks.contains { $0.program.readsMentions }
            }
        }
        // The parameter is consumed and mutated in place: a `var` copy would
        // share the tables, and `seal` would then copy every one of them
        // (for a million-entry lexicon, the 134 MB edge table, at the peak).
        gate = RuleGate(programs: programs, lexiconCount: lexicons.count, labelCount: labels.count, automaton: &automaton)
        automaton.seal()
        self.automaton = automaton
    }

    /// Which rules a sentence's contents allow (see `RuleGate`).
    let gate: RuleGate
    /// Off only in tests, which check that the gate changes no result.
    var usesSentenceGate = true
    /// Each phase's programs as unretained references: `rules` keeps them
    /// alive, and the cascade would otherwise retain and release one per
    /// attempt.
    let unretainedPrograms: [[Unmanaged<PatternProgram>]]
    /// Whether any rule of a phase refers to mentions (`@LABEL`); phases
    /// that do not are spared indexing the mentions of earlier phases.
    let phaseReadsMentions: [Bool]

    /// `entryAttributes[lexicon][entry]`: each entry's attributes as the
    /// table a mention inherits (the first of a repeated key), built once
    /// here so that a mention shares it instead of building its own (a
    /// build cost thirty reference counts per document); empty for a
    /// lexicon whose entries have none, and for every lexicon when more than
    /// `sharedAttributeLimit` entries have attributes (a table is a couple
    /// of hundred bytes; a mention then builds its own).
    var entryAttributes: [[[String: String]]]
    static let sharedAttributeLimit = 100_000

    /// For each phase, which rules can start at a position (see `PhaseDispatch`).
    let dispatch: [PhaseDispatch]
    /// The number of rules of the largest phase (the cascade sizes its
    /// per-slot tables by it).
    let largestPhase: Int

    public func labelID(_ label: String) -> Int32? { labelNumbers[label] }

    /// Label numbers by name (the first of a repeated name), for lookups
    /// made per mention.
    private let labelNumbers: [String: Int32]

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
