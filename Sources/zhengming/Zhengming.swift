import ArgumentParser
import Zhengming

@main
struct ZhengmingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zhengming",
        abstract: "正名 Zhengming: a rule-based annotator for Chinese political text.",
        discussion: """
        Finds officials, titles, party and state organs, political formulations (提法), places and \
        dates with declarative rules loaded at run time from Rules/ (and any --rules packs), and \
        writes CoNLL or JSONL with code-point offsets into the original text.
        """,
        version: ZhengmingVersion.string,
        subcommands: [Annotate.self, Rules.self, Explain.self, Eval.self, Posts.self, Bench.self, Export.self, Import.self,
                      Serve.self, Trends.self],
        defaultSubcommand: nil)

    /// ArgumentParser's `main`, with the two things every command shares:
    /// interruption removes temporary outputs (`InterruptCleanup`), and a
    /// `CLIError` is one line, `zhengming: MESSAGE`, with its exit status.
    /// Standard output is flushed and checked last, so a report written to
    /// a full disk fails too.
    static func main() {
        InterruptCleanup.install()
        do {
            var command = try parseAsRoot()
            try command.run()
            try Console.finish()
        } catch let error as CLIError {
            finishStandardOutput(unless: error.description)
            Console.error("zhengming: \(error.description)")
            exit(withError: ExitCode(error.code))
        } catch {
            finishStandardOutput()
            exit(withError: error)
        }
    }

    /// Flushes standard output on the way out of a failed run, saying so
    /// when that fails too, unless the run's own error already said it (the
    /// run's status stands).
    private static func finishStandardOutput(unless reported: String? = nil) {
        do { try Console.finish() } catch {
            if "\(error)" != reported { Console.error("zhengming: \(error)") }
        }
    }
}
