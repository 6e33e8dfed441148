import Yams

/// A post rule as written, before its pattern is compiled.
struct PostRuleDefinition {
    var name: String
    var pattern: String
    var priority: Int
    var status: PostStatus
    var description: String?
    var examples: [PostExample]
    var location: SourceLocation
    var pack: Int
    var patternNode: Node?
}

/// `linking:` of a rule file as written: which labels play which role, and
/// the lexicons that hold the linker's vocabulary. A later pack's keys
/// replace an earlier pack's.
struct PostLinkingDefinition {
    var holders = ["OFFICIAL"]
    var organs = ["ORGAN"]
    var titles = ["TITLE"]
    var places = ["LOC"]
    /// Lexicon of cue words; each entry has `status=`.
    var cues: String?
    /// Lexicon of standalone titles and the organ endings that host them (`host=`).
    var hosts: String?
    /// Lexicon of elliptical organs and their level word (`level=`).
    var elliptical: String?
    /// Lexicon of offices every body has (办公厅, 办公室): untagged between a
    /// list's separator and a title, spelled into the post.
    var offices: String?
    /// Attributes that make a title standalone (`kind: fused`).
    var standalone: [(key: String, value: String)] = [("kind", "fused")]
    var location: SourceLocation
}

extension LoaderState {
    static let postRuleKeys: Set<String> = ["name", "pattern", "priority", "status", "description", "examples", "disabled"]
    static let linkingKeys: Set<String> = [
        "holders", "organs", "titles", "places", "cues", "hosts", "elliptical", "offices", "standalone", "macros", "description",
    ]

    // MARK: `linking:`

    mutating func loadLinking(_ node: Node, file: String) {
        guard let pairs = node.stringKeyedPairs else {
            report(.postLinking, file, node.location.line, node.location.column,
                   "'linking' must be a mapping (holders, organs, titles, places, cues, hosts, elliptical, offices, standalone, macros)")
            return
        }
        var linking = postLinking
            ?? PostLinkingDefinition(location: SourceLocation(file: file, line: node.location.line, column: node.location.column))
        linking.location = SourceLocation(file: file, line: node.location.line, column: node.location.column)
        for (key, keyNode, value) in pairs {
            let (line, column) = value.location
            switch key {
            case "holders", "organs", "titles", "places":
                guard let items = value.sequenceItems?.compactMap(\.scalarText) else {
                    report(.postLinking, file, line, column, "'linking.\(key)' must be a list of labels")
                    continue
                }
                switch key {
                case "holders": linking.holders = items
                case "organs": linking.organs = items
                case "titles": linking.titles = items
                default: linking.places = items
                }
            case "cues", "hosts", "elliptical", "offices":
                guard let name = value.scalarText, !name.isEmpty else {
                    report(.postLinking, file, line, column, "'linking.\(key)' must name a lexicon")
                    continue
                }
                switch key {
                case "cues": linking.cues = name
                case "hosts": linking.hosts = name
                case "offices": linking.offices = name
                default: linking.elliptical = name
                }
            case "standalone":
                guard let attributes = value.stringKeyedPairs else {
                    report(.postLinking, file, line, column, "'linking.standalone' must map attribute keys to values (kind: fused)")
                    continue
                }
                linking.standalone = attributes.map { ($0.key, $0.value.scalarText ?? "") }
            case "macros":
                guard let definitions = value.stringKeyedPairs else {
                    report(.wrongType, file, line, column, "'linking.macros' must map names to pattern fragments")
                    continue
                }
                for (name, _, body) in definitions { macros[name] = body.scalarText ?? "" }
            case "description":
                continue
            default:
                report(.unknownKey, file, keyNode.location.line, keyNode.location.column,
                       "unknown key '\(key)' in 'linking' (known: \(Self.linkingKeys.sorted().joined(separator: ", ")))")
            }
        }
        postLinking = linking
    }

    // MARK: `posts:`

    mutating func loadPostRules(_ node: Node, file: String, pack: Int) {
        guard let items = node.sequenceItems else {
            report(.wrongType, file, node.location.line, node.location.column, "'posts' must be a list of post rules")
            return
        }
        for item in items {
            guard let rule = parsePostRule(item, file: file, pack: pack) else { continue }
            if let existing = postDefinitions.firstIndex(where: { $0.name == rule.name }) {
                if postDefinitions[existing].pack == pack {
                    report(.duplicateRule, file, rule.location.line, rule.location.column,
                           "duplicate post rule name '\(rule.name)' (first defined at \(postDefinitions[existing].location))")
                } else {
                    postDefinitions[existing] = rule  // a later pack overrides by name
                }
                continue
            }
            postDefinitions.append(rule)
        }
    }

    private mutating func parsePostRule(_ node: Node, file: String, pack: Int) -> PostRuleDefinition? {
        let (line, column) = node.location
        guard let pairs = node.stringKeyedPairs else {
            report(.wrongType, file, line, column, "a post rule must be a mapping with at least name and pattern")
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, keyNode, value) in pairs {
            if !Self.postRuleKeys.contains(key) {
                report(.unknownKey, file, keyNode.location.line, keyNode.location.column,
                       "unknown post rule key '\(key)' (known: \(Self.postRuleKeys.sorted().joined(separator: ", ")))")
            }
            fields[key] = value
        }
        guard let name = fields["name"]?.scalarText, !name.isEmpty else {
            report(.missingField, file, line, column, "post rule without a 'name'")
            return nil
        }
        guard let pattern = fields["pattern"]?.scalarText, !pattern.isEmpty else {
            report(.missingField, file, line, column, "post rule '\(name)' has no 'pattern'")
            return nil
        }
        if fields["disabled"]?.scalarText == "true" { return nil }
        var priority = 0
        if let node = fields["priority"] {
            if let value = node.scalarText.flatMap({ Int($0) }) { priority = value } else {
                report(.wrongType, file, node.location.line, node.location.column, "priority must be an integer")
            }
        }
        var status = PostStatus.current
        if let node = fields["status"] {
            if let value = node.scalarText.flatMap(PostStatus.init(rawValue:)) { status = value } else {
                report(.postStatus, file, node.location.line, node.location.column,
                       "post rule '\(name)': status must be one of \(PostStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        return PostRuleDefinition(name: name, pattern: pattern, priority: priority, status: status,
                                  description: fields["description"]?.scalarText,
                                  examples: parsePostExamples(fields["examples"], file: file, rule: name),
                                  location: SourceLocation(file: file, line: line, column: column), pack: pack,
                                  patternNode: fields["pattern"])
    }

    private mutating func parsePostExamples(_ node: Node?, file: String, rule: String) -> [PostExample] {
        guard let node else { return [] }
        guard let items = node.sequenceItems else {
            report(.badExample, file, node.location.line, node.location.column, "'examples' must be a list")
            return []
        }
        var examples: [PostExample] = []
        for item in items {
            let at = item.location
            guard let pairs = item.stringKeyedPairs, let text = pairs.first(where: { $0.key == "text" })?.value.scalarText else {
                report(.badExample, file, at.line, at.column,
                       "a post example needs 'text' (and 'expect', a list of OFFICIAL/POST/STATUS)")
                continue
            }
            var expected: [PostExample.Record] = []
            let expectNode = pairs.first(where: { $0.key == "expect" })?.value
            for value in expectNode.map({ $0.sequenceItems ?? [$0] }) ?? [] {
                let parts = value.scalarText?.split(separator: "/", omittingEmptySubsequences: false).map(String.init) ?? []
                let status = parts.count == 3 ? PostStatus(rawValue: parts[2]) : nil
                guard parts.count == 2 || (parts.count == 3 && status != nil), !parts[0].isEmpty, !parts[1].isEmpty else {
                    report(.badExample, file, value.location.line, value.location.column,
                           "post rule '\(rule)': an expected record is OFFICIAL/POST or OFFICIAL/POST/STATUS (status: \(PostStatus.allCases.map(\.rawValue).joined(separator: ", "))), e.g. 陈求发/辽宁省委书记/current")
                    continue
                }
                expected.append(.init(official: parts[0], post: parts[1], status: status))
            }
            examples.append(PostExample(text: text, expected: expected,
                                        location: SourceLocation(file: file, line: at.line, column: at.column)))
        }
        return examples
    }
}
