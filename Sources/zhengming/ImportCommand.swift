import ArgumentParser
import Foundation
import Zhengming

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read corrected annotations from Label Studio, doccano, brat or CoNLL back as Zhengming gold JSONL.",
        discussion: """
        The other half of the annotation loop: pre-annotate with `export --format label-studio` \
        (or doccano, brat, conll), correct in the tool, export from it, and import the file here. \
        Writes one gold record per document, {"id", <fields>, "text", "spans": [{"start", "end", \
        "label", "text"}]}, with code-point offsets (Label Studio's UTF-16 offsets are converted), \
        the id and the input's fields kept, for `eval --gold` and `export --gold`. A bad record is \
        reported as one line naming the file and the record and skipped; the exit status is then 1.
        """)

    @Argument(help: ArgumentHelp("The tool's export: a JSON/JSONL file (label-studio, doccano), a directory or .ann file (brat), a CoNLL file (conll).",
                                 valueName: "FILE"))
    var path: String

    @Option(name: .customLong("from"), help: ArgumentHelp("The tool: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
                                                          valueName: "TOOL"))
    var format: ImportFormat

    @Option(name: .shortAndLong, help: "Write the gold JSONL to FILE instead of standard output.")
    var output: String?

    func run() throws {
        var bad = 0
        let records: [GoldRecord]
        do {
            records = try format.read(path) { problem in
                bad += 1
                Console.error(problem.description)
            }
        } catch let problem as ImportProblem {
            throw CLIError(problem.description)
        }
        do { try OutputFile.checkNotAnInput(output, inputs: [path]) } catch { throw CLIError(error.description) }
        let file = try Console.open(output)
        var bytes: [UInt8] = []
        for record in records { record.jsonLine(to: &bytes) }
        do {
            try file.write(bytes)
            try file.commit()
        } catch {
            file.discard()
            throw CLIError("\(error)")
        }
        let spans = records.reduce(0) { $0 + $1.spans.count }
        Console.error("imported \(records.count) record(s) with \(spans) span(s) from \(path)"
                      + (bad > 0 ? "; \(bad) record(s) skipped" : ""))
        if bad > 0 { throw ExitCode(1) }
    }
}

extension ImportFormat: ExpressibleByArgument {}
