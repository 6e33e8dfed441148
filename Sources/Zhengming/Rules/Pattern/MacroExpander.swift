/// Expands `<name>` macro references in a pattern before it is parsed.
///
/// Macros are pattern fragments defined once in `pack.yaml` (`macros:`) and
/// shared by many rules, as TokensRegex's `$MACRO`s are: `<name>` becomes
/// `(?:body)`. `(?<name>` (a named capture) and `\<` are left alone; macros
/// may use other macros, up to a fixed depth, so a cycle is an error rather
/// than a hang.
enum MacroExpander {
    static let maxDepth = 8

    static func expand(_ pattern: String, macros: [String: String], depth: Int = 0)
        -> Result<String, PatternSyntaxError>
    {
        guard pattern.contains("<") else { return .success(pattern) }
        if depth > maxDepth {
            return .failure(PatternSyntaxError(offset: 0, message: "macros nested deeper than \(maxDepth) (a macro that uses itself?)"))
        }
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let escaped = index > 0 && scalars[index - 1] == "\\"
            let capture = index >= 2 && scalars[index - 1] == "?" && scalars[index - 2] == "("
            if scalar == "<", !escaped, !capture, let close = scalars[index...].firstIndex(of: ">") {
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                if !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" || $0 == "-" || ("0"..."9").contains($0) }) {
                    guard let body = macros[name] else {
                        return .failure(PatternSyntaxError(offset: index, message: "undefined macro <\(name)> (define it under 'macros:' in pack.yaml)"))
                    }
                    switch expand(body, macros: macros, depth: depth + 1) {
                    case .success(let inner): output.append(contentsOf: "(?:\(inner))".unicodeScalars)
                    case .failure(let failure): return .failure(failure)
                    }
                    index = close + 1
                    continue
                }
            }
            output.append(scalar)
            index += 1
        }
        return .success(String(output))
    }
}
