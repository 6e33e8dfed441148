/// A problem found while loading a rule pack, at `file:line:column`, with a
/// stable code that documentation and scripts can refer to.
///
/// Loading collects every diagnostic of every file before it reports, as
/// spaCy's pattern validation does: a rule author fixes ten problems in one
/// round, not one per run. Errors stop a run; warnings do not.
public struct RuleDiagnostic: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        case yamlSyntax = "Z001"
        case unknownKey = "Z002"
        case missingField = "Z003"
        case wrongType = "Z004"
        case tooDeep = "Z005"
        case duplicateKey = "Z006"
        case tooLarge = "Z007"
        case unknownLabel = "Z010"
        case unknownPhase = "Z011"
        case duplicatePhase = "Z012"
        case emptyPhase = "Z013"
        case badPattern = "Z020"
        case undefinedLexicon = "Z021"
        case undefinedReference = "Z022"
        case referenceCycle = "Z023"
        case unknownCapture = "Z024"
        case duplicateRule = "Z030"
        case unknownDisable = "Z032"
        case duplicateEntry = "Z040"
        case shadowedEntry = "Z041"
        case badLexiconColumn = "Z042"
        case invalidEncoding = "Z043"
        case unusedFile = "Z050"
        case unusedLexicon = "Z051"
        case badExample = "Z060"
        case postRole = "Z080"
        case postStatus = "Z081"
        case postLinking = "Z082"
        case unreadableFile = "Z070"

        /// A short name shown next to the code.
        public var name: String {
            switch self {
            case .yamlSyntax: return "yaml-syntax"
            case .unknownKey: return "unknown-key"
            case .missingField: return "missing-field"
            case .wrongType: return "wrong-type"
            case .tooDeep: return "too-deep"
            case .duplicateKey: return "duplicate-key"
            case .tooLarge: return "too-large"
            case .unknownLabel: return "unknown-label"
            case .unknownPhase: return "unknown-phase"
            case .duplicatePhase: return "duplicate-phase"
            case .emptyPhase: return "empty-phase"
            case .badPattern: return "bad-pattern"
            case .undefinedLexicon: return "undefined-lexicon"
            case .undefinedReference: return "undefined-reference"
            case .referenceCycle: return "reference-cycle"
            case .unknownCapture: return "unknown-capture"
            case .duplicateRule: return "duplicate-rule"
            case .unknownDisable: return "unknown-disable"
            case .duplicateEntry: return "duplicate-entry"
            case .shadowedEntry: return "shadowed-entry"
            case .badLexiconColumn: return "bad-lexicon-column"
            case .invalidEncoding: return "invalid-encoding"
            case .unusedFile: return "unused-file"
            case .unusedLexicon: return "unused-lexicon"
            case .badExample: return "bad-example"
            case .postRole: return "post-role"
            case .postStatus: return "post-status"
            case .postLinking: return "post-linking"
            case .unreadableFile: return "unreadable-file"
            }
        }

        public var isError: Bool {
            switch self {
            case .unknownKey, .emptyPhase, .unknownDisable, .duplicateEntry, .shadowedEntry, .unusedFile, .unusedLexicon:
                return false
            default:
                return true
            }
        }
    }

    public let code: Code
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(_ code: Code, file: String, line: Int, column: Int, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var isError: Bool { code.isError }

    public var description: String {
        "\(file):\(line):\(column): \(isError ? "error" : "warning")[\(code.rawValue) \(code.name)]: \(message)"
    }
}

/// The diagnostics of a pack that failed to load, as one error.
public struct RulePackError: Error, CustomStringConvertible {
    public let diagnostics: [RuleDiagnostic]
    public var errors: [RuleDiagnostic] { diagnostics.filter(\.isError) }
    public var description: String {
        let errors = self.errors
        return (errors.map(\.description) + ["\(errors.count) error(s) in the rule pack; run `zhengming rules check` for all diagnostics"])
            .joined(separator: "\n")
    }
}
