import Yams

/// A `scores:` model as written in pack.yaml, before its lexicons are known.
struct ScoreDefinition {
    struct Part {
        var lexicon: String
        var attribute: String
        /// nil: `skip`.
        var defaultValue: Double?
    }

    var name: String
    var prefix: Part?
    var each: Part?
    var location: SourceLocation
}

/// A rule's `score:` as written: `{model: NAME, min: NUMBER, capture: NAME}`.
struct ScoreCondition: Sendable {
    var model: String
    var minimum: Double
    var capture: String?
    var location: SourceLocation
}

extension LoaderState {
    // MARK: pack.yaml `scores:` and `resolve:`

    mutating func loadScoreDefinitions(_ node: Node, file: String) {
        guard let models = node.stringKeyedPairs else {
            report(.wrongType, file, node.location.line, node.location.column,
                   "'scores' must map model names to {prefix: …, each: …}")
            return
        }
        for (name, keyNode, body) in models {
            let at = SourceLocation(file: file, line: keyNode.location.line, column: keyNode.location.column)
            guard let parts = body.stringKeyedPairs else {
                report(.wrongType, file, body.location.line, body.location.column,
                       "score model '\(name)' must be a mapping with 'each' (and optionally 'prefix')")
                continue
            }
            var definition = ScoreDefinition(name: name, location: at)
            for (key, partKey, value) in parts {
                switch key {
                case "prefix": definition.prefix = scorePart(value, file: file, model: name, key: key)
                case "each": definition.each = scorePart(value, file: file, model: name, key: key)
                default:
                    report(.unknownKey, file, partKey.location.line, partKey.location.column,
                           "unknown key '\(key)' in score model '\(name)' (known: prefix, each)")
                }
            }
            if definition.each == nil {
                report(.missingField, file, at.line, at.column, "score model '\(name)' has no 'each' part")
                continue
            }
            scoreDefinitions.removeAll { $0.name == name }
            scoreDefinitions.append(definition)
        }
    }

    private mutating func scorePart(_ node: Node, file: String, model: String, key: String) -> ScoreDefinition.Part? {
        let (line, column) = node.location
        guard let pairs = node.stringKeyedPairs else {
            report(.wrongType, file, line, column, "score model '\(model)': '\(key)' must be {lexicon: NAME, attribute: KEY, default: NUMBER}")
            return nil
        }
        var fields: [String: String] = [:]
        for (name, _, value) in pairs { fields[name] = value.scalarText }
        guard let lexicon = fields["lexicon"], let attribute = fields["attribute"] else {
            report(.missingField, file, line, column, "score model '\(model)': '\(key)' needs 'lexicon' and 'attribute'")
            return nil
        }
        var fallback: Double? = 0
        if let text = fields["default"] {
            if text == "skip", key == "prefix" {
                fallback = nil
            } else if let value = Double(text) {
                fallback = value
            } else {
                report(.wrongType, file, line, column,
                       "score model '\(model)': '\(key).default' must be a number\(key == "prefix" ? " or skip" : ""), not '\(text)'")
                return nil
            }
        }
        return ScoreDefinition.Part(lexicon: lexicon, attribute: attribute, defaultValue: fallback)
    }

    mutating func parseScoreCondition(_ node: Node, file: String, rule: String) -> ScoreCondition? {
        let (line, column) = node.location
        let at = SourceLocation(file: file, line: line, column: column)
        guard let pairs = node.stringKeyedPairs else {
            report(.wrongType, file, line, column, "rule '\(rule)': 'score' must be {model: NAME, min: NUMBER}")
            return nil
        }
        var fields: [String: String] = [:]
        for (key, keyNode, value) in pairs {
            guard ["model", "min", "capture"].contains(key) else {
                report(.unknownKey, file, keyNode.location.line, keyNode.location.column,
                       "rule '\(rule)': unknown key '\(key)' in 'score' (known: model, min, capture)")
                continue
            }
            fields[key] = value.scalarText
        }
        guard let model = fields["model"], let text = fields["min"] else {
            report(.missingField, file, line, column, "rule '\(rule)': 'score' needs 'model' and 'min'")
            return nil
        }
        guard let minimum = Double(text) else {
            report(.wrongType, file, line, column, "rule '\(rule)': 'score.min' must be a number, not '\(text)'")
            return nil
        }
        return ScoreCondition(model: model, minimum: minimum, capture: fields["capture"], location: at)
    }

    mutating func loadResolution(_ node: Node, file: String) {
        let (line, column) = node.location
        guard let pairs = node.stringKeyedPairs else {
            report(.wrongType, file, line, column, "'resolve' must be a mapping (labels, prefer, weak, default, fallback, lists, surnames)")
            return
        }
        var configuration = resolution ?? EntityResolution.Configuration()
        for (key, keyNode, value) in pairs {
            let at = value.location
            switch key {
            case "labels": configuration.labels = strings(value, file: file, key: key)
            case "prefer": configuration.prefer = value.scalarText
            case "weak": configuration.weakRules = Set(strings(value, file: file, key: key))
            case "lists": configuration.lists = value.scalarText == "true"
            case "surnames": configuration.surnames = value.scalarText == "true"
            case "fallback": configuration.fallback = value.scalarText
            case "default":
                guard let text = value.scalarText, let policy = EntityResolution.DefaultPolicy(rawValue: text) else {
                    report(.wrongType, file, at.line, at.column,
                           "'resolve.default' must be one of \(EntityResolution.DefaultPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                configuration.defaultPolicy = policy
            default:
                report(.unknownKey, file, keyNode.location.line, keyNode.location.column,
                       "unknown key '\(key)' in 'resolve' (known: labels, prefer, weak, default, fallback, lists, surnames)")
            }
        }
        configuration.location = SourceLocation(file: file, line: line, column: column)
        resolution = configuration
    }

    // MARK: Compiling them

    /// Builds the score models from the loaded lexicons; a model naming a
    /// lexicon that does not exist is an error at its line.
    mutating func compileScoreModels(usedLexicons: inout Set<String>) -> [ScoreModel] {
        var models: [ScoreModel] = []
        for definition in scoreDefinitions {
            func part(_ written: ScoreDefinition.Part?) -> ScoreModel.Part?? {
                guard let written else { return .some(nil) }
                guard let index = lexiconIndex[written.lexicon] else {
                    report(.undefinedLexicon, definition.location.file, definition.location.line, definition.location.column,
                           "score model '\(definition.name)': undefined lexicon '\(written.lexicon)' (no lexicons/\(written.lexicon).txt in any pack)")
                    return nil
                }
                usedLexicons.insert(written.lexicon)
                var values: [[UInt32]: Double] = [:]
                for entry in lexicons[index].entries {
                    guard let value = entry.attribute(written.attribute).flatMap(Double.init) else { continue }
                    let key = normalizer.normalize(entry.text)
                    if values[key] == nil { values[key] = value }
                }
                return ScoreModel.Part(values: values, defaultValue: written.defaultValue)
            }
            guard let prefix = part(definition.prefix), let each = part(definition.each), let each else { continue }
            models.append(ScoreModel(name: definition.name, prefix: prefix, each: each))
        }
        return models
    }
}
