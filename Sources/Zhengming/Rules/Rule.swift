import Foundation

/// Where something was written: a file and a 1-based line and column.
public struct SourceLocation: Sendable, CustomStringConvertible, Hashable {
    public let file: String
    public let line: Int
    public let column: Int
    public var description: String { "\(file):\(line):\(column)" }
}

/// An example embedded in a rule: a text and the mentions (`文本/LABEL`) the
/// pack must produce in it, or none for a negative example.
public struct RuleExample: Sendable {
    public let text: String
    /// Expected mentions of the flat output, as (text, label).
    public let expected: [(text: String, label: String)]
    public let location: SourceLocation
}

/// One declarative rule, as written in a rule file and compiled against the
/// pack's lexicons and labels.
///
/// A rule matches its pattern over the normalised characters of each
/// sentence, left to right, taking the longest match at each start. The
/// mention is the whole match, or the capture named by `mention`; further
/// captures can become mentions of their own (`captures`), carry attributes,
/// and be linked by relations.
public struct Rule: Sendable {
    public let name: String
    public let label: String
    public let phase: String
    public let priority: Int
    public let pattern: String
    /// The capture that becomes the mention; nil for the whole match.
    public let mention: String?
    /// Further captures that become mentions: capture name → label.
    public let captures: [(capture: String, label: String)]
    /// Attributes set on the mention; `$name` in a value is a capture's text.
    public let attributes: [(key: String, value: String)]
    /// (subject capture, predicate, object capture) triples.
    public let relations: [(subject: String, predicate: String, object: String)]
    /// Texts the mention must not be (literals or `{lexicon}` references).
    public let exceptions: [String]
    public let examples: [RuleExample]
    public let location: SourceLocation
    /// Which pack the rule came from (0 = first `--rules` pack).
    public let pack: Int

    // Compiled forms (set by the loader).
    var program = PatternProgram()
    var mentionSlot: Int?
    var captureSlots: [(slot: Int, label: Int32)] = []
    var relationSlots: [(subject: Int, predicate: String, object: Int)] = []
    var attributeTemplates: [(key: String, parts: [AttributePart])] = []
    var labelID: Int32 = 0
    var phaseIndex = 0
    var exceptionKeys: Set<[UInt32]> = []
    var exceptionLexicons: Set<Int32> = []
    /// `pinyin:` conditions: the capture's pinyin (tone marks, syllables
    /// separated by spaces) must match the regular expression.
    var pinyinChecks: [(slot: Int, expression: NSRegularExpression, source: String)] = []
    var contextChecks: [(program: PatternProgram, atEnd: Bool, negated: Bool)] = []
    /// `score:` condition, compiled against the pack's score models.
    var scoreCheck: ScoreCheck?
    /// Lexicons referenced by the pattern: a mention that is exactly one of
    /// their entries inherits the entry's attributes.
    var referencedLexicons: Set<Int32> = []

    init(name: String, label: String, phase: String, priority: Int, pattern: String, mention: String?,
         captures: [(capture: String, label: String)], attributes: [(key: String, value: String)],
         relations: [(subject: String, predicate: String, object: String)], exceptions: [String],
         examples: [RuleExample], location: SourceLocation, pack: Int) {
        self.name = name
        self.label = label
        self.phase = phase
        self.priority = priority
        self.pattern = pattern
        self.mention = mention
        self.captures = captures
        self.attributes = attributes
        self.relations = relations
        self.exceptions = exceptions
        self.examples = examples
        self.location = location
        self.pack = pack
    }

    /// The context conditions as written, for `explain`.
    public internal(set) var contexts: [(key: String, pattern: String)] = []
    /// `pinyin:` conditions as written: capture name → regular expression.
    public internal(set) var pinyinConditions: [(capture: String, expression: String)] = []
    /// `score:` condition as written (a model of pack.yaml's `scores:` and a minimum).
    var scoreCondition: ScoreCondition?
}

/// A piece of an attribute template: literal text or a capture's text.
enum AttributePart: Sendable {
    case text(String)
    case capture(Int)
}
