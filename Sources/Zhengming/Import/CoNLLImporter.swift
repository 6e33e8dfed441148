import Foundation

/// Reads CoNLL-style files back as gold records: what `annotate` and
/// `export` write (`FORM START END PINYIN TAG`, `--columns form,tag`,
/// char-bio), and other `form … tag` files.
///
/// A line is a token, its columns separated by tabs (or, in a line without
/// a tab, by spaces); the first is the form, the last the tag (BIO, BIOES
/// or IOB1, so `I-X` after `O` starts a span). A blank line ends a
/// sentence. A record is a document where the file marks them (`# doc_id =
/// …` comments, `-DOCSTART-` lines, or offsets that start again from a
/// smaller value), else a sentence; its id is the `doc_id`, else
/// `path#n`. Other comment lines are skipped.
///
/// The text: with START and END columns each form is put at its offsets,
/// and what lies between tokens (white space the format does not carry)
/// becomes spaces, so offsets are those of the original document. Without
/// them the forms are joined, with a space between two tokens that would
/// otherwise run two Latin words or numbers together (token layouts only;
/// a file of single characters is joined as it is). char-bio's `[U+XXXX]`
/// placeholders are read back as their code points.
enum CoNLLImporter {
    struct Token {
        var form: [UInt32]
        var offsets: Range<Int>?
        var tag: String
        var line: Int
    }

    static func read(_ path: String, problems: (ImportProblem) -> Void) throws -> [GoldRecord] {
        let data = try ImportSupport.contents(path)
        guard let content = String(data: data, encoding: .utf8) else { throw ImportProblem(path, "not UTF-8 text") }
        var documents: [(id: String?, sentences: [[Token]])] = []
        var current: (id: String?, sentences: [[Token]]) = (nil, [])
        var sentence: [Token] = []
        var marked = false
        func endSentence() {
            if !sentence.isEmpty { current.sentences.append(sentence) }
            sentence = []
        }
        func endDocument(id: String?) {
            endSentence()
            if !current.sentences.isEmpty { documents.append(current) }
            current = (id, [])
        }
        for (index, raw) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { endSentence(); continue }
            if line.hasPrefix("-DOCSTART-") { marked = true; endDocument(id: nil); continue }
            if line.hasPrefix("#") {
                if line.hasPrefix("# doc_id = ") {
                    marked = true
                    endDocument(id: String(line.dropFirst("# doc_id = ".count)))
                } else if line.hasPrefix("# newdoc id = ") {
                    marked = true
                    endDocument(id: String(line.dropFirst("# newdoc id = ".count)))
                }
                continue
            }
            let columns = line.contains("\t") ? line.split(separator: "\t", omittingEmptySubsequences: false)
                                              : line.split(separator: " ")
            guard columns.count >= 2 else {
                problems(ImportProblem("\(path):\(index + 1)", "a token line needs a form and a tag; line skipped"))
                continue
            }
            var offsets: Range<Int>?
            if columns.count >= 4, let start = Int(columns[1]), let end = Int(columns[2]), start < end { offsets = start..<end }
            sentence.append(Token(form: form(columns[0]), offsets: offsets, tag: String(columns[columns.count - 1]),
                                  line: index + 1))
        }
        endDocument(id: nil)
        var records: [GoldRecord] = []
        let singleCharacters = documents.allSatisfy { $0.sentences.allSatisfy { $0.allSatisfy { $0.form.count == 1 } } }
        for document in documents {
            let groups = marked ? [document.sentences] : split(document.sentences)
            for group in groups {
                let number = records.count + 1
                do {
                    records.append(try record(group, id: document.id ?? "\(path)#\(number)", joinWords: !singleCharacters))
                } catch let skipped as SkippedRecord {
                    problems(ImportProblem("\(path):\(group.first?.first?.line ?? 0)", skipped.reason))
                }
            }
        }
        return records
    }

    /// Sentences of a file without document marks: one record per sentence,
    /// or, when tokens carry offsets, per run of sentences whose offsets keep
    /// growing (a document of `export`).
    static func split(_ sentences: [[Token]]) -> [[[Token]]] {
        guard sentences.allSatisfy({ $0.allSatisfy { $0.offsets != nil } }) else { return sentences.map { [$0] } }
        var groups: [[[Token]]] = []
        var last = -1
        for sentence in sentences {
            let start = sentence.first!.offsets!.lowerBound
            if start < last || groups.isEmpty { groups.append([sentence]) } else { groups[groups.count - 1].append(sentence) }
            last = sentence.last!.offsets!.upperBound
        }
        return groups
    }

    static func record(_ sentences: [[Token]], id: String, joinWords: Bool) throws -> GoldRecord {
        var text: [UInt32] = []
        var placed: [[Range<Int>]] = []
        let withOffsets = sentences.allSatisfy { $0.allSatisfy { $0.offsets != nil } }
        for sentence in sentences {
            var ranges: [Range<Int>] = []
            for token in sentence {
                if withOffsets, let offsets = token.offsets {
                    guard offsets.count == token.form.count, offsets.lowerBound >= text.count else {
                        throw SkippedRecord("line \(token.line): offsets \(offsets.lowerBound)..<\(offsets.upperBound) do not fit the form or overlap the previous token; record skipped")
                    }
                    while text.count < offsets.lowerBound { text.append(0x20) }
                    ranges.append(text.count..<text.count + token.form.count)
                    text += token.form
                } else {
                    if joinWords, let previous = text.last, let first = token.form.first, previous.isWordASCII, first.isWordASCII {
                        text.append(0x20)
                    }
                    ranges.append(text.count..<text.count + token.form.count)
                    text += token.form
                }
            }
            placed.append(ranges)
        }
        var spans: [Mention] = []
        for (sentence, ranges) in zip(sentences, placed) {
            var open: (start: Int, end: Int, label: String)?
            func close() {
                if let span = open { spans.append(Mention(start: span.start, end: span.end, label: span.label, rule: Mention.goldSource)) }
                open = nil
            }
            for (token, range) in zip(sentence, ranges) {
                let tag = token.tag
                guard tag != "O" else { close(); continue }
                let parts = tag.split(separator: "-", maxSplits: 1)
                guard parts.count == 2, ["B", "I", "E", "S", "L", "U"].contains(parts[0]), !parts[1].isEmpty else {
                    throw SkippedRecord("line \(token.line): '\(tag)' is not a tag (O, or B-/I-/E-/S- and a label); record skipped")
                }
                let letter = parts[0], label = String(parts[1])
                if letter == "B" || letter == "S" || letter == "U" || open?.label != label { close(); open = (range.lowerBound, range.upperBound, label) }
                open?.end = range.upperBound
                if letter == "E" || letter == "S" || letter == "L" || letter == "U" { close() }
            }
            close()
        }
        return GoldRecord(id: id, text: String(codePoints: text), spans: spans)
    }

    /// A form as code points, with char-bio's `[U+XXXX]` read back.
    static func form(_ text: Substring) -> [UInt32] {
        if text.hasPrefix("[U+"), text.hasSuffix("]"), let value = UInt32(text.dropFirst(3).dropLast(), radix: 16) {
            return [value]
        }
        return text.unicodeScalars.map(\.value)
    }
}

extension UInt32 {
    /// An ASCII letter or digit: two tokens ending and starting with one
    /// were words apart.
    var isWordASCII: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
    }
}
