import ArgumentParser
import Foundation
import Zhengming

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule packs and run the examples embedded in rule files.",
        subcommands: [Check.self, Test.self, Profile.self, Path.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every file of the rule packs; report all problems as file:line:column.")

        @OptionGroup var rules: RuleOptions

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        func run() throws {
            let (ruleSet, diagnostics) = RuleSet.check(packs: try rules.directories)
            for diagnostic in diagnostics { Console.print(diagnostic.description) }
            let errors = diagnostics.filter(\.isError).count
            let warnings = diagnostics.count - errors
            if let ruleSet {
                let entries = ruleSet.lexicons.reduce(0) { $0 + $1.entries.count }
                Console.print("\(ruleSet.rules.count) rules in \(ruleSet.phases.count) phases (\(ruleSet.phases.joined(separator: " → "))), \(ruleSet.lexicons.count) lexicons with \(entries) entries")
            }
            Console.print("\(errors) error(s), \(warnings) warning(s)")
            if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
        }
    }

    /// Which packs a run would load: what a driver ships to cluster nodes
    /// (the Python package's Spark module), and what a user asks when
    /// unsure which `Rules/` is in force.
    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the absolute paths of the rule packs a run would load, the default pack first.")

        @OptionGroup var rules: RuleOptions

        func run() throws {
            for directory in try rules.directories {
                Console.print(URL(fileURLWithPath: directory).standardizedFileURL.path)
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the examples embedded in rule files and report failures with a diff.")

        @OptionGroup var rules: RuleOptions

        @Option(help: "Only rules whose name starts with this prefix.")
        var only: String?

        @Flag(name: .shortAndLong, help: "List passing examples too.")
        var verbose = false

        func run() throws {
            let ruleSet = try rules.load()
            let outcomes = try RuleExampleRunner(rules: ruleSet).run(matching: only)
            var failed = 0
            for outcome in outcomes {
                if outcome.passed {
                    if verbose { Console.print("PASS \(outcome.rule): \(outcome.example.text)") }
                    continue
                }
                failed += 1
                Console.print("FAIL \(outcome.rule) (\(outcome.example.location)): \(outcome.example.text)")
                for (text, label) in outcome.missing { Console.print("  - expected \(text)/\(label)") }
                for (text, label) in outcome.unexpected { Console.print("  + unexpected \(text)/\(label) from this rule") }
                let got = outcome.produced.map { "\($0.text)/\($0.label) [\($0.rule)]" }.joined(separator: ", ")
                Console.print("  produced: \(got.isEmpty ? "(nothing)" : got)")
            }
            Console.print("examples: \(outcomes.count - failed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct Profile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Annotate a corpus and show, rule by rule, where the time goes.",
            discussion: """
            One worker, no pinyin, no output. For each rule: the share of sentences the sentence \
            gate let it be tried in (it skips sentences that lack what every match of the rule \
            must contain), its attempts and matcher steps per thousand characters, its candidates, \
            and the time of its attempts. Rules that cost much and find little are the ones to \
            rewrite: a rarer literal word in the pattern lets the gate skip more sentences, and a \
            first character, lexicon or label lets it start in fewer places.
            """)

        @Argument(help: "Files or directories; '-' or nothing reads standard input.")
        var paths: [String] = []

        @OptionGroup var rules: RuleOptions
        @OptionGroup var input: InputOptions

        @Option(help: "Show this many rules (most time first); 0 shows all.")
        var top = 25

        func run() throws {
            let ruleSet = try rules.load()
            let annotator = try Annotator(rules: ruleSet, pinyin: nil)
            let profile = RuleProfile(ruleCount: ruleSet.rules.count)
            annotator.profile = profile
            var failures = 0
            let seconds = try Benchmark.time {
                for item in input.stream(paths) {
                    switch item {
                    case .document(let document): _ = try annotator.annotate(document)
                    case .failure(let error):
                        if !error.isWarning { failures += 1 }
                        Console.error(error.description)
                    }
                }
            }
            let thousands = Double(max(1, profile.characters)) / 1_000
            let total = max(1, profile.rules.reduce(UInt64(0)) { $0 + $1.nanoseconds })
            Console.print(String(format: "%d documents, %d characters, %.2f s (%.2f M chars/s with profiling)",
                                 profile.documents, profile.characters, seconds, Double(profile.characters) / seconds / 1e6))
            Console.print("rule".padding(toLength: 36, withPad: " ", startingAt: 0)
                          + "phase          tried  attempts/kc  steps/kc  candidates     ms  share")
            let order = profile.rules.indices.sorted { profile.rules[$0].nanoseconds > profile.rules[$1].nanoseconds }
            for index in top > 0 ? Array(order.prefix(top)) : order {
                let counts = profile.rules[index], rule = ruleSet.rules[index]
                let sentences = counts.sentencesTried + counts.sentencesSkipped
                Console.print(rule.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                              + rule.phase.padding(toLength: 12, withPad: " ", startingAt: 0)
                              + String(format: "%6.0f%%  %11.1f  %8.1f  %10d  %5.1f  %4.1f%%",
                                       sentences == 0 ? 0 : 100 * Double(counts.sentencesTried) / Double(sentences),
                                       Double(counts.attempts) / thousands, Double(counts.steps) / thousands,
                                       counts.candidates, Double(counts.nanoseconds) / 1e6,
                                       100 * Double(counts.nanoseconds) / Double(total)))
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
