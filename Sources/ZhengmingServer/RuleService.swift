import Foundation
import Zhengming

/// The rules in service and how they are reloaded (`POST /reload`,
/// `--watch`): a pack is re-read in full; one with errors changes nothing
/// (the previous rules stay in service and the caller gets every
/// diagnostic), a good one is swapped in atomically (`AnnotatorPool`).
actor RuleService {
    let packs: [String]
    let pool: AnnotatorPool

    init(packs: [String], rules: RuleSet, jobs: Int) throws {
        self.packs = packs
        pool = try AnnotatorPool(rules: rules, workers: jobs)
    }

    /// What a reload did.
    enum Outcome: Sendable {
        /// The new rules are in service: their generation and warnings.
        case reloaded(generation: Int, warnings: [RuleDiagnostic])
        /// The packs have errors; the previous rules stay in service.
        case rejected([RuleDiagnostic])
    }

    /// Re-reads the packs. Reloads run one at a time (this is an actor), and
    /// the reading happens off the cooperative threads.
    func reload() async -> Outcome {
        let packs = packs
        let loaded: Result<RuleSet, any Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { try Self.load(packs) })
            }
        }
        switch loaded {
        case .success(let rules):
            do { try pool.swap(to: rules) } catch {
                return .rejected([RuleDiagnostic(.unreadableFile, file: packs.last ?? "", line: 0, column: 0, "\(error)")])
            }
            return .reloaded(generation: pool.current.number, warnings: rules.diagnostics)
        case .failure(let error as RulePackError):
            return .rejected(error.diagnostics)
        case .failure(let error):
            return .rejected([RuleDiagnostic(.unreadableFile, file: packs.last ?? "", line: 0, column: 0, "\(error)")])
        }
    }

    /// Loads `packs` (none: the empty rule set).
    static func load(_ packs: [String]) throws -> RuleSet {
        packs.isEmpty ? .empty : try RuleSet.load(packs: packs)
    }
}
