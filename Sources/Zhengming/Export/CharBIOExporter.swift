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
public struct CharBIOExporter: ExportWriter {
    public var scheme: TagScheme

    public init(scheme: TagScheme = .bio) { self.scheme = scheme }

    public func write(_ unit: ExportUnit, to output: inout [UInt8]) {
        for sentence in unit.sentences {
            let characters = unit.characterTokens(in: sentence)
            guard !characters.isEmpty else { continue }
            let tags = unit.tags(for: characters[...], in: sentence, scheme: scheme)
            for (character, tag) in zip(characters, tags) {
                CoNLLWriter.appendClean(unit.codePoints[character.start..<character.end], to: &output)
                output.append(0x20)
                output.append(contentsOf: tag.utf8)
                output.append(0x0A)
            }
            output.append(0x0A)
        }
    }
}
