import ArgumentParser
import Foundation
import Zhengming

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the rules (or a predictions file) against gold annotations: strict span P/R/F1.",
        discussion: """
        A mention counts as correct only when start, end and label all match a gold mention \
        (the chunk-level scoring of conlleval). Without --pred, the gold texts are annotated \
        with the current rules. Labels not listed in --labels (default: the labels found in the \
        gold file) are ignored on both sides.

        With --posts the gold file holds person–post records ("posts", as annotate --format \
        jsonl writes them) and the records are scored: with status (official span, post, \
        status), without status (official span, post), and per document (distinct official \
        text and post).
        """)

    @Option(help: ArgumentHelp("Gold JSONL ({\"id\", \"text\", \"spans\": [{\"start\", \"end\", \"label\"}]} per line), or a directory of *.jsonl files.",
                               valueName: "FILE_OR_DIR"))
    var gold: String

    @Option(help: ArgumentHelp("Predictions in the same schema (e.g. from `annotate --format jsonl`), a file or a directory, matched by id, else text.",
                               valueName: "FILE_OR_DIR"))
    var pred: String?

    @Option(help: "Rename labels before scoring, e.g. OFFICIAL=PER,PERSON=PER,ORGAN=ORG.")
    var map: String?

    @Option(help: "Comma-separated labels to score (after --map).")
    var labels: String?

    @Option(help: "List up to N false positives and false negatives with context.")
    var errors: Int = 0

    @Flag(name: .customLong("by-rule"), help: "Report each rule's predictions and precision.")
    var byRule = false

    @Flag(help: "Score person–post records (\"posts\") instead of spans.")
    var posts = false

    @OptionGroup var rules: RuleOptions

    func run() throws {
        if posts { return try runPosts() }
        let goldDocuments: [GoldDocument]
        do { goldDocuments = try GoldDocument.readAll(gold) { Console.error($0) } } catch let error as InputError {
            throw CLIError("--gold \(error.description)")
        }
        var pairs: [(gold: GoldDocument, predicted: [Mention])] = []
        if let pred {
            let predictions: [GoldDocument]
            do { predictions = try GoldDocument.readAll(pred) { Console.error($0) } } catch let error as InputError {
                throw CLIError("--pred \(error.description)")
            }
            let byID = Dictionary(predictions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let byText = Dictionary(predictions.map { ($0.text, $0) }, uniquingKeysWith: { first, _ in first })
            for document in goldDocuments {
                guard let predicted = byID[document.id] ?? byText[document.text] else {
                    Console.error("\(pred): no prediction for gold document \(document.id); counted as empty")
                    pairs.append((document, []))
                    continue
                }
                pairs.append((document, predicted.spans))
            }
        } else {
            let annotator = try Annotator(rules: try rules.load(quiet: true), pinyin: nil)
            for document in goldDocuments {
                let annotated = try annotator.annotate(Document(id: document.id, text: document.text))
                pairs.append((document, annotated.mentions))
            }
        }
        let mapping = try Self.parseMapping(map)
        let wanted = labels.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        var evaluation = Evaluation.score(pairs, labels: wanted, mapping: mapping)
        if wanted == nil {
            // Not scored yet (GUIDELINE.md): EVENT and CONTACT.
            evaluation = Evaluation.score(pairs, labels: evaluation.labels.filter { $0 != "EVENT" && $0 != "CONTACT" },
                                          mapping: mapping)
        }
        report(evaluation, documents: pairs.count)
    }

    static func parseMapping(_ text: String?) throws -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        var mapping: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--map expects A=B pairs separated by commas, got '\(pair)'")
            }
            mapping[parts[0]] = parts[1]
        }
        return mapping
    }

    private func report(_ evaluation: Evaluation, documents: Int) {
        func row(_ name: String, _ counts: Evaluation.Counts) -> String {
            name.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "%6d %6d %6d   %.4f %.4f %.4f", counts.gold, counts.predicted, counts.truePositives,
                         counts.precision, counts.recall, counts.f1)
        }
        if errors > 0 {
            for kind in [Evaluation.Error.Kind.falsePositive, .falseNegative] {
                let list = evaluation.errors.filter { $0.kind == kind }
                Console.print("\(kind == .falsePositive ? "False positives" : "False negatives") (\(list.count), showing \(min(errors, list.count))):")
                for error in list.prefix(errors) {
                    let rule = kind == .falsePositive ? "  [\(error.mention.rule)]" : ""
                    Console.print("  \(kind.rawValue) \(error.mention.label) \(error.text)  …\(error.context)…  (\(error.documentID))\(rule)")
                }
            }
            Console.print("")
        }
        if byRule {
            Console.print("rule                                       predicted  correct  precision")
            for (rule, counts) in evaluation.byRule.sorted(by: { $0.value.predicted > $1.value.predicted }) {
                Console.print(rule.padding(toLength: 44, withPad: " ", startingAt: 0)
                              + String(format: "%8d %8d   %.4f", counts.predicted, counts.truePositives, counts.precision))
            }
            Console.print("")
        }
        Console.print("\(documents) documents; strict span match (start, end, label)")
        Console.print("label       gold   pred   corr   prec   recall     F1")
        for label in evaluation.labels {
            Console.print(row(label, evaluation.byLabel[label] ?? .init()))
        }
        Console.print(row("micro", evaluation.micro))
    }
}
