/// The per-worker memory of `RuleCascade`, kept from one document to the
/// next.
///
/// Documents are short (a news paragraph, a sentence of a corpus) and the
/// cascade needs a dozen small arrays per phase; allocated afresh, they cost
/// more than matching a fifty-character document. The cascade takes the
/// arrays out (`take`), works on them as local values, and gives them back.
/// Stamps (`nextStamp`) mark "seen in this sentence" without clearing
/// anything between sentences or documents.
public final class CascadeBuffers {
    struct Work {
        /// Per rule slot of a phase.
        var ruleSteps: [Int] = []
        var stopped: [Bool] = []
        var nextAllowed: [Int] = []
        var seenAt: [Int] = []
        var allowed: [Bool] = []
        var met: [Int32] = []
        var tried: [Int] = []
        /// Per clause of a phase's gate: the stamp of the sentence that met it.
        var clauseMet: [Int32] = []
        /// Per atom: the stamp of the sentence it was last seen in.
        var atomSeen: [Int32] = []
        var presentAtoms: [Int32] = []
        var atomStart: [Int] = []
        var stamp: Int32 = 0

        /// A stamp no entry of `clauseMet` or `atomSeen` holds yet.
        mutating func nextStamp() -> Int32 {
            if stamp == Int32.max {
                stamp = 0
                for index in clauseMet.indices { clauseMet[index] = -1 }
                for index in atomSeen.indices { atomSeen[index] = -1 }
            }
            stamp += 1
            return stamp
        }
    }

    private var work = Work()

    public init() {}

    /// The buffers, sized for `rules`.
    func take(rules: RuleSet) -> Work {
        var taken = Work()
        swap(&taken, &work)
        let slots = rules.rulesByPhase.map(\.count).max() ?? 0
        if taken.ruleSteps.count < slots {
            taken.ruleSteps = [Int](repeating: 0, count: slots)
            taken.stopped = [Bool](repeating: false, count: slots)
            taken.nextAllowed = [Int](repeating: 0, count: slots)
            taken.seenAt = [Int](repeating: -1, count: slots)
            taken.allowed = [Bool](repeating: true, count: slots)
            taken.met = [Int32](repeating: 0, count: slots)
        }
        let clauses = rules.gate.phases.map(\.clauseCount).max() ?? 0
        if taken.clauseMet.count < clauses { taken.clauseMet = [Int32](repeating: -1, count: clauses) }
        if taken.atomSeen.count < rules.gate.atomCount {
            taken.atomSeen = [Int32](repeating: -1, count: rules.gate.atomCount)
        }
        return taken
    }

    func giveBack(_ used: Work) {
        work = used
    }
}
