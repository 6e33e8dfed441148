import ArgumentParser
import Foundation
import Zhengming

/// The options every command that loads rules shares.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A rule pack directory to load on top of the default pack (repeatable; later packs override earlier ones).",
        valueName: "DIR"))
    var packs: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Do not load the default pack (Rules/); use only --rules packs.")
    var noDefaultRules = false

    /// The default pack: $ZHENGMING_RULES, else ./Rules, else Rules/ next to
    /// the checkout the binary was built in (…/.build/release/zhengming).
    static func defaultPack() -> String? {
        let fileManager = FileManager.default
        if let fromEnvironment = ProcessInfo.processInfo.environment["ZHENGMING_RULES"] { return fromEnvironment }
        if fileManager.fileExists(atPath: "Rules/pack.yaml") { return "Rules" }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("Rules")
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("pack.yaml").path) { return candidate.path }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    var directories: [String] {
        get throws {
            var result = packs
            if !noDefaultRules {
                guard let pack = Self.defaultPack() else {
                    throw ValidationError("cannot find the default rule pack (Rules/pack.yaml); run from the checkout, set ZHENGMING_RULES, or pass --no-default-rules --rules DIR")
                }
                result.insert(pack, at: 0)
            }
            return result
        }
    }

    /// Loads the packs, printing warnings; on errors prints them and exits 2.
    func load(quiet: Bool = false) throws -> RuleSet {
        let directories = try self.directories
        if directories.isEmpty { return .empty }
        do {
            let rules = try RuleSet.load(packs: directories)
            if !quiet { for warning in rules.diagnostics { Console.error(warning.description) } }
            return rules
        } catch let error as RulePackError {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}
