import ArgumentParser
import Foundation
import Zhengming

struct Trends: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count mentions per period, label and surface over a corpus, as a table, trends.csv and trends.html charts.",
        discussion: """
        A document's date is its input field (--date-field, default date), else the first full date (year, \
        month, day) in its first sentence (a dateline); documents with neither are counted as undated and \
        reported. A surface is the lexicon's canonical name where it gives one, else the normalised text. \
        With -o DIR, writes DIR/trends.csv (every count: period,label,text,count,documents) and \
        DIR/trends.html (one line chart per label of its --top surfaces); without it, or with --format, \
        prints a table (top surfaces per period and label) or the CSV on standard output.
        """)

    @Argument(help: "Files or directories (*.txt, *.jsonl); '-' or nothing reads standard input.")
    var paths: [String] = []

    @Option(help: "Period: month or year.")
    var by: TrendCounter.Granularity = .month

    @Option(parsing: .upToNextOption, help: "Labels to count (default: every label), e.g. --labels OFFICIAL SLOGAN or OFFICIAL,SLOGAN.")
    var labels: [String] = []

    @Option(help: "Surfaces per label in the charts and the table.")
    var top = 10

    @Option(help: ArgumentHelp("The input field holding a document's date.", valueName: "FIELD"))
    var dateField = "date"

    @Option(name: .shortAndLong, help: ArgumentHelp("Write trends.csv and trends.html into DIR.", valueName: "DIR"))
    var output: String?

    @Option(help: "Print to standard output: table or csv (default: table when no -o).")
    var format: Format?

    @Flag(name: .shortAndLong, help: "No progress or summary on standard error.")
    var quiet = false

    @OptionGroup var input: InputOptions

    @OptionGroup var rules: RuleOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv }

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1 (got \(top))") }
    }

    func run() throws {
        let ruleSet = try rules.load(quiet: quiet)
        let wanted = Set(labels.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
        if let unknown = wanted.subtracting(ruleSet.labels).sorted().first {
            throw CLIError("unknown label '\(unknown)' (the packs have \(ruleSet.labels.joined(separator: ", ")))")
        }
        let runner = try CorpusRunner(rules: ruleSet, options: .init(jobs: input.jobs, pinyin: nil))
        let counter = try TrendCounter(by: by)
        let writer = TrendWriter(dateField: dateField, labels: wanted.isEmpty ? nil : wanted)
        let summary = runner.run(input.stream(paths, skipping: [output]), writer: writer, emit: { counter.add($0) },
                                     report: { message, _ in Console.error(message) })
        let rows = counter.rows
        if let output {
            do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
                throw CLIError("cannot create \(output): \(error.localizedDescription)")
            }
            try write(TrendTables.csv(rows), to: (output as NSString).appendingPathComponent("trends.csv"))
            try write(TrendPage.render(counter, top: top, inputs: paths.isEmpty ? ["standard input"] : paths,
                                       dateField: dateField),
                      to: (output as NSString).appendingPathComponent("trends.html"))
        }
        switch format ?? (output == nil ? .table : nil) {
        case .table?: try? Console.standardOutput.write(TrendTables.table(rows, top: top))
        case .csv?: try? Console.standardOutput.write(TrendTables.csv(rows))
        case nil: break
        }
        if !quiet {
            let dated = counter.datedFromField + counter.datedFromDateline
            Console.error("zhengming trends: \(counter.documents) documents, \(dated) dated (\(counter.datedFromField) by '\(dateField)', "
                          + "\(counter.datedFromDateline) by a dateline), \(counter.undatedDocuments.count) undated; "
                          + "\(rows.count) counts over \(counter.periods.count) \(by.rawValue)s"
                          + (output.map { "; wrote \($0)/trends.csv and \($0)/trends.html" } ?? ""))
            if !counter.undatedDocuments.isEmpty {
                let shown = counter.undatedDocuments.prefix(10).joined(separator: ", ")
                Console.error("zhengming trends: undated: \(shown)\(counter.undatedDocuments.count > 10 ? ", …" : "")")
            }
        }
        if summary.failures > 0 {
            Console.error("\(summary.failures) input(s) could not be read; \(summary.documents) document(s) were counted")
            throw ExitCode(1)
        }
    }

    /// Through the one checked, atomic output path.
    private func write(_ text: String, to path: String) throws {
        let file = try Console.open(path)
        do {
            try file.write(text)
            try file.commit()
        } catch {
            file.discard()
            throw CLIError("\(error)")
        }
    }
}

extension TrendCounter.Granularity: ExpressibleByArgument {}
