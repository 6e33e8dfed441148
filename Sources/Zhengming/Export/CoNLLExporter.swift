/// Token-level CoNLL-2003 style, with the columns of `annotate --format conll`:
///
///     FORM  START  END  PINYIN  TAG
///
/// tab-separated, a blank line after each sentence, and no comment lines,
/// which CoNLL-2003 readers (Hugging Face's `conll2003` script, flair,
/// conlleval) would take for tokens. START and END are code-point offsets
/// into the unit's text. With `docstart`, each document opens with
/// `-DOCSTART-` and a blank line, as in the CoNLL-2003 files; readers skip
/// it, and seqeval-based scripts use it to reset their state.
public struct CoNLLExporter: ExportWriter {
    public var scheme: TagScheme
    public var docstart: Bool

    public init(scheme: TagScheme = .bio, docstart: Bool = false) {
        self.scheme = scheme
        self.docstart = docstart
    }

    public func beginDocument(_ id: String, to output: inout [UInt8]) {
        if docstart { JSONText.append("-DOCSTART-\t_\t_\t_\tO\n\n", to: &output) }
    }

    public func write(_ unit: ExportUnit, to output: inout [UInt8]) {
        for (sentence, tokenRange) in zip(unit.sentences, unit.tokensBySentence) where !tokenRange.isEmpty {
            let tags = unit.tags(for: unit.tokens[tokenRange], in: sentence, scheme: scheme)
            for (token, tag) in zip(unit.tokens[tokenRange], tags) {
                CoNLLWriter.appendTokenLine(unit.codePoints[token.start..<token.end], start: token.start,
                                            end: token.end, pinyin: token.pinyin, tag: tag, to: &output)
            }
            output.append(0x0A)
        }
    }
}
