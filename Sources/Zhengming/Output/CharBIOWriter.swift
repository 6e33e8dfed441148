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
/// after each sentence. White space is left out (a line cannot hold it), so
/// joining a block's characters gives the sentence without its white space.
/// Tags are per character whatever the tokens were, so a span boundary
/// inside a word is kept.
public struct CharBIOWriter: RecordWriter {
    public var scheme: TagScheme

    public init(scheme: TagScheme = .bio) { self.scheme = scheme }

    public func write(_ record: Record, to output: inout [UInt8]) {
        for sentence in record.sentences {
            let characters = record.characterTokens(in: sentence)
            guard !characters.isEmpty else { continue }
            let tags = scheme.tags(for: characters, mentions: record.spans, sentence: sentence)
            for (character, tag) in zip(characters, tags) {
                CoNLLWriter.appendClean(record.codePoints[character.start..<character.end], to: &output)
                output.append(0x20)
                output.append(contentsOf: tag.utf8)
                output.append(0x0A)
            }
            output.append(0x0A)
        }
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
