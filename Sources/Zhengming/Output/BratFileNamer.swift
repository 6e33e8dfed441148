/// File names for brat documents: one per unit, derived from its id, safe on
/// every file system and unique within a split directory.
///
/// Ids are often paths (`corpus/2020/a.txt`) or `path:line`; path
/// separators, white space, control and reserved characters become `_`, a
/// trailing `.txt` is dropped, leading dots (hidden files) are removed and
/// long names are cut to 120 bytes. Two ids that clean up to the same name,
/// compared case-insensitively for macOS and Windows, get `-2`, `-3` …
/// in the order they are written, which is input order.
struct BratFileNamer {
    private var used: [Set<String>]

    init(splits: Int) { used = Array(repeating: [], count: splits) }

    mutating func name(for id: String, split: Int) -> String {
        let base = Self.clean(id)
        var candidate = base
        var counter = 2
        while !used[split].insert(candidate.lowercased()).inserted {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }

    static func clean(_ id: String) -> String {
        var text = id.hasSuffix(".txt") ? String(id.dropLast(4)) : id
        text = String(String.UnicodeScalarView(text.unicodeScalars.map { isAllowed($0) ? $0 : "_" }))
        while text.hasPrefix(".") || text.hasPrefix("_") { text.removeFirst() }
        while text.utf8.count > 120 { text.removeLast() }
        return text.isEmpty ? "document" : text
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value.isWhiteSpace || scalar.value < 0x20 || scalar.value == 0x7F { return false }
        return !"/\\:*?\"<>|#".unicodeScalars.contains(scalar)
    }
}
