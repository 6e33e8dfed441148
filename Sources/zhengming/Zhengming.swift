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
        version: "0.1.0",
        subcommands: [Annotate.self, Rules.self, Explain.self, Eval.self, Bench.self, Export.self],
        defaultSubcommand: nil)
}
