/// One sentence per line, each token written `FORM|TAG` and separated by a
/// space: the layout spaCy's `convert -c iob` reads (and the pipe format of
/// Stanford's and older NER tools):
///
///     湖南省委|B-ORGAN 书记|B-TITLE 杜家毫|B-OFFICIAL
///
/// A form cannot hold a space (tokens carry no white space) nor a `|`,
/// which would split it: a `|` inside a form is written as the full-width
/// `｜` (U+FF5C), the one change the format forces.
public struct IOBWriter: RecordWriter {
    public var scheme: TagScheme

    public init(scheme: TagScheme = .bio) { self.scheme = scheme }

    public func write(_ record: Record, to output: inout [UInt8]) {
        for (sentence, tokenRange) in zip(record.sentences, record.tokensBySentence) where !tokenRange.isEmpty {
            let tags = scheme.tags(for: record.tokens[tokenRange], mentions: record.spans, sentence: sentence)
            for (position, (token, tag)) in zip(record.tokens[tokenRange], tags).enumerated() {
                if position > 0 { output.append(0x20) }
                var form = Array(record.codePoints[token.start..<token.end])
                for index in form.indices where form[index] == 0x7C { form[index] = 0xFF5C }
                CoNLLWriter.appendClean(form[...], to: &output)
                output.append(UInt8(ascii: "|"))
                output.append(contentsOf: tag.utf8)
            }
            output.append(0x0A)
        }
    }
}
