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
        let text = document.codePoints
        for (sentence, tokenRange) in zip(document.sentences, document.tokensBySentence) where !tokenRange.isEmpty {
            LineComposer.compose(capacity: 9 + 4 * sentence.count + 1, into: &output) { line in
                line.append("# text = ")
                for value in text[sentence] { line.appendClean(value) }
                line.append(0x0A)
            }
            // The sentence's token lines are composed in one buffer and
            // appended in one copy.
            var capacity = 1
            for index in tokenRange {
                let token = document.tokens[index]
                capacity += Self.lineCapacity(form: token.end - token.start, pinyin: token.pinyin, tag: tags[index])
            }
            LineComposer.compose(capacity: capacity, into: &output) { line in
                for index in tokenRange {
                    let token = document.tokens[index]
                    Self.composeTokenLine(text[token.start..<token.end], start: token.start, end: token.end,
                                          pinyin: token.pinyin, tag: tags[index], into: &line)
                }
                line.append(0x0A)
            }
        }
    }

    /// Appends one `FORM START END PINYIN TAG` line: pinyin without the spaces
    /// between syllables (one column), `_` when there is none.
    static func appendTokenLine(_ form: ArraySlice<UInt32>, start: Int, end: Int, pinyin: String?, tag: String,
                                to output: inout [UInt8]) {
        LineComposer.compose(capacity: lineCapacity(form: form.count, pinyin: pinyin, tag: tag), into: &output) { line in
            composeTokenLine(form, start: start, end: end, pinyin: pinyin, tag: tag, into: &line)
        }
    }

    /// The most bytes `composeTokenLine` writes for a token of `form`
    /// code points.
    static func lineCapacity(form: Int, pinyin: String?, tag: String) -> Int {
        4 * form + 2 * 20 + (pinyin?.utf8.count ?? 0) + 1 + tag.utf8.count + 5
    }

    static func composeTokenLine(_ form: ArraySlice<UInt32>, start: Int, end: Int, pinyin: String?, tag: String,
                                 into line: inout LineComposer) {
        for value in form { line.appendClean(value) }
        line.append(0x09)
        line.appendDecimal(start)
        line.append(0x09)
        line.appendDecimal(end)
        line.append(0x09)
        if let pinyin, !pinyin.isEmpty {
            line.append(pinyin, droppingSpaces: true)
        } else {
            line.append(UInt8(ascii: "_"))
        }
        line.append(0x09)
        line.append(tag)
        line.append(0x0A)
    }

    /// Appends code points as UTF-8, with tabs and line breaks as spaces.
    static func appendClean(_ scalars: ArraySlice<UInt32>, to output: inout [UInt8]) {
        LineComposer.compose(capacity: 4 * scalars.count, into: &output) { line in
            for value in scalars { line.appendClean(value) }
        }
    }

    /// Tabs and line breaks inside a field would break the format.
    static func clean(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
