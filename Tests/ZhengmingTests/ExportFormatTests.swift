import TestSupport
import Foundation
import Testing
@testable import Zhengming

/// The structure of each format, checked the way the tools that read it
/// would: by splitting lines and columns and slicing the text by offsets.
@Suite("Export formats")
struct ExportFormatTests {
    let rules: RuleSet
    let documents = ExportFixture.documents(count: 4)

    init() throws { rules = try ExportFixture.rules() }

    // MARK: char-bio

    @Test("char-bio: each block's characters join to its sentence without white space")
    func charBIOReproducesSentences() throws {
        for document in documents {
            let unit = try ExportFixture.unit(document, rules: rules)
            var bytes: [UInt8] = []
            CharBIOWriter().write(unit, to: &bytes)
            let blocks = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }
            let expected = unit.sentences.map { unit.text($0).unicodeScalars.filter { !$0.value.isWhiteSpace } }
                .map { String(String.UnicodeScalarView($0)) }
            #expect(blocks.count == expected.count)
            for (block, sentence) in zip(blocks, expected) {
                let lines = block.split(separator: "\n")
                #expect(lines.allSatisfy { $0.split(separator: " ").count == 2 })
                #expect(lines.map { String($0.split(separator: " ")[0]) }.joined() == sentence)
            }
        }
    }

    @Test("char-bio: tags follow the spans character by character, in BIO and BIOES")
    func charBIOTags() throws {
        let unit = try ExportFixture.unit(Document(id: "t", text: "湖南省委书记杜家毫"), rules: rules)
        var bio: [UInt8] = [], bioes: [UInt8] = []
        CharBIOWriter(scheme: .bio).write(unit, to: &bio)
        CharBIOWriter(scheme: .bioes).write(unit, to: &bioes)
        func tags(_ bytes: [UInt8]) -> [String] {
            String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { String($0.split(separator: " ")[1]) }
        }
        #expect(tags(bio) == ["B-ORGAN", "I-ORGAN", "I-ORGAN", "I-ORGAN", "B-TITLE", "I-TITLE", "B-PERSON", "I-PERSON", "I-PERSON"])
        #expect(tags(bioes) == ["B-ORGAN", "I-ORGAN", "I-ORGAN", "E-ORGAN", "B-TITLE", "E-TITLE", "B-PERSON", "I-PERSON", "E-PERSON"])
    }

    // MARK: conll

    @Test("conll: five tab-separated columns; FORM is the text between START and END")
    func conllColumns() throws {
        for document in documents {
            let unit = try ExportFixture.unit(document, rules: rules, pinyin: .marks)
            var bytes: [UInt8] = []
            CoNLLWriter(comments: false, docstart: true).beginDocument(unit, to: &bytes)
            CoNLLWriter(comments: false, docstart: true).write(unit, to: &bytes)
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "-DOCSTART- -X- O O")
            var previous = "O"
            for line in lines.dropFirst() where !line.isEmpty {
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                #expect(columns.count == 5)
                let start = try #require(Int(columns[1])), end = try #require(Int(columns[2]))
                #expect(codePointSlice(document.text, start, end) == columns[0])
                #expect(!columns[3].contains(" "))
                let tag = columns[4]
                #expect(tag == "O" || tag.hasPrefix("B-") || (tag.hasPrefix("I-") && previous.dropFirst(2) == tag.dropFirst(2)))
                previous = tag
            }
            #expect(lines.contains { $0.hasPrefix("湖南省\t") || $0.hasPrefix("北京") || $0.hasPrefix("会议") || $0.hasPrefix("长沙") })
        }
    }

    @Test("conll: a token with Han characters has pinyin, without spaces")
    func conllPinyin() throws {
        let unit = try ExportFixture.unit(Document(id: "t", text: "长沙市"), rules: rules, pinyin: .marks)
        var bytes: [UInt8] = []
        CoNLLWriter(comments: false).write(unit, to: &bytes)
        let columns = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t") }
        #expect(columns.allSatisfy { $0[3] != "_" })
        #expect(columns.map { String($0[3]) }.joined() == "zhǎngshāshì")
    }

    // MARK: jsonl

    @Test("jsonl: one parsable object per unit; spans and tokens slice the text")
    func jsonlSpansSlice() throws {
        for document in documents {
            let unit = try ExportFixture.unit(document, rules: rules)
            var bytes: [UInt8] = []
            JSONLWriter(profile: .training, includeVotes: true).write(unit, to: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.filter { $0 == "\n" }.count == 1 && text.hasSuffix("\n"))
            let object = try #require(try ExportFixture.jsonObjects(text).first)
            #expect(object["id"] as? String == document.id)
            #expect(object["text"] as? String == document.text)
            let spans = try #require(object["spans"] as? [[String: Any]])
            #expect(!spans.isEmpty)
            for span in spans {
                let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
                #expect(codePointSlice(document.text, start, end) == span["text"] as? String)
                #expect(span["label"] is String && span["source"] is String)
            }
            for token in try #require(object["tokens"] as? [[String: Any]]) {
                let start = try #require(token["start"] as? Int), end = try #require(token["end"] as? Int)
                #expect(codePointSlice(document.text, start, end) == token["text"] as? String)
            }
            #expect(object["votes"] is [[String: Any]])
        }
    }

    @Test("jsonl --votes: the candidate that lost the conflict is listed with its rule")
    func jsonlVotesIncludeLosers() throws {
        let unit = try ExportFixture.unit(Document(id: "t", text: "湖南省委书记"), rules: rules)
        var bytes: [UInt8] = []
        JSONLWriter(profile: .training, includeVotes: true).write(unit, to: &bytes)
        let object = try #require(try ExportFixture.jsonObjects(String(decoding: bytes, as: UTF8.self)).first)
        let votes = try #require(object["votes"] as? [[String: Any]])
        let place = try #require(votes.first { $0["rule"] as? String == "loc.lexicon" })
        #expect(place["start"] as? Int == 0 && place["end"] as? Int == 3 && place["status"] as? String == "nested")
        #expect(votes.contains { $0["rule"] as? String == "organ.party" && $0["status"] as? String == "flat" })
        var plain: [UInt8] = []
        JSONLWriter(profile: .training).write(unit, to: &plain)
        #expect(!String(decoding: plain, as: UTF8.self).contains("\"votes\""))
    }

    // MARK: brat

    @Test("brat: every T line's offsets slice the .txt to the mention text")
    func bratOffsets() throws {
        for document in documents {
            let unit = try ExportFixture.unit(document, rules: rules)
            try Self.checkBrat(unit)
        }
    }

    @Test("brat: a gold span across a line break becomes a discontinuous span")
    func bratDiscontinuousSpan() throws {
        let text = "湖南\n省委"
        let gold = GoldIndex([GoldDocument(id: "g", text: text, spans: [Mention(start: 0, end: 5, label: "ORGAN")])])
        let unit = try ExportFixture.unit(Document(id: "g", text: text), rules: rules, gold: gold)
        var bytes: [UInt8] = []
        BratWriter().write(unit, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("T1\tORGAN 0 2;3 5\t湖南 省委\n#1\tAnnotatorNotes T1\tgold\n"))
        try Self.checkBrat(unit)
    }

    /// Checks the .ann of `unit` against its .txt as brat would.
    static func checkBrat(_ unit: Record) throws {
        var annotations: [UInt8] = []
        BratWriter().write(unit, to: &annotations)
        let text = String(decoding: BratWriter().text(of: unit), as: UTF8.self)
        let lines = String(decoding: annotations, as: UTF8.self).split(separator: "\n")
        let textBound = lines.filter { $0.hasPrefix("T") }
        #expect(textBound.count == unit.spans.count)
        for line in textBound {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 3)
            let typeAndOffsets = fields[1].split(separator: " ", maxSplits: 1)
            #expect(LabelPolicy.isValid(String(typeAndOffsets[0])))
            let fragments = try typeAndOffsets[1].split(separator: ";").map { fragment in
                let numbers = fragment.split(separator: " ").compactMap { Int($0) }
                try #require(numbers.count == 2)
                return codePointSlice(text, numbers[0], numbers[1])
            }
            #expect(fragments.joined(separator: " ") == String(fields[2]))
        }
        #expect(lines.filter { $0.hasPrefix("#") }.allSatisfy { $0.contains("\tAnnotatorNotes T") })
    }

    @Test("brat: file names are cleaned and unique per split, case-insensitively")
    func bratFileNames() {
        var namer = BratFileNamer(splits: 2)
        #expect(namer.name(for: "/corpus/2020/a.txt", split: 0) == "corpus_2020_a")
        #expect(namer.name(for: "corpus_2020_a", split: 0) == "corpus_2020_a-2")
        #expect(namer.name(for: "CORPUS_2020_A", split: 0) == "CORPUS_2020_A-3")
        #expect(namer.name(for: "corpus_2020_a", split: 1) == "corpus_2020_a")
        #expect(namer.name(for: "doc#3", split: 1) == "doc_3")
        #expect(namer.name(for: "..", split: 1) == "document")
        #expect(namer.name(for: "新华社 报道:1", split: 1) == "新华社_报道_1")
    }

    // MARK: conllu

    @Test("conllu: ten columns, sequential ids, NE in MISC, text comments that match the forms")
    func conlluStructure() throws {
        for document in documents {
            let unit = try ExportFixture.unit(document, rules: rules, pinyin: .marks)
            var bytes: [UInt8] = []
            CoNLLUWriter().beginDocument(unit, to: &bytes)
            CoNLLUWriter().write(unit, to: &bytes)
            let sentences = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(sentences.count == unit.sentences.count)
            for sentence in sentences {
                let lines = sentence.split(separator: "\n")
                let comments = lines.filter { $0.hasPrefix("#") }
                #expect(comments.contains { $0.hasPrefix("# sent_id = \(document.id)#") })
                let text = try #require(comments.first { $0.hasPrefix("# text = ") }).dropFirst("# text = ".count)
                let rows = lines.filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
                #expect(rows.allSatisfy { $0.count == 10 })
                #expect(rows.map { Int($0[0]) ?? 0 } == Array(1...rows.count))
                #expect(rows.allSatisfy { $0[9].split(separator: "|").first?.hasPrefix("NE=") == true })
                #expect(rows.allSatisfy { $0[2...8].allSatisfy { $0 == "_" } })
                #expect(rows.map { String($0[1]) }.joined() == text.filter { !$0.isWhitespace })
            }
        }
    }

    @Test("conllu: the Python conllu parser reads the file (skipped when conllu is not installed)")
    func conlluParsesInPython() throws {
        guard Self.pythonHasConllu() else { return }
        var bytes: [UInt8] = []
        for document in documents {
            let unit = try ExportFixture.unit(document, rules: rules, pinyin: .marks)
            CoNLLUWriter().beginDocument(unit, to: &bytes)
            CoNLLUWriter().write(unit, to: &bytes)
        }
        let directory = try TemporaryDirectory("zhengming-conllu")
        defer { directory.remove() }
        let file = try directory.write("test.conllu", bytes: bytes)
        let script = """
            import sys, conllu
            sentences = conllu.parse(open(sys.argv[1], encoding="utf-8").read())
            for s in sentences:
                assert [t["id"] for t in s] == list(range(1, len(s) + 1)), s.metadata
                assert all(t["misc"]["NE"] for t in s)
                assert "".join(t["form"] for t in s) == "".join(s.metadata["text"].split())
            print(len(sentences))
            """
        let output = try Self.run("/usr/bin/env", ["python3", "-c", script, file])
        #expect(output.status == 0, "\(output.text)")
        #expect(Int(output.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0)
    }

    static func pythonHasConllu() -> Bool {
        (try? run("/usr/bin/env", ["python3", "-c", "import conllu"]).status) == 0
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
