import Foundation
import Testing
@testable import Zhengming

/// Issue 15, item 9: large rule packs load in linear time and memory, and
/// past explicit limits (`RulePackLimits`) a diagnostic names the rule.
@Suite("issue 15: large rule packs")
struct Issue15PackSizeTests {
    static let manifest = "labels: [X]\nphases: [one]\n"

    /// Diagnostics of `files` loaded alone under `limits`, paths relative to the pack.
    static func diagnostics(_ files: [String: String], limits: RulePackLimits = .standard) throws -> [String] {
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        return RulePackLoader.load([pack.path], limits: limits).1
            .map { $0.description.replacingOccurrences(of: pack.path + "/", with: "") }
    }

    static func ruleFile(_ patterns: [String]) -> String {
        "label: X\nphase: one\nrules:\n" + patterns.enumerated().map { "  - name: r\($0.offset)\n    pattern: '\($0.element)'\n" }.joined()
    }

    static func limits(_ change: (inout RulePackLimits) -> Void) -> RulePackLimits {
        var limits = RulePackLimits.standard
        change(&limits)
        return limits
    }

    @Test("item 9: the rule past the rule limit is named at its file:line, once")
    func issue15_item9_ruleLimit() throws {
        let found = try Self.diagnostics(["pack.yaml": Self.manifest, "rules.yaml": Self.ruleFile(["甲", "乙", "丙", "丁", "戊"])],
                                         limits: Self.limits { $0.rules = 3 })
        #expect(found == ["rules.yaml:10:5: error[Z007 too-large]: rule 'r3' is past the limit of 3 rules in a run; it and the rules after it are not loaded (a word list belongs in a lexicon)"])
    }

    @Test("item 9: an alternation past the limit is a Z007 at the rule's pattern")
    func issue15_item9_alternativeLimit() throws {
        let words = (0..<11).map { "词\(String(UnicodeScalar(0x4E00 + $0)!))" }
        let found = try Self.diagnostics(["pack.yaml": Self.manifest, "rules.yaml": Self.ruleFile([words.joined(separator: "|")])],
                                         limits: Self.limits { $0.alternatives = 10 })
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("rules.yaml:5:44: error[Z007 too-large]: rule 'r0': more than 10 alternatives in one alternation; a list this long belongs in a lexicon") == true, "\(found)")
    }

    @Test("item 9: a pattern longer than the limit, as written or once macros are expanded")
    func issue15_item9_patternLength() throws {
        let long = try Self.diagnostics(["pack.yaml": Self.manifest, "rules.yaml": Self.ruleFile([String(repeating: "中", count: 60)])],
                                        limits: Self.limits { $0.patternLength = 50 })
        #expect(long.count == 1)
        #expect(long.first?.hasPrefix("rules.yaml:5:14: error[Z007 too-large]: rule 'r0': pattern longer than 50 characters;") == true, "\(long)")
        // Each macro uses the one below it ten times: 10^9 characters at the
        // top, refused (at the standard limit) before they are built.
        var manifest = Self.manifest + "macros:\n  m0: '一二三四五六七八九十'\n"
        for level in 1...8 { manifest += "  m\(level): '\(String(repeating: "<m\(level - 1)>", count: 10))'\n" }
        let expanded = try Self.diagnostics(["pack.yaml": manifest, "rules.yaml": Self.ruleFile(["<m8>"])])
        #expect(expanded.count == 1)
        #expect(expanded.first?.contains("error[Z007 too-large]: rule 'r0': pattern longer than 1000000 characters once its macros are expanded") == true, "\(expanded)")
    }

    @Test("item 9: lexicon entries past the limit, and rule files past their size, are named")
    func issue15_item9_entryAndFileLimits() throws {
        let files = ["pack.yaml": Self.manifest, "rules.yaml": Self.ruleFile(["{words}"]),
                     "lexicons/words.txt": "甲乙\n# a comment\n丙丁\n戊己\n庚辛\n"]
        let entries = try Self.diagnostics(files, limits: Self.limits { $0.lexiconEntries = 2 })
        #expect(entries == ["lexicons/words.txt:4:1: error[Z007 too-large]: entry '戊己' is past the limit of 2 lexicon entries in a run; it and the entries after it are not loaded"])
        let bytes = try Self.diagnostics(files, limits: Self.limits { $0.ruleFileBytes = 40 })
        #expect(bytes.contains { $0.hasPrefix("rules.yaml:1:1: error[Z007 too-large]: rule file of 63 bytes, over the limit of 40;") }, "\(bytes)")
    }

    /// 2,000 rules over four first characters, each rule a distinct word.
    static func manyRules(_ count: Int) -> String {
        let firsts = ["中", "国", "人", "民"]
        return ruleFile((0..<count).map { firsts[$0 % 4] + String(UnicodeScalar(0x4E00 + $0 / 4)!) + "党" })
    }

    @Test("item 9: first sets are shared, so a rule costs no 8 KB bitmap of its own")
    func issue15_item9_firstSetsShared() throws {
        let pack = try RulePackFixture(["pack.yaml": Self.manifest, "rules.yaml": Self.manyRules(2_000)])
        defer { pack.remove() }
        let rules = try pack.load().rules
        #expect(rules.count == 2_000)
        // Four first characters, one empty set (the behind sets): five bitmaps.
        let bitmaps = Set(rules.flatMap { [$0.program.first.characters.storageAddress, $0.program.behindSet.characters.storageAddress] })
        #expect(bitmaps.count <= 5, "\(bitmaps.count) bitmaps for 2,000 rules")
    }

    @Test("item 9: 10^4 alternatives compile into one trie with the same matches as a lexicon")
    func issue15_item9_largeAlternation() throws {
        let words = (0..<10_000).map { String(UnicodeScalar(0x4E00 + $0 % 2_000)!) + String(UnicodeScalar(0x5E00 + $0 / 2_000)!) }
        let pack = try RulePackFixture(["pack.yaml": Self.manifest, "rules.yaml": Self.ruleFile([words.joined(separator: "|")])])
        defer { pack.remove() }
        let ruleSet = try pack.load()
        #expect(ruleSet.rules.first?.program.literalSets.count == 1)
        let annotator = try Annotator(rules: ruleSet)
        let text = words[9_999] + "，" + words[17] + words[4_001]
        let found = try annotator.annotate(Document(id: "t", text: text)).mentions.map { codePointSlice(text, $0.start, $0.end) }
        #expect(found == [words[9_999], words[17], words[4_001]])
    }
}
