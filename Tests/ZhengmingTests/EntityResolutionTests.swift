import Testing
@testable import Zhengming

/// `resolve:` in pack.yaml: every mention of one name in a document gets one
/// label from all the document's evidence. A post anywhere makes an
/// official (`prefer`), names listed with evidenced names take their label
/// (`lists`), and names with no evidence take the document's majority label
/// (`default: document`) or keep theirs (`default: keep`).
@Suite struct EntityResolutionTests {
    /// Officials are found after 书记, persons after 记者, and any two
    /// characters after 王 or 李 are a name without evidence (the weak rule).
    static func files(default policy: String = "document", lists: Bool = true) -> [String: String] {
        [
            "pack.yaml": """
            phases: [names]
            resolve:
              labels: [OFFICIAL, PERSON]
              prefer: OFFICIAL
              weak: [generic]
              lists: \(lists)
              default: \(policy)
            """,
            "rules.yaml": """
            rules:
              - {name: after-post, phase: names, label: OFFICIAL, priority: 10, pattern: '(?<=书记)[王李张赵]\\p{Han}{2}'}
              - {name: after-reporter, phase: names, label: PERSON, priority: 10, pattern: '(?<=记者)[王李张赵]\\p{Han}{2}'}
              - {name: generic, phase: names, label: PERSON, priority: 0, pattern: '[王李张赵]\\p{Han}{2}'}
            """,
        ]
    }

    typealias Case = TextCase

    static let cases: [Case] = [
        Case(name: "a later bare mention takes the post's label",
             text: "书记王荣军讲话。王荣军指出", expected: ["王荣军/OFFICIAL@2 after-post", "王荣军/OFFICIAL@8 resolve:generic"]),
        Case(name: "an earlier bare mention too",
             text: "王荣军到会。书记王荣军讲话", expected: ["王荣军/OFFICIAL@0 resolve:generic", "王荣军/OFFICIAL@8 after-post"]),
        Case(name: "a post wins over a person's context (prefer)",
             text: "记者王荣军。书记王荣军", expected: ["王荣军/OFFICIAL@2 resolve:after-reporter", "王荣军/OFFICIAL@8 after-post"]),
        Case(name: "a person's evidence relabels the bare mentions as PERSON",
             text: "记者李晓明报道。李晓明说", expected: ["李晓明/PERSON@2 after-reporter", "李晓明/PERSON@8 generic"]),
        Case(name: "names listed with an official are officials",
             text: "书记王荣军、李建国、张海涛出席", expected: ["王荣军/OFFICIAL@2 after-post", "李建国/OFFICIAL@6 resolve:generic", "张海涛/OFFICIAL@10 resolve:generic"]),
        Case(name: "no evidence anywhere: labels are kept", text: "王荣军和李建国", expected: ["王荣军/PERSON@0 generic", "李建国/PERSON@4 generic"]),
        Case(name: "no evidence for a name: the document's majority label",
             text: "书记王荣军讲话。赵立新说", expected: ["王荣军/OFFICIAL@2 after-post", "赵立新/OFFICIAL@8 resolve:generic"]),
    ]

    @Test(arguments: cases)
    func resolution(_ example: Case) throws {
        let document = try RulePackFixture.annotate(example.text, with: Self.files())
        #expect(document.mentions.map { "\($0.shown(in: example.text)) \($0.rule)" } == example.expected)
    }

    @Test func fallbackLabelsNamesOfADocumentWithoutEvidence() throws {
        var files = Self.files()
        files["pack.yaml"]! += "\n  fallback: OFFICIAL\n"
        #expect(try RulePackFixture.annotate("王荣军和李建国", with: files).shownMentions == ["王荣军/OFFICIAL@0", "李建国/OFFICIAL@4"])
        // Where the document has evidence, its majority decides, not the fallback.
        #expect(try RulePackFixture.annotate("记者王小明报道。李建国说", with: files).shownMentions == ["王小明/PERSON@2", "李建国/PERSON@8"])
    }

    @Test func keepPolicyLeavesNamesWithoutEvidence() throws {
        let document = try RulePackFixture.annotate("书记王荣军讲话。赵立新说", with: Self.files(default: "keep"))
        #expect(document.shownMentions == ["王荣军/OFFICIAL@2", "赵立新/PERSON@8"])
    }

    @Test func listsOffLeavesListedNamesToTheDefault() throws {
        let document = try RulePackFixture.annotate("书记王荣军、李建国出席", with: Self.files(default: "keep", lists: false))
        #expect(document.shownMentions == ["王荣军/OFFICIAL@2", "李建国/PERSON@6"])
    }

    /// The nested layer carries the same decision, and each name's decision
    /// names its evidence (what `explain` prints).
    @Test func nestedLayerAndDecisionsAgree() throws {
        let document = try RulePackFixture.annotate("书记王荣军讲话。王荣军指出。赵立新说", with: Self.files())
        #expect(document.nested.filter { $0.label == "PERSON" }.isEmpty)
        let decisions = Dictionary(uniqueKeysWithValues: document.resolutions.map { ($0.text, $0) })
        #expect(decisions["王荣军"]?.label == "OFFICIAL")
        #expect(decisions["王荣军"]?.mentions == 2)
        #expect(decisions["王荣军"]?.relabelled == 1)
        #expect(decisions["王荣军"]?.evidence.map(\.rule) == ["after-post"])
        #expect(decisions["赵立新"]?.byDefault == true)
    }

    @Test func unknownLabelsAndRulesAreDiagnosed() throws {
        var files = Self.files()
        files["pack.yaml"] = """
        phases: [names]
        resolve:
          labels: [OFFICIAL, NOBODY]
          weak: [no-such-rule]
        """
        let (_, diagnostics) = RulePackLoader.load([try RulePackFixture(files).path])
        #expect(diagnostics.contains { $0.isError && $0.message.contains("'resolve' names unknown label 'NOBODY'") })
    }

    @Test func aBadDefaultPolicyIsAnError() throws {
        var files = Self.files()
        files["pack.yaml"] = "phases: [names]\nresolve:\n  labels: [OFFICIAL, PERSON]\n  default: majority\n"
        let (_, diagnostics) = RulePackLoader.load([try RulePackFixture(files).path])
        let problem = diagnostics.first { $0.message.contains("resolve.default") }
        #expect(problem?.isError == true)
        #expect(problem?.line == 4)
    }
}

/// `resolve.surnames`: a bare surname without evidence stands for the
/// document's full names that begin with it.
@Suite struct SurnameResolutionTests {
    static var files: [String: String] {
        var files = EntityResolutionTests.files()
        files["pack.yaml"]! += "\n  surnames: true\n"
        files["rules.yaml"]! += "\n  - {name: bare, phase: names, label: PERSON, priority: 0, pattern: '(?<=^|，)[王李](?=说)'}\n"
        files["pack.yaml"] = files["pack.yaml"]!.replace("weak: [generic]", with: "weak: [generic, bare]")
        return files
    }

    typealias Case = TextCase

    static let cases: [Case] = [
        Case(name: "takes the label of the full name it begins", text: "书记王荣军到村。王说。",
             expected: ["王荣军/OFFICIAL@2", "王/OFFICIAL@8"]),
        Case(name: "dropped where no full name begins with it", text: "书记李建国到村。王说。",
             expected: ["李建国/OFFICIAL@2"]),
        Case(name: "left to the default where the full names disagree (the first label on a tie)",
             text: "书记王荣军、记者王小明。王说。",
             expected: ["王荣军/OFFICIAL@2", "王小明/PERSON@8", "王/OFFICIAL@12"]),
    ]

    @Test(arguments: cases)
    func surnames(_ example: Case) throws {
        #expect(try RulePackFixture.annotate(example.text, with: Self.files).shownMentions == example.expected)
    }
}

private extension String {
    func replace(_ target: String, with replacement: String) -> String {
        replacingOccurrences(of: target, with: replacement)
    }
}
