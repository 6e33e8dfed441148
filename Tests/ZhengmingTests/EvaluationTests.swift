import Testing
@testable import Zhengming

/// Issue 4: strict span scoring, checked against numbers computed by hand —
/// the numbers `conlleval` prints for the equivalent BIO files.
@Suite struct EvaluationTests {
    static func gold(_ text: String, _ spans: [(Int, Int, String)]) -> GoldDocument {
        GoldDocument(id: text, text: text, spans: spans.map { Mention(start: $0.0, end: $0.1, label: $0.2) })
    }

    static func predicted(_ spans: [(Int, Int, String, String)]) -> [Mention] {
        spans.map { Mention(start: $0.0, end: $0.1, label: $0.2, rule: $0.3) }
    }

    /// Text `组长王荣军在辽宁省委讲话` (indices: 组长 0-2, 王荣军 2-5, 在 5,
    /// 辽宁省委 6-10). Gold: TITLE 0-2, OFFICIAL 2-5, ORGAN 6-10.
    /// Predicted: TITLE 0-2 (correct), OFFICIAL 2-4 (wrong boundary: one FP
    /// and one FN), LOC 6-8 (FP; the ORGAN is an FN).
    /// conlleval on the BIO equivalent: 1 correct of 3 found, 3 gold →
    /// precision 33.33%, recall 33.33%, F1 33.33; TITLE 100/100/100,
    /// OFFICIAL 0/0/0, ORGAN 0 found / 1 gold, LOC 1 found / 0 gold.
    @Test func matchesAHandComputation() {
        let document = Self.gold("组长王荣军在辽宁省委讲话", [(0, 2, "TITLE"), (2, 5, "OFFICIAL"), (6, 10, "ORGAN")])
        let predictions = Self.predicted([(0, 2, "TITLE", "a"), (2, 4, "OFFICIAL", "b"), (6, 8, "LOC", "c")])
        let evaluation = Evaluation.score([(document, predictions)], labels: ["TITLE", "OFFICIAL", "ORGAN", "LOC"],
                                          mapping: [:])
        #expect(evaluation.micro == .init(truePositives: 1, falsePositives: 2, falseNegatives: 2))
        #expect(abs(evaluation.micro.precision - 1.0 / 3.0) < 1e-9)
        #expect(abs(evaluation.micro.recall - 1.0 / 3.0) < 1e-9)
        #expect(abs(evaluation.micro.f1 - 1.0 / 3.0) < 1e-9)
        #expect(evaluation.byLabel["TITLE"] == .init(truePositives: 1))
        #expect(evaluation.byLabel["OFFICIAL"] == .init(falsePositives: 1, falseNegatives: 1))
        #expect(evaluation.byLabel["ORGAN"] == .init(falseNegatives: 1))
        #expect(evaluation.byLabel["LOC"] == .init(falsePositives: 1))
        #expect(evaluation.byRule["a"] == .init(truePositives: 1))
        #expect(evaluation.byRule["c"] == .init(falsePositives: 1))
        #expect(evaluation.errors.count == 4)
        #expect(evaluation.errors.contains { $0.kind == .falseNegative && $0.text == "辽宁省委" && $0.context.contains("[辽宁省委]") })
    }

    struct MappingCase: Sendable, CustomStringConvertible {
        let name: String
        let mapping: [String: String]
        let labels: [String]?
        let expected: Evaluation.Counts
        var description: String { name }
    }

    /// Gold PER/ORG (People's Daily style) against our labels.
    static let mappingCases: [MappingCase] = [
        MappingCase(name: "no mapping: nothing matches", mapping: [:], labels: ["PER", "ORG"],
                    expected: .init(falseNegatives: 2)),
        MappingCase(name: "OFFICIAL=PER, ORGAN=ORG", mapping: ["OFFICIAL": "PER", "ORGAN": "ORG"], labels: nil,
                    expected: .init(truePositives: 2)),
        MappingCase(name: "only PER scored", mapping: ["OFFICIAL": "PER", "ORGAN": "ORG"], labels: ["PER"],
                    expected: .init(truePositives: 1)),
    ]

    @Test(arguments: mappingCases)
    func labelMappingAndSelection(_ example: MappingCase) {
        let document = Self.gold("国务院总理李克强", [(0, 3, "ORG"), (5, 8, "PER")])
        let predictions = Self.predicted([(0, 3, "ORGAN", "x"), (3, 5, "TITLE", "y"), (5, 8, "OFFICIAL", "z")])
        let evaluation = Evaluation.score([(document, predictions)], labels: example.labels, mapping: example.mapping)
        #expect(evaluation.micro == example.expected)
    }

    /// A duplicated prediction counts once as correct and once as wrong.
    @Test func duplicatePredictionsAreNotDoubleCounted() {
        let document = Self.gold("辽宁", [(0, 2, "LOC")])
        let evaluation = Evaluation.score([(document, Self.predicted([(0, 2, "LOC", "a"), (0, 2, "LOC", "b")]))],
                                          labels: nil, mapping: [:])
        #expect(evaluation.micro == .init(truePositives: 1, falsePositives: 1))
    }
}
