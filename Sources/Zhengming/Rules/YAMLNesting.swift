/// How deeply a YAML text nests, found by a scan of its characters before
/// any tree is built.
///
/// Yams composes a document into a `Node` tree by recursion, one stack frame
/// or more per level, and so does any code that walks the tree: a flow
/// sequence 5,000 deep (`[[[[…`) or a block mapping 20,000 deep overflows the
/// stack and kills the process. Rule files nest a handful of levels (a rule
/// in a list in a mapping, its examples, their expectations), so a limit far
/// above that costs nothing and is checked here, on the text, where no
/// recursion is involved.
///
/// The scan is an estimate that errs upwards, never far downwards:
/// - flow collections: every `[` or `{` that opens a value (at the start of
///   one, or anywhere inside a flow collection, where plain scalars cannot
///   contain brackets) counts a level until its closing bracket;
/// - block collections: each line deeper than the one above (and each
///   compact `- ` entry on a line) counts a level, kept on a stack of
///   columns as YAML's own indentation rule does;
/// - quoted scalars (where a value starts), comments and block scalars
///   (`|`, `>`) are skipped, so brackets and indentation inside them do not
///   count.
/// A multi-line plain scalar can count a level or two too many, and a
/// sequence written at its key's indentation one too few per level; both are
/// far inside the margin between `limit` and what overflows a stack.
enum YAMLNesting {
    /// Deeper than this is refused (Z005). The default pack nests 6 levels.
    static let limit = 100

    /// Where the text first nests deeper than `limit` (1-based line and
    /// column), or nil when it never does.
    static func firstExcess(in text: String, limit: Int = limit) -> (line: Int, column: Int)? {
        var scanner = Scanner(limit: limit)
        var line = 1
        var lineStart = true
        var characters = Array(text.unicodeScalars)
        characters.append("\n")
        var index = 0
        while index < characters.count {
            if lineStart {
                lineStart = false
                if let excess = scanner.beginLine(characters, at: &index, line: line) { return excess }
                continue
            }
            let character = characters[index]
            if character == "\n" {
                line += 1
                lineStart = true
                index += 1
                continue
            }
            if let excess = scanner.step(characters, at: &index, line: &line) { return excess }
        }
        return nil
    }

    private struct Scanner {
        let limit: Int
        var flowDepth = 0
        /// Columns of the open block collections.
        var blockColumns: [Int] = []
        /// Indentation of the line that opened a block scalar being skipped.
        var blockScalarParent: Int?
        /// True where a value may start (a quote, bracket or `|` means something).
        var atValueStart = true
        var column = 0
        var lineStartIndex = 0

        init(limit: Int) { self.limit = limit }

        var depth: Int { blockColumns.count + flowDepth }

        /// Reads the indentation of a line (and any compact `- ` entries),
        /// skipping block-scalar lines, blank lines and comment lines.
        mutating func beginLine(_ characters: [Unicode.Scalar], at index: inout Int, line: Int) -> (line: Int, column: Int)? {
            lineStartIndex = index
            var indent = 0
            while characters[index] == " " { index += 1; indent += 1 }
            let first = characters[index]
            let blank = first == "\n" || first == "\r" || first == "#"
            if let parent = blockScalarParent {
                if blank || indent > parent { skipLine(characters, at: &index); return nil }
                blockScalarParent = nil
            }
            column = indent
            atValueStart = true
            if blank || flowDepth > 0 { return nil }
            while let top = blockColumns.last, top > indent { blockColumns.removeLast() }
            if blockColumns.last != indent { blockColumns.append(indent) }
            // Compact entries: `- - - x` nests one level per dash.
            while characters[index] == "-", characters[index + 1] == " " {
                index += 2
                column += 2
                while characters[index] == " " { index += 1; column += 1 }
                if characters[index] == "\n" || characters[index] == "#" { break }
                blockColumns.append(column)
                if depth > limit { return (line, column + 1) }
            }
            return depth > limit ? (line, column + 1) : nil
        }

        mutating func skipLine(_ characters: [Unicode.Scalar], at index: inout Int) {
            while characters[index] != "\n" { index += 1 }
        }

        mutating func step(_ characters: [Unicode.Scalar], at index: inout Int, line: inout Int) -> (line: Int, column: Int)? {
            let character = characters[index]
            let previousIsSpace = index == lineStartIndex || characters[index - 1] == " " || characters[index - 1] == "\t"
            switch character {
            case "#" where previousIsSpace:
                skipLine(characters, at: &index)
                return nil
            case "'" where atValueStart, "\"" where atValueStart:
                skipQuoted(characters, at: &index, line: &line, quote: character)
                atValueStart = false
                return nil
            case "[" where atValueStart || flowDepth > 0, "{" where atValueStart || flowDepth > 0:
                flowDepth += 1
                advance(&index)
                atValueStart = true
                return depth > limit ? (line, column) : nil
            case "]" where flowDepth > 0, "}" where flowDepth > 0:
                flowDepth -= 1
                advance(&index)
                atValueStart = false
                return nil
            case "," where flowDepth > 0:
                advance(&index)
                atValueStart = true
                return nil
            case "|" where atValueStart && flowDepth == 0, ">" where atValueStart && flowDepth == 0:
                blockScalarParent = blockColumns.last ?? 0
                skipLine(characters, at: &index)
                return nil
            case ":", "?", "-":
                let next = characters[index + 1]
                advance(&index)
                if next == " " || next == "\t" || next == "\n" || next == "\r" || (flowDepth > 0 && character == ":") {
                    atValueStart = true
                } else {
                    atValueStart = false
                }
                return nil
            case " ", "\t", "\r":
                advance(&index)
                return nil
            default:
                advance(&index)
                atValueStart = false
                return nil
            }
        }

        mutating func advance(_ index: inout Int) {
            index += 1
            column += 1
        }

        /// Skips a quoted scalar, which may span lines (`''` and `\"` escape
        /// the quote); stops at the end of the text if it never closes.
        mutating func skipQuoted(_ characters: [Unicode.Scalar], at index: inout Int, line: inout Int, quote: Unicode.Scalar) {
            advance(&index)
            while index < characters.count - 1 {
                let character = characters[index]
                if character == "\n" {
                    line += 1
                    index += 1
                    lineStartIndex = index
                    column = 0
                    continue
                }
                if quote == "\"", character == "\\" { advance(&index); advance(&index); continue }
                if character == quote {
                    if quote == "'", characters[index + 1] == "'" { advance(&index); advance(&index); continue }
                    advance(&index)
                    return
                }
                advance(&index)
            }
        }
    }
}
