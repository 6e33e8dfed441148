/// The abstract syntax of a Zhengming pattern (see `Rules/README.md` for the
/// surface syntax). Offsets are positions in the pattern text, for messages.
indirect enum PatternNode: Sendable {
    /// A code point of the normalised text.
    case literal(UInt32)
    case characterClass(CharacterClass)
    /// Any character (`.`); patterns never leave their sentence.
    case anyCharacter
    /// `{name}` or `{name:key=value}`: any entry of a lexicon (optionally only
    /// entries with that attribute), longest first.
    case lexicon(name: String, filter: LexiconFilter?, offset: Int)
    /// `@LABEL`: a mention accepted by an earlier phase.
    case mention(label: String, offset: Int)
    case sequence([PatternNode])
    case alternation([PatternNode])
    case repetition(PatternNode, min: Int, max: Int?)
    /// `( )`, `(?: )` (name nil, capturing false) or `(?<name> )`.
    case group(PatternNode, name: String?, capturing: Bool)
    case assertion(Assertion)
    /// `(?= )`, `(?! )`, `(?<= )`, `(?<! )`.
    case lookaround(PatternNode, behind: Bool, negated: Bool)

    enum Assertion: Sendable {
        case sentenceStart, sentenceEnd, tokenBoundary, notTokenBoundary
    }

    /// The same pattern read right to left: what a lookbehind runs.
    var reversed: PatternNode {
        switch self {
        case .sequence(let items): return .sequence(items.reversed().map(\.reversed))
        case .alternation(let items): return .alternation(items.map(\.reversed))
        case .repetition(let node, let min, let max): return .repetition(node.reversed, min: min, max: max)
        case .group(let node, let name, let capturing): return .group(node.reversed, name: name, capturing: capturing)
        default: return self
        }
    }

    /// Every lexicon and mention reference in the pattern, with its offset.
    var references: [(kind: ReferenceKind, name: String, offset: Int)] {
        switch self {
        case .lexicon(let name, _, let offset): return [(.lexicon, name, offset)]
        case .mention(let label, let offset): return [(.mention, label, offset)]
        case .sequence(let items), .alternation(let items): return items.flatMap(\.references)
        case .repetition(let node, _, _), .group(let node, _, _), .lookaround(let node, _, _): return node.references
        default: return []
        }
    }

    enum ReferenceKind { case lexicon, mention }

    /// Names of the capturing groups, in order of their opening parenthesis.
    var captureNames: [String] {
        switch self {
        case .group(let node, let name, _): return (name.map { [$0] } ?? []) + node.captureNames
        case .sequence(let items), .alternation(let items): return items.flatMap(\.captureNames)
        case .repetition(let node, _, _): return node.captureNames
        default: return []
        }
    }
}

/// `{lexicon:key=value}`: only entries whose attribute `key` is `value`;
/// `{lexicon:key<value}` (also `<=`, `>`, `>=`, `!=`): entries whose
/// attribute is a number in that relation to `value` (an entry without the
/// attribute, or with a value that is not a number, is not admitted), so a
/// pattern can use generated statistics (`{name-given-chars:score<-1.5}`).
struct LexiconFilter: Sendable, Hashable {
    enum Comparison: String, Sendable, Hashable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    let key: String
    let value: String
    var comparison: Comparison = .equal

    /// Whether an entry's attribute value (nil when the entry has none) is admitted.
    func admits(_ attribute: String?) -> Bool {
        guard let attribute else { return comparison == .notEqual }
        switch comparison {
        case .equal: return attribute == value
        case .notEqual: return attribute != value
        default:
            guard let number = Double(attribute), let bound = Double(value) else { return false }
            switch comparison {
            case .less: return number < bound
            case .lessOrEqual: return number <= bound
            case .greater: return number > bound
            case .greaterOrEqual: return number >= bound
            case .equal, .notEqual: return false
            }
        }
    }
}
