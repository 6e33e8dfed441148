import Testing
@testable import Zhengming

/// Issue 2, CoNLL output: `# doc_id`, `# text` per sentence, five
/// tab-separated columns `FORM START END PINYIN TAG`, a blank line after each
/// sentence, and tags that form valid BIO or BIOES sequences.
@Suite struct CoNLLWriterTests {
    /// One sentence block of the output.
    struct Block {
        var text: String
        var rows: [[String]] = []
    }

    /// Parses CoNLL output strictly: every line is a comment, a token row or
    /// the blank line that closes a block.
    static func parse(_ output: String) throws -> (ids: [String], blocks: [Block]) {
        var ids: [String] = []
        var blocks: [Block] = []
        var open: Block?
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "", "output ends with a newline")
        for line in lines.dropLast() {
            if line.hasPrefix("# doc_id = ") {
                #expect(open == nil, "doc_id inside a sentence block")
                ids.append(String(line.dropFirst("# doc_id = ".count)))
            } else if line.hasPrefix("# text = ") {
                #expect(open == nil, "a sentence block was not closed by a blank line")
                open = Block(text: String(line.dropFirst("# text = ".count)))
            } else if line.isEmpty {
                let block = try #require(open, "blank line outside a sentence block")
                #expect(!block.rows.isEmpty, "empty sentence block")
                blocks.append(block)
                open = nil
            } else {
                #expect(open != nil, "token line outside a sentence block: \(line)")
                open?.rows.append(line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
            }
        }
        #expect(open == nil, "the last sentence block is not followed by a blank line")
        return (ids, blocks)
    }

    static func render(_ document: AnnotatedDocument, scheme: TagScheme = .bio) -> String {
        var bytes: [UInt8] = []
        CoNLLWriter(scheme: scheme).write(document, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Problems of a BIO or BIOES tag sequence, empty when it is valid.
    static func schemeViolations(_ tags: [String], scheme: TagScheme) -> [String] {
        var problems: [String] = []
        var open: String?  // label of the mention in progress
        for (index, tag) in tags.enumerated() {
            let prefix = tag.prefix(2), label = String(tag.dropFirst(2))
            switch (scheme, prefix) {
            case (_, _) where tag == "O":
                if scheme == .bioes, let label = open { problems.append("\(index): B-\(label) not closed by E-") }
                open = nil
            case (_, "B-"):
                if scheme == .bioes, let label = open { problems.append("\(index): B-\(label) not closed by E-") }
                open = label
            case (_, "I-"):
                if open != label { problems.append("\(index): \(tag) follows \(open.map { "B/I-" + $0 } ?? "O")") }
            case (.bioes, "E-"):
                if open != label { problems.append("\(index): \(tag) follows \(open.map { "B/I-" + $0 } ?? "O")") }
                open = nil
            case (.bioes, "S-"):
                if let label = open { problems.append("\(index): B-\(label) not closed by E-") }
                open = nil
            default:
                problems.append("\(index): '\(tag)' is not a \(scheme) tag")
            }
        }
        if scheme == .bioes, let label = open { problems.append("end: B-\(label) not closed by E-") }
        return problems
    }

    @Test func validatorRejectsBrokenSequences() {
        #expect(Self.schemeViolations(["B-A", "I-A", "O", "B-B"], scheme: .bio).isEmpty)
        #expect(!Self.schemeViolations(["O", "I-A"], scheme: .bio).isEmpty)
        #expect(!Self.schemeViolations(["B-A", "I-B"], scheme: .bio).isEmpty)
        #expect(Self.schemeViolations(["B-A", "I-A", "E-A", "S-B", "O"], scheme: .bioes).isEmpty)
        #expect(!Self.schemeViolations(["B-A", "I-A", "O"], scheme: .bioes).isEmpty)
        #expect(!Self.schemeViolations(["B-A"], scheme: .bioes).isEmpty)
        #expect(!Self.schemeViolations(["B-A", "E-B"], scheme: .bioes).isEmpty)
    }

    @Test(arguments: TagScheme.allCases)
    func tokenRowsHaveFiveColumnsAndExactOffsets(_ scheme: TagScheme) throws {
        let document = try WriterFixture.annotate()
        let text = document.document.text
        let (ids, blocks) = try Self.parse(Self.render(document, scheme: scheme))
        #expect(ids == ["doc-1"])
        #expect(blocks.count == 2)
        #expect(blocks.map(\.text) == ["中央第六巡視組組長王榮軍主持会议。", "湖南省委书记杜家毫（２月２２日）到湘西。"])
        for (block, sentence) in zip(blocks, document.sentences) {
            #expect(block.text == codePointSlice(text, sentence.lowerBound, sentence.upperBound))
            for row in block.rows {
                try #require(row.count == 5, "row \(row) does not have 5 columns")
                let start = try #require(Int(row[1])), end = try #require(Int(row[2]))
                #expect(row[0] == codePointSlice(text, start, end))
                #expect(sentence.lowerBound <= start && end <= sentence.upperBound)
                #expect(!row[3].contains(" ") && !row[3].isEmpty)
            }
            #expect(Self.schemeViolations(block.rows.map { $0[4] }, scheme: scheme) == [])
        }
    }

    @Test func tagsFollowTheMentions() throws {
        let document = try WriterFixture.annotate()
        #expect(document.shownMentions == [
            "巡視組/ORGAN@4", "組長/TITLE@7", "王榮軍/OFFICIAL@9", "湖南省委/ORGAN@21", "书记/TITLE@25",
            "杜家毫/OFFICIAL@27", "湘/LOC@38",
        ])
        let (_, blocks) = try Self.parse(Self.render(document))
        let rows = blocks.flatMap(\.rows)
        // Each mention is exactly the tokens from its B- to its last I-.
        for mention in document.mentions {
            let inside = rows.filter { Int($0[1])! >= mention.start && Int($0[2])! <= mention.end }
            #expect(inside.first?[1] == String(mention.start), "a token starts at \(mention.start)")
            #expect(inside.last?[2] == String(mention.end), "a token ends at \(mention.end)")
            #expect(inside.map { $0[4] } == ["B-\(mention.label)"] + Array(repeating: "I-\(mention.label)", count: inside.count - 1))
        }
        let tagged = rows.filter { $0[4] != "O" }.map { Int($0[1])! }
        let covered = Set(document.mentions.flatMap { Array($0.start..<$0.end) })
        #expect(tagged.allSatisfy(covered.contains))
        // Pinyin: `_` without Han, syllables joined without spaces otherwise.
        #expect(rows.first { $0[0] == "。" }?[3] == "_")
        #expect(rows.first { $0[0] == "中央" }?[3] == "zhōngyāng")
    }

    @Test func bioesMarksSingleAndEndTokens() throws {
        let document = try WriterFixture.annotate()
        let rows = try Self.parse(Self.render(document, scheme: .bioes)).blocks.flatMap(\.rows)
        let tags = Dictionary(rows.map { ($0[1], $0[4]) }, uniquingKeysWith: { first, _ in first })
        #expect(tags["38"] == "S-LOC")         // 湘: one token
        let official = rows.filter { (9..<12).contains(Int($0[1])!) }.map { $0[4] }
        #expect(official.first == "B-OFFICIAL" || official == ["S-OFFICIAL"])
        #expect(official.last == "E-OFFICIAL" || official == ["S-OFFICIAL"])
    }

    @Test(arguments: TagScheme.allCases)
    func charGranularityJoinsBackToTheSentence(_ scheme: TagScheme) throws {
        let document = try WriterFixture.annotate(granularity: .char)
        let text = document.document.text
        let (_, blocks) = try Self.parse(Self.render(document, scheme: scheme))
        #expect(blocks.count == document.sentences.count)
        for (block, sentence) in zip(blocks, document.sentences) {
            let sentenceText = codePointSlice(text, sentence.lowerBound, sentence.upperBound)
            #expect(block.text == sentenceText)
            #expect(block.rows.map { $0[0] }.joined() == String(sentenceText.unicodeScalars.filter { !$0.properties.isWhitespace }))
            for row in block.rows {
                #expect(row.count == 5)
                #expect(row[0].unicodeScalars.count == 1)
                #expect(Int(row[2])! == Int(row[1])! + 1)
                #expect(row[0] == codePointSlice(text, Int(row[1])!, Int(row[2])!))
            }
            #expect(Self.schemeViolations(block.rows.map { $0[4] }, scheme: scheme) == [])
        }
        let rows = blocks.flatMap(\.rows)
        #expect(rows.filter { (9..<12).contains(Int($0[1])!) }.map { $0[4] }
            == (scheme == .bio ? ["B-OFFICIAL", "I-OFFICIAL", "I-OFFICIAL"] : ["B-OFFICIAL", "I-OFFICIAL", "E-OFFICIAL"]))
    }

    @Test func writesEveryDocumentWithItsId() throws {
        var bytes: [UInt8] = []
        for (id, text) in [("a.txt", "组长王荣军。"), ("b\tc\nd", "湖南省委。")] {
            CoNLLWriter().write(try WriterFixture.annotate(text, id: id), to: &bytes)
        }
        let (ids, blocks) = try Self.parse(String(decoding: bytes, as: UTF8.self))
        #expect(ids == ["a.txt", "b c d"])   // tabs and line breaks would break the format
        #expect(blocks.map(\.text) == ["组长王荣军。", "湖南省委。"])
    }

    @Test func tabsInsideTheTextDoNotAddColumns() throws {
        let document = try WriterFixture.annotate("组长\t王荣军 说。")
        let (_, blocks) = try Self.parse(Self.render(document))
        #expect(blocks.first?.text == "组长 王荣军 说。")
        #expect(blocks.flatMap(\.rows).allSatisfy { $0.count == 5 })
    }

    /// Document ids go into `# doc_id = …`: tabs and line breaks become
    /// spaces (a CRLF is one character, so one space); everything else,
    /// including characters whose UTF-8 shares a byte with U+0085 or
    /// U+2028 (Ņ is C5 85, 訨 is E8 A8 A8), is left alone.
    @Test(arguments: [
        ("doc-1", "doc-1"), ("a\tb", "a b"), ("a\nb", "a b"), ("a\r\nb", "a b"), ("a\u{0B}b\u{0C}", "a b "),
        ("a\u{85}b", "a b"), ("a\u{2028}b\u{2029}", "a b "), ("中文", "中文"), ("Ņ訨", "Ņ訨"),
    ])
    func documentIdsAreCleanedOfTabsAndLineBreaks(id: String, cleaned: String) {
        #expect(CoNLLWriter.clean(id) == cleaned)
    }

    @Test func withoutPinyinTheColumnIsUnderscore() throws {
        let document = try WriterFixture.annotate(pinyin: nil)
        let rows = try Self.parse(Self.render(document)).blocks.flatMap(\.rows)
        #expect(rows.allSatisfy { $0[3] == "_" })
    }

    /// Regression for issue 2: a character that NFKC expands (`㈠` → `(一)`)
    /// must still be one token line, not one per folded character.
    @Test func issue2ExpandingCharacterIsOneToken() throws {
        let document = try WriterFixture.annotate("第㈠条由组长王荣军负责。")
        let rows = try Self.parse(Self.render(document)).blocks.flatMap(\.rows)
        #expect(rows.filter { $0[0] == "㈠" }.count == 1)
        for (previous, next) in zip(document.tokens, document.tokens.dropFirst()) {
            #expect(previous.end <= next.start, "tokens \(previous.start)..<\(previous.end) and \(next.start)..<\(next.end) overlap")
        }
        #expect(document.shownMentions == ["组长/TITLE@4", "王荣军/OFFICIAL@6"])
    }
}
