import ArgumentParser
import Foundation
import Zhengming

struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Annotate files, directories (*.txt, *.jsonl) or standard input.",
        discussion: """
        Text files are one document each; JSONL files hold one object per line with "text" and an \
        optional "id" (other fields are passed through). Encodings: UTF-8 (with or without BOM), \
        UTF-16 with BOM, GB18030/GBK/Big5 detected with ICU; --encoding overrides. An undecodable \
        input is reported as 'path: reason' and skipped; the exit status is then 1.
        """)

    @Argument(help: "Files or directories; '-' or nothing reads standard input.")
    var paths: [String] = []

    @Option(help: "Output format: conll, jsonl or html (one self-contained page to open in a browser).")
    var format: OutputFormat = .conll

    @Option(help: "Tag scheme for CoNLL: bio or bioes.")
    var scheme: TagScheme = .bio

    @Option(help: "One line per token or per character (CoNLL).")
    var granularity: Granularity = .token



    @Flag(help: "JSONL: add sentences and tokens (with pinyin).")
    var tokens = false

    @Flag(help: "JSONL: add the nested layer (every mention any phase accepted).")
    var nested = false

    @Option(help: ArgumentHelp("Annotate only the first N documents (a sample to look at).", valueName: "N"))
    var limit: Int?



    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.")
    var output: String?


    @Flag(name: .shortAndLong, help: "No progress display on standard error.")
    var quiet = false

    @Flag(help: ArgumentHelp(
        "Write and flush each record's output as soon as it is annotated; a record that cannot be annotated gets an error record in its place.",
        discussion: "For clients on a pipe (the Python package): one output per input record, in order."))
    var stream = false

    @OptionGroup var input: InputOptions

    @OptionGroup var rules: RuleOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case conll, jsonl, html }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
    }

    func run() throws {
        do { try OutputFile.checkNotAnInput(output, inputs: paths) } catch { throw CLIError(error.description) }
        let ruleSet = try rules.load(quiet: quiet)
        let writer: any AnnotationWriter = switch format {
        case .conll: CoNLLWriter(scheme: scheme)
        case .jsonl: JSONLWriter(includeNested: nested, includeTokens: tokens)
        case .html: HTMLWriter()
        }
        let wantsPinyin = format == .conll || tokens
        let runner = try CorpusRunner(rules: ruleSet, options: .init(
            jobs: input.jobs, pinyin: wantsPinyin ? input.pinyinStyle : nil, granularity: granularity,
            streaming: stream))
        let inputs = input.stream(paths, skipping: [output])
        let documents: AnySequence<ReadResult> = limit.map { AnySequence(DocumentLimit(inputs, documents: $0)) }
            ?? AnySequence(inputs)
        let file = try Console.open(output)
        // The page's frame around the sections (HTMLPage); the footer counts
        // what the page shows and warns when it is large.
        var pageBytes = 0
        let emitted: ([UInt8]) throws -> Void
        if format == .html {
            let title = paths.isEmpty ? "Zhengming" : "Zhengming: " + paths.joined(separator: " ")
            do { try file.write(HTMLPage.header(title: title, labels: ruleSet.labels)) } catch { throw CLIError("\(error)") }
            emitted = { pageBytes += $0.count; try file.write($0) }
        } else {
            emitted = { try file.write($0) }
        }
        let progress = ProgressDisplay(enabled: !quiet && !stream && Console.stderrIsTerminal,
                                       totalBytes: ProgressDisplay.inputBytes(paths))
        let report: (String, Bool) -> Void = { message, _ in progress.clearLine(); Console.error(message) }
        let summary: CorpusRunner.Summary
        do {
            if stream {
                let output = StreamingOutput(file)
                summary = try runner.run(documents, writer: writer, emit: output.write, report: report)
            } else {
                summary = try runner.run(documents, writer: writer, emit: emitted,
                                         report: report, progress: progress.update)
            }
            if format == .html {
                let page = HTMLPage.Summary(documents: summary.documents, characters: summary.characters,
                                            mentions: summary.mentions, bytes: pageBytes)
                try file.write(HTMLPage.footer(page))
                if let warning = page.warning { Console.error("zhengming: warning: \(warning)") }
            }
            try file.commit()
        } catch is StreamingOutput.ReaderGone {
            // The client closed its end: nobody is left to read an answer
            // or a message.
            file.discard()
            return
        } catch {
            // The temporary file goes; a previous output stays as it was.
            file.discard()
            progress.clearLine()
            throw CLIError("\(error)")
        }
        progress.finish(summary)
        if summary.failures > 0 {
            Console.error("\(summary.failures) input(s) could not be annotated; \(summary.documents) document(s) were")
            throw ExitCode(1)
        }
    }
}

extension TagScheme: ExpressibleByArgument {}
extension Granularity: ExpressibleByArgument {}
extension PinyinStyle: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
