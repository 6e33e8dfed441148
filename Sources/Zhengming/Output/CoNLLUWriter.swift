/// CoNLL-U, the Universal Dependencies format, with the entity tag in MISC
/// as `NE=`, where UD corpora with named entities put it and where spaCy's
/// `convert -c conllu` reads it (`NE=` or `name=`, labels in `[A-Z_]+`):
///
///     # newdoc id = doc-1
///     # sent_id = doc-1#1
///     # text = 湖南省委书记杜家毫
///     1	湖南省委	_	_	_	_	_	_	_	NE=B-ORGAN|SpaceAfter=No|Translit=húnánshěngwěi
///
/// Ten tab-separated columns ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS
/// MISC, `_` for what Zhengming does not know (it does not lemmatise, tag
/// or parse), token ids from 1 in each sentence, a blank line after each
/// sentence. MISC attributes are sorted by name, as UD's validator wants:
/// the tag (`NE`), `SpaceAfter=No` where no white space follows the token,
/// so forms and `# text` agree, and `Translit` (UD's attribute for a
/// transliteration) with the pinyin.
///
/// `sent_id` is the document id and the sentence's number in the document,
/// white space replaced by `_` since a sentence id may not contain any.
public struct CoNLLUWriter: RecordWriter {
    public var scheme: TagScheme

    public init(scheme: TagScheme = .bio) { self.scheme = scheme }

    public func beginDocument(_ record: Record, to output: inout [UInt8]) {
        JSONText.append("# newdoc id = \(Self.identifier(record.documentID))\n", to: &output)
    }

    public func write(_ unit: Record, to output: inout [UInt8]) {
        let base = unit.sentenceIndex ?? 0
        for (index, (sentence, tokenRange)) in zip(unit.sentences, unit.tokensBySentence).enumerated()
        where !tokenRange.isEmpty {
            JSONText.append("# sent_id = \(Self.identifier(unit.documentID))#\(base + index + 1)\n# text = ", to: &output)
            CoNLLWriter.appendClean(unit.codePoints[sentence], to: &output)
            output.append(0x0A)
            let tags = scheme.tags(for: unit.tokens[tokenRange], mentions: unit.spans, sentence: sentence)
            for (number, (token, tag)) in zip(unit.tokens[tokenRange], tags).enumerated() {
                JSONText.appendInt(number + 1, to: &output)
                output.append(0x09)
                CoNLLWriter.appendClean(unit.codePoints[token.start..<token.end], to: &output)
                JSONText.append("\t_\t_\t_\t_\t_\t_\t_\t", to: &output)
                appendMisc(tag: tag, token: token, unit: unit, sentenceEnd: sentence.upperBound, to: &output)
                output.append(0x0A)
            }
            output.append(0x0A)
        }
    }

    private func appendMisc(tag: String, token: Token, unit: Record, sentenceEnd: Int, to output: inout [UInt8]) {
        JSONText.append("NE=" + tag, to: &output)
        if token.end < sentenceEnd, !unit.codePoints[token.end].isWhiteSpace {
            JSONText.append("|SpaceAfter=No", to: &output)
        }
        if let pinyin = token.pinyin, !pinyin.isEmpty {
            JSONText.append("|Translit=", to: &output)
            for byte in pinyin.utf8 where byte != 0x20 && byte != UInt8(ascii: "|") { output.append(byte) }
        }
    }

    /// An id for a comment line: no white space, which would end it early.
    static func identifier(_ id: String) -> String {
        String(String.UnicodeScalarView(id.unicodeScalars.map { $0.value.isWhiteSpace ? "_" : $0 }))
    }
}
