/// Runs the examples embedded in rule files (`zhengming rules test`).
///
/// Each example text is annotated with the whole pack, because that is what
/// a user gets: a positive example passes when every expected `TEXT/LABEL` is
/// in the flat output; a negative example (empty `expect`) passes when its
/// rule contributes nothing to the flat output.
///
/// Post rules' examples are run the same way on the records: a positive
/// example passes when every expected `official/post/status` was linked (by
/// any post rule), a negative one when its rule linked nothing. Their
/// outcomes write a record as TEXT `official/post` and LABEL `status`.
public struct RuleExampleRunner {
    public struct Outcome: Sendable {
        public let rule: String
        public let example: RuleExample
        /// Expected mentions that were not produced.
        public let missing: [(text: String, label: String)]
        /// For negative examples: what the rule produced anyway.
        public let unexpected: [(text: String, label: String)]
        /// Everything in the flat output, for the diff.
        public let produced: [(text: String, label: String, rule: String)]
        public var passed: Bool { missing.isEmpty && unexpected.isEmpty }
    }

    let annotator: Annotator

    public init(rules: RuleSet) throws {
        annotator = try Annotator(rules: rules, pinyin: nil)
    }

    /// Runs every example of every rule (or of the rules whose name has `prefix`).
    public func run(matching prefix: String? = nil) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for rule in annotator.rules.rules where prefix.map({ rule.name.hasPrefix($0) }) ?? true {
            for example in rule.examples {
                let annotated = try annotator.annotate(Document(id: rule.name, text: example.text))
                let produced = annotated.mentions.map { (annotated.text($0.start..<$0.end), $0.label, $0.rule) }
                if example.expected.isEmpty {
                    let unexpected = produced.filter { $0.2 == rule.name }.map { ($0.0, $0.1) }
                    outcomes.append(Outcome(rule: rule.name, example: example, missing: [], unexpected: unexpected,
                                            produced: produced))
                } else {
                    let missing = example.expected.filter { expected in
                        !produced.contains { $0.0 == expected.text && $0.1 == expected.label }
                    }
                    outcomes.append(Outcome(rule: rule.name, example: example, missing: missing, unexpected: [],
                                            produced: produced))
                }
            }
        }
        for rule in annotator.rules.postLinker?.rules ?? [] where prefix.map({ rule.name.hasPrefix($0) }) ?? true {
            for example in rule.examples {
                outcomes.append(try run(example, of: rule))
            }
        }
        return outcomes
    }

    private func run(_ example: PostExample, of rule: PostRule) throws -> Outcome {
        let annotated = try annotator.annotate(Document(id: rule.name, text: example.text))
        let produced = annotated.posts.map { post in
            ("\(annotated.text(post.official))/\(post.post)", post.status.rawValue, post.rule)
        }
        let asWritten = RuleExample(text: example.text,
                                    expected: example.expected.map { ("\($0.official)/\($0.post)", $0.status?.rawValue ?? "*") },
                                    location: example.location)
        if example.expected.isEmpty {
            let unexpected = produced.filter { $0.2 == rule.name }.map { ($0.0, $0.1) }
            return Outcome(rule: rule.name, example: asWritten, missing: [], unexpected: unexpected, produced: produced)
        }
        let missing = asWritten.expected.filter { expected in
            !produced.contains { $0.0 == expected.text && (expected.label == "*" || $0.1 == expected.label) }
        }
        return Outcome(rule: rule.name, example: asWritten, missing: missing, unexpected: [], produced: produced)
    }
}

extension RuleSet {
    /// Loads packs and returns everything found, errors included, without
    /// throwing: what `zhengming rules check` prints.
    public static func check(packs directories: [String]) -> (RuleSet?, [RuleDiagnostic]) {
        let (rules, diagnostics) = RulePackLoader.load(directories)
        return (rules, diagnostics.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
    }
}
