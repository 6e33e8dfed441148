import TestSupport
import Foundation
import Testing

/// `zhengming export` end to end: the built binary on a small corpus with a
/// rule pack written by the test (never the default pack).
@Suite("export command")
struct ExportCommandTests {
    @Test("exports a directory and a JSONL file into every format, with a summary on stderr")
    func exportsCorpus() throws {
        let root = try Self.corpusWithPack(documents: 12)
        defer { root.remove() }
        let out = root.path("out")
        let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", out, "--no-default-rules",
                                               "--rules", root.path("pack"), "--seed", "3", "--votes", "--docstart",
                                               "--map", "PERSON=PER", "--jobs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("sources: 0 gold mention(s)"))
        #expect(run.stderr.contains("loc.lexicon"))
        #expect(run.stderr.contains("written to \(out)"))
        for path in ["char-bio/train.txt", "conll/train.conll", "jsonl/train.jsonl", "conllu/train.conllu",
                     "brat/annotation.conf", "labels.txt", "stats.json", "summary.txt"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + path), "missing \(path)")
        }
        let labels = try String(contentsOfFile: out + "/labels.txt", encoding: .utf8)
        #expect(labels.hasPrefix("O\n") && labels.contains("B-PER\n") && !labels.contains("PERSON"))
        let conll = try String(contentsOfFile: out + "/conll/train.conll", encoding: .utf8)
        #expect(conll.hasPrefix("-DOCSTART- -X- O O\n\n"))
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/stats.json")))
        #expect((stats as? [String: Any])?["documents"] as? Int == 13)
        #expect((stats as? [String: Any])?["seed"] as? Int == 3)
    }

    @Test("gold documents replace the rules' spans and are counted as gold")
    func goldReplacesRules() throws {
        let root = try Self.corpusWithPack(documents: 6)
        defer { root.remove() }
        try root.write("gold/seeds.jsonl", #"{"id": "d0", "text": "北京市委书记张三第0次到湖南省考察。会议在长沙市举行。", "spans": [{"start": 0, "end": 3, "label": "LOC"}]}"#)
        let out = root.path("out")
        let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", out, "--no-default-rules",
                                               "--rules", root.path("pack"), "--gold", root.path("gold"),
                                               "--format", "jsonl", "--split", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("sources: 1 gold mention(s)"))
        let train = try String(contentsOfFile: out + "/jsonl/train.jsonl", encoding: .utf8).split(separator: "\n")
        let d0 = try #require(train.first { $0.hasPrefix(#"{"id":"d0""#) })
        #expect(d0.contains(#""spans":[{"start":0,"end":3,"label":"LOC","source":"gold","text":"北京市"}]"#))
    }

    @Test("--format and --unit sentence write only the chosen formats, with sentence ids")
    func chosenFormats() throws {
        let root = try Self.corpusWithPack(documents: 4)
        defer { root.remove() }
        let out = root.path("out")
        let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", out, "--no-default-rules",
                                               "--rules", root.path("pack"), "--format", "jsonl,char-bio",
                                               "--unit", "sentence", "--split", "train=0.5,test=0.5", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(written == ["char-bio", "jsonl", "labels.txt", "stats.json", "summary.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/jsonl").sorted() == ["test.jsonl", "train.jsonl"])
        let units = try ["train", "test"].flatMap { split in
            try String(contentsOfFile: out + "/jsonl/\(split).jsonl", encoding: .utf8).split(separator: "\n")
        }
        // a.txt has two sentences, and so has each of the 4 JSONL documents.
        #expect(units.count == 10)
        #expect(units.allSatisfy { $0.contains("#1\",\"document\":") || $0.contains("#2\",\"document\":") })
    }

    @Test("a corpus with fewer documents than splits fails with a clear message and writes nothing")
    func tinyCorpus() throws {
        let root = try Self.corpusWithPack(documents: 0)
        defer { root.remove() }
        let run = try ZhengmingExecutable.run(["export", root.path("corpus/a.txt"), "--out", root.path("out"),
                                               "--no-default-rules", "--rules", root.path("pack")])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot split 1 document(s) into 3 non-empty splits"))
        #expect(!FileManager.default.fileExists(atPath: root.path("out")))
    }

    @Test("bad --split, --format and --map values are usage errors")
    func usageErrors() throws {
        let root = try Self.corpusWithPack(documents: 4)
        defer { root.remove() }
        for arguments in [["--split", "0.8,x"], ["--format", "xml"], ["--map", "A"], ["--labels", "A B"]] {
            let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", root.path("out"),
                                                   "--no-default-rules", "--rules", root.path("pack")] + arguments)
            // ArgumentParser's exit code for a validation error (EX_USAGE).
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("Error: ") && run.stderr.contains("zhengming export"))
        }
    }

    /// A directory with `pack/` (a two-phase pack in which 湖南省 loses to
    /// 湖南省委) and `corpus/` (one text file and a JSONL file of
    /// `documents` lines).
    static func corpusWithPack(documents: Int) throws -> TemporaryDirectory {
        let root = try TemporaryDirectory("zhengming-export-cli")
        for (relative, contents) in ExportTestPack.files { try root.write("pack/" + relative, contents) }
        try root.write("corpus/a.txt", "湖南省委书记杜家毫在长沙市调研。\n他强调要抓好落实。\n")
        if documents > 0 {
            let lines = (0..<documents).map { #"{"id": "d\#($0)", "text": "北京市委书记张三第\#($0)次到湖南省考察。会议在长沙市举行。"}"# }
            try root.write("corpus/b.jsonl", lines.joined(separator: "\n") + "\n")
        }
        return root
    }
}

/// The CoNLL layout options and char-bio's white-space placeholders, end to end.
@Suite("export layouts")
struct ExportLayoutTests {
    @Test("--columns form,tag --docstart: two columns and spaCy's document line")
    func formTagColumns() throws {
        let root = try ExportCommandTests.corpusWithPack(documents: 3)
        defer { root.remove() }
        let out = root.path("out")
        let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", out, "--no-default-rules",
                                               "--rules", root.path("pack"), "--format", "conll", "--split", "1",
                                               "--columns", "form,tag", "--docstart", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: out + "/conll/train.conll", encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0 == "-DOCSTART- -X- O O" }.count == 4)
        let rows = lines.filter { !$0.hasPrefix("-DOCSTART-") }.map { $0.split(separator: "\t") }
        #expect(rows.allSatisfy { $0.count == 2 })
        #expect(rows.contains { $0 == ["湖南省", "B-LOC"] || $0 == ["北京市", "B-LOC"] || $0.last == "B-ORGAN" })
    }

    @Test("bad --columns are usage errors", arguments: ["tag,form", "form,pos,tag", "form,tag,tag", "form"])
    func badColumns(_ columns: String) throws {
        let root = try ExportCommandTests.corpusWithPack(documents: 3)
        defer { root.remove() }
        let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", root.path("out"),
                                               "--no-default-rules", "--rules", root.path("pack"), "--columns", columns])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("invalid --columns '\(columns)'"))
    }

    @Test("char-bio --keep-spaces: every code point of a sentence has its line, white space as [U+XXXX]")
    func keepSpaces() throws {
        let root = try TemporaryDirectory("zhengming-export-spaces")
        defer { root.remove() }
        for (relative, contents) in ExportTestPack.files { try root.write("pack/" + relative, contents) }
        let text = "湖南省委\u{00A0}书记\u{3000}张三\t到 长沙市。"
        try root.write("corpus/a.jsonl", #"{"id": "a", "text": "\#(text.replacingOccurrences(of: "\t", with: "\\t"))"}"# + "\n")
        for keep in [false, true] {
            let out = root.path("out-\(keep)")
            let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", out, "--no-default-rules",
                                                   "--rules", root.path("pack"), "--format", "char-bio", "--split", "1",
                                                   "--quiet"] + (keep ? ["--keep-spaces"] : []))
            #expect(run.status == 0, "\(run.stderr)")
            let lines = try String(contentsOfFile: out + "/char-bio/train.txt", encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: false) }
            #expect(lines.allSatisfy { $0.count == 2 })
            let characters = lines.map { String($0[0]) }
            if keep {
                let joined = characters.map { item -> String in
                    guard item.hasPrefix("[U+"), let value = UInt32(item.dropFirst(3).dropLast(), radix: 16),
                          let scalar = Unicode.Scalar(value) else { return item }
                    return String(Character(scalar))
                }.joined()
                #expect(joined == text)
                #expect(characters.contains("[U+00A0]") && characters.contains("[U+3000]") && characters.contains("[U+0009]"))
            } else {
                #expect(characters.joined() == text.filter { !$0.isWhitespace })
            }
        }
    }
}
