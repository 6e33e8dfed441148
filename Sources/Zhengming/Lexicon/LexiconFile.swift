/// Parses the lexicon file format: UTF-8, one entry per line, `#` comment
/// lines, blank lines ignored, optional TAB-separated `key=value` columns.
///
/// Entries may contain any character but TAB and newline: spaces, `·`,
/// brackets, `《》`, even `#` after the first character. The parser works on
/// bytes and splits on `\n` and `\t` directly, because packs with a million
/// entries must load in well under a second.
enum LexiconFile {
    struct Line {
        let text: String
        let attributes: [(key: String, value: String)]
        let number: Int
    }

    /// Parses `bytes`; problems are reported through `diagnose` with 1-based
    /// line and column (in characters), and the offending line is skipped.
    static func parse(_ bytes: [UInt8], file: String, diagnose: (RuleDiagnostic) -> Void) -> [Line] {
        var lines: [Line] = []
        var start = 0
        var number = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        bytes.withUnsafeBufferPointer { buffer in
            while start < buffer.count {
                number += 1
                var end = start
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if let line = parseLine(UnsafeBufferPointer(rebasing: buffer[start..<lineEnd]), number: number,
                                        file: file, diagnose: diagnose) {
                    lines.append(line)
                }
                start = end + 1
            }
        }
        return lines
    }

    private static func parseLine(_ line: UnsafeBufferPointer<UInt8>, number: Int, file: String,
                                  diagnose: (RuleDiagnostic) -> Void) -> Line? {
        var first = 0
        while first < line.count, line[first] == 0x20 { first += 1 }
        if first == line.count || line[first] == UInt8(ascii: "#") { return nil }
        guard let text = UTF8Validation.string(line) else {
            diagnose(RuleDiagnostic(.invalidEncoding, file: file, line: number, column: 1,
                                    "line is not valid UTF-8; lexicon files must be UTF-8"))
            return nil
        }
        guard line.contains(0x09) else { return Line(text: text, attributes: [], number: number) }
        let columns = text.split(separator: "\t", omittingEmptySubsequences: false)
        var attributes: [(String, String)] = []
        var column = columns[0].count + 2
        for field in columns.dropFirst() {
            defer { column += field.count + 1 }
            if field.isEmpty { continue }
            guard let equals = field.firstIndex(of: "="), equals != field.startIndex else {
                diagnose(RuleDiagnostic(.badLexiconColumn, file: file, line: number, column: column,
                                        "column '\(field)' is not key=value (e.g. canonical=湖南省)"))
                return nil
            }
            attributes.append((String(field[..<equals]), String(field[field.index(after: equals)...])))
        }
        let entry = String(columns[0])
        if entry.trimmingCharacters(in: " ").isEmpty {
            diagnose(RuleDiagnostic(.badLexiconColumn, file: file, line: number, column: 1, "empty entry before TAB"))
            return nil
        }
        return Line(text: entry, attributes: attributes, number: number)
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> Substring {
        var slice = self[...]
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return slice
    }
}
