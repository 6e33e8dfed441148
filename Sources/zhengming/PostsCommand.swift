import ArgumentParser
import Foundation
import Zhengming
import ZhengmingSQLite

struct Posts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posts",
        abstract: "Who holds what: write the person–post records of a corpus as a table or a SQLite database.",
        discussion: """
        One row per record: doc_id, official, organ, title, post, status, place, sentence, \
        official_start, official_end, title_start, title_end, organ_start, organ_end, rule, then \
        resolved, cue, date and sentence_index. Offsets are code points of the document's text. \
        --group writes the career table instead: one row per official and post with the number of \
        records and documents, the first and last document, the earliest and latest document date \
        (the input field "date", else the first full date of a dateline) and the count of each \
        status. --format sqlite -o FILE writes tables documents, mentions and posts (and a careers \
        view) into FILE; running again adds documents and replaces those of the same id.
        """)

    @Argument(help: "Files or directories; '-' or nothing reads standard input.")
    var paths: [String] = []

    @Option(help: "csv (RFC 4180), tsv, jsonl or sqlite.")
    var format: Format = .csv

    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output (required for sqlite).")
    var output: String?

    @Flag(help: "The career table: one row per (official, post) over the corpus.")
    var group = false

    @Flag(name: .shortAndLong, help: "No progress display or summary on standard error.")
    var quiet = false

    @OptionGroup var input: InputOptions

    @OptionGroup var rules: RuleOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, tsv, jsonl, sqlite }

    func validate() throws {
        if format == .sqlite && (output == nil || output == "-") {
            throw ValidationError("--format sqlite needs -o FILE (the database to create or add to)")
        }
        if format == .sqlite && group {
            throw ValidationError("--group is for csv, tsv and jsonl; a database has the 'careers' view instead")
        }
    }

    func run() throws {
        let ruleSet = try rules.load(quiet: quiet)
        guard ruleSet.postLinker != nil else {
            throw CLIError("the rule packs have no post rules ('posts:' in a rule file), so no records can be linked")
        }
        let runner = try CorpusRunner(rules: ruleSet, options: .init(jobs: input.jobs, pinyin: nil))
        let progress = ProgressDisplay(enabled: !quiet && Console.stderrIsTerminal, totalBytes: ProgressDisplay.inputBytes(paths))
        let report: (String, Bool) -> Void = { message, _ in progress.clearLine(); Console.error(message) }
        let summary: CorpusRunner.Summary
        var records = 0
        switch format {
        case .sqlite:
            let database = try PostDatabase(path: output!)
            var failure: Error?
            try database.begin()
            summary = runner.run(input.stream(paths), produce: { $0 }, consume: { annotated, _ in
                guard failure == nil else { return }
                do {
                    try database.add(annotated)
                    records += annotated.posts.count
                } catch { failure = error }
            }, report: report, progress: { summary in
                progress.update(summary)
                // One transaction per batch: a crash loses at most the batch.
                do { try database.commit(); try database.begin() } catch { failure = failure ?? error }
            })
            try database.commit()
            if let failure { throw CLIError("\(failure)") }
            progress.finish(summary)
            if !quiet {
                Console.error("\(database.path): \(database.added) document(s) added, \(database.replaced) replaced, \(records) record(s); the database now holds \(try database.count("documents")) documents and \(try database.count("posts")) records")
            }
        case .csv, .tsv, .jsonl:
            let tableFormat = TableWriter.Format(rawValue: format.rawValue)!
            // Complete or absent: written beside the target and renamed on
            // success (OutputFile); a failed run leaves the old file.
            let file = try Console.open(output)
            do {
                if group {
                    var table = CareerTable()
                    summary = runner.run(input.stream(paths), produce: { PostRow.rows(of: $0) }, consume: { rows, _ in
                        records += rows.count
                        table.add(rows)
                    }, report: report, progress: progress.update)
                    let writer = TableWriter(format: tableFormat, columns: CareerTable.columns,
                                             numericColumns: ["records", "documents", "current", "former", "appointed", "removed"])
                    var bytes = writer.header
                    for row in table.rows { writer.append(row.values, to: &bytes) }
                    try file.write(bytes)
                    if !quiet {
                        progress.clearLine()
                        Console.error("\(records) record(s) in \(table.rows.count) (official, post) row(s) from \(summary.documents) document(s)")
                    }
                } else {
                    let writer = PostTableWriter(format: tableFormat)
                    try file.write(writer.table.header)
                    summary = try runner.run(input.stream(paths), writer: writer, emit: { try file.write($0) },
                                             report: report, progress: progress.update)
                }
                try file.commit()
            } catch {
                file.discard()
                progress.clearLine()
                throw CLIError("\(error)")
            }
            progress.finish(summary)
        }
        if summary.failures > 0 {
            Console.error("\(summary.failures) input(s) could not be annotated; \(summary.documents) document(s) were")
            throw ExitCode(1)
        }
    }
}
