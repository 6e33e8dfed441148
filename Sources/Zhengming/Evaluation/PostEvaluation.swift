import Foundation

/// Scoring person–post records against gold records, at three grains:
/// - **with status**: the official's span, the post string and the status
///   must all equal a gold record's (the strict score);
/// - **without status**: span and post (was the right post linked to the
///   right mention, whatever the status);
/// - **per document**: distinct (official text, post) pairs of a document,
///   which is what a career table keeps (`posts --group`).
/// Each is precision, recall and F1 with a record counted once, as
/// `Evaluation` counts spans. Among the records right without status, a
/// confusion table of statuses (gold → predicted) shows what the cues miss.
public struct PostEvaluation: Sendable {
    /// A record as scored: from a gold file or from the linker.
    public struct Record: Sendable, Hashable {
        public var official: Range<Int>
        public var officialText: String
        public var post: String
        public var status: PostStatus
        /// The rule that linked it (empty for gold).
        public var rule: String

        public init(official: Range<Int>, officialText: String, post: String, status: PostStatus, rule: String = "") {
            self.official = official
            self.officialText = officialText
            self.post = post
            self.status = status
            self.rule = rule
        }

        public var description: String { "\(officialText)/\(post)/\(status.rawValue)" }
    }

    public struct Error: Sendable {
        public let kind: Evaluation.Error.Kind
        public let documentID: String
        public let record: Record
        /// The text around the official, the official in brackets.
        public let context: String
        /// For a false positive: the gold record of the same official and
        /// post with another status, if any (a status error).
        public let goldStatus: PostStatus?
    }

    public private(set) var withStatus = Evaluation.Counts()
    public private(set) var withoutStatus = Evaluation.Counts()
    public private(set) var perDocument = Evaluation.Counts()
    /// gold status → predicted status → count, over records right without status.
    public private(set) var statusConfusion: [PostStatus: [PostStatus: Int]] = [:]
    /// Per rule, its records scored with status.
    public private(set) var byRule: [String: Evaluation.Counts] = [:]
    public private(set) var errors: [Error] = []
    public private(set) var documents = 0

    public init() {}

    /// Adds one document: its text, gold records and predicted records.
    public mutating func add(documentID: String, text: String, gold: [Record], predicted: [Record]) {
        documents += 1
        struct Strict: Hashable { let start: Int, end: Int, post: String, status: PostStatus }
        struct Loose: Hashable { let start: Int, end: Int, post: String }
        struct Pair: Hashable { let official: String, post: String }
        func strict(_ r: Record) -> Strict { Strict(start: r.official.lowerBound, end: r.official.upperBound, post: r.post, status: r.status) }
        func loose(_ r: Record) -> Loose { Loose(start: r.official.lowerBound, end: r.official.upperBound, post: r.post) }
        let scalars = Array(text.unicodeScalars)

        var goldStrict = Set(gold.map(strict)), goldLoose: [Loose: [PostStatus]] = [:]
        for record in gold { goldLoose[loose(record), default: []].append(record.status) }
        var matchedStrict = Set<Strict>(), matchedLoose = Set<Loose>()
        for record in predicted {
            let key = strict(record)
            if goldStrict.contains(key), matchedStrict.insert(key).inserted {
                withStatus.truePositives += 1
                byRule[record.rule, default: .init()].truePositives += 1
            } else {
                withStatus.falsePositives += 1
                byRule[record.rule, default: .init()].falsePositives += 1
                let other = goldLoose[loose(record)]?.first { $0 != record.status }
                errors.append(Error(kind: .falsePositive, documentID: documentID, record: record,
                                    context: Self.context(record.official, scalars), goldStatus: other))
            }
            let looseKey = loose(record)
            if goldLoose[looseKey] != nil, matchedLoose.insert(looseKey).inserted {
                withoutStatus.truePositives += 1
                let goldStatus = goldLoose[looseKey]!.contains(record.status) ? record.status : goldLoose[looseKey]![0]
                statusConfusion[goldStatus, default: [:]][record.status, default: 0] += 1
            } else {
                withoutStatus.falsePositives += 1
            }
        }
        goldStrict.subtract(matchedStrict)
        for record in gold where goldStrict.contains(strict(record)) {
            withStatus.falseNegatives += 1
            errors.append(Error(kind: .falseNegative, documentID: documentID, record: record,
                                context: Self.context(record.official, scalars), goldStatus: nil))
        }
        withoutStatus.falseNegatives += Set(gold.map(loose)).subtracting(matchedLoose).count
        let goldPairs = Set(gold.map { Pair(official: $0.officialText, post: $0.post) })
        let predictedPairs = Set(predicted.map { Pair(official: $0.officialText, post: $0.post) })
        perDocument.truePositives += goldPairs.intersection(predictedPairs).count
        perDocument.falsePositives += predictedPairs.subtracting(goldPairs).count
        perDocument.falseNegatives += goldPairs.subtracting(predictedPairs).count
    }

    private static func context(_ range: Range<Int>, _ scalars: [Unicode.Scalar]) -> String {
        func text(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range].map { $0.properties.isWhitespace ? " " : $0 })
            return String(view)
        }
        let upper = min(range.upperBound, scalars.count), lower = min(range.lowerBound, upper)
        let before = max(0, lower - 16), after = min(scalars.count, upper + 12)
        return text(before..<lower) + "[" + text(lower..<upper) + "]" + text(upper..<after)
    }
}

extension PostEvaluation.Record {
    /// The record of a linked post in `document`.
    public init(_ post: Post, in document: AnnotatedDocument) {
        self.init(official: post.official, officialText: document.text(post.official), post: post.post,
                  status: post.status, rule: post.rule)
    }
}
