import Yams

/// Checks on a rule file's text and tree that Yams does not make, or makes
/// in a way a user cannot act on: characters YAML forbids (a NUL byte) at
/// their real line and column, nesting deep enough to overflow the stack
/// (checked before the tree is built), and keys given twice in a mapping.
extension LoaderState {
    /// Reports the first character YAML does not allow (C0 and C1 controls
    /// other than TAB, LF, CR and NEL; DEL; U+FFFE, U+FFFF) and nesting past
    /// `YAMLNesting.limit`. Returns false when the text must not be parsed.
    mutating func checkYAMLText(_ text: String, file: String) -> Bool {
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if Self.isForbiddenInYAML(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                report(.yamlSyntax, file, line, column, "control character \(code) is not allowed in YAML (a binary or corrupted file?)")
                return false
            }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        if let (line, column) = YAMLNesting.firstExcess(in: text) {
            report(.tooDeep, file, line, column,
                   "nesting deeper than \(YAMLNesting.limit) levels; rule files need a handful (is this a rule file?)")
            return false
        }
        return true
    }

    static func isForbiddenInYAML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x85: return false
        case 0x00...0x1F, 0x7F, 0x80...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// Reports every key that occurs twice in one mapping (YAML requires
    /// unique keys; Yams keeps both and the loader would silently take one).
    mutating func reportDuplicateKeys(_ root: Node, file: String) {
        var pending = [root]
        while let node = pending.popLast() {
            switch node {
            case .mapping(let mapping):
                var seen: [String: Int] = [:]
                for (key, value) in mapping {
                    pending.append(value)
                    guard let name = key.string else { continue }
                    let (line, column) = key.location
                    if let first = seen[name] {
                        report(.duplicateKey, file, line, column,
                               "duplicate key '\(name)' (first at line \(first)); keys of a mapping must be unique")
                    } else {
                        seen[name] = line
                    }
                }
            case .sequence(let sequence):
                pending.append(contentsOf: sequence)
            default:
                continue
            }
        }
    }

    /// One line for a Yams error, at its line and column.
    mutating func reportYAMLError(_ error: YamlError, text: String, file: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            report(.yamlSyntax, file, mark.line, mark.column, problem)
        case .reader(let problem, let offset, _, _):
            let (line, column) = Self.position(ofByte: offset ?? 0, in: text)
            report(.yamlSyntax, file, line, column, problem)
        default:
            report(.yamlSyntax, file, 1, 1, "\(error)".split(separator: "\n").first.map(String.init) ?? "YAML error")
        }
    }

    /// The 1-based line and column (in characters) of a UTF-8 byte offset.
    static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1, bytes = 0
        for scalar in text.unicodeScalars {
            if bytes >= offset { break }
            bytes += UTF8.width(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

/// `phases:` of pack.yaml, checked: a list of distinct names.
extension LoaderState {
    /// The phase names of a `phases:` value, reporting a value that is not a
    /// list (Z004), an item that is not a name (Z004) and a name listed twice
    /// (Z012, the second is ignored).
    mutating func checkedPhases(_ value: Node, file: String) -> [String] {
        guard let items = value.sequenceItems else {
            report(.wrongType, file, value.location.line, value.location.column, "'phases' must be a list of phase names")
            return []
        }
        var names: [String] = []
        var firstLine: [String: Int] = [:]
        for item in items {
            let (line, column) = item.location
            guard let name = item.scalarText, Self.isPhaseName(name) else {
                report(.wrongType, file, line, column,
                       "a phase is a name (letters, digits, '-', '_', '.'), not \(Self.describe(item))")
                continue
            }
            if let first = firstLine[name] {
                report(.duplicatePhase, file, line, column, "phase '\(name)' is listed twice (first at line \(first))")
                continue
            }
            firstLine[name] = line
            names.append(name)
            if phaseLocations[name] == nil {
                phaseLocations[name] = SourceLocation(file: file, line: line, column: column)
            }
        }
        return names
    }

    static func isPhaseName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "an empty string" : "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A phase listed in `phases:` that no rule of any pack is in: a typo in
    /// `phases:` or in the rules' `phase:` (Z013, a warning).
    mutating func reportPhasesWithoutRules() {
        let used = Set(rules.map(\.phase))
        for phase in phases where !used.contains(phase) {
            guard let location = phaseLocations[phase] else { continue }
            report(.emptyPhase, location.file, location.line, location.column,
                   "phase '\(phase)' has no rules (a typo here or in a rule's 'phase'?)")
        }
    }
}
