import Testing
@testable import Zhengming

/// `propagate:` in pack.yaml: a name found once by a rule is found again
/// wherever its exact text recurs in the document, at priority 1 (it only
/// fills gaps), under the rule `propagate:<rule>`. Never a one-character
/// mention, never where a mention of a propagated label already starts, and
/// never across a sentence end.
@Suite struct PropagationTests {
    /// Names are found only after 书记 or 部长; the second phase reads
    /// them, so that propagated mentions compete with later rules too.
    static let files: [String: String] = [
        "pack.yaml": "phases: [names]\npropagate: [PERSON]",
        "rules.yaml": """
        rules:
          - {name: after-secretary, phase: names, label: PERSON, pattern: '(?<=书记)(?:王毅然|王毅|李强|张)'}
          - {name: after-minister, phase: names, label: PERSON, pattern: '(?<=部长)(?:王毅然|王毅|李强|张)'}
          - {name: bureau, phase: names, label: ORGAN, priority: 10, pattern: '王毅局'}
        """,
    ]

    typealias Case = TextCase

    static let cases: [Case] = [
        Case(name: "a recurrence is found, under propagate:<rule>",
             text: "书记王毅讲话。王毅指出", expected: ["王毅/PERSON@2 after-secretary", "王毅/PERSON@7 propagate:after-secretary"]),
        Case(name: "every recurrence, in order", text: "李强、王毅。书记李强说李强和王毅",
             expected: ["李强/PERSON@0 propagate:after-secretary", "李强/PERSON@8 after-secretary", "李强/PERSON@11 propagate:after-secretary"]),
        Case(name: "names sharing a first character: each found where its text is",
             text: "书记王毅然，部长王毅。王毅然和王毅",
             expected: ["王毅然/PERSON@2 after-secretary", "王毅/PERSON@8 after-minister",
                        "王毅然/PERSON@11 propagate:after-secretary", "王毅/PERSON@15 propagate:after-minister"]),
        Case(name: "the first rule that found a text names the propagated ones",
             text: "部长王毅，书记王毅，王毅",
             expected: ["王毅/PERSON@2 after-minister", "王毅/PERSON@7 after-secretary", "王毅/PERSON@10 propagate:after-minister"]),
        Case(name: "one character is never propagated", text: "书记张说张", expected: ["张/PERSON@2 after-secretary"]),
        Case(name: "a rule's mention wins over a propagated one (priority 1)",
             text: "书记王毅说王毅局", expected: ["王毅/PERSON@2 after-secretary", "王毅局/ORGAN@5 bureau"]),
        Case(name: "no name, nothing to propagate", text: "王毅说李强", expected: []),
    ]

    @Test(arguments: cases)
    func propagation(_ example: Case) throws {
        let document = try RulePackFixture.annotate(example.text, with: Self.files)
        #expect(document.mentions.map { "\($0.shown(in: example.text)) \($0.rule)" } == example.expected)
    }
}
