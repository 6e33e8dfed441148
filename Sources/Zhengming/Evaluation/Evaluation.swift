/// Strict span evaluation: a predicted mention is correct when its start,
/// end and label all equal those of a gold mention, as `conlleval` counts
/// chunks. Reports per-label and micro-averaged precision, recall and F1,
/// the errors with context, and each rule's share of the predictions.
public struct Evaluation: Sendable {
    public struct Counts: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }

        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
        public var gold: Int { truePositives + falseNegatives }
        public var predicted: Int { truePositives + falsePositives }

        private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(truePositives: a.truePositives + b.truePositives, falsePositives: a.falsePositives + b.falsePositives,
                   falseNegatives: a.falseNegatives + b.falseNegatives)
        }
    }

    /// One wrong span: a false positive (predicted, not in gold) or a false negative.
    public struct Error: Sendable {
        public enum Kind: String, Sendable { case falsePositive = "FP", falseNegative = "FN" }
        public let kind: Kind
        public let documentID: String
        public let mention: Mention
        public let text: String
        public let context: String
    }

    public private(set) var byLabel: [String: Counts] = [:]
    public private(set) var errors: [Error] = []
    /// Per rule: how many scored predictions it made and how many were correct.
    public private(set) var byRule: [String: Counts] = [:]
    public let labels: [String]
    /// Label renaming applied to both sides before scoring (`OFFICIAL=PER`).
    public let mapping: [String: String]

    public var micro: Counts { labels.compactMap { byLabel[$0] }.reduce(Counts(), +) }

    /// - Parameters:
    ///   - labels: the labels to score (after mapping); nil scores the labels
    ///     that occur in the gold data.
    public init(labels: [String]?, mapping: [String: String]) {
        self.labels = labels ?? []
        self.mapping = mapping
    }

    /// Evaluates pairs of (gold, predicted) documents.
    public static func score(_ pairs: [(gold: GoldDocument, predicted: [Mention])], labels: [String]?,
                             mapping: [String: String]) -> Evaluation {
        let mapped = pairs.map { pair in
            (pair.gold, pair.gold.spans.map { mapLabel($0, mapping) }, pair.predicted.map { mapLabel($0, mapping) })
        }
        let scored = labels ?? Array(Set(mapped.flatMap { $0.1.map(\.label) })).sorted()
        var evaluation = Evaluation(labels: scored, mapping: mapping)
        let wanted = Set(scored)
        for (document, gold, predicted) in mapped {
            evaluation.add(document, gold: gold.filter { wanted.contains($0.label) },
                           predicted: predicted.filter { wanted.contains($0.label) })
        }
        return evaluation
    }

    private static func mapLabel(_ mention: Mention, _ mapping: [String: String]) -> Mention {
        var copy = mention
        copy.label = mapping[mention.label] ?? mention.label
        return copy
    }

    private struct Key: Hashable {
        let start: Int, end: Int, label: String
    }

    private mutating func add(_ document: GoldDocument, gold: [Mention], predicted: [Mention]) {
        let goldKeys = Set(gold.map { Key(start: $0.start, end: $0.end, label: $0.label) })
        let scalars = Array(document.text.unicodeScalars)
        var matched = Set<Key>()
        for mention in predicted {
            let key = Key(start: mention.start, end: mention.end, label: mention.label)
            let correct = goldKeys.contains(key) && !matched.contains(key)
            if correct {
                matched.insert(key)
                byLabel[mention.label, default: Counts()].truePositives += 1
                byRule[mention.rule, default: Counts()].truePositives += 1
            } else {
                byLabel[mention.label, default: Counts()].falsePositives += 1
                byRule[mention.rule, default: Counts()].falsePositives += 1
                errors.append(makeError(.falsePositive, document, mention, scalars))
            }
        }
        for mention in gold where !matched.contains(Key(start: mention.start, end: mention.end, label: mention.label)) {
            byLabel[mention.label, default: Counts()].falseNegatives += 1
            errors.append(makeError(.falseNegative, document, mention, scalars))
        }
    }

    private func makeError(_ kind: Error.Kind, _ document: GoldDocument, _ mention: Mention,
                           _ scalars: [Unicode.Scalar]) -> Error {
        func text(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view).map { $0.isNewline ? " " : $0 }.map(String.init).joined()
        }
        let before = max(0, mention.start - 12), after = min(scalars.count, mention.end + 12)
        return Error(kind: kind, documentID: document.id, mention: mention, text: text(mention.start..<mention.end),
                     context: text(before..<mention.start) + "[" + text(mention.start..<mention.end) + "]" + text(mention.end..<after))
    }
}
