import Foundation

/// A document with reference spans: a line of a gold file (or of a
/// predictions file) in Zhengming's JSONL schema, `{"id", "text", "spans":
/// [{"start", "end", "label", "rule"?, "attrs"?}]}`.
public struct GoldDocument: Sendable {
    public var id: String
    public var text: String
    public var spans: [Mention]

    public init(id: String, text: String, spans: [Mention]) {
        self.id = id
        self.text = text
        self.spans = spans
    }

    /// Why `path` cannot be read, from opening it (errno's message:
    /// "Permission denied", "Is a directory" …).
    private static func reason(_ path: String) -> String {
        if let file = fopen(path, "rb") {
            fclose(file)
            return "cannot read the file"
        }
        return String(cString: strerror(errno))
    }

    /// Reads a gold JSONL file, or every `*.jsonl` file under a directory
    /// (sorted, hidden files and `*.posts.jsonl` skipped), as `export --gold`
    /// and `eval --gold` accept them; problems with single lines are reported as
    /// `path:line: reason` and the line skipped.
    ///
    /// - Throws: `InputError` naming the path and what is wrong with it: no
    ///   such file or directory, a directory without `*.jsonl` files, or the
    ///   system's reason it cannot be read (permission denied …).
    public static func readAll(_ path: String, problems: (String) -> Void) throws -> [GoldDocument] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(.unreadable("no such file or directory"), path: path)
        }
        guard isDirectory.boolValue else { return try read(path, problems: problems) }
        let files = files(under: path)
        if files.isEmpty { throw InputError(.unreadable("no *.jsonl gold files in the directory"), path: path) }
        return try files.flatMap { try read($0, problems: problems) }
    }

    /// The `*.jsonl` files under `directory`, sorted, hidden files skipped,
    /// and person–post gold files (`*.posts.jsonl`, which hold no spans)
    /// too, unless `posts` asks for those alone.
    static func files(under directory: String, posts: Bool = false) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix("."), name.hasSuffix(".jsonl"), name.hasSuffix(".posts.jsonl") == posts else { continue }
            files.append((directory as NSString).appendingPathComponent(relative))
        }
        return files.sorted()
    }

    /// Reads one JSONL file of documents with spans; problems with single
    /// lines are reported as `path:line: reason` and the line skipped.
    public static func read(_ path: String, problems: (String) -> Void) throws -> [GoldDocument] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(.unreadable(Self.reason(path)), path: path)
        }
        var documents: [GoldDocument] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let where_ = "\(path):\(index + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let text = object["text"] as? String else {
                problems("\(where_): not a JSON object with a \"text\" string")
                continue
            }
            let id = (object["id"] as? String) ?? (object["id"].map { "\($0)" }) ?? "\(path):\(index + 1)"
            var spans: [Mention] = []
            let length = text.unicodeScalars.count
            for case let span as [String: Any] in object["spans"] as? [Any] ?? [] {
                guard let start = span["start"] as? Int, let end = span["end"] as? Int, let label = span["label"] as? String,
                      0 <= start, start < end, end <= length else {
                    problems("\(where_): span \(span) is malformed or outside the text; skipped")
                    continue
                }
                spans.append(Mention(start: start, end: end, label: label, rule: span["rule"] as? String ?? "",
                                     attributes: span["attrs"] as? [String: String] ?? [:]))
            }
            documents.append(GoldDocument(id: id, text: text, spans: spans))
        }
        return documents
    }
}
