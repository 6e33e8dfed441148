import Testing
@testable import Zhengming

/// Issue 3, `rules check`: every broken pack yields its stable code at the
/// file, line and column of the problem, and one load reports them all.
@Suite struct RuleDiagnosticsTests {
    struct Expected: Sendable, Hashable, CustomStringConvertible {
        let code: RuleDiagnostic.Code
        /// Relative to the pack directory.
        let file: String
        let line: Int
        /// nil where the position is the rule's rather than the problem's.
        let column: Int?
        var description: String { "\(file):\(line):\(column.map(String.init) ?? "*"): \(code.rawValue)" }

        init(_ code: RuleDiagnostic.Code, _ file: String, _ line: Int, _ column: Int? = nil) {
            self.code = code
            self.file = file
            self.line = line
            self.column = column
        }

        func matches(_ diagnostic: RuleDiagnostic, in pack: String) -> Bool {
            diagnostic.code == code && diagnostic.file == pack + "/" + file && diagnostic.line == line
                && (column == nil || diagnostic.column == column)
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let files: [String: String]
        let expected: [Expected]
        var testDescription: String { name }
    }

    // Rule names, file names and lexicon names are unique across cases, so
    // that all the cases together are also one (very broken) pack.
    static let cases: [Case] = [
        Case(name: "unknown label", files: ["unknown-label.yaml": """
            rules:
              - name: unknown-label
                label: NOPE
                pattern: '省委'
            """], expected: [Expected(.unknownLabel, "unknown-label.yaml", 2, 5)]),
        Case(name: "unknown label in a reference", files: ["unknown-reference-label.yaml": """
            rules:
              - name: unknown-reference-label
                label: ORGAN
                pattern: '中共@NOPE'
            """], expected: [Expected(.unknownLabel, "unknown-reference-label.yaml", 4, 17)]),
        Case(name: "unknown capture label", files: ["unknown-capture-label.yaml": """
            rules:
              - name: unknown-capture-label
                label: ORGAN
                pattern: '(?<x>省)委'
                captures: {x: NOPE}
            """], expected: [Expected(.unknownLabel, "unknown-capture-label.yaml", 2, 5)]),
        Case(name: "bad pattern (quoted)", files: ["bad-pattern.yaml": """
            rules:
              - name: bad-pattern
                label: ORGAN
                pattern: 'ab(c'
            """], expected: [Expected(.badPattern, "bad-pattern.yaml", 4, 17)]),
        Case(name: "bad pattern (plain scalar)", files: ["bad-plain-pattern.yaml": """
            rules:
              - name: bad-plain-pattern
                label: ORGAN
                pattern: 省委)书记
            """], expected: [Expected(.badPattern, "bad-plain-pattern.yaml", 4, 16)]),
        Case(name: "unknown property", files: ["bad-property.yaml": """
            rules:
              - name: bad-property
                label: ORGAN
                pattern: "省\\\\p{NoSuchProperty}"
            """], expected: [Expected(.badPattern, "bad-property.yaml", 4, 16)]),
        Case(name: "quantifier bound too large", files: ["bad-bound.yaml": """
            rules:
              - name: bad-bound
                label: ORGAN
                pattern: '省{1,1000}'
            """], expected: [Expected(.badPattern, "bad-bound.yaml", 4, 16)]),
        Case(name: "lazy quantifier", files: ["bad-lazy.yaml": """
            rules:
              - name: bad-lazy
                label: ORGAN
                pattern: '省.*?委'
            """], expected: [Expected(.badPattern, "bad-lazy.yaml", 4, 18)]),
        Case(name: "bad context pattern", files: ["bad-context.yaml": """
            rules:
              - name: bad-context
                label: ORGAN
                pattern: '省委'
                not_before: '(副'
            """], expected: [Expected(.badPattern, "bad-context.yaml", 5, 17)]),
        Case(name: "undefined macro", files: [
            "pack.yaml": "macros:\n  level: '省|市'\n",
            "bad-macro.yaml": """
            rules:
              - name: bad-macro
                label: ORGAN
                pattern: '<nomacro>委'
            """,
        ], expected: [Expected(.badPattern, "bad-macro.yaml", 4)]),
        Case(name: "undefined lexicon", files: ["undefined-lexicon.yaml": """
            rules:
              - name: undefined-lexicon
                label: ORGAN
                pattern: '王{nolexicon}'
            """], expected: [Expected(.undefinedLexicon, "undefined-lexicon.yaml", 4, 16)]),
        Case(name: "undefined lexicon in except", files: ["undefined-except.yaml": """
            rules:
              - name: undefined-except
                label: ORGAN
                pattern: '省委'
                except: ['{noexcept}']
            """], expected: [Expected(.undefinedLexicon, "undefined-except.yaml", 2, 5)]),
        Case(name: "reference to a label nothing produces", files: ["undefined-reference.yaml": """
            rules:
              - name: undefined-reference
                label: ORGAN
                pattern: '(?<=@CONTACT)省委'
            """], expected: [Expected(.undefinedReference, "undefined-reference.yaml", 4, 19)]),
        Case(name: "reference to a label of the same phase (cycle)", files: ["cycle.yaml": """
            rules:
              - name: cycle-title
                label: TITLE
                pattern: '书记'
              - name: cycle-official
                label: OFFICIAL
                pattern: '(?<=@TITLE)王\\p{Han}{2}'
            """], expected: [Expected(.referenceCycle, "cycle.yaml", 7, 19)]),
        Case(name: "unknown capture", files: ["unknown-capture.yaml": """
            rules:
              - name: unknown-capture
                label: ORGAN
                pattern: '(?<organ>省委)'
                mention: organs
            """], expected: [Expected(.unknownCapture, "unknown-capture.yaml", 2, 5)]),
        Case(name: "unknown phase", files: ["unknown-phase.yaml": """
            rules:
              - name: unknown-phase
                label: ORGAN
                phase: nowhere
                pattern: '省委'
            """], expected: [Expected(.unknownPhase, "unknown-phase.yaml", 2, 5)]),
        Case(name: "missing pattern", files: ["missing-pattern.yaml": """
            rules:
              - name: missing-pattern
                label: ORGAN
            """], expected: [Expected(.missingField, "missing-pattern.yaml", 2, 5)]),
        Case(name: "priority is not a number", files: ["wrong-type.yaml": """
            rules:
              - name: wrong-type
                label: ORGAN
                priority: high
                pattern: '省委'
            """], expected: [Expected(.wrongType, "wrong-type.yaml", 4, 15)]),
        Case(name: "duplicate rule name in one file", files: ["duplicate.yaml": """
            rules:
              - name: duplicate
                label: ORGAN
                pattern: '省委'
              - name: duplicate
                label: ORGAN
                pattern: '市委'
            """], expected: [Expected(.duplicateRule, "duplicate.yaml", 5, 5)]),
        Case(name: "duplicate rule name across files of one pack", files: [
            "duplicate-a.yaml": "rules:\n  - {name: duplicate-across, label: ORGAN, pattern: '省委'}\n",
            "duplicate-b.yaml": "# the same name again\nrules:\n  - {name: duplicate-across, label: ORGAN, pattern: '市委'}\n",
        ], expected: [Expected(.duplicateRule, "duplicate-b.yaml", 3, 5)]),
        Case(name: "duplicate lexicon entry", files: [
            "lexicons/duplicates.txt": "王\n李\n# comment\n王\n",
            "uses-duplicates.yaml": "rules:\n  - {name: uses-duplicates, label: PERSON, pattern: '{duplicates}某'}\n",
        ], expected: [Expected(.duplicateEntry, "lexicons/duplicates.txt", 4, 1)]),
        Case(name: "duplicate lexicon entry after folding", files: [
            "lexicons/folded.txt": "巡视组\n巡視組\n",
            "uses-folded.yaml": "rules:\n  - {name: uses-folded, label: ORGAN, pattern: '{folded}'}\n",
        ], expected: [Expected(.duplicateEntry, "lexicons/folded.txt", 2, 1)]),
        Case(name: "malformed lexicon column", files: [
            "lexicons/columns.txt": "湖南\tcanonical=湖南省\n张\tbad\n湖北\t=x\n\tcanonical=空\n",
            "uses-columns.yaml": "rules:\n  - {name: uses-columns, label: LOC, pattern: '{columns}'}\n",
        ], expected: [
            Expected(.badLexiconColumn, "lexicons/columns.txt", 2, 3),
            Expected(.badLexiconColumn, "lexicons/columns.txt", 3, 4),
            Expected(.badLexiconColumn, "lexicons/columns.txt", 4, 1),
        ]),
        Case(name: "unused lexicon", files: ["lexicons/unused.txt": "甲\n"],
             expected: [Expected(.unusedLexicon, "lexicons/unused.txt", 1, 1)]),
        Case(name: "file nothing loads", files: ["lexicons/places.csv": "湖南,省\n", "notes.txt": "笔记\n"],
             expected: [Expected(.unusedFile, "lexicons/places.csv", 1, 1), Expected(.unusedFile, "notes.txt", 1, 1)]),
        Case(name: "unknown key", files: ["unknown-key.yaml": """
            rules:
              - name: unknown-key
                label: ORGAN
                pattren: '省委'
                pattern: '省委'
            """], expected: [Expected(.unknownKey, "unknown-key.yaml", 4, 5)]),
        Case(name: "malformed example", files: ["bad-example.yaml": """
            rules:
              - name: bad-example
                label: ORGAN
                pattern: '省委'
                examples:
                  - expect: [省委/ORGAN]
                  - text: 省委
                    expect: [省委]
                  - text: 省委
                    expect: [省委/NOPE]
            """], expected: [
                Expected(.badExample, "bad-example.yaml", 6, 9),
                Expected(.badExample, "bad-example.yaml", 8, 18),
                Expected(.badExample, "bad-example.yaml", 9, 9),
            ]),
        Case(name: "YAML syntax error", files: ["yaml-syntax.yaml": """
            rules:
              - name: yaml-syntax
                label: ORGAN
                pattern: 省委: 书记
            """], expected: [Expected(.yamlSyntax, "yaml-syntax.yaml", 4, 16)]),
    ]

    @Test(arguments: cases)
    func diagnosticAtItsPosition(_ example: Case) throws {
        let pack = try RulePackFixture(example.files)
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        for expected in example.expected {
            #expect(diagnostics.contains { expected.matches($0, in: pack.path) },
                    "expected \(expected); got \(diagnostics.map(\.description))")
        }
        let unexpectedErrors = diagnostics.filter { diagnostic in
            diagnostic.isError && !example.expected.contains { $0.matches(diagnostic, in: pack.path) }
        }
        #expect(unexpectedErrors.isEmpty, "unexpected: \(unexpectedErrors.map(\.description))")
        for diagnostic in diagnostics {
            #expect(diagnostic.description.hasPrefix("\(diagnostic.file):\(diagnostic.line):\(diagnostic.column): \(diagnostic.isError ? "error" : "warning")[\(diagnostic.code.rawValue) \(diagnostic.code.name)]: "))
        }
        // Loading fails exactly when there are errors, and names them all.
        let errors = example.expected.filter(\.code.isError)
        do {
            _ = try pack.load()
            #expect(errors.isEmpty, "the pack loaded despite \(errors)")
        } catch let failure as RulePackError {
            #expect(failure.errors.count == errors.count)
            #expect(failure.description.hasSuffix("\(errors.count) error(s) in the rule pack; run `zhengming rules check` for all diagnostics"))
        }
    }

    /// All the broken files in one pack: one load reports every problem.
    @Test func everyProblemIsReportedInOneLoad() throws {
        var files: [String: String] = [:]
        for example in Self.cases {
            files.merge(example.files) { _, _ in preconditionFailure("file names must be unique across cases") }
        }
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        let expected = Self.cases.flatMap(\.expected)
        for item in expected {
            #expect(diagnostics.contains { item.matches($0, in: pack.path) }, "missing \(item)")
        }
        let unexpectedErrors = diagnostics.filter { diagnostic in
            diagnostic.isError && !expected.contains { $0.matches(diagnostic, in: pack.path) }
        }
        #expect(unexpectedErrors.isEmpty, "unexpected: \(unexpectedErrors.map(\.description))")
        let sorted = diagnostics.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
        #expect(diagnostics == sorted, "check() reports in file:line:column order")
    }

    @Test func referenceToALaterPhaseIsACycle() throws {
        let pack = try RulePackFixture([
            "pack.yaml": "phases: [early, late]",
            "rules.yaml": """
            rules:
              - {name: title, phase: late, label: TITLE, pattern: '书记'}
              - {name: official, phase: early, label: OFFICIAL, pattern: '(?<=@TITLE)王'}
            """,
        ])
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.map(\.code) == [.referenceCycle])
        #expect(diagnostics.first?.message.contains("late") == true)
    }

    @Test func undecodableFilesAreReported() throws {
        let pack = try RulePackFixture(["uses.yaml": "rules:\n  - {name: uses, label: LOC, pattern: '{latin1}'}\n"])
        defer { pack.remove() }
        try pack.directory.write("broken.yaml", bytes: [0x72, 0x75, 0x6C, 0x65, 0x73, 0x3A, 0xFF, 0x0A])
        try pack.directory.write("lexicons/latin1.txt", bytes: Array("湖南\n".utf8) + [0x4D, 0xFC, 0x6E, 0x0A])
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.contains { $0.code == .invalidEncoding && $0.file.hasSuffix("broken.yaml") && $0.line == 1 })
        #expect(diagnostics.contains { $0.code == .invalidEncoding && $0.file.hasSuffix("latin1.txt") && $0.line == 2 })
    }

    /// Regression for issue 3: `<name>` is a macro reference whether or not
    /// the pack defines macros; an undefined one is an error, never literal
    /// text that silently matches nothing.
    @Test func issue3UndefinedMacroInAPackWithoutMacros() throws {
        let pack = try RulePackFixture(["rules.yaml": """
            rules:
              - name: macro-user
                label: LOC
                pattern: '<place>委'
            """])
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.contains { $0.code == .badPattern && $0.line == 4 })
    }

    /// Regression for issue 3: a duplicate rule name is reported and the
    /// duplicate ignored; the first rule's own diagnostics must still point
    /// at the first rule's pattern, not at the ignored duplicate's.
    @Test func issue3DuplicateRuleDoesNotMoveTheFirstRulesDiagnostics() throws {
        let pack = try RulePackFixture(["rules.yaml": """
            rules:
              - name: same
                label: ORGAN
                pattern: '{nolexicon}'
              - name: same
                label: ORGAN
                pattern: '市委'
            """])
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.contains { $0.code == .duplicateRule && $0.line == 5 })
        let undefined = try #require(diagnostics.first { $0.code == .undefinedLexicon })
        #expect((undefined.line, undefined.column) == (4, 15))
    }
}

/// A rule that cannot be compiled still names its lexicons: its problem is
/// reported once, without a knock-on `Z051 lexicon 'X' is not referenced`.
@Suite struct KnockOnDiagnosticsTests {
    static let cases: [(name: String, rule: String, code: RuleDiagnostic.Code)] = [
        ("bad label", "{name: bad-label, label: NOPE, pattern: '{knock}省'}", .unknownLabel),
        ("bad phase", "{name: bad-phase, label: ORGAN, phase: nowhere, pattern: '{knock}省'}", .unknownPhase),
        ("bad pattern", "{name: bad-pattern, label: ORGAN, pattern: '{knock}(省'}", .badPattern),
        ("bad label, lexicon in a macro", "{name: bad-macro, label: NOPE, pattern: '<knocks>省'}", .unknownLabel),
        ("bad label, lexicon in except", "{name: bad-except, label: NOPE, pattern: '省', except: ['{knock}']}", .unknownLabel),
    ]

    @Test(arguments: cases.indices)
    func onlyTheCauseIsReported(_ index: Int) throws {
        let example = Self.cases[index]
        let pack = try RulePackFixture([
            "pack.yaml": "labels: [ORGAN]\nmacros:\n  knocks: '{knock}'\n",
            "lexicons/knock.txt": "湖南\n",
            "rules.yaml": "rules:\n  - \(example.rule)\n",
        ])
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.contains { $0.code == example.code }, "\(example.name): \(diagnostics.map(\.description))")
        #expect(!diagnostics.contains { $0.code == .unusedLexicon }, "\(example.name): \(diagnostics.map(\.description))")
    }
}
