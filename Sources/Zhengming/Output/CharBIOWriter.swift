/// Character-level tags, the layout of the MSRA and People's Daily NER
/// corpora that Chinese BERT fine-tuning scripts read:
///
///     湖 B-ORGAN
///     南 I-ORGAN
///     省 I-ORGAN
///     委 I-ORGAN
///     书 B-TITLE
///
/// One character and its tag per line separated by a space, a blank line
/// after each sentence. Tags are per character whatever the tokens were, so
/// a span boundary inside a word is kept.
///
/// White space (a space, a tab, NBSP U+00A0, the full-width space U+3000 …)
/// and the separators U+001C–U+001F cannot stand on a line that readers split
/// on white space, so by default they are left out and a block's characters
/// join to the sentence without them: line n is then not offset n. With
/// `keepSpaces`, each of them is written as the placeholder `[U+XXXX]` (its
/// code point in hex, four digits or more) with its tag, so that every code
/// point of the sentence has its line, offsets line up, and joining the
/// characters with each placeholder read back as its code point gives the
/// sentence exactly. (A BERT vocabulary has no such tokens: map them to
/// `[unused1]` or `[SEP]`-like tokens of your own, as Chinese NER scripts do
/// with spaces.)
public struct CharBIOWriter: RecordWriter {
    public var scheme: TagScheme
    public var keepSpaces: Bool

    public init(scheme: TagScheme = .bio, keepSpaces: Bool = false) {
        self.scheme = scheme
        self.keepSpaces = keepSpaces
    }

    public func write(_ record: Record, to output: inout [UInt8]) {
        for sentence in record.sentences {
            let characters = keepSpaces
                ? sentence.map { Token(start: $0, end: $0 + 1, pinyin: nil) }
                : record.characterTokens(in: sentence)
            guard !characters.isEmpty else { continue }
            let tags = scheme.tags(for: characters, mentions: record.spans, sentence: sentence)
            for (character, tag) in zip(characters, tags) {
                let value = record.codePoints[character.start]
                if value.isLineFormatSeparator {
                    JSONText.append(Self.placeholder(value), to: &output)
                } else {
                    CoNLLWriter.appendClean(record.codePoints[character.start..<character.end], to: &output)
                }
                output.append(0x20)
                output.append(contentsOf: tag.utf8)
                output.append(0x0A)
            }
            output.append(0x0A)
        }
    }

    /// `[U+00A0]`: the line that stands for a white-space code point.
    public static func placeholder(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
    }
}

extension Record {
    /// One token per character of `sentence` that a line-based reader keeps:
    /// white space (and the separators Python's `str.split` also splits on)
    /// left out.
    func characterTokens(in sentence: Range<Int>) -> [Token] {
        sentence.filter { !codePoints[$0].isLineFormatSeparator }.map { Token(start: $0, end: $0 + 1, pinyin: nil) }
    }
}

extension UInt32 {
    /// White space, and U+001C…U+001F, which Python's `str.split()` and
    /// `splitlines()` also treat as separators: characters a one-per-line
    /// format cannot carry.
    var isLineFormatSeparator: Bool { isWhiteSpace || (0x1C...0x1F).contains(self) }
}
