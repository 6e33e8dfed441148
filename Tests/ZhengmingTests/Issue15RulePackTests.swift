import Foundation
import Testing
import Yams
@testable import Zhengming

/// Issue 15, items 5, 13 and 14: hostile rule packs give diagnostics at
/// their real place, never a crash.
@Suite("issue 15: hostile rule packs")
struct Issue15RulePackTests {
    static let manifest = "labels: [X]\nphases: [one]\n"

    static func diagnostics(_ files: [String: String]) throws -> [String] {
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        return RuleSet.check(packs: [pack.path]).1.map { $0.description.replacingOccurrences(of: pack.path + "/", with: "") }
    }

    static func rules(_ body: String) -> [String: String] {
        ["pack.yaml": manifest, "rules.yaml": body]
    }

    static let deepCases: [(name: String, yaml: String, place: String)] = [
        ("flow sequence 5,000 deep", "rules: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n",
         "rules.yaml:1:107:"),
        ("flow mapping 5,000 deep", "rules: " + String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000) + "\n",
         "rules.yaml:1:404:"),
        ("compact sequence 20,000 deep", "rules:\n" + String(repeating: "- ", count: 20_000) + "x\n", "rules.yaml:2:201:"),
        ("block mapping 20,000 deep", "rules:\n" + (1...20_000).map { String(repeating: " ", count: min($0, 500)) + "k\($0):\n" }.joined(),
         "rules.yaml:101:101:"),
    ]

    @Test("item 5: nesting past the limit is a diagnostic at file:line:column, before any tree is built",
          arguments: deepCases)
    func issue15_item5_deepYAMLIsADiagnostic(name: String, yaml: String, place: String) throws {
        let found = try Self.diagnostics(Self.rules(yaml))
        #expect(found.contains { $0.hasPrefix(place + " error[Z005 too-deep]: nesting deeper than 100 levels") }, "\(name): \(found)")
    }

    /// The true depth of a Yams tree.
    static func depth(_ node: Node) -> Int {
        switch node {
        case .scalar: return 0
        case .sequence(let sequence): return 1 + (sequence.map(depth).max() ?? 0)
        case .mapping(let mapping): return 1 + (mapping.map { max(depth($0.key), depth($0.value)) }.max() ?? 0)
        }
    }

    static func randomNode(depth: Int, generator: inout some RandomNumberGenerator) -> Node {
        if depth == 0 { return Node(["x", "'q'", "a: b", "[1]", "#", "|"].randomElement(using: &generator)!) }
        let child = randomNode(depth: depth - 1, generator: &generator)
        let style = Bool.random(using: &generator)
        if Bool.random(using: &generator) {
            return .sequence(Node.Sequence([child, Node("s")], .implicit, style ? .flow : .block))
        }
        return .mapping(Node.Mapping([(Node("k"), child), (Node("z"), Node("it's [x"))], .implicit, style ? .flow : .block))
    }

    @Test("item 5: the depth estimate errs upwards, never far downwards, on random trees in every style")
    func issue15_item5_estimateIsConservative() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let target = Int.random(in: 1...40, using: &generator)
            let yaml = try Yams.serialize(node: Self.randomNode(depth: target, generator: &generator))
            let truth = Self.depth(try #require(try Yams.compose(yaml: yaml)))
            // The smallest limit the estimate stays within is the estimate.
            var estimate = 0
            while YAMLNesting.firstExcess(in: yaml, limit: estimate) != nil { estimate += 1 }
            #expect(2 * estimate + 2 >= truth, "estimate \(estimate), true depth \(truth):\n\(yaml)")
            #expect(estimate <= truth + 2, "estimate \(estimate), true depth \(truth):\n\(yaml)")
        }
    }

    @Test("item 5: the default pack's files nest far below the limit")
    func issue15_item5_defaultPackIsShallow() throws {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules")
        let files = FileManager.default.enumerator(atPath: rules.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: rules.appendingPathComponent(file).path, encoding: .utf8)
            #expect(YAMLNesting.firstExcess(in: text, limit: 20) == nil, "\(file)")
        }
    }

    @Test("item 13: a key given twice in a rule is a diagnostic at the second one")
    func issue15_item13_duplicateKeys() throws {
        let found = try Self.diagnostics(Self.rules("phase: one\nlabel: X\nrules:\n  - name: x\n    pattern: a\n    pattern: b\n"))
        #expect(found.contains("rules.yaml:6:5: error[Z006 duplicate-key]: duplicate key 'pattern' (first at line 5); keys of a mapping must be unique"),
                "\(found)")
        let manifest = try Self.diagnostics(["pack.yaml": "labels: [X]\nphases: [one]\nlabels: [Y]\n",
                                             "rules.yaml": "phase: one\nlabel: X\nrules:\n  - name: x\n    pattern: a\n"])
        #expect(manifest.contains { $0.hasPrefix("pack.yaml:3:1: error[Z006 duplicate-key]: duplicate key 'labels'") }, "\(manifest)")
    }

    @Test("item 13: repeated, malformed and unused phase names in phases: are diagnostics")
    func issue15_item13_phaseNames() throws {
        let found = try Self.diagnostics([
            "pack.yaml": "labels: [X]\nphases: [one, two, one, '', [x], tow]\n",
            "rules.yaml": "label: X\nrules:\n  - name: a\n    phase: one\n    pattern: a\n  - name: b\n    phase: two\n    pattern: b\n",
        ])
        #expect(found.contains("pack.yaml:2:20: error[Z012 duplicate-phase]: phase 'one' is listed twice (first at line 2)"), "\(found)")
        #expect(found.contains("pack.yaml:2:25: error[Z004 wrong-type]: a phase is a name (letters, digits, '-', '_', '.'), not an empty string"), "\(found)")
        #expect(found.contains("pack.yaml:2:29: error[Z004 wrong-type]: a phase is a name (letters, digits, '-', '_', '.'), not a list"), "\(found)")
        #expect(found.contains("pack.yaml:2:34: warning[Z013 empty-phase]: phase 'tow' has no rules (a typo here or in a rule's 'phase'?)"), "\(found)")
    }

    @Test("item 14: a NUL byte in a rule file is one line at its real line and column")
    func issue15_item14_nulPosition() throws {
        let found = try Self.diagnostics(Self.rules("phase: one\nlabel: X\nrules:\n  - name: x\n    pattern: a\u{0}b\n"))
        let errors = found.filter { $0.contains("error[") }
        #expect(errors == ["rules.yaml:5:15: error[Z001 yaml-syntax]: control character U+0000 is not allowed in YAML (a binary or corrupted file?)"])
        #expect(!errors[0].contains("\n"))
    }

    /// Found by the pattern fuzzer: a carriage return inside `\p{…}` was
    /// quoted as it was, and the diagnostic took two lines.
    @Test("fuzz: a control character quoted in a pattern error stays on one line")
    func fuzz_patternErrorIsOneLine() throws {
        do {
            _ = try PatternParser.parse("\\p{Ha\u{0}\r+\\P{Han}", fold: { [$0] })
            Issue.record("an unknown property must be an error")
        } catch {
            #expect(!error.message.contains("\r") && !error.message.contains("\n") && !error.message.contains("\u{0}"))
            #expect(error.message.contains("unknown property 'Ha\\u{0}\\u{D}+\\P{Han'"), "\(error.message)")
        }
    }
}
