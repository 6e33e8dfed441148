import ArgumentParser
import Zhengming

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule packs and run the examples embedded in rule files.",
        subcommands: [Check.self, Test.self])

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
}
