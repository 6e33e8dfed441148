import Testing
@testable import Zhengming

/// Issue 3, packs: phases run in order and merge across packs, a later pack
/// overrides a rule by name or disables it, and lexicons of the same name
/// extend each other.
@Suite struct RulePackTests {
    /// Loads several packs (written in order) and returns the rule set.
    static func load(_ packs: [[String: String]]) throws -> (RuleSet, [RulePackFixture]) {
        let fixtures = try packs.map(RulePackFixture.init)
        do {
            return (try RuleSet.load(packs: fixtures.map(\.path)), fixtures)
        } catch {
            fixtures.forEach { $0.remove() }
            throw error
        }
    }

    static func annotate(_ text: String, _ rules: RuleSet) throws -> AnnotatedDocument {
        try Annotator(rules: rules, pinyin: nil).annotate(Document(id: "t", text: text))
    }

    @Test func phasesRunInPackOrder() throws {
        // Rules are listed against the phase order; each phase sees only what
        // earlier phases accepted.
        let (rules, fixtures) = try Self.load([[
            "pack.yaml": "phases: [names, posts, people]",
            "rules.yaml": """
            rules:
              - {name: official, phase: people, label: OFFICIAL, pattern: '(?<=@TITLE)王\\p{Han}{2}'}
              - {name: title, phase: posts, label: TITLE, pattern: '(?<=@ORGAN)组长'}
              - {name: organ, phase: names, label: ORGAN, pattern: '巡视组'}
            """,
        ]])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.phases == ["names", "posts", "people"])
        #expect(rules.rules.map(\.name) == ["organ", "title", "official"])
        let document = try Self.annotate("巡视组组长王荣军", rules)
        #expect(document.shownMentions == ["巡视组/ORGAN@0", "组长/TITLE@3", "王荣军/OFFICIAL@5"])
    }

    @Test func phasesOfLaterPacksMergeNextToTheirNeighbours() throws {
        let (rules, fixtures) = try Self.load([
            ["pack.yaml": "phases: [lexical, organs, people]",
             "rules.yaml": "rules:\n  - {name: organ, phase: organs, label: ORGAN, pattern: '省委'}"],
            ["pack.yaml": "phases: [organs, titles, people]\n",
             "rules.yaml": "rules:\n  - {name: title, phase: titles, label: TITLE, pattern: '(?<=@ORGAN)书记'}"],
            ["pack.yaml": "phases: [first, lexical]\nlabels: [MINISTRY]",
             "rules.yaml": "rules:\n  - {name: ministry, phase: first, label: MINISTRY, pattern: '外交部'}"],
        ])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.phases == ["first", "lexical", "organs", "titles", "people"])
        #expect(rules.labels.contains("MINISTRY") && rules.labels.contains("ORGAN"))
        #expect(rules.rules.map(\.name) == ["ministry", "organ", "title"])
        let document = try Self.annotate("外交部和省委书记", rules)
        #expect(document.shownMentions == ["外交部/MINISTRY@0", "省委/ORGAN@4", "书记/TITLE@6"])
    }

    @Test func fileLevelDefaultsApplyToTheirRules() throws {
        let (rules, fixtures) = try Self.load([[
            "pack.yaml": "phases: [one, two]",
            "a.yaml": "phase: one\nlabel: ORGAN\npriority: 7\nrules:\n  - {name: a, pattern: '省委'}\n  - {name: b, label: TITLE, pattern: '书记', priority: 2}",
        ]])
        defer { fixtures.forEach { $0.remove() } }
        let a = try #require(rules.rule(named: "a")), b = try #require(rules.rule(named: "b"))
        #expect((a.phase, a.label, a.priority) == ("one", "ORGAN", 7))
        #expect((b.phase, b.label, b.priority) == ("one", "TITLE", 2))
    }

    @Test func laterPackOverridesARuleByName() throws {
        let base: [String: String] = ["rules.yaml": """
            rules:
              - {name: organ, label: ORGAN, pattern: '省委'}
              - {name: title, label: TITLE, pattern: '书记'}
            """]
        let overlay: [String: String] = ["mine.yaml": """
            rules:
              - {name: organ, label: ORGAN, pattern: '市委'}
            """]
        let (rules, fixtures) = try Self.load([base, overlay])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.rules.map(\.name).sorted() == ["organ", "title"])
        let organ = try #require(rules.rule(named: "organ"))
        #expect(organ.pattern == "市委")
        #expect(organ.pack == 1)
        #expect(organ.location.file.hasPrefix(fixtures[1].path))
        let document = try Self.annotate("省委书记、市委书记", rules)
        #expect(document.shownMentions == ["书记/TITLE@2", "市委/ORGAN@5", "书记/TITLE@7"])
        #expect(rules.diagnostics.filter { $0.code == .duplicateRule }.isEmpty, "overriding is not a duplicate")
    }

    @Test func laterPackDisablesARuleByName() throws {
        let base: [String: String] = ["rules.yaml": """
            rules:
              - {name: organ, label: ORGAN, pattern: '省委'}
              - {name: title, label: TITLE, pattern: '书记'}
            """]
        let overlay: [String: String] = ["pack.yaml": "disable: [title, no-such-rule]"]
        let (rules, fixtures) = try Self.load([base, overlay])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.rules.map(\.name) == ["organ"])
        #expect(rules.rule(named: "title") == nil)
        #expect(try Self.annotate("省委书记", rules).shownMentions == ["省委/ORGAN@0"])
        let unknown = try #require(rules.diagnostics.first { $0.code == .unknownDisable })
        #expect(!unknown.isError)
        #expect(unknown.message.contains("no-such-rule"))
        #expect(unknown.file == fixtures[1].path + "/pack.yaml")
        #expect(unknown.line == 1)
    }

    @Test func disabledKeyTurnsARuleOff() throws {
        let (rules, fixtures) = try Self.load([["rules.yaml": """
            rules:
              - {name: organ, label: ORGAN, pattern: '省委', disabled: true}
              - {name: title, label: TITLE, pattern: '书记'}
            """]])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.rules.map(\.name) == ["title"])
    }

    @Test func lexiconsOfTheSameNameExtend() throws {
        let base: [String: String] = [
            "lexicons/places.txt": "湖南\tcanonical=湖南省\n长沙\n",
            "rules.yaml": "rules:\n  - {name: place, label: LOC, pattern: '{places}'}",
        ]
        let overlay: [String: String] = ["lexicons/places.txt": "# added by the user\n湖北\tcanonical=湖北省\n湖南\tcanonical=别的\n"]
        let (rules, fixtures) = try Self.load([base, overlay])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.lexicons.count == 1)
        let places = try #require(rules.lexicons.first)
        #expect(places.name == "places")
        #expect(places.entries.map(\.text) == ["湖南", "长沙", "湖北"])
        #expect(places.files == [fixtures[0].path + "/lexicons/places.txt", fixtures[1].path + "/lexicons/places.txt"])
        let shadowed = try #require(rules.diagnostics.first { $0.code == .shadowedEntry })
        #expect(shadowed.file == fixtures[1].path + "/lexicons/places.txt")
        #expect(shadowed.line == 3)
        let document = try Self.annotate("湖南、湖北、长沙", rules)
        #expect(document.shownMentions == ["湖南/LOC@0", "湖北/LOC@3", "长沙/LOC@6"])
        #expect(document.mentions.map { $0.attributes["canonical"] } == ["湖南省", "湖北省", nil],
                "the first entry's attributes win over a shadowing one")
    }

    @Test func packWithoutManifestUsesDefaultLabelsAndOnePhase() throws {
        let (rules, fixtures) = try Self.load([["rules.yaml": "rules:\n  - {name: r, label: CONTACT, pattern: '电话'}"]])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.labels == RulePackLoader.defaultLabels)
        #expect(rules.phases == ["main"])
        #expect(rules.rules.first?.phase == "main")
    }

    @Test func rulesInSubdirectoriesAndMarkdownFiles() throws {
        let (rules, fixtures) = try Self.load([[
            "deep/er/organs.yaml": "rules:\n  - {name: deep, label: ORGAN, pattern: '省委'}",
            "README.md": "# notes",
        ]])
        defer { fixtures.forEach { $0.remove() } }
        #expect(rules.rules.map(\.name) == ["deep"])
        #expect(rules.diagnostics.isEmpty)
    }

    @Test func lexiconFilesWithBOMCRLFCommentsAndSpaces() throws {
        let pack = try RulePackFixture(["rules.yaml": "rules:\n  - {name: names, label: PERSON, pattern: '{names}'}\n"])
        defer { pack.remove() }
        try pack.directory.write("lexicons/names.txt", bytes: [0xEF, 0xBB, 0xBF]
            + Array("# 外国人名\r\n芭芭拉·弗兰克林\r\n\r\n   # indented comment\r\nJohn Smith\tcountry=US\r\n刚果#金\r\n".utf8))
        let rules = try pack.load()
        let names = try #require(rules.lexicons.first)
        #expect(names.entries.map(\.text) == ["芭芭拉·弗兰克林", "John Smith", "刚果#金"])
        #expect(names.entries.map(\.line) == [2, 5, 6])
        #expect(names.entries[1].attribute("country") == "US")
        let document = try Self.annotate("John Smith会见芭芭拉・弗兰克林", rules)
        #expect(document.shownMentions == ["John Smith/PERSON@0", "芭芭拉・弗兰克林/PERSON@12"])
    }

    /// Regression for issue 3: a pack without `pack.yaml` puts its rules in
    /// the implicit phase `main`; stacking a pack that declares phases on
    /// top of it must not make those rules invalid.
    @Test func issue3ImplicitPhaseSurvivesALaterPackWithPhases() throws {
        let simple = try RulePackFixture(["rules.yaml": "rules:\n  - {name: organ, label: ORGAN, pattern: '省委'}\n"])
        let phased = try RulePackFixture(["pack.yaml": "phases: [late]",
                                          "rules.yaml": "rules:\n  - {name: title, label: TITLE, pattern: '书记'}\n"])
        defer { simple.remove(); phased.remove() }
        let (alone, aloneDiagnostics) = RuleSet.check(packs: [simple.path])
        #expect(aloneDiagnostics.isEmpty && alone?.rules.count == 1)
        let (_, diagnostics) = RuleSet.check(packs: [simple.path, phased.path])
        #expect(diagnostics.filter(\.isError).map(\.description) == [])
    }

    @Test func missingPackDirectoryIsAnError() throws {
        let (ruleSet, diagnostics) = RuleSet.check(packs: ["/nonexistent/zhengming-pack"])
        #expect(ruleSet != nil)
        #expect(diagnostics.map(\.code) == [.unreadableFile])
        #expect(throws: RulePackError.self) { try RuleSet.load(packs: ["/nonexistent/zhengming-pack"]) }
    }
}
