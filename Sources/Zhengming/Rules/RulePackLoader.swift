import Foundation
import Yams

/// Loads rule packs from directories and compiles them into a `RuleSet`,
/// collecting every diagnostic on the way.
///
/// A pack is a directory:
/// - `pack.yaml` (optional): `labels`, `phases` (in order), `disable` (rule
///   names of earlier packs to switch off);
/// - `lexicons/NAME.txt`: the lexicon `NAME` (a later pack extends it);
/// - every other `*.yaml` file, at any depth: rules.
/// Files of any other kind (other than `*.md`) are reported as unused.
enum RulePackLoader {
    static let defaultLabels = ["OFFICIAL", "PERSON", "TITLE", "ORGAN", "SLOGAN", "LOC", "DATE", "EVENT", "CONTACT"]

    static func load(_ directories: [String], limits: RulePackLimits = .standard) -> (RuleSet?, [RuleDiagnostic]) {
        var state = LoaderState()
        state.limits = limits
        for (index, directory) in directories.enumerated() {
            state.loadPack(directory, index: index)
        }
        state.reportPhasesWithoutRules()
        let ruleSet = state.compile(packs: directories)
        return (ruleSet, state.diagnostics)
    }
}

/// The loader's working state while packs are read one after the other.
struct LoaderState {
    /// Lexicon files from this many lines are sized before loading (see
    /// `LexiconAutomaton.reserve`); smaller ones grow as they go.
    static let reservingLexiconLines = 100_000
    var diagnostics: [RuleDiagnostic] = []
    /// The sizes past which a pack is refused (Z007).
    var limits = RulePackLimits.standard
    /// Whether the rule or lexicon limit was reported (once per run).
    var reportedRuleLimit = false
    var reportedEntryLimit = false
    var labels: [String] = []
    var phases: [String] = []
    /// Where each phase was first listed in a `phases:` of pack.yaml.
    var phaseLocations: [String: SourceLocation] = [:]
    var lexicons: [Lexicon] = []
    var lexiconIndex: [String: Int] = [:]
    /// Every lexicon entry, compiled as it is read; it also finds duplicates.
    var automaton = LexiconAutomaton()
    /// The pack each lexicon file came from (parallel to `Lexicon.files`).
    var lexiconFilePacks: [[Int]] = []
    var rules: [Rule] = []
    /// Where each rule name is in `rules`: a pack of 10^5 rules used to
    /// search the list for every rule it added (quadratic; issue 15).
    var ruleIndex: [String: Int] = [:]
    var disabled: [(name: String, location: SourceLocation)] = []
    /// `macros:` of pack.yaml: `<name>` in a pattern stands for `(?:body)`.
    var macros: [String: String] = [:]
    var propagated: Set<String> = []
    /// `scores:` of pack.yaml, as written (compiled once the lexicons are read).
    var scoreDefinitions: [ScoreDefinition] = []
    /// `resolve:` of pack.yaml (a later pack's keys replace an earlier one's).
    var resolution: EntityResolution.Configuration?
    /// The score models, compiled when the pack stack is compiled.
    var scoreModels: [ScoreModel] = []
    /// Post rules (`posts:` of rule files) and the linker's settings
    /// (`linking:`), compiled with the rest (`RulePackLoader+Posts`).
    var postDefinitions: [PostRuleDefinition] = []
    var postLinking: PostLinkingDefinition?
    let normalizer = try! CharacterNormalizer()

    mutating func report(_ code: RuleDiagnostic.Code, _ file: String, _ line: Int, _ column: Int, _ message: String) {
        diagnostics.append(RuleDiagnostic(code, file: file, line: line, column: column, message))
    }

    // MARK: Reading a pack

    mutating func loadPack(_ directory: String, index: Int) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            report(.unreadableFile, directory, 1, 1, "rule pack directory not found")
            return
        }
        let manifest = (directory as NSString).appendingPathComponent("pack.yaml")
        if FileManager.default.fileExists(atPath: manifest) {
            loadManifest(manifest)
        } else if index == 0 {
            labels = RulePackLoader.defaultLabels
        }
        if labels.isEmpty { labels = RulePackLoader.defaultLabels }
        var ruleFiles: [String] = []
        var lexiconFiles: [String] = []
        let walker = FileManager.default.enumerator(atPath: directory)
        while let relative = walker?.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            let name = (relative as NSString).lastPathComponent
            if isDir.boolValue || name.hasPrefix(".") { continue }
            let components = (relative as NSString).pathComponents
            if components.count == 2, components[0] == "lexicons", name.hasSuffix(".txt") {
                lexiconFiles.append(path)
            } else if relative == "pack.yaml" {
                continue
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                ruleFiles.append(path)
            } else if name.hasSuffix(".md") || name == "LICENSE" {
                continue
            } else {
                report(.unusedFile, path, 1, 1,
                       "nothing loads this file: lexicons go in lexicons/NAME.txt, rules in *.yaml")
            }
        }
        for file in lexiconFiles.sorted() { loadLexicon(file, pack: index) }
        for file in ruleFiles.sorted() { loadRuleFile(file, pack: index) }
    }

    mutating func loadManifest(_ file: String) {
        guard let root = parseYAML(file) else { return }
        guard let pairs = root.stringKeyedPairs else {
            report(.wrongType, file, root.location.line, root.location.column, "pack.yaml must be a mapping")
            return
        }
        for (key, keyNode, value) in pairs {
            let (line, column) = value.location
            switch key {
            case "name", "description", "version": continue
            case "labels":
                for label in strings(value, file: file, key: key) where !labels.contains(label) { labels.append(label) }
            case "phases":
                mergePhases(checkedPhases(value, file: file))
            case "propagate":
                propagated.formUnion(strings(value, file: file, key: key))
            case "scores":
                loadScoreDefinitions(value, file: file)
            case "resolve":
                loadResolution(value, file: file)
            case "macros":
                guard let definitions = value.stringKeyedPairs else {
                    report(.wrongType, file, line, column, "'macros' must map names to pattern fragments")
                    continue
                }
                for (name, _, body) in definitions { macros[name] = body.scalarText ?? "" }
            case "disable":
                for item in value.sequenceItems ?? [] {
                    if let name = item.scalarText {
                        disabled.append((name, SourceLocation(file: file, line: item.location.line, column: item.location.column)))
                    }
                }
                if value.sequenceItems == nil { report(.wrongType, file, line, column, "'disable' must be a list of rule names") }
            default:
                report(.unknownKey, file, keyNode.location.line, keyNode.location.column,
                       "unknown key '\(key)' in pack.yaml (known: labels, phases, macros, propagate, resolve, scores, disable, name, description)")
            }
        }
    }

    /// Adds phases keeping their relative order: a new phase goes right after
    /// the phase that precedes it in the pack's list (or first).
    mutating func mergePhases(_ newPhases: [String]) {
        var previous: String?
        for phase in newPhases {
            if !phases.contains(phase) {
                let position = previous.flatMap { phases.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
                phases.insert(phase, at: position)
            }
            previous = phase
        }
    }

    func strings(_ node: Node, file: String, key: String) -> [String] {
        (node.sequenceItems ?? []).compactMap(\.scalarText)
    }

    mutating func parseYAML(_ file: String) -> Node? {
        guard let data = FileManager.default.contents(atPath: file) else {
            report(.unreadableFile, file, 1, 1, "cannot read file")
            return nil
        }
        guard data.count <= limits.ruleFileBytes else {
            report(.tooLarge, file, 1, 1,
                   "rule file of \(data.count) bytes, over the limit of \(limits.ruleFileBytes); split it, or put word lists in a lexicon")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            report(.invalidEncoding, file, 1, 1, "rule files must be UTF-8")
            return nil
        }
        // Before Yams builds a tree: a NUL byte at its real place, and a
        // nesting that would overflow the stack (RulePackLoader+YAML).
        guard checkYAMLText(text, file: file) else { return nil }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return nil
            }
            reportDuplicateKeys(node, file: file)
            return node
        } catch let error as YamlError {
            reportYAMLError(error, text: text, file: file)
        } catch {
            report(.yamlSyntax, file, 1, 1, "\(error)")
        }
        return nil
    }

    // MARK: Lexicons

    mutating func loadLexicon(_ file: String, pack: Int) {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let data = FileManager.default.contents(atPath: file) else {
            report(.unreadableFile, file, 1, 1, "cannot read lexicon")
            return
        }
        var found: [RuleDiagnostic] = []
        let lines = LexiconFile.parse([UInt8](data), file: file) { found.append($0) }
        diagnostics += found
        let index: Int
        if let existing = lexiconIndex[name] { index = existing } else {
            index = lexicons.count
            lexiconIndex[name] = index
            lexicons.append(Lexicon(name: name))
            lexiconFilePacks.append([])
        }
        lexicons[index].files.append(file)
        lexiconFilePacks[index].append(pack)
        let fileNumber = lexicons[index].files.count - 1
        lexicons[index].entries.reserveCapacity(lexicons[index].entries.count + lines.count)
        if lines.count >= Self.reservingLexiconLines {
            automaton.reserve(keys: lines.count, characters: lines.reduce(0) { $0 + $1.text.unicodeScalars.count })
        }
        for line in lines {
            guard automaton.entryCount < limits.lexiconEntries else {
                if !reportedEntryLimit {
                    report(.tooLarge, file, line.number, 1,
                           "entry '\(line.text)' is past the limit of \(limits.lexiconEntries) lexicon entries in a run; it and the entries after it are not loaded")
                    reportedEntryLimit = true
                }
                break
            }
            let key = normalizer.normalize(line.text)
            let entryNumber = Int32(lexicons[index].entries.count)
            if let earlier = automaton.insert(key, lexicon: Int32(index), entry: entryNumber) {
                let first = lexicons[index].entries[Int(earlier)]
                let where_ = "\(lexicons[index].files[first.file]):\(first.line)"
                if lexiconFilePacks[index][first.file] == pack {
                    report(.duplicateEntry, file, line.number, 1,
                           "duplicate entry '\(line.text)' in lexicon '\(name)' (first at \(where_))")
                } else {
                    report(.shadowedEntry, file, line.number, 1,
                           "entry '\(line.text)' is already in lexicon '\(name)' from an earlier pack (\(where_)); the first one's attributes are used")
                }
                continue
            }
            lexicons[index].entries.append(LexiconEntry(text: line.text, attributes: line.attributes, line: line.number,
                                                        file: fileNumber))
        }
    }

    // MARK: Rule files

    mutating func loadRuleFile(_ file: String, pack: Int) {
        guard let root = parseYAML(file) else { return }
        guard let pairs = root.stringKeyedPairs else {
            report(.wrongType, file, root.location.line, root.location.column,
                   "a rule file is a mapping with a 'rules' list")
            return
        }
        var defaults = RuleDefaults()
        var ruleNodes: [Node] = []
        for (key, keyNode, value) in pairs {
            switch key {
            case "phase": defaults.phase = value.scalarText
            case "label": defaults.label = value.scalarText
            case "priority": defaults.priority = value.scalarText.flatMap { Int($0) }
            case "description": continue
            case "linking": loadLinking(value, file: file)
            case "posts": loadPostRules(value, file: file, pack: pack)
            case "rules":
                guard let items = value.sequenceItems else {
                    report(.wrongType, file, value.location.line, value.location.column, "'rules' must be a list")
                    continue
                }
                ruleNodes = items
            default:
                report(.unknownKey, file, keyNode.location.line, keyNode.location.column,
                       "unknown key '\(key)' (known at file level: phase, label, priority, description, rules, posts, linking)")
            }
        }
        for node in ruleNodes {
            if let rule = parseRule(node, file: file, defaults: defaults, pack: pack) { add(rule) }
        }
    }

    struct RuleDefaults {
        var phase: String?
        var label: String?
        var priority: Int?
    }

    mutating func add(_ rule: Rule) {
        if let existing = ruleIndex[rule.name] {
            if rules[existing].pack == rule.pack {
                report(.duplicateRule, rule.location.file, rule.location.line, rule.location.column,
                       "duplicate rule name '\(rule.name)' (first defined at \(rules[existing].location))")
                return
            }
            rules[existing] = rule  // a later pack overrides by name
            return
        }
        guard rules.count < limits.rules else {
            if !reportedRuleLimit {
                report(.tooLarge, rule.location.file, rule.location.line, rule.location.column,
                       "rule '\(rule.name)' is past the limit of \(limits.rules) rules in a run; it and the rules after it are not loaded (a word list belongs in a lexicon)")
                reportedRuleLimit = true
            }
            return
        }
        ruleIndex[rule.name] = rules.count
        rules.append(rule)
    }

    static let ruleKeys: Set<String> = [
        "name", "label", "phase", "priority", "pattern", "mention", "captures", "attributes", "relations",
        "except", "before", "after", "not_before", "not_after", "examples", "description", "disabled", "pinyin",
        "score",
    ]

    mutating func parseRule(_ node: Node, file: String, defaults: RuleDefaults, pack: Int) -> Rule? {
        let (line, column) = node.location
        guard let pairs = node.stringKeyedPairs else {
            report(.wrongType, file, line, column, "a rule must be a mapping with at least name and pattern")
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, keyNode, value) in pairs {
            if !Self.ruleKeys.contains(key) {
                report(.unknownKey, file, keyNode.location.line, keyNode.location.column,
                       "unknown rule key '\(key)' (known: \(Self.ruleKeys.sorted().joined(separator: ", ")))")
            }
            fields[key] = value
        }
        guard let name = fields["name"]?.scalarText, !name.isEmpty else {
            report(.missingField, file, line, column, "rule without a 'name'")
            return nil
        }
        guard let pattern = fields["pattern"]?.scalarText, !pattern.isEmpty else {
            report(.missingField, file, line, column, "rule '\(name)' has no 'pattern'")
            return nil
        }
        if fields["disabled"]?.scalarText == "true" { return nil }
        guard let label = fields["label"]?.scalarText ?? defaults.label else {
            report(.missingField, file, line, column, "rule '\(name)' has no 'label' (set it on the rule or the file)")
            return nil
        }
        let phase = fields["phase"]?.scalarText ?? defaults.phase ?? phases.last ?? "main"
        var priority = defaults.priority ?? 0
        if let text = fields["priority"]?.scalarText {
            if let value = Int(text) { priority = value } else {
                let at = fields["priority"]!.location
                report(.wrongType, file, at.line, at.column, "priority must be an integer")
            }
        }
        var captures: [(String, String)] = []
        for (key, _, value) in fields["captures"]?.stringKeyedPairs ?? [] {
            captures.append((key, value.scalarText ?? ""))
        }
        var attributes: [(String, String)] = []
        for (key, _, value) in fields["attributes"]?.stringKeyedPairs ?? [] {
            attributes.append((key, value.scalarText ?? ""))
        }
        var relations: [(String, String, String)] = []
        for item in fields["relations"]?.sequenceItems ?? [] {
            let parts = (item.sequenceItems?.compactMap(\.scalarText))
                ?? (item.scalarText?.split(separator: " ").map(String.init) ?? [])
            if parts.count == 3 { relations.append((parts[0], parts[1], parts[2])) } else {
                report(.wrongType, file, item.location.line, item.location.column,
                       "a relation is [subject, predicate, object] or 'subject predicate object'")
            }
        }
        let exceptions = (fields["except"]?.sequenceItems ?? []).compactMap(\.scalarText)
        var rule = Rule(name: name, label: label, phase: phase, priority: priority, pattern: pattern,
                        mention: fields["mention"]?.scalarText, captures: captures, attributes: attributes,
                        relations: relations, exceptions: exceptions,
                        examples: parseExamples(fields["examples"], file: file),
                        location: SourceLocation(file: file, line: line, column: column), pack: pack)
        rule.pinyinConditions = (fields["pinyin"]?.stringKeyedPairs ?? []).map { ($0.key, $0.value.scalarText ?? "") }
        if let node = fields["score"] { rule.scoreCondition = parseScoreCondition(node, file: file, rule: name) }
        rule.contexts = ["before", "after", "not_before", "not_after"].compactMap { key in
            fields[key]?.scalarText.map { (key, $0) }
        }
        patternNodes[rule.location] = fields["pattern"]
        contextNodes[rule.location] = fields.filter { ["before", "after", "not_before", "not_after"].contains($0.key) }
        return rule
    }

    /// The YAML nodes of each rule's pattern and contexts, keyed by where the
    /// rule is (names may repeat until duplicates are rejected), for columns.
    var patternNodes: [SourceLocation: Node] = [:]
    var contextNodes: [SourceLocation: [String: Node]] = [:]

    mutating func parseExamples(_ node: Node?, file: String) -> [RuleExample] {
        guard let node else { return [] }
        guard let items = node.sequenceItems else {
            report(.badExample, file, node.location.line, node.location.column, "'examples' must be a list")
            return []
        }
        var examples: [RuleExample] = []
        for item in items {
            let at = item.location
            guard let pairs = item.stringKeyedPairs, let text = pairs.first(where: { $0.key == "text" })?.value.scalarText else {
                report(.badExample, file, at.line, at.column, "an example needs 'text' (and 'expect', a list of TEXT/LABEL)")
                continue
            }
            var expected: [(String, String)] = []
            let expectNode = pairs.first(where: { $0.key == "expect" })?.value
            // A single mention may be written without brackets.
            let expectItems = expectNode.map { $0.sequenceItems ?? [$0] } ?? []
            for value in expectItems {
                guard let spec = value.scalarText, let slash = spec.lastIndex(of: "/") else {
                    report(.badExample, file, value.location.line, value.location.column,
                           "expected mention must be written TEXT/LABEL, e.g. 辽宁省委/ORGAN")
                    continue
                }
                expected.append((String(spec[..<slash]), String(spec[spec.index(after: slash)...])))
            }
            examples.append(RuleExample(text: text, expected: expected,
                                        location: SourceLocation(file: file, line: at.line, column: at.column)))
        }
        return examples
    }
}
