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
        JSONText.append("# doc_id = ", to: &output)
        JSONText.append(Self.clean(document.document.id), to: &output)
        output.append(0x0A)
        let mentions = document.mentions
        let sentences = zip(document.sentences, document.tokensBySentence).filter { !$0.1.isEmpty }
        // Tokens, mentions and text are read in place, through pointers:
        // copying a token or a mention out of its array retains its strings.
        document.codePoints.withUnsafeBufferPointer { text in
        document.tokens.withUnsafeBufferPointer { tokens in
        mentions.withUnsafeBufferPointer { mentions in
            // The document is composed in one piece; first its bound: the
            // most bytes its `# text` lines, token lines and blank lines take.
            let digits = Self.decimalDigits(text.count)
            var longestTag = 1
            for index in mentions.indices { longestTag = max(longestTag, 2 + mentions[index].label.utf8.count) }
            var capacity = 0
            for (sentence, tokenRange) in sentences {
                capacity += 9 + 4 * sentence.count + 1 + 1
                for index in tokenRange {
                    capacity += Self.lineCapacity(form: tokens[index].end - tokens[index].start,
                                                  pinyin: tokens[index].pinyin, tagBytes: longestTag, digits: digits)
                }
            }
            var cursor = 0
            LineComposer.compose(capacity: capacity, into: &output) { line in
                for (sentence, tokenRange) in sentences {
                    line.append("# text = ")
                    for position in sentence { line.appendClean(text[position]) }
                    line.append(0x0A)
                    for index in tokenRange {
                        let start = tokens[index].start, end = tokens[index].end
                        Self.composeFields(UnsafeBufferPointer(rebasing: text[start..<end]), start: start, end: end,
                                           pinyin: tokens[index].pinyin, into: &line)
                        if let (letter, mention) = scheme.tag(start: start, end: end, in: mentions, cursor: &cursor) {
                            line.append(letter)
                            line.append(UInt8(ascii: "-"))
                            line.append(mentions[mention].label)
                        } else {
                            line.append(UInt8(ascii: "O"))
                        }
                        line.append(0x0A)
                    }
                    line.append(0x0A)
                }
            }
        }
        }
        }
    }

    /// Appends one `FORM START END PINYIN TAG` line: pinyin without the spaces
    /// between syllables (one column), `_` when there is none.
    static func appendTokenLine(_ form: ArraySlice<UInt32>, start: Int, end: Int, pinyin: String?, tag: String,
                                to output: inout [UInt8]) {
        let capacity = lineCapacity(form: form.count, pinyin: pinyin, tagBytes: tag.utf8.count,
                                    digits: decimalDigits(max(start.magnitude, end.magnitude)) + 1)
        LineComposer.compose(capacity: capacity, into: &output) { line in
            form.withUnsafeBufferPointer { composeFields($0, start: start, end: end, pinyin: pinyin, into: &line) }
            line.append(tag)
            line.append(0x0A)
        }
    }

    /// The most bytes a token line takes: a form of `form` code points
    /// (at most 4 bytes each), offsets of at most `digits` characters each,
    /// the pinyin (or `_`), a tag of `tagBytes`, four tabs and a line break.
    static func lineCapacity(form: Int, pinyin: String?, tagBytes: Int, digits: Int) -> Int {
        4 * form + 2 * digits + max(1, pinyin?.utf8.count ?? 0) + tagBytes + 5
    }

    /// The number of decimal digits of `value`.
    static func decimalDigits(_ value: some BinaryInteger) -> Int {
        var value = value.magnitude
        var digits = 1
        while value >= 10 {
            value /= 10
            digits += 1
        }
        return digits
    }

    /// Writes `FORM START END PINYIN ` (each field followed by a tab), the
    /// token line up to its tag.
    static func composeFields(_ form: UnsafeBufferPointer<UInt32>, start: Int, end: Int, pinyin: String?,
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
    }

    /// Appends code points as UTF-8, with tabs and line breaks as spaces.
    static func appendClean(_ scalars: ArraySlice<UInt32>, to output: inout [UInt8]) {
        LineComposer.compose(capacity: 4 * scalars.count, into: &output) { line in
            for value in scalars { line.appendClean(value) }
        }
    }

    /// Tabs and line breaks inside a field would break the format.
    /// A comment block, `# error = origin: reason` and a blank line: CoNLL
    /// readers skip comment lines, a streaming client sees its answer.
    public func writeRejection(_ rejection: Rejection, to output: inout [UInt8]) {
        JSONText.append("# error = ", to: &output)
        JSONText.append(Self.clean(rejection.origin.isEmpty ? rejection.reason : "\(rejection.origin): \(rejection.reason)"),
                        to: &output)
        JSONText.append("\n\n", to: &output)
    }

    static func clean(_ text: String) -> String {
        // The bytes first: a tab or line break is one of these, in UTF-8
        // (U+0009–U+000D, U+0085 as C2 85, U+2028/2029 as E2 80 A8/A9), and
        // most ids have none, so most calls return without looking at
        // characters (grapheme clusters) at all.
        guard text.utf8.contains(where: { (0x09...0x0D).contains($0) || $0 == 0x85 || $0 == 0xA8 || $0 == 0xA9 })
        else { return text }
        guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
