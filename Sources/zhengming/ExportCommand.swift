import ArgumentParser
import Foundation
import Zhengming

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a corpus into training data or pre-annotations: train/dev/test splits in char-bio, CoNLL, JSONL, brat, CoNLL-U, Label Studio, doccano and IOB.",
        discussion: """
        Each document is annotated by the rules (silver) unless --gold holds a document with the same \
        id and text, or the same text; its gold spans are then used instead. Every span records its \
        source ("gold" or the rule's name). Units (documents, or sentences with --unit sentence) are \
        assigned to splits by a stable hash of the seed, the document id and, for sentences, the \
        sentence's index and text: the same unit always lands in the same split, whatever the order \
        of the corpus. Writes OUT/<format>/<split>.<ext> (brat: OUT/brat/<split>/<doc>.txt and .ann), \
        OUT/labels.txt (the tag set, O first), OUT/stats.json and OUT/summary.txt; the summary is also \
        printed on standard error.
        """)

    @Argument(help: "Files or directories (*.txt, *.jsonl); '-' or nothing reads standard input.")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Output directory.", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Split ratios, normalised: train,dev,test or name=ratio,…", valueName: "RATIOS"))
    var split = "0.8,0.1,0.1"

    @Option(help: "Seed of the split assignment.")
    var seed: UInt64 = 0

    @Option(help: "What one example is: document or sentence.")
    var unit: ExportUnitKind = .document

    @Option(help: ArgumentHelp("Formats to write, repeatable or comma-separated: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: the training formats \(ExportFormat.defaults.map(\.rawValue).joined(separator: ", "))).",
                               valueName: "FORMAT"))
    var format: [String] = []

    @Option(help: "Tag scheme: bio or bioes.")
    var scheme: TagScheme = .bio

    @Option(help: "Comma-separated labels to keep (after --map).")
    var labels: String?

    @Option(help: "Rename labels, e.g. OFFICIAL=PER,PERSON=PER,ORGAN=ORG.")
    var map: String?

    @Option(help: ArgumentHelp("Gold JSONL file, or a directory of *.jsonl, whose spans replace the rules' for matching documents.",
                               valueName: "DIR_OR_FILE"))
    var gold: String?

    @Flag(help: "JSONL: add every candidate each rule proposed, including those that lost (weak supervision).")
    var votes = false

    @Flag(help: "CoNLL: start each document with the line '-DOCSTART- -X- O O' (the one spaCy's convert -c ner splits documents on).")
    var docstart = false

    @Option(help: ArgumentHelp("CoNLL columns, form first and tag last, from form,start,end,pinyin,tag (default: all five); form,tag is what spacy convert -c ner reads.",
                               valueName: "LIST"))
    var columns = "form,start,end,pinyin,tag"

    @Flag(name: .customLong("keep-spaces"), help: "char-bio: write white space (space, tab, NBSP, U+3000) as [U+XXXX] placeholder lines, so lines and offsets line up.")
    var keepSpaces = false






    @Flag(name: .shortAndLong, help: "No progress and no summary on standard error.")
    var quiet = false

    @OptionGroup var input: InputOptions

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        _ = try exportOptions()
    }

    func run() throws {
        let options = try exportOptions()
        let goldIndex = try gold.map { try GoldIndex.read($0) { Console.error($0) } } ?? .empty
        let pipeline = try ExportPipeline(rules: try rules.load(quiet: quiet), gold: goldIndex, options: options)
        let progress = ExportProgress(quiet: quiet, totalBytes: ProgressDisplay.inputBytes(paths))
        let stream = input.stream(paths, skipping: [out])
        let result: ExportPipeline.Result
        do {
            result = try pipeline.run(stream, report: { message, _ in progress.clearLine(); Console.error(message) },
                                      progress: progress.update)
        } catch let error as ExportError {
            progress.clearLine()
            throw CLIError(error.description)
        }
        progress.clearLine()
        if !quiet { Console.error(result.summary + "written to \(out)") }
        if result.statistics.failures > 0 {
            Console.error("\(result.statistics.failures) input(s) could not be exported; \(result.statistics.documents) document(s) were")
            throw ExitCode(1)
        }
    }

    private func exportOptions() throws -> ExportOptions {
        do {
            let wanted = labels.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            return ExportOptions(
                outputDirectory: out, formats: try formats(), splits: try SplitAssigner.parse(split, seed: seed),
                unit: unit, scheme: scheme, labels: try LabelPolicy(mapping: try Eval.parseMapping(map), allowed: wanted),
                votes: votes, docstart: docstart, columns: try CoNLLColumn.parse(columns), keepSpaces: keepSpaces, pinyin: input.pinyinStyle,
                jobs: input.jobs)
        } catch let error as ExportError {
            throw ValidationError(error.description)
        }
    }

    /// `--format` values, repeated or comma-separated, in the order given.
    private func formats() throws -> [ExportFormat] {
        var result: [ExportFormat] = []
        for name in format.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let value = ExportFormat(rawValue: name) else {
                throw ValidationError("unknown format '\(name)'; choose from \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.contains(value) { result.append(value) }
        }
        return result.isEmpty ? ExportFormat.defaults : result
    }
}

extension ExportUnitKind: ExpressibleByArgument {}

/// Progress of a long export on standard error: `ProgressDisplay`'s bar on a
/// terminal; elsewhere (a log, CI) a plain line every ten seconds, which a
/// file can hold where a redrawn bar would be garbage.
final class ExportProgress: @unchecked Sendable {
    private let quiet: Bool
    private let display: ProgressDisplay
    private let started = Date()
    private var lastLine = Date()

    init(quiet: Bool, totalBytes: Int?) {
        self.quiet = quiet
        display = ProgressDisplay(enabled: !quiet && Console.stderrIsTerminal, totalBytes: totalBytes)
    }

    func update(_ summary: CorpusRunner.Summary) {
        guard !quiet else { return }
        if Console.stderrIsTerminal { return display.update(summary) }
        guard Date().timeIntervalSince(lastLine) >= 10 else { return }
        lastLine = Date()
        let rate = Double(summary.characters) / max(Date().timeIntervalSince(started), 0.001)
        Console.error("export: \(summary.documents) documents, \(summary.characters) characters, "
                      + "\(summary.mentions) mentions (\(ProgressDisplay.si(rate)) chars/s)")
    }

    func clearLine() { display.clearLine() }
}
