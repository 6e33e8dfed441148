/// CoNLL-style output: a `# doc_id = …` line per document, a `# text = …`
/// line per sentence, then one token (or character) per line with five
/// tab-separated columns, and a blank line after each sentence:
///
///     FORM  START  END  PINYIN  TAG
///
/// START and END are code-point offsets into the original document (END
/// exclusive); PINYIN is `_` for tokens without Han characters and has no
/// spaces (`wángróngjūn`), so whitespace-splitting readers such as
/// `conlleval` see five columns; TAG is last, as CoNLL tools expect.
public struct CoNLLWriter: AnnotationWriter {
    public var scheme: TagScheme

    public init(scheme: TagScheme = .bio) { self.scheme = scheme }

    public func write(_ document: AnnotatedDocument, to output: inout [UInt8]) {
        JSONText.append("# doc_id = \(Self.clean(document.document.id))\n", to: &output)
        let tags = scheme.tags(for: document.tokens, mentions: document.mentions)
        for (sentence, tokenRange) in zip(document.sentences, document.tokensBySentence) where !tokenRange.isEmpty {
            JSONText.append("# text = \(Self.clean(document.text(sentence)))\n", to: &output)
            for index in tokenRange {
                let token = document.tokens[index]
                var line = Self.clean(document.text(token.start..<token.end))
                line += "\t\(token.start)\t\(token.end)\t"
                line += token.pinyin.map { $0.replacingOccurrences(of: " ", with: "") } ?? "_"
                line += "\t" + tags[index] + "\n"
                JSONText.append(line, to: &output)
            }
            output.append(0x0A)
        }
    }

    /// Tabs and line breaks inside a field would break the format.
    static func clean(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
