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

    /// Where the default pack is looked for, in order: $ZHENGMING_RULES, else
    /// ./Rules, else Rules/ next to the checkout the binary was built in
    /// (…/.build/release/zhengming), up to four directories above it.
    static func defaultPackCandidates() -> [String] {
        var result = ["Rules"]
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            result.append(directory.appendingPathComponent("Rules").path)
            directory = directory.deletingLastPathComponent()
        }
        return result
    }

    /// The default pack's directory.
    ///
    /// - Throws: `CLIError` when `ZHENGMING_RULES` names no pack, or when no
    ///   candidate holds one (a binary copied out of its checkout): the
    ///   message says where it looked and how to point at a pack.
    static func defaultPack() throws -> String {
        let fileManager = FileManager.default
        if let fromEnvironment = ProcessInfo.processInfo.environment["ZHENGMING_RULES"], !fromEnvironment.isEmpty {
            guard fileManager.fileExists(atPath: (fromEnvironment as NSString).appendingPathComponent("pack.yaml")) else {
                throw CLIError("ZHENGMING_RULES=\(fromEnvironment) is not a rule pack (no pack.yaml in it); point it at the Rules/ directory of a checkout")
            }
            return fromEnvironment
        }
        let candidates = defaultPackCandidates()
        if let found = candidates.first(where: { fileManager.fileExists(atPath: ($0 as NSString).appendingPathComponent("pack.yaml")) }) {
            return found
        }
        throw CLIError("cannot find the default rule pack (Rules/pack.yaml) in the current directory or beside the executable "
                       + "(looked in \(candidates.joined(separator: ", "))); set ZHENGMING_RULES=/path/to/Rules, "
                       + "or pass --no-default-rules --rules DIR")
    }

    var directories: [String] {
        get throws {
            var result = packs
            if !noDefaultRules { result.insert(try Self.defaultPack(), at: 0) }
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
