/// The sentence-level prefilter of a rule set: which rules of a phase can
/// possibly match in a sentence, from what the sentence contains (see
/// `Requirement` for what each rule needs and why skipping is safe).
///
/// Atoms are numbered once for the whole rule set: first the literal
/// strings of every requirement, then one atom per lexicon ("some entry of
/// this lexicon occurs"), then one per label ("some mention of this label
/// occurs"). The strings are added to the rule set's lexicon automaton under
/// a lexicon number of their own, so finding them costs no second pass over
/// the text: the pass that finds lexicon entries reports them too.
///
/// For each phase, each atom lists the clauses it satisfies. Gating a
/// sentence walks the atoms the sentence contains (a few dozen) and counts,
/// per rule, the clauses met; a rule is tried only where all are. Nothing is
/// done per rule per atom it *could* need, so a rule set with thousands of
/// required strings costs no more per sentence than one with ten.
struct RuleGate: Sendable {
    /// The lexicon number under which string atoms sit in the automaton.
    let stringLexicon: Int32
    let stringCount: Int
    let lexiconCount: Int
    let atomCount: Int
    let phases: [Phase]
    /// The most clauses of any phase (the cascade sizes its tables by it).
    let largestClauseCount: Int

    /// A class, like `PhaseDispatch`, so that fetching a phase's tables for
    /// each document costs one reference count, not four.
    final class Phase: Sendable {
        /// `clauses[clauseStart[atom]..<clauseStart[atom + 1]]` are the
        /// clauses (numbers) that `atom` satisfies.
        let clauseStart: [Int32]
        let clauses: [Int32]
        /// The rule slot each clause belongs to.
        let clauseSlot: [Int32]
        /// How many clauses each slot must meet (0: always tried).
        let required: [Int32]
        var clauseCount: Int { clauseSlot.count }
        /// No rule of the phase has a requirement: nothing to gate.
        var isOpen: Bool { clauseSlot.isEmpty }

        init(clauseStart: [Int32], clauses: [Int32], clauseSlot: [Int32], required: [Int32]) {
            self.clauseStart = clauseStart
            self.clauses = clauses
            self.clauseSlot = clauseSlot
            self.required = required
        }
    }

    /// Numbers the atoms of `programs` (by phase and slot) and adds the
    /// string atoms to `automaton`.
    init(programs: [[PatternProgram]], lexiconCount: Int, labelCount: Int, automaton: inout LexiconAutomaton) {
        stringLexicon = Int32(lexiconCount)
        self.lexiconCount = lexiconCount
        var stringNumbers: [[UInt32]: Int32] = [:]
        for phase in programs {
            for program in phase {
                for clause in program.requirement.clauses {
                    for case .string(let characters) in clause where stringNumbers[characters] == nil {
                        stringNumbers[characters] = Int32(stringNumbers.count)
                    }
                }
            }
        }
        for (characters, number) in stringNumbers.sorted(by: { $0.value < $1.value }) {
            automaton.insert(characters, lexicon: Int32(lexiconCount), entry: number)
        }
        stringCount = stringNumbers.count
        atomCount = stringCount + lexiconCount + labelCount
        let (strings, lexicons) = (stringCount, lexiconCount)
        func number(_ atom: Requirement.Atom) -> Int {
            switch atom {
            case .string(let characters): return Int(stringNumbers[characters]!)
            case .lexicon(let id): return strings + Int(id)
            case .label(let id): return strings + lexicons + Int(id)
            }
        }
        var phases: [Phase] = []
        for phase in programs {
            var byAtom = [[Int32]](repeating: [], count: atomCount)
            var clauseSlot: [Int32] = []
            var required: [Int32] = []
            for (slot, program) in phase.enumerated() {
                required.append(Int32(program.requirement.clauses.count))
                for clause in program.requirement.clauses {
                    let clauseNumber = Int32(clauseSlot.count)
                    clauseSlot.append(Int32(slot))
                    for atom in Set(clause.map(number)) { byAtom[atom].append(clauseNumber) }
                }
            }
            var start: [Int32] = [0]
            var flat: [Int32] = []
            for list in byAtom {
                flat += list
                start.append(Int32(flat.count))
            }
            phases.append(Phase(clauseStart: start, clauses: flat, clauseSlot: clauseSlot, required: required))
        }
        self.phases = phases
        largestClauseCount = phases.map(\.clauseCount).max() ?? 0
    }

    /// The atom of "some entry of lexicon `id` occurs".
    @inline(__always)
    func lexiconAtom(_ id: Int32) -> Int32 { Int32(stringCount) + id }

    /// The atom of "some mention of label `id` occurs".
    @inline(__always)
    func labelAtom(_ id: Int32) -> Int32 { Int32(stringCount + lexiconCount) + id }
}
