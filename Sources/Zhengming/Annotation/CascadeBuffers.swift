/// The per-worker memory of `RuleCascade`, kept from one document to the
/// next.
///
/// Documents are short (a news paragraph, a sentence of a corpus) and the
/// cascade needs a dozen small tables per phase; allocated afresh, they cost
/// more than matching a fifty-character document. And the tables are read
/// and written at every position of every phase, where an array held in a
/// structure pays a uniqueness check per write and a retain per loop over
/// it. So they are raw buffers, allocated once at the largest size a rule
/// set needs and handed to the cascade as plain pointers (`Tables`).
///
/// Stamps (`nextStamp`) mark "seen in this sentence" without clearing
/// anything between sentences or documents.
public final class CascadeBuffers {
    /// The buffers as the cascade sees them: per rule slot of a phase, per
    /// clause of a phase's gate, per atom of the rule set.
    struct Tables {
        var ruleSteps: UnsafeMutablePointer<Int>
        var stopped: UnsafeMutablePointer<Bool>
        var nextAllowed: UnsafeMutablePointer<Int>
        var seenAt: UnsafeMutablePointer<Int>
        var allowed: UnsafeMutablePointer<Bool>
        var met: UnsafeMutablePointer<Int32>
        /// The slots to try at the current position (each at most once).
        var tried: UnsafeMutablePointer<Int>
        /// The stamp of the sentence that last met each clause.
        var clauseMet: UnsafeMutablePointer<Int32>
        /// The stamp of the sentence each atom was last seen in.
        var atomSeen: UnsafeMutablePointer<Int32>
    }

    private var slotCapacity = 0
    private var clauseCapacity = 0
    private var atomCapacity = 0
    private var tables: Tables?
    private var stamp: Int32 = 0
    /// When set, the cascade counts per rule into it (`zhengming rules profile`).
    var profile: RuleProfile?
    /// Atoms present per sentence (see `RuleCascade.run`), reused.
    var presentAtoms: [Int32] = []
    var atomStart: [Int] = []
    /// The lexicon hits and mentions of a document and their indexes,
    /// refilled in place for each document (see `SpanIndex.rebuild`).
    var hits: [SpanIndex.Span] = []
    var mentionSpans: [SpanIndex.Span] = []
    var lexiconIndex = SpanIndex.empty
    var mentionIndex = SpanIndex.empty

    public init() {}

    deinit { if let tables { Self.free(tables) } }

    /// The tables, large enough for `rules`.
    func tables(for rules: RuleSet) -> Tables {
        let slots = rules.largestPhase
        let clauses = rules.gate.largestClauseCount
        let atoms = rules.gate.atomCount
        if let tables, slots <= slotCapacity, clauses <= clauseCapacity, atoms <= atomCapacity { return tables }
        if let tables { Self.free(tables) }
        slotCapacity = max(slots, slotCapacity)
        clauseCapacity = max(clauses, clauseCapacity)
        atomCapacity = max(atoms, atomCapacity)
        let made = Tables(
            ruleSteps: .allocate(capacity: slotCapacity), stopped: .allocate(capacity: slotCapacity),
            nextAllowed: .allocate(capacity: slotCapacity), seenAt: .allocate(capacity: slotCapacity),
            allowed: .allocate(capacity: slotCapacity), met: .allocate(capacity: slotCapacity),
            tried: .allocate(capacity: slotCapacity),
            clauseMet: .allocate(capacity: max(1, clauseCapacity)), atomSeen: .allocate(capacity: max(1, atomCapacity)))
        made.clauseMet.initialize(repeating: -1, count: max(1, clauseCapacity))
        made.atomSeen.initialize(repeating: -1, count: max(1, atomCapacity))
        stamp = 0
        tables = made
        return made
    }

    /// A stamp that no clause or atom holds yet.
    func nextStamp() -> Int32 {
        if stamp == Int32.max, let tables {
            stamp = 0
            tables.clauseMet.update(repeating: -1, count: max(1, clauseCapacity))
            tables.atomSeen.update(repeating: -1, count: max(1, atomCapacity))
        }
        stamp += 1
        return stamp
    }

    private static func free(_ tables: Tables) {
        for pointer in [UnsafeMutableRawPointer(tables.ruleSteps), UnsafeMutableRawPointer(tables.stopped),
                        UnsafeMutableRawPointer(tables.nextAllowed), UnsafeMutableRawPointer(tables.seenAt),
                        UnsafeMutableRawPointer(tables.allowed), UnsafeMutableRawPointer(tables.met),
                        UnsafeMutableRawPointer(tables.tried), UnsafeMutableRawPointer(tables.clauseMet),
                        UnsafeMutableRawPointer(tables.atomSeen)] {
            pointer.deallocate()
        }
    }
}
