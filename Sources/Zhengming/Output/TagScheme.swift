/// How a mention's label is spread over its tokens.
///
/// - `bio`: `B-` on the first token, `I-` on the rest, `O` outside.
/// - `bioes`: as BIO, but `S-` for a one-token mention and `E-` on the last
///   token of a longer one.
public enum TagScheme: String, Sendable, CaseIterable {
    case bio, bioes

    /// The tag of each token given the flat mentions (both sorted by start),
    /// mentions clipped to `sentence` (see `tag`).
    public func tags(for tokens: some Collection<Token>, mentions: [Mention], sentence: Range<Int> = 0..<Int.max,
                     label: (Mention) -> String? = { $0.label }) -> [String] {
        var tags = [String](repeating: "O", count: tokens.count)
        var cursor = 0
        mentions.withUnsafeBufferPointer { mentions in
            for (index, token) in tokens.enumerated() {
                guard let (letter, mention) = tag(start: token.start, end: token.end, in: mentions, sentence: sentence,
                                                  cursor: &cursor),
                      let name = label(mentions[mention]) else { continue }
                tags[index] = String(UnicodeScalar(letter)) + "-" + name
            }
        }
        return tags
    }

    /// The tag of the token `start..<end` as its position letter (`B`, `I`,
    /// `E` or `S`, as ASCII) and the index of its mention, or nil outside
    /// every mention.
    ///
    /// `cursor` indexes `mentions` (sorted by start) and only moves forward:
    /// asked for each token in order, the scheme walks the mentions once.
    /// Writers spell the tag from the letter and the label, without building
    /// a string per token.
    ///
    /// A mention is clipped to `sentence` (the token's), so that a gold span
    /// crossing a sentence boundary starts again with `B-` and every
    /// sentence is a well-formed tag sequence on its own. (Rule mentions
    /// never cross one.)
    @inline(__always)
    func tag(start: Int, end: Int, in mentions: UnsafeBufferPointer<Mention>, sentence: Range<Int>,
             cursor: inout Int) -> (letter: UInt8, mention: Int)? {
        while cursor < mentions.count, mentions[cursor].end <= start { cursor += 1 }
        guard cursor < mentions.count, mentions[cursor].start < end, start < mentions[cursor].end else {
            return nil
        }
        let first = start <= max(mentions[cursor].start, sentence.lowerBound)
        let last = end >= min(mentions[cursor].end, sentence.upperBound)
        switch (self, first, last) {
        case (.bioes, true, true): return (UInt8(ascii: "S"), cursor)
        case (.bioes, false, true): return (UInt8(ascii: "E"), cursor)
        case (_, true, _): return (UInt8(ascii: "B"), cursor)
        default: return (UInt8(ascii: "I"), cursor)
        }
    }
}

/// What one output line stands for: a token, or a single character (the
/// format of MSRA / People's Daily NER and Chinese BERT fine-tuning).
public enum Granularity: String, Sendable, CaseIterable {
    case token, char
}
