/// A token of the output: a code-point range of the original text, cut so
/// that no mention boundary falls inside it, and its pinyin when asked for.
public struct Token: Sendable, Hashable {
    public var start: Int
    public var end: Int
    /// Pinyin, syllables separated by spaces; nil for tokens without Han
    /// characters or when pinyin was not requested.
    public var pinyin: String?
}

/// A document with everything the annotator found: sentences, tokens, the
/// flat and nested mention layers, relations, and (for `explain`) the
/// candidates that lost.
public struct AnnotatedDocument: Sendable {
    public let document: Document
    /// The original text as code points: `text[start..<end]` of any span.
    public let codePoints: [UInt32]
    /// Sentence ranges, in original code-point offsets.
    public let sentences: [Range<Int>]
    public let tokens: [Token]
    /// The flat, non-overlapping layer, sorted by start.
    public let mentions: [Mention]
    /// Every mention accepted by some phase (may nest or overlap), sorted.
    public let nested: [Mention]
    public let relations: [Relation]
    /// Filled only when the annotator was asked to explain.
    public let losers: [LostCandidate]
    /// Rules stopped on this document because they exhausted their step budget.
    public var exhaustedRules: [String]
    /// How each name was given one label document-wide (`resolve:` of the
    /// pack), with its evidence; empty when the pack resolves nothing.
    public var resolutions: [NameResolution] = []
    /// Who holds what: the person–post records the pack's post rules link
    /// (`PostLinker`), sorted by official, then title; empty when the pack
    /// has no post rules.
    public var posts: [Post] = []
    /// Whether the post linker ran (the pack has post rules): writers then
    /// write `posts` even when it is empty, so every record has the key.
    public var postsLinked = false
    /// Filled only when the annotator was asked to explain: post rule
    /// matches that lost to another over a title.
    public var postLosers: [LostPostMatch] = []

    /// The text of an original code-point range.
    public func text(_ range: Range<Int>) -> String { String(codePoints: codePoints[range]) }

    /// Tokens grouped by sentence (indices into `tokens`).
    public var tokensBySentence: [Range<Int>] { tokens.ranges(in: sentences) }
}

extension Array where Element == Token {
    /// The tokens with empty ones dropped and overlapping ones merged
    /// (sorted input): what a one-token-per-line format can carry.
    public func mergingOverlaps() -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(count)
        for token in self where token.end > token.start {
            if let last = result.last, token.start < last.end {
                result[result.count - 1].end = Swift.max(last.end, token.end)
            } else {
                result.append(token)
            }
        }
        return result
    }

    /// For each sentence, the range of the tokens (sorted, as these are) that
    /// lie in it.
    public func ranges(in sentences: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        for sentence in sentences {
            while index < count, self[index].end <= sentence.lowerBound { index += 1 }
            let first = index
            while index < count, self[index].start < sentence.upperBound { index += 1 }
            result.append(first..<index)
        }
        return result
    }
}
