/// How a mention's label is spread over its tokens.
///
/// - `bio`: `B-` on the first token, `I-` on the rest, `O` outside.
/// - `bioes`: as BIO, but `S-` for a one-token mention and `E-` on the last
///   token of a longer one.
public enum TagScheme: String, Sendable, CaseIterable {
    case bio, bioes

    /// The tag of each token given the flat mentions (both sorted by start).
    public func tags(for tokens: [Token], mentions: [Mention], label: (Mention) -> String? = { $0.label }) -> [String] {
        var tags = [String](repeating: "O", count: tokens.count)
        var cursor = 0
        for (index, token) in tokens.enumerated() {
            while cursor < mentions.count, mentions[cursor].end <= token.start { cursor += 1 }
            guard cursor < mentions.count else { break }
            let mention = mentions[cursor]
            guard mention.start < token.end, token.start < mention.end, let name = label(mention) else { continue }
            let first = token.start <= mention.start
            let last = token.end >= mention.end
            switch (self, first, last) {
            case (.bioes, true, true): tags[index] = "S-" + name
            case (.bioes, false, true): tags[index] = "E-" + name
            case (_, true, _): tags[index] = "B-" + name
            default: tags[index] = "I-" + name
            }
        }
        return tags
    }
}

/// What one output line stands for: a token, or a single character (the
/// format of MSRA / People's Daily NER and Chinese BERT fine-tuning).
public enum Granularity: String, Sendable, CaseIterable {
    case token, char
}
