import ArgumentParser
import Foundation
import Zhengming

/// `eval --posts`: person–post records against gold records.
extension Eval {
    func runPosts() throws {
        let goldDocuments: [PostGoldDocument]
        do { goldDocuments = try PostGoldDocument.readAll(gold) { Console.error($0) } } catch let error as InputError {
            throw CLIError("--gold \(error.description)")
        }
        var evaluation = PostEvaluation()
        if let pred {
            let predictions: [PostGoldDocument]
            do { predictions = try PostGoldDocument.readAll(pred) { Console.error($0) } } catch let error as InputError {
                throw CLIError("--pred \(error.description)")
            }
            let byID = Dictionary(predictions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let byText = Dictionary(predictions.map { ($0.text, $0) }, uniquingKeysWith: { first, _ in first })
            for document in goldDocuments {
                let predicted = byID[document.id] ?? byText[document.text]
                if predicted == nil { Console.error("\(pred): no prediction for gold document \(document.id); counted as empty") }
                evaluation.add(documentID: document.id, text: document.text, gold: document.records,
                               predicted: predicted?.records ?? [])
            }
        } else {
            let ruleSet = try rules.load(quiet: true)
            guard ruleSet.postLinker != nil else {
                throw CLIError("the rule packs have no post rules ('posts:' in a rule file), so there is nothing to score")
            }
            let annotator = try Annotator(rules: ruleSet, pinyin: nil)
            for document in goldDocuments {
                let annotated = try annotator.annotate(Document(id: document.id, text: document.text))
                evaluation.add(documentID: document.id, text: document.text, gold: document.records,
                               predicted: annotated.posts.map { PostEvaluation.Record($0, in: annotated) })
            }
        }
        reportPosts(evaluation)
    }

    private func reportPosts(_ evaluation: PostEvaluation) {
        func row(_ name: String, _ counts: Evaluation.Counts) -> String {
            name.padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: "%6d %6d %6d   %.4f %.4f %.4f", counts.gold, counts.predicted, counts.truePositives,
                         counts.precision, counts.recall, counts.f1)
        }
        if errors > 0 {
            for kind in [Evaluation.Error.Kind.falsePositive, .falseNegative] {
                let list = evaluation.errors.filter { $0.kind == kind }
                Console.print("\(kind == .falsePositive ? "False positives" : "False negatives") (\(list.count), showing \(min(errors, list.count))):")
                for error in list.prefix(errors) {
                    let rule = kind == .falsePositive ? "  [\(error.record.rule)]" : ""
                    let status = error.goldStatus.map { "  (gold: \($0.rawValue))" } ?? ""
                    Console.print("  \(kind.rawValue) \(error.record.description)  …\(error.context)…  (\(error.documentID))\(rule)\(status)")
                }
            }
            Console.print("")
        }
        if byRule {
            Console.print("post rule                                  predicted  correct  precision")
            for (rule, counts) in evaluation.byRule.sorted(by: { $0.value.predicted > $1.value.predicted }) {
                Console.print(rule.padding(toLength: 44, withPad: " ", startingAt: 0)
                              + String(format: "%8d %8d   %.4f", counts.predicted, counts.truePositives, counts.precision))
            }
            Console.print("")
        }
        Console.print("\(evaluation.documents) documents; person–post records")
        Console.print("records                     gold   pred   corr   prec   recall     F1")
        Console.print(row("official, post, status", evaluation.withStatus))
        Console.print(row("official, post", evaluation.withoutStatus))
        Console.print(row("per document (text, post)", evaluation.perDocument))
        let statuses = PostStatus.allCases
        if evaluation.statusConfusion.values.contains(where: { !$0.isEmpty }) {
            Console.print("")
            Console.print("status (gold ↓, predicted →) " + statuses.map { $0.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined())
            for gold in statuses {
                let counts = statuses.map { String(evaluation.statusConfusion[gold]?[$0] ?? 0).padding(toLength: 10, withPad: " ", startingAt: 0) }
                Console.print(gold.rawValue.padding(toLength: 29, withPad: " ", startingAt: 0) + counts.joined())
            }
        }
    }
}
