import Foundation

extension RuleSet {
    /// A short hash of the packs' files (`pack.yaml`, rule files, lexicons),
    /// so that pre-annotations can say which rules made them: two runs with
    /// the same files give the same fingerprint, an edited lexicon another.
    ///
    /// FNV-1a 64 over each file's path relative to its pack, a NUL and its
    /// bytes, files in sorted order, packs in load order (`*.md` and hidden
    /// files, which nothing loads, left out); 12 hex digits.
    public var fingerprint: String {
        var bytes: [UInt8] = []
        for pack in packs {
            bytes.append(0x1E)
            for relative in Self.packFiles(under: pack) {
                bytes.append(contentsOf: relative.utf8)
                bytes.append(0)
                if let data = FileManager.default.contents(atPath: (pack as NSString).appendingPathComponent(relative)) {
                    bytes.append(contentsOf: data)
                }
                bytes.append(0x1F)
            }
        }
        let hex = String(SplitAssigner.fnv1a64(bytes), radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
    }

    static func packFiles(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix("."), !name.hasSuffix(".md") else { continue }
            var isDirectory: ObjCBool = false
            let full = (directory as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }
}
