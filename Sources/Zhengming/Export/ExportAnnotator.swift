/// One worker's preparation of documents for export: run the rules (with
/// `explain`, to see the candidates that lost), choose gold spans over the
/// rules' when a gold document matches, map and filter labels, cut tokens at
/// every span boundary and add pinyin.
///
/// Owns an `Annotator` and a `PinyinTransliterator`, so it is not
/// thread-safe: the pipeline creates one per worker.
final class ExportAnnotator {
    private let annotator: Annotator
    private let pinyin: PinyinTransliterator?
    private let gold: GoldIndex
    private let labels: LabelPolicy

    init(rules: RuleSet, gold: GoldIndex, labels: LabelPolicy, pinyin: PinyinStyle?,
         sharedPinyin: SharedPinyinCache? = nil) throws {
        annotator = try Annotator(rules: rules, pinyin: nil)
        self.pinyin = try pinyin.map { try PinyinTransliterator(style: $0, shared: sharedPinyin) }
        self.gold = gold
        self.labels = labels
    }

    func prepare(_ document: Document) throws -> ExportDocument {
        let annotated = try annotator.annotate(document, explain: true)
        let (goldDocument, mismatch) = gold.lookup(document)
        var dropped = 0
        let spans: [Mention]
        if let goldDocument {
            (spans, dropped) = Self.flatten(goldDocument.spans.compactMap { mention in
                labels.apply(mention.label).map {
                    Mention(start: mention.start, end: mention.end, label: $0, rule: Mention.goldSource,
                            attributes: mention.attributes)
                }
            })
        } else {
            spans = annotated.mentions.compactMap { mention in
                labels.apply(mention.label).map { label in
                    var renamed = mention
                    renamed.label = label
                    return renamed
                }
            }
        }
        let tokens = Self.cut(annotated.tokens, at: spans)
        let record = Record(
            document: document, text: document.text, codePoints: annotated.codePoints,
            sentences: annotated.sentences,
            tokens: pinyin?.addPinyin(to: tokens, text: annotated.codePoints,
                                      mentions: goldDocument?.spans ?? annotated.mentions) ?? tokens,
            spans: spans, relations: goldDocument == nil ? annotated.relations : [], votes: votes(of: annotated),
            posts: Self.posts(annotated.posts, among: spans), postsLinked: annotated.postsLinked)
        return ExportDocument(record: record, isGold: goldDocument != nil, droppedOverlappingGold: dropped,
                              exhaustedRules: annotated.exhaustedRules, goldTextMismatch: mismatch)
    }

    /// The posts whose official and title are spans of the record (all of
    /// the rules' when their spans are written; for a gold document, those
    /// the gold spans agree with), so a post never points at a span the
    /// export does not contain.
    static func posts(_ posts: [Post], among spans: [Mention]) -> [Post] {
        guard !posts.isEmpty else { return [] }
        let present = Set(spans.map { [$0.start, $0.end] })
        return posts.filter {
            present.contains([$0.official.lowerBound, $0.official.upperBound])
                && present.contains([$0.title.lowerBound, $0.title.upperBound])
        }
    }

    /// Gold spans as one layer: sorted by start, the longer first at equal
    /// starts, each kept unless it overlaps one already kept.
    static func flatten(_ spans: [Mention]) -> (kept: [Mention], dropped: Int) {
        let ordered = spans.sorted { ($0.start, $1.end, $0.label) < ($1.start, $0.end, $1.label) }
        var kept: [Mention] = []
        for span in ordered {
            if let last = kept.last, span.start < last.end { continue }
            kept.append(span)
        }
        return (kept, spans.count - kept.count)
    }

    /// Splits tokens at span boundaries that fall inside them (gold
    /// boundaries; rule boundaries were cut by the annotator already).
    static func cut(_ tokens: [Token], at spans: [Mention]) -> [Token] {
        var cuts: [Int] = []
        for span in spans { cuts.append(span.start); cuts.append(span.end) }
        cuts.sort()
        var result: [Token] = []
        result.reserveCapacity(tokens.count)
        var cursor = 0
        for token in tokens {
            while cursor < cuts.count, cuts[cursor] <= token.start { cursor += 1 }
            var start = token.start
            while cursor < cuts.count, cuts[cursor] < token.end {
                if cuts[cursor] > start { result.append(Token(start: start, end: cuts[cursor], pinyin: nil)) }
                start = cuts[cursor]
                cursor += 1
            }
            result.append(Token(start: start, end: token.end, pinyin: nil))
        }
        return result
    }

    /// Every candidate of every rule, once: the nested layer (flat or not)
    /// and the candidates that lost in their phase. Candidates a rule vetoed
    /// itself (an `except` entry, a context condition) are not votes.
    private func votes(of annotated: AnnotatedDocument) -> [ExportVote] {
        let flat = Set(annotated.mentions.map { VoteKey($0) })
        var seen = Set<VoteKey>()
        var votes: [ExportVote] = []
        func add(_ mention: Mention, _ status: ExportVote.Status) {
            guard let label = labels.apply(mention.label), seen.insert(VoteKey(mention)).inserted else { return }
            votes.append(ExportVote(start: mention.start, end: mention.end, label: label, rule: mention.rule, status: status))
        }
        for mention in annotated.nested { add(mention, flat.contains(VoteKey(mention)) ? .flat : .nested) }
        for loser in annotated.losers {
            if case .lostInPhase = loser.reason { add(loser.mention, .lost) }
        }
        return votes.sorted { ($0.start, $0.end, $0.rule, $0.label) < ($1.start, $1.end, $1.rule, $1.label) }
    }

    private struct VoteKey: Hashable {
        let start: Int, end: Int, label: String, rule: String
        init(_ mention: Mention) {
            start = mention.start
            end = mention.end
            label = mention.label
            rule = mention.rule
        }
    }
}
