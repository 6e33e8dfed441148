/// A problem in a pattern, at a code-point offset of the pattern text.
struct PatternSyntaxError: Error, Sendable {
    let offset: Int
    let message: String
    /// A size limit (`RulePackLimits`) was crossed, not the syntax broken:
    /// reported as Z007 too-large.
    var isLimit = false
}

/// Parses the pattern language into `PatternNode`s.
///
/// Literal characters and class members are folded like the text
/// (`CharacterNormalizer`), so a pattern written in traditional characters or
/// full-width forms matches the same texts as its simplified, half-width twin.
struct PatternParser {
    private let scalars: [UInt32]
    private var index = 0
    private let fold: (UInt32) -> [UInt32]
    /// Resolves `\p{LEXICON}` and `\p{LEXICON:key<N}` to the class of the
    /// lexicon's one-character entries (nil: not a lexicon).
    private let lexiconClass: (String, LexiconFilter?) -> CharacterClass?
    /// Quantified copies are expanded when compiled; a bound keeps hostile
    /// patterns (`(a{100}){100}`) from blowing up the program.
    static let maxRepeat = 100
    /// Groups nested deeper than this are refused: the parser and the matcher
    /// recurse on nesting, and a pattern must not be able to exhaust the stack.
    static let maxNesting = 64
    private var depth = 0
    /// Branches one alternation may have (`RulePackLimits.alternatives`).
    private let maxAlternatives: Int

    init(_ pattern: String, fold: @escaping (UInt32) -> [UInt32],
         lexiconClass: @escaping (String, LexiconFilter?) -> CharacterClass? = { _, _ in nil },
         maxAlternatives: Int = RulePackLimits.standard.alternatives) {
        scalars = pattern.unicodeScalars.map(\.value)
        self.fold = fold
        self.lexiconClass = lexiconClass
        self.maxAlternatives = maxAlternatives
    }

    static func parse(_ pattern: String, fold: @escaping (UInt32) -> [UInt32],
                      lexiconClass: @escaping (String, LexiconFilter?) -> CharacterClass? = { _, _ in nil },
                      maxAlternatives: Int = RulePackLimits.standard.alternatives)
        throws(PatternSyntaxError) -> PatternNode {
        var parser = PatternParser(pattern, fold: fold, lexiconClass: lexiconClass, maxAlternatives: maxAlternatives)
        if parser.scalars.isEmpty { throw PatternSyntaxError(offset: 0, message: "empty pattern") }
        let node = try parser.parseAlternation()
        if parser.index < parser.scalars.count {
            throw parser.error(parser.peek == ")" ? "unbalanced ')'" : "unexpected character")
        }
        return node
    }

    private var peek: Character? {
        index < scalars.count ? Character(Unicode.Scalar(scalars[index])!) : nil
    }

    /// Messages quote parts of the pattern (`unknown property '…'`); a line
    /// break or other control character there would split the one-line
    /// diagnostic, so each is written as an escape (`\u{D}`).
    private func error(_ message: String, at offset: Int? = nil) -> PatternSyntaxError {
        PatternSyntaxError(offset: offset ?? index, message: Self.oneLine(message))
    }

    static func oneLine(_ message: String) -> String {
        var result = ""
        for scalar in message.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029 {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private mutating func parseAlternation() throws(PatternSyntaxError) -> PatternNode {
        var branches = [try parseSequence()]
        while peek == "|" {
            if branches.count == maxAlternatives {
                var failure = error("more than \(maxAlternatives) alternatives in one alternation; a list this long belongs in a lexicon (lexicons/NAME.txt, then {NAME})")
                failure.isLimit = true
                throw failure
            }
            index += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(PatternSyntaxError) -> PatternNode {
        var items: [PatternNode] = []
        while let c = peek, c != "|", c != ")" {
            let start = index
            var atom = try parseAtom()
            atom = try parseQuantifiers(atom, atomStart: start)
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func parseQuantifiers(_ atom: PatternNode, atomStart: Int) throws(PatternSyntaxError) -> PatternNode {
        var node = atom
        var stacked = 0
        while let c = peek {
            let bounds: (Int, Int?)
            switch c {
            case "?": bounds = (0, 1); index += 1
            case "*": bounds = (0, nil); index += 1
            case "+": bounds = (1, nil); index += 1
            case "{" where isDigit(at: index + 1):
                bounds = try parseBraces()
            default: return node
            }
            if case .assertion = node { throw error("a quantifier cannot follow an assertion", at: atomStart) }
            if case .lookaround = node { throw error("a quantifier cannot follow a lookaround", at: atomStart) }
            if peek == "?" { throw error("lazy quantifiers are not supported: matches are always the longest") }
            if peek == "+" { throw error("possessive quantifiers are not supported") }
            stacked += 1
            if stacked > 4 { throw error("more than four quantifiers on one atom; use a group", at: atomStart) }
            node = .repetition(node, min: bounds.0, max: bounds.1)
        }
        return node
    }

    private func isDigit(at position: Int) -> Bool {
        position < scalars.count && (0x30...0x39).contains(scalars[position])
    }

    private mutating func parseBraces() throws(PatternSyntaxError) -> (Int, Int?) {
        let open = index
        index += 1
        let low = try parseNumber()
        var high: Int? = low
        if peek == "," {
            index += 1
            high = peek == "}" ? nil : try parseNumber()
        }
        guard peek == "}" else { throw error("expected '}' to close the quantifier", at: open) }
        index += 1
        if let high, high < low { throw error("quantifier {\(low),\(high)}: maximum below minimum", at: open) }
        if low > Self.maxRepeat || (high ?? 0) > Self.maxRepeat {
            throw error("quantifier bound above \(Self.maxRepeat)", at: open)
        }
        return (low, high)
    }

    private mutating func parseNumber() throws(PatternSyntaxError) -> Int {
        var value = 0
        var digits = 0
        while isDigit(at: index) {
            value = value * 10 + Int(scalars[index] - 0x30)
            index += 1
            digits += 1
            if value > 1_000_000 { throw error("number too large") }
        }
        if digits == 0 { throw error("expected a number") }
        return value
    }

    private mutating func parseAtom() throws(PatternSyntaxError) -> PatternNode {
        let start = index
        let c = peek!
        switch c {
        case "(": return try parseGroup()
        case "[": return .characterClass(try parseClass())
        case ".": index += 1; return .anyCharacter
        case "^": index += 1; return .assertion(.sentenceStart)
        case "$": index += 1; return .assertion(.sentenceEnd)
        case "{":
            return try parseLexicon()
        case "@":
            index += 1
            var label = ""
            while let c = peek, c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" {
                label.append(c)
                index += 1
            }
            if label.isEmpty { throw error("'@' must be followed by a label of ASCII letters, e.g. @TITLE", at: start) }
            return .mention(label: label, offset: start)
        case "*", "+", "?":
            throw error("quantifier '\(c)' has nothing to repeat")
        case "}", "]":
            throw error("unbalanced '\(c)'; escape it as \\\(c)")
        case "\\":
            return try parseEscape(inClass: false).node
        default:
            index += 1
            return literal(scalars[start])
        }
    }

    private func literal(_ value: UInt32) -> PatternNode {
        let folded = fold(value)
        if folded.count == 1 { return .literal(folded[0]) }
        if folded.isEmpty { return .sequence([]) }
        return .sequence(folded.map { .literal($0) })
    }

    private mutating func readIdentifier(allowing extra: String) -> String {
        var name = ""
        while let c = peek, c.isLetter || c.isNumber || extra.contains(c) {
            name.append(c)
            index += 1
        }
        return name
    }

    private mutating func parseLexicon() throws(PatternSyntaxError) -> PatternNode {
        let start = index
        index += 1
        let name = readIdentifier(allowing: "_-.")
        if name.isEmpty { throw error("'{' must start a lexicon reference {name} or a quantifier {m,n}", at: start) }
        var filter: LexiconFilter?
        if peek == ":" {
            index += 1
            let key = readIdentifier(allowing: "_-")
            var operatorText = ""
            while let c = peek, "=<>!".contains(c) { operatorText.append(c); index += 1 }
            guard !key.isEmpty, let comparison = LexiconFilter.Comparison(rawValue: operatorText) else {
                throw error("lexicon filter must be {name:key=value} (or key<value, <=, >, >=, !=)")
            }
            var value = ""
            while let c = peek, c != "}" { value.append(c); index += 1 }
            if comparison != .equal, comparison != .notEqual, Double(value) == nil {
                throw error("lexicon filter {name:\(key)\(operatorText)…} compares numbers, and '\(value)' is not one")
            }
            filter = LexiconFilter(key: key, value: value, comparison: comparison)
        }
        guard peek == "}" else { throw error("expected '}' to close the lexicon reference", at: start) }
        index += 1
        return .lexicon(name: name, filter: filter, offset: start)
    }

    private mutating func parseGroup() throws(PatternSyntaxError) -> PatternNode {
        let open = index
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxNesting { throw error("groups nested deeper than \(Self.maxNesting)", at: open) }
        index += 1
        var name: String?
        var capturing = true
        var look: (behind: Bool, negated: Bool)?
        if peek == "?" {
            index += 1
            switch peek {
            case ":": index += 1; capturing = false
            case "=": index += 1; look = (false, false)
            case "!": index += 1; look = (false, true)
            case "<":
                index += 1
                if peek == "=" { index += 1; look = (true, false) }
                else if peek == "!" { index += 1; look = (true, true) }
                else {
                    let captured = readIdentifier(allowing: "_")
                    guard !captured.isEmpty, peek == ">" else { throw error("expected a capture name: (?<name>…)", at: open) }
                    index += 1
                    name = captured
                }
            default:
                throw error("unknown group kind after '(?'", at: open)
            }
        }
        let body = try parseAlternation()
        guard peek == ")" else { throw error("unclosed '('", at: open) }
        index += 1
        if let look {
            if !body.captureNames.isEmpty { throw error("captures inside a lookaround are not allowed", at: open) }
            return .lookaround(body, behind: look.behind, negated: look.negated)
        }
        return .group(body, name: name, capturing: capturing)
    }

    private mutating func parseClass() throws(PatternSyntaxError) -> CharacterClass {
        let open = index
        index += 1
        var negated = false
        if peek == "^" { negated = true; index += 1 }
        var result = CharacterClass()
        var first = true
        while true {
            guard let c = peek else { throw error("unclosed '['", at: open) }
            if c == "]" && !first { index += 1; break }
            first = false
            let low: UInt32
            if c == "\\" {
                let escape = try parseEscape(inClass: true)
                if case .characterClass(let members) = escape.node {
                    guard !members.isNegated else { throw error("negated escapes (\\P, \\D) are not allowed inside [ ]") }
                    result.formUnion(members)
                    continue
                }
                guard let value = escape.scalar else { throw error("this escape is not allowed inside [ ]") }
                low = value
            } else {
                low = scalars[index]
                index += 1
            }
            if peek == "-", index + 1 < scalars.count, scalars[index + 1] != 0x5D /* ] */ {
                index += 1
                var high = scalars[index]
                if high == 0x5C /* \ */ {
                    guard let value = try parseEscape(inClass: true).scalar else { throw error("bad range end") }
                    high = value
                } else { index += 1 }
                guard high >= low else { throw error("range out of order", at: open) }
                result.insert(low...high)
                for value in low...high where value > 0x7F {
                    for folded in fold(value) where folded != value { result.insert(folded) }
                }
            } else {
                result.insert(low)
                let folded = fold(low)
                if folded.count == 1 { result.insert(folded[0]) }
            }
        }
        if result.isEmpty { throw error("empty character class", at: open) }
        return negated ? result.inverted() : result
    }

    /// `\p{LEXICON}` or `\p{LEXICON:key<N}`: the one-character entries of a
    /// lexicon (those the filter admits) as a character class. Matched as a
    /// class, they need no lexicon hits, so a lexicon referenced only this
    /// way (and by score models) costs the annotation nothing per character.
    private func lexiconProperty(_ text: String, at start: Int) throws(PatternSyntaxError) -> CharacterClass? {
        guard let colon = text.firstIndex(of: ":") else { return lexiconClass(text, nil) }
        let name = String(text[..<colon])
        let rest = text[text.index(after: colon)...]
        guard let operatorStart = rest.firstIndex(where: { "=<>!".contains($0) }) else { return nil }
        let key = String(rest[..<operatorStart])
        let afterKey = rest[operatorStart...]
        let operatorText = String(afterKey.prefix { "=<>!".contains($0) })
        let value = String(afterKey.dropFirst(operatorText.count))
        guard !key.isEmpty, let comparison = LexiconFilter.Comparison(rawValue: operatorText) else {
            throw error("lexicon class must be \\p{name:key=value} (or key<value, <=, >, >=, !=)", at: start)
        }
        if comparison != .equal, comparison != .notEqual, Double(value) == nil {
            throw error("lexicon class \\p{\(name):\(key)\(operatorText)…} compares numbers, and '\(value)' is not one", at: start)
        }
        return lexiconClass(name, LexiconFilter(key: key, value: value, comparison: comparison))
    }

    /// Parses `\…`; returns the node and, for single characters, the scalar.
    private mutating func parseEscape(inClass: Bool) throws(PatternSyntaxError) -> (node: PatternNode, scalar: UInt32?) {
        let start = index
        index += 1
        guard let c = peek else { throw error("pattern ends with '\\'", at: start) }
        index += 1
        switch c {
        case "d": return (.characterClass(.asciiDigits), nil)
        case "D": return (.characterClass(CharacterClass.asciiDigits.inverted()), nil)
        case "s": return (.characterClass(.whiteSpace), nil)
        case "S": return (.characterClass(CharacterClass.whiteSpace.inverted()), nil)
        case "b" where !inClass: return (.assertion(.tokenBoundary), nil)
        case "B" where !inClass: return (.assertion(.notTokenBoundary), nil)
        case "p", "P":
            guard peek == "{" else { throw error("expected \\p{Name}", at: start) }
            index += 1
            var name = ""
            while let n = peek, n != "}" { name.append(n); index += 1 }
            guard peek == "}" else { throw error("unclosed \\p{", at: start) }
            index += 1
            guard let members = try lexiconProperty(name, at: start) ?? CharacterClass.property(named: name) else {
                throw error("unknown property '\(name)' (try Han, HanNumeral, Numeral, Digit, L, N, P, or a lexicon)", at: start)
            }
            return (.characterClass(c == "P" ? members.inverted() : members), nil)
        case "n": return (.literal(0x0A), 0x0A)
        case "t": return (.literal(0x09), 0x09)
        case "u":
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = peek?.hexDigitValue else { throw error("\\u needs four hex digits", at: start) }
                value = value * 16 + UInt32(digit)
                index += 1
            }
            return (literal(value), value)
        default:
            if c.isLetter || c.isNumber { throw error("unknown escape '\\\(c)'", at: start) }
            let value = c.unicodeScalars.first!.value
            return (.literal(value), value)
        }
    }
}
