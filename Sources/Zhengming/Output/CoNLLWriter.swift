/// CoNLL-style output, one token (or character) per line, a blank line
/// after each sentence. The default columns, tab-separated:
///
///     FORM  START  END  PINYIN  TAG
///
/// START and END are code-point offsets into the record's text (END
/// exclusive); PINYIN is `_` for tokens without Han characters and has no
/// spaces (`wángróngjūn`), so whitespace-splitting readers such as
/// `conlleval` see five columns; TAG is last, as CoNLL tools expect.
/// `columns` picks other columns (`form,tag` is the layout spaCy's
/// `convert -c ner` reads as words and entities, with no column taken for a
/// part of speech).
///
/// `annotate` writes comment lines (`comments`): `# doc_id = …` per document
/// and `# text = …` per sentence. `export` writes none, since CoNLL-2003
/// readers (Hugging Face's `conll2003` script, flair, spaCy) would take them
/// for tokens, and with `docstart` opens each document with the line
/// `-DOCSTART- -X- O O` and a blank line (`docstartLine`).
public struct CoNLLWriter: RecordWriter {
    public var scheme: TagScheme
    public var comments: Bool
    public var docstart: Bool
    public var columns: [CoNLLColumn]

    /// The document line of `docstart`. CoNLL-2003's own files spell it
    /// `-DOCSTART- -X- -X- O`, but spaCy's `convert -c ner` splits documents
    /// on `-DOCSTART- -X- O O` only and reads the other spelling as a token;
    /// readers that skip `-DOCSTART-` lines (Hugging Face's `conll2003`
    /// script, flair, conlleval) skip both.
    public static let docstartLine = "-DOCSTART- -X- O O"

    public init(scheme: TagScheme = .bio, comments: Bool = true, docstart: Bool = false,
                columns: [CoNLLColumn] = CoNLLColumn.standard) {
        self.scheme = scheme
        self.comments = comments
        self.docstart = docstart
        self.columns = columns
    }

    public func beginDocument(_ record: Record, to output: inout [UInt8]) {
        if comments {
            JSONText.append("# doc_id = ", to: &output)
            JSONText.append(Self.clean(record.documentID), to: &output)
            output.append(0x0A)
        }
        if docstart {
            JSONText.append(Self.docstartLine, to: &output)
            JSONText.append("\n\n", to: &output)
        }
    }

    public func write(_ record: Record, to output: inout [UInt8]) {
        let mentions = record.spans
        let sentences = zip(record.sentences, record.tokensBySentence).filter { !$0.1.isEmpty }
        let standard = columns == CoNLLColumn.standard
        // Tokens, mentions and text are read in place, through pointers:
        // copying a token or a mention out of its array retains its strings.
        record.codePoints.withUnsafeBufferPointer { text in
        record.tokens.withUnsafeBufferPointer { tokens in
        mentions.withUnsafeBufferPointer { mentions in
            // The record is composed in one piece; first its bound: the
            // most bytes its `# text` lines, token lines and blank lines take.
            let digits = Self.decimalDigits(text.count)
            var longestTag = 1
            for index in mentions.indices { longestTag = max(longestTag, 2 + mentions[index].label.utf8.count) }
            var capacity = 0
            for (sentence, tokenRange) in sentences {
                capacity += (comments ? 9 + 4 * sentence.count + 1 : 0) + 1
                for index in tokenRange {
                    capacity += Self.lineCapacity(form: tokens[index].end - tokens[index].start,
                                                  pinyin: tokens[index].pinyin, tagBytes: longestTag, digits: digits)
                }
            }
            var cursor = 0
            LineComposer.compose(capacity: capacity, into: &output) { line in
                for (sentence, tokenRange) in sentences {
                    if comments {
                        line.append("# text = ")
                        for position in sentence { line.appendClean(text[position]) }
                        line.append(0x0A)
                    }
                    for index in tokenRange {
                        let start = tokens[index].start, end = tokens[index].end
                        let form = UnsafeBufferPointer(rebasing: text[start..<end])
                        let tag = scheme.tag(start: start, end: end, in: mentions, sentence: sentence, cursor: &cursor)
                        if standard {
                            Self.composeFields(form, start: start, end: end, pinyin: tokens[index].pinyin, into: &line)
                            Self.composeTag(tag, mentions, into: &line)
                        } else {
                            for (position, column) in columns.enumerated() {
                                if position > 0 { line.append(0x09) }
                                switch column {
                                case .form: for value in form { line.appendClean(value) }
                                case .start: line.appendDecimal(start)
                                case .end: line.appendDecimal(end)
                                case .pinyin: Self.composePinyin(tokens[index].pinyin, into: &line)
                                case .tag: Self.composeTag(tag, mentions, into: &line)
                                }
                            }
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

    /// Writes a tag from its letter and its mention's label, or `O`.
    @inline(__always)
    static func composeTag(_ tag: (letter: UInt8, mention: Int)?, _ mentions: UnsafeBufferPointer<Mention>,
                           into line: inout LineComposer) {
        if let (letter, mention) = tag {
            line.append(letter)
            line.append(UInt8(ascii: "-"))
            line.append(mentions[mention].label)
        } else {
            line.append(UInt8(ascii: "O"))
        }
    }

    /// Writes the pinyin without the spaces between syllables, `_` when there is none.
    static func composePinyin(_ pinyin: String?, into line: inout LineComposer) {
        if let pinyin, !pinyin.isEmpty {
            line.append(pinyin, droppingSpaces: true)
        } else {
            line.append(UInt8(ascii: "_"))
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
        composePinyin(pinyin, into: &line)
        line.append(0x09)
    }

    /// Appends code points as UTF-8, with tabs and line breaks as spaces.
    static func appendClean(_ scalars: ArraySlice<UInt32>, to output: inout [UInt8]) {
        LineComposer.compose(capacity: 4 * scalars.count, into: &output) { line in
            for value in scalars { line.appendClean(value) }
        }
    }

    /// A comment block, `# error = origin: reason` and a blank line: CoNLL
    /// readers skip comment lines, a streaming client sees its answer.
    public func writeRejection(_ rejection: Rejection, to output: inout [UInt8]) {
        JSONText.append("# error = ", to: &output)
        JSONText.append(Self.clean(rejection.origin.isEmpty ? rejection.reason : "\(rejection.origin): \(rejection.reason)"),
                        to: &output)
        JSONText.append("\n\n", to: &output)
    }

    /// Tabs and line breaks inside a field would break the format.
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

/// A column of the CoNLL output (`--columns`).
public enum CoNLLColumn: String, Sendable, CaseIterable {
    case form, start, end, pinyin, tag

    /// `FORM START END PINYIN TAG`, `annotate`'s columns.
    public static let standard: [CoNLLColumn] = [.form, .start, .end, .pinyin, .tag]

    /// Parses `form,tag` and the like: known names, each once, FORM first
    /// and TAG last (where CoNLL readers look for them).
    public static func parse(_ text: String) throws -> [CoNLLColumn] {
        var result: [CoNLLColumn] = []
        for name in text.split(separator: ",").map({ $0.trimmingSpaces.lowercased() }) {
            guard let column = CoNLLColumn(rawValue: name) else {
                throw ExportError(.invalidColumns(text, "unknown column '\(name)'; choose from \(allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            guard !result.contains(column) else { throw ExportError(.invalidColumns(text, "'\(name)' appears twice")) }
            result.append(column)
        }
        guard result.first == .form, result.last == .tag, result.count >= 2 else {
            throw ExportError(.invalidColumns(text, "the first column must be form and the last tag"))
        }
        return result
    }
}
