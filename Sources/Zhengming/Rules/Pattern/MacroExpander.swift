/// Expands `<name>` macro references in a pattern before it is parsed.
///
/// Macros are pattern fragments defined once in `pack.yaml` (`macros:`) and
/// shared by many rules, as TokensRegex's `$MACRO`s are: `<name>` becomes
/// `(?:body)`. `(?<name>` (a named capture) and `\<` are left alone; macros
/// may use other macros, up to a fixed depth, so a cycle is an error rather
/// than a hang.
enum MacroExpander {
    static let maxDepth = 8
    /// Longer `<…>` are not macro names (and are not read as one: building
    /// each candidate name is quadratic in a pattern of many `<`).
    static let maxNameLength = 1_000

    private static func tooLong(_ limit: Int, expanded: Bool) -> PatternSyntaxError {
        PatternSyntaxError(offset: 0, message: "pattern longer than \(limit) characters\(expanded ? " once its macros are expanded" : ""); a list this long belongs in a lexicon (lexicons/NAME.txt, then {NAME})", isLimit: true)
    }

    /// `limit`: the longest expansion, in code points (`RulePackLimits.patternLength`);
    /// macros that each use another twice double at every level.
    static func expand(_ pattern: String, macros: [String: String], depth: Int = 0,
                       limit: Int = RulePackLimits.standard.patternLength)
        -> Result<String, PatternSyntaxError>
    {
        guard pattern.contains("<") else {
            return pattern.unicodeScalars.count > limit ? .failure(tooLong(limit, expanded: depth > 0)) : .success(pattern)
        }
        if depth > maxDepth {
            return .failure(PatternSyntaxError(offset: 0, message: "macros nested deeper than \(maxDepth) (a macro that uses itself?)"))
        }
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var length = 0
        var index = 0
        var nextClose = -1
        while index < scalars.count {
            let scalar = scalars[index]
            let escaped = index > 0 && scalars[index - 1] == "\\"
            let capture = index >= 2 && scalars[index - 1] == "?" && scalars[index - 2] == "("
            // The next `>`, found once for every `<` before it (a search per
            // `<` is quadratic in a pattern of many).
            if scalar == "<", nextClose < index { nextClose = scalars[index...].firstIndex(of: ">") ?? scalars.count }
            if scalar == "<", !escaped, !capture, nextClose < scalars.count, nextClose - index <= maxNameLength {
                let close = nextClose
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                if !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" || $0 == "-" || ("0"..."9").contains($0) }) {
                    guard let body = macros[name] else {
                        return .failure(PatternSyntaxError(offset: index, message: "undefined macro <\(name)> (define it under 'macros:' in pack.yaml)"))
                    }
                    switch expand(body, macros: macros, depth: depth + 1, limit: limit) {
                    case .success(let inner):
                        output.append(contentsOf: "(?:\(inner))".unicodeScalars)
                        length += inner.unicodeScalars.count + 4
                    case .failure(let failure): return .failure(failure)
                    }
                    if length > limit { return .failure(tooLong(limit, expanded: true)) }
                    index = close + 1
                    continue
                }
            }
            output.append(scalar)
            length += 1
            index += 1
        }
        if length > limit { return .failure(tooLong(limit, expanded: true)) }
        return .success(String(output))
    }
}
