/// What an export wrote, per split, and how the rules behaved: the content
/// of `stats.json` and of the summary.
///
/// Workers fill one per document and the pipeline adds them up in input
/// order (`merge`), so the totals do not depend on how documents were
/// spread over workers.
public struct ExportStatistics: Sendable, Equatable {
    /// The counts of one split.
    public struct SplitCounts: Sendable, Equatable {
        /// Documents with at least one unit in the split.
        public var documents = 0
        public var sentences = 0
        public var units = 0
        /// Non-white-space characters: the lines of `char-bio`.
        public var characters = 0
        public var mentionsByLabel: [String: Int] = [:]
        public var goldMentions = 0
        public var ruleMentions = 0

        public init() {}

        public var mentions: Int { goldMentions + ruleMentions }

        mutating func merge(_ other: SplitCounts) {
            documents += other.documents
            sentences += other.sentences
            units += other.units
            characters += other.characters
            mentionsByLabel.merge(other.mentionsByLabel, uniquingKeysWith: +)
            goldMentions += other.goldMentions
            ruleMentions += other.ruleMentions
        }
    }

    public var splitNames: [String]
    public var splits: [SplitCounts]
    public var rules: [String: RuleCounts] = [:]
    /// Documents exported, and how many of them took their spans from gold.
    public var documents = 0
    public var goldDocuments = 0
    /// Inputs that could not be read or annotated (reported and skipped).
    public var failures = 0
    public var warnings = 0
    /// Gold spans left out for overlapping another gold span.
    public var droppedOverlappingGold = 0
    /// Spans left out of sentence units because they cross a sentence boundary.
    public var droppedCrossingSentences = 0

    public init(splitNames: [String]) {
        self.splitNames = splitNames
        splits = Array(repeating: SplitCounts(), count: splitNames.count)
    }

    public var total: SplitCounts {
        var sum = SplitCounts()
        for split in splits { sum.merge(split) }
        return sum
    }

    /// Every label that occurs in some split.
    public var labelsSeen: Set<String> { Set(splits.flatMap(\.mentionsByLabel.keys)) }

    mutating func merge(_ other: ExportStatistics) {
        for index in splits.indices { splits[index].merge(other.splits[index]) }
        rules.merge(other.rules, uniquingKeysWith: +)
        documents += other.documents
        goldDocuments += other.goldDocuments
        failures += other.failures
        warnings += other.warnings
        droppedOverlappingGold += other.droppedOverlappingGold
        droppedCrossingSentences += other.droppedCrossingSentences
    }

    /// The counts of one document cut into `units`.
    static func of(_ document: ExportDocument, units: [Record], droppedSpans: Int,
                   splitNames: [String]) -> ExportStatistics {
        var statistics = ExportStatistics(splitNames: splitNames)
        statistics.documents = 1
        statistics.goldDocuments = document.isGold ? 1 : 0
        statistics.droppedOverlappingGold = document.droppedOverlappingGold
        statistics.droppedCrossingSentences = droppedSpans
        statistics.rules = RuleAgreement.counts(votes: document.record.votes, spans: units.flatMap(\.spans))
        var seenSplits = Set<Int>()
        for unit in units {
            var counts = statistics.splits[unit.split]
            if seenSplits.insert(unit.split).inserted { counts.documents += 1 }
            counts.units += 1
            counts.sentences += unit.tokensBySentence.filter { !$0.isEmpty }.count
            counts.characters += unit.codePoints.count { !$0.isLineFormatSeparator }
            for span in unit.spans {
                counts.mentionsByLabel[span.label, default: 0] += 1
                if span.isGold { counts.goldMentions += 1 } else { counts.ruleMentions += 1 }
            }
            statistics.splits[unit.split] = counts
        }
        return statistics
    }
}
