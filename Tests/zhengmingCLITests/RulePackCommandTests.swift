import TestSupport
import Foundation
import Testing

/// Issue 3's required end-to-end test: a researcher writes a new rule pack
/// (a new label, a lexicon, a rule), runs the already built binary with
/// `--rules`, and sees the change; then checks, tests and explains it.
@Suite struct RulePackCommandTests {
    static let pack: [String: String] = [
        "pack.yaml": """
        name: ministries
        labels: [MINISTRY, MINISTER]
        phases: [bodies, people]
        """,
        "lexicons/ministries.txt": "# 国务院组成部门\n外交部\n国防部\t\tkind=defence\n",
        "ministries.yaml": """
        rules:
          - name: ministry.lexicon
            phase: bodies
            label: MINISTRY
            pattern: '{ministries}'
            examples:
              - text: 外交部发言人
                expect: [外交部/MINISTRY]
          - name: minister.after-ministry
            phase: people
            label: MINISTER
            pattern: '(?<=@MINISTRY(?:部长))\\p{Han}{2,3}(?=表示|说)'
            examples:
              - text: 外交部部长王毅表示
                expect: [王毅/MINISTER]
        """,
    ]

    static func writePack(_ files: [String: String] = pack) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("zhengming-cli-pack")
        for (relative, contents) in files { try directory.write(relative, contents) }
        return directory
    }

    /// The mentions a CoNLL output spells out with BIO tags, as `TEXT/LABEL`.
    static func mentions(_ conll: String) -> [String] {
        var mentions: [String] = []
        var open: (text: String, label: String)?
        func close() {
            if let mention = open { mentions.append("\(mention.text)/\(mention.label)") }
            open = nil
        }
        for line in conll.split(separator: "\n", omittingEmptySubsequences: false) where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t").map(String.init)
            guard columns.count == 5 else { close(); continue }
            let tag = columns[4]
            if tag.hasPrefix("I-"), let mention = open, mention.label == String(tag.dropFirst(2)) {
                open = (mention.text + columns[0], mention.label)
            } else {
                close()
                if tag.hasPrefix("B-") { open = (columns[0], String(tag.dropFirst(2))) }
            }
        }
        close()
        return mentions
    }

    @Test func newPackIsPickedUpWithoutRebuilding() throws {
        let pack = try Self.writePack()
        defer { pack.remove() }
        let text = "外交部部长王毅表示,国防部和商务部。"
        let first = try ZhengmingExecutable.run(["annotate", "--no-default-rules", "--rules", pack.path, "-q"], stdin: text)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(Self.mentions(first.stdout) == ["外交部/MINISTRY", "王毅/MINISTER", "国防部/MINISTRY"])

        // Edit the lexicon and run the same binary again.
        try pack.write("lexicons/ministries.txt", "外交部\n国防部\n商务部\n")
        let second = try ZhengmingExecutable.run(["annotate", "--no-default-rules", "--rules", pack.path, "-q",
                                                  "--format", "jsonl"], stdin: text)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let spans = try #require(object["spans"] as? [[String: Any]])
        #expect(spans.map { "\($0["text"]!)/\($0["label"]!)/\($0["rule"]!)" } == [
            "外交部/MINISTRY/ministry.lexicon", "王毅/MINISTER/minister.after-ministry",
            "国防部/MINISTRY/ministry.lexicon", "商务部/MINISTRY/ministry.lexicon",
        ])
    }

    @Test func packFromTheEnvironmentVariable() throws {
        let pack = try Self.writePack()
        defer { pack.remove() }
        // ZHENGMING_RULES replaces the default pack; run through env(1) so the
        // variable is set for the child only.
        let result = try ZhengmingExecutable.run(["annotate", "-q"], stdin: "外交部。", environment: ["ZHENGMING_RULES": pack.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(Self.mentions(result.stdout) == ["外交部/MINISTRY"])
    }

    /// Issue 18: `rules path` names the packs a run loads (what the Spark
    /// driver ships), absolute, the default pack first.
    @Test func rulesPathNamesThePacksARunLoads() throws {
        let pack = try Self.writePack()
        defer { pack.remove() }
        let other = try Self.writePack()
        defer { other.remove() }
        let result = try ZhengmingExecutable.run(["rules", "path", "--rules", other.path], in: other.url,
                                                 environment: ["ZHENGMING_RULES": pack.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let resolved = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        #expect(result.stdoutLines.filter { !$0.isEmpty } == [resolved(pack.path), resolved(other.path)])
        let relative = try ZhengmingExecutable.run(["rules", "path", "--no-default-rules", "--rules", "."], in: other.url)
        #expect(relative.stdoutLines.first.map(resolved) == resolved(other.path))
    }

    @Test func ruleOverItsBudgetIsNamedOnStandardError() throws {
        let pack = try Self.writePack(["rules.yaml": "rules:\n  - {name: hostile, label: EVENT, pattern: '(.*){1,50}x$'}\n"])
        defer { pack.remove() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The sentence holds the x the pattern requires (without it the
        // sentence gate would skip the rule), just not at its end.
        let long = try directory.write("long.txt", "x" + String(repeating: "a", count: 1_999))
        let result = try ZhengmingExecutable.run(["annotate", "--no-default-rules", "--rules", pack.path, long])
        #expect(result.status == 0)
        #expect(result.stderrLines.contains("\(long): rule 'hostile' exhausted its matching budget and was stopped for this document"))
        #expect(result.stdout.hasPrefix("# doc_id = \(long)\n"))
    }

    @Test func rulesCheckReportsEveryProblemWithPositionAndCode() throws {
        var files = Self.pack
        files["broken.yaml"] = """
        rules:
          - name: broken.label
            label: NOPE
            pattern: '省委'
          - name: broken.pattern
            label: MINISTRY
            pattern: '部(长'
          - name: broken.lexicon
            label: MINISTRY
            pattern: '{nolexicon}'
        """
        files["lexicons/notes.csv"] = "x\n"
        let pack = try Self.writePack(files)
        defer { pack.remove() }
        let result = try ZhengmingExecutable.run(["rules", "check", "--no-default-rules", "--rules", pack.path])
        #expect(result.status != 0)
        let diagnostics = result.stdoutLines.filter { $0.hasPrefix(pack.path) }
        let pattern = try Regex(#"^(.+):(\d+):(\d+): (error|warning)\[(Z\d{3}) ([a-z-]+)\]: .+$"#)
        for line in diagnostics { #expect(line.wholeMatch(of: pattern) != nil, "not file:line:column: \(line)") }
        let broken = pack.path + "/broken.yaml"
        #expect(diagnostics.contains { $0.hasPrefix("\(broken):2:5: error[Z010 unknown-label]") })
        #expect(diagnostics.contains { $0.hasPrefix("\(broken):7:16: error[Z020 bad-pattern]") })
        #expect(diagnostics.contains { $0.hasPrefix("\(broken):10:15: error[Z021 undefined-lexicon]") })
        #expect(diagnostics.contains { $0.hasPrefix("\(pack.path)/lexicons/notes.csv:1:1: warning[Z050 unused-file]") })
        #expect(result.stdout.contains("3 error(s), 1 warning(s)"))
    }

    @Test func rulesCheckPassesAValidPack() throws {
        let pack = try Self.writePack()
        defer { pack.remove() }
        let result = try ZhengmingExecutable.run(["rules", "check", "--no-default-rules", "--rules", pack.path])
        #expect(result.status == 0, "stdout: \(result.stdout)")
        #expect(result.stdout.contains("2 rules in 2 phases (bodies → people)"))
        #expect(result.stdout.contains("0 error(s), 0 warning(s)"))
    }

    @Test func strictCheckFailsOnWarnings() throws {
        var files = Self.pack
        files["lexicons/unused.txt"] = "甲\n"
        let pack = try Self.writePack(files)
        defer { pack.remove() }
        let lenient = try ZhengmingExecutable.run(["rules", "check", "--no-default-rules", "--rules", pack.path])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("\(pack.path)/lexicons/unused.txt:1:1: warning[Z051 unused-lexicon]"))
        let strict = try ZhengmingExecutable.run(["rules", "check", "--strict", "--no-default-rules", "--rules", pack.path])
        #expect(strict.status == 1)
    }

    @Test func brokenPackStopsAnnotateWithItsDiagnostics() throws {
        var files = Self.pack
        files["broken.yaml"] = "rules:\n  - {name: broken, label: NOPE, pattern: '省委'}\n"
        let pack = try Self.writePack(files)
        defer { pack.remove() }
        let result = try ZhengmingExecutable.run(["annotate", "--no-default-rules", "--rules", pack.path], stdin: "省委。")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("broken.yaml:2:5: error[Z010 unknown-label]"))
    }

    @Test func rulesTestReportsAFailingExample() throws {
        let passing = try Self.writePack()
        defer { passing.remove() }
        let ok = try ZhengmingExecutable.run(["rules", "test", "--no-default-rules", "--rules", passing.path])
        #expect(ok.status == 0, "stdout: \(ok.stdout)")
        #expect(ok.stdout.contains("examples: 2 passed, 0 failed"))

        var files = Self.pack
        files["ministries.yaml"] = files["ministries.yaml"]! + """

              - text: 国防部部长董军说
                expect: [董军/MINISTER, 国防部/MINISTER]
              - text: 商务部部长表示
                expect: []
        """
        let failing = try Self.writePack(files)
        defer { failing.remove() }
        let result = try ZhengmingExecutable.run(["rules", "test", "--no-default-rules", "--rules", failing.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL minister.after-ministry (\(failing.path)/ministries.yaml:"))
        #expect(result.stdout.contains("  - expected 国防部/MINISTER\n"))
        #expect(result.stdout.contains("  produced: 国防部/MINISTRY [ministry.lexicon], 董军/MINISTER [minister.after-ministry]"))
        #expect(result.stdout.contains("examples: 3 passed, 1 failed"))
    }

    @Test func explainNamesTheRule() throws {
        let pack = try Self.writePack()
        defer { pack.remove() }
        let result = try ZhengmingExecutable.run(["explain", "--no-default-rules", "--rules", pack.path, "外交部部长王毅表示"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("[0,3) MINISTRY '外交部' ← rule ministry.lexicon (phase bodies, priority 0, \(pack.path)/ministries.yaml:2:5)"))
        #expect(result.stdout.contains("[5,7) MINISTER '王毅' ← rule minister.after-ministry (phase people"))
        #expect(result.stdout.contains("pattern: (?<=@MINISTRY(?:部长))\\p{Han}{2,3}(?=表示|说)"))
    }

    @Test func explainTheFirstDocumentOfAFile() throws {
        let pack = try Self.writePack()
        defer { pack.remove() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("docs.jsonl", "{\"id\": \"a\", \"text\": \"国防部部长董军说\"}\n{\"id\": \"b\", \"text\": \"外交部\"}\n")
        let result = try ZhengmingExecutable.run(["explain", "--no-default-rules", "--rules", pack.path, "--file", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("[0,3) MINISTRY '国防部' ← rule ministry.lexicon"))
        #expect(result.stdout.contains("[5,7) MINISTER '董军' ← rule minister.after-ministry"))
        #expect(!result.stdout.contains("外交部"))
    }

    @Test func explainShowsLosersAndWhy() throws {
        var files = Self.pack
        files["extra.yaml"] = """
        rules:
          - {name: short.ministry, phase: bodies, label: MINISTRY, pattern: '外交', priority: 5}
          - {name: excepted, phase: bodies, label: MINISTER, pattern: '部长', except: [部长]}
        """
        let pack = try Self.writePack(files)
        defer { pack.remove() }
        let result = try ZhengmingExecutable.run(["explain", "--no-default-rules", "--rules", pack.path, "外交部部长"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("[0,2) MINISTRY '外交' ← rule short.ministry"))
        #expect(result.stdout.contains("Candidates that lost:"))
        #expect(result.stdout.contains("[0,3) MINISTRY '外交部' from ministry.lexicon: lost in phase bodies to [0,2) MINISTRY '外交' from short.ministry"))
        #expect(result.stdout.contains("[3,5) MINISTER '部长' from excepted: rejected: '部长' is in the rule's except list"))
    }
}
