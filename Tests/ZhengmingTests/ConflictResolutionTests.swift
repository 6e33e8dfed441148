import Testing
@testable import Zhengming

/// Issue 3, semantics: overlapping candidates are resolved by priority, then
/// length, then (across phases) the later phase, then position, then rule
/// order; the flat layer never overlaps, the nested layer keeps what every
/// phase accepted, and `explain` says why each loser lost.
@Suite struct ConflictResolutionTests {
    static func rules(_ yaml: String, pack: String? = nil) -> [String: String] {
        var files = ["rules.yaml": yaml]
        if let pack { files["pack.yaml"] = pack }
        return files
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let text: String
        let winners: [String]
        let winningRules: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "priority beats length", yaml: """
            rules:
              - {name: short, label: ORGAN, priority: 10, pattern: '省委'}
              - {name: long, label: TITLE, priority: 0, pattern: '湖南省委书记'}
            """, text: "湖南省委书记", winners: ["省委/ORGAN@2"], winningRules: ["short"]),
        Case(name: "length beats position", yaml: """
            rules:
              - {name: early, label: LOC, pattern: '湖南省'}
              - {name: late, label: TITLE, pattern: '省委书记'}
            """, text: "湖南省委书记", winners: ["省委书记/TITLE@2"], winningRules: ["late"]),
        Case(name: "earlier start wins at equal priority and length", yaml: """
            rules:
              - {name: late, label: TITLE, pattern: '省委书'}
              - {name: early, label: LOC, pattern: '湖南省'}
            """, text: "湖南省委书记", winners: ["湖南省/LOC@0"], winningRules: ["early"]),
        Case(name: "rule order breaks the last tie", yaml: """
            rules:
              - {name: first, label: ORGAN, pattern: '省委'}
              - {name: second, label: TITLE, pattern: '省委'}
            """, text: "省委", winners: ["省委/ORGAN@0"], winningRules: ["first"]),
        Case(name: "file-level priority applies to its rules", yaml: """
            priority: 5
            rules:
              - {name: inherits, label: ORGAN, pattern: '省委'}
              - {name: overrides, label: TITLE, priority: 0, pattern: '湖南省委书记'}
            """, text: "湖南省委书记", winners: ["省委/ORGAN@2"], winningRules: ["inherits"]),
        Case(name: "non-overlapping candidates all win", yaml: """
            rules:
              - {name: organ, label: ORGAN, pattern: '湖南省委'}
              - {name: title, label: TITLE, pattern: '书记'}
            """, text: "湖南省委书记", winners: ["湖南省委/ORGAN@0", "书记/TITLE@4"], winningRules: ["organ", "title"]),
    ]

    @Test(arguments: cases)
    func withinAPhase(_ example: Case) throws {
        let document = try RulePackFixture.annotate(example.text, with: Self.rules(example.yaml), explain: true)
        #expect(document.shownMentions == example.winners)
        #expect(document.mentions.map(\.rule) == example.winningRules)
        #expect(document.nested.map { $0.shown(in: example.text) } == example.winners, "a phase's winners never overlap")
        for loser in document.losers {
            guard case .lostInPhase(let winner) = loser.reason else {
                Issue.record("unexpected reason \(loser.reason)")
                continue
            }
            #expect(loser.mention.start < winner.end && winner.start < loser.mention.end, "a loser overlaps its winner")
            #expect(example.winningRules.contains(winner.rule))
        }
        #expect(document.losers.count == 2 - example.winners.count)
    }

    @Test func resolutionDoesNotDependOnRuleOrderExceptForTies() throws {
        let forward = """
            rules:
              - {name: a, label: LOC, pattern: '湖南省'}
              - {name: b, label: TITLE, pattern: '省委书记'}
              - {name: c, label: ORGAN, pattern: '书记处', priority: 3}
            """
        let backward = """
            rules:
              - {name: c, label: ORGAN, pattern: '书记处', priority: 3}
              - {name: b, label: TITLE, pattern: '省委书记'}
              - {name: a, label: LOC, pattern: '湖南省'}
            """
        let text = "湖南省委书记处"
        let one = try RulePackFixture.annotate(text, with: Self.rules(forward))
        let two = try RulePackFixture.annotate(text, with: Self.rules(backward))
        #expect(one.shownMentions == ["湖南省/LOC@0", "书记处/ORGAN@4"])
        #expect(two.shownMentions == one.shownMentions)
    }

    static let twoPhases = """
        rules:
          - {name: organ, phase: first, label: ORGAN, pattern: '湖南省委'}
          - {name: title, phase: second, label: TITLE, pattern: '@ORGAN(?:书记)'}
        """

    @Test func nestedLayerKeepsBothFlatLayerKeepsOne() throws {
        let text = "湖南省委书记杜家毫"
        let document = try RulePackFixture.annotate(text, with: Self.rules(Self.twoPhases, pack: "phases: [first, second]"),
                                                    explain: true)
        #expect(document.shownNested == ["湖南省委/ORGAN@0", "湖南省委书记/TITLE@0"])
        #expect(document.shownMentions == ["湖南省委书记/TITLE@0"])
        let loser = try #require(document.losers.first)
        #expect(document.losers.count == 1)
        #expect(loser.mention.shown(in: text) == "湖南省委/ORGAN@0")
        guard case .lostInFlatLayer(let winner) = loser.reason else {
            Issue.record("expected lostInFlatLayer, got \(loser.reason)")
            return
        }
        #expect(winner.rule == "title")
    }

    @Test func laterPhaseWinsAnExactTieInTheFlatLayer() throws {
        let yaml = """
            rules:
              - {name: early, phase: first, label: ORGAN, pattern: '湖南省委'}
              - {name: late, phase: second, label: EVENT, pattern: '@ORGAN'}
            """
        let document = try RulePackFixture.annotate("湖南省委", with: Self.rules(yaml, pack: "phases: [first, second]"))
        #expect(document.shownNested.sorted() == ["湖南省委/EVENT@0", "湖南省委/ORGAN@0"])
        #expect(document.shownMentions == ["湖南省委/EVENT@0"])
    }

    @Test func priorityDecidesTheFlatLayerAcrossPhases() throws {
        let yaml = """
            rules:
              - {name: organ, phase: first, label: ORGAN, priority: 30, pattern: '湖南省委'}
              - {name: title, phase: second, label: TITLE, pattern: '@ORGAN(?:书记)'}
            """
        let document = try RulePackFixture.annotate("湖南省委书记", with: Self.rules(yaml, pack: "phases: [first, second]"))
        #expect(document.shownNested == ["湖南省委/ORGAN@0", "湖南省委书记/TITLE@0"])
        #expect(document.shownMentions == ["湖南省委/ORGAN@0"])
    }

    /// Many overlapping rules over a longer text: whatever wins, the flat
    /// layer is sorted and non-overlapping, and is a subset of the nested one.
    @Test func flatLayerNeverOverlaps() throws {
        let yaml = """
            rules:
              - {name: a, phase: first, label: LOC, pattern: '\\p{Han}{2}'}
              - {name: b, phase: first, label: ORGAN, pattern: '\\p{Han}{3}', priority: 1}
              - {name: c, phase: second, label: TITLE, pattern: '@LOC\\p{Han}'}
              - {name: d, phase: second, label: EVENT, pattern: '(?:@ORGAN|@LOC){2}'}
            """
        let text = "中央第六巡视组巡视辽宁省工作动员会召开。会前，中央第六巡视组组长王荣军主持召开见面沟通会。"
        let document = try RulePackFixture.annotate(text, with: Self.rules(yaml, pack: "phases: [first, second]"))
        #expect(!document.mentions.isEmpty)
        for (previous, next) in zip(document.mentions, document.mentions.dropFirst()) {
            #expect(previous.end <= next.start, "\(previous.shown(in: text)) overlaps \(next.shown(in: text))")
        }
        let nested = Set(document.shownNested)
        #expect(document.shownMentions.allSatisfy { nested.contains($0) })
        #expect(document.nested.count > document.mentions.count)
    }

    @Test func explainRecordsRejectionsWithTheirReason() throws {
        let yaml = """
            rules:
              - name: excepted
                label: ORGAN
                pattern: '[省市]委'
                except: [市委]
              - name: contextual
                label: TITLE
                pattern: '省长'
                not_before: '副'
            """
        let text = "市委、副省长"
        let document = try RulePackFixture.annotate(text, with: Self.rules(yaml), explain: true)
        #expect(document.mentions.isEmpty)
        let reasons = document.losers.map { loser -> String in
            switch loser.reason {
            case .exception(let text): return "\(loser.mention.rule) exception \(text)"
            case .context(let condition): return "\(loser.mention.rule) context \(condition)"
            case .lostInPhase(let winner): return "\(loser.mention.rule) phase \(winner.rule)"
            case .lostInFlatLayer(let winner): return "\(loser.mention.rule) flat \(winner.rule)"
            }
        }
        #expect(reasons.sorted() == ["contextual context not_before: 副", "excepted exception 市委"])
        #expect(document.losers.map { $0.mention.shown(in: text) }.sorted() == ["市委/ORGAN@0", "省长/TITLE@4"])
    }

    @Test func losersAreRecordedOnlyWhenExplaining() throws {
        let files = Self.rules(Self.cases[0].yaml)
        let quiet = try RulePackFixture.annotate("湖南省委书记", with: files, explain: false)
        #expect(quiet.losers.isEmpty)
        let explained = try RulePackFixture.annotate("湖南省委书记", with: files, explain: true)
        #expect(explained.losers.map(\.mention.rule) == ["long"])
        #expect(quiet.shownMentions == explained.shownMentions)
    }
}
