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
            JSONText.append("# text = ", to: &output)
            Self.appendClean(text[sentence], to: &output)
            output.append(0x0A)
            for index in tokenRange {
                let token = document.tokens[index]
                Self.appendTokenLine(text[token.start..<token.end], start: token.start, end: token.end,
                                     pinyin: token.pinyin, tag: tags[index], to: &output)
            }
            output.append(0x0A)
        }
    }

    /// Appends one `FORM START END PINYIN TAG` line: pinyin without the spaces
    /// between syllables (one column), `_` when there is none.
    static func appendTokenLine(_ form: ArraySlice<UInt32>, start: Int, end: Int, pinyin: String?, tag: String,
                                to output: inout [UInt8]) {
        appendClean(form, to: &output)
        output.append(0x09)
        JSONText.appendInt(start, to: &output)
        output.append(0x09)
        JSONText.appendInt(end, to: &output)
        output.append(0x09)
        if let pinyin, !pinyin.isEmpty {
            for byte in pinyin.utf8 where byte != 0x20 { output.append(byte) }
        } else {
            output.append(UInt8(ascii: "_"))
        }
        output.append(0x09)
        output.append(contentsOf: tag.utf8)
        output.append(0x0A)
    }

    /// Appends code points as UTF-8, with tabs and line breaks as spaces.
    static func appendClean(_ scalars: ArraySlice<UInt32>, to output: inout [UInt8]) {
        for value in scalars {
            switch value {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: output.append(0x20)
            case 0..<0x80: output.append(UInt8(value))
            case 0x80..<0x800:
                output.append(UInt8(0xC0 | (value >> 6)))
                output.append(UInt8(0x80 | (value & 0x3F)))
            case 0x800..<0x10000:
                output.append(UInt8(0xE0 | (value >> 12)))
                output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (value & 0x3F)))
            default:
                output.append(UInt8(0xF0 | (value >> 18)))
                output.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
    }

    /// Tabs and line breaks inside a field would break the format.
    static func clean(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
