import Foundation

/// A document of a post gold file (or of `annotate --format jsonl` output):
///
///     {"id": …, "text": …, "posts": [{"official": {"start", "end", "text"},
///      "post": "…", "status": "current|former|appointed|removed", …}]}
///
/// Only the official's span, the post and the status are scored; `organ`,
/// `title` and the rest are read when present and otherwise ignored.
public struct PostGoldDocument: Sendable {
    public var id: String
    public var text: String
    public var records: [PostEvaluation.Record]

    /// Reads a JSONL file, or every `*.posts.jsonl` file under a directory
    /// (sorted), as `eval --posts --gold` accepts them.
    ///
    /// - Throws: `InputError` naming the path: no such file or directory, or
    ///   a directory without `*.posts.jsonl` files.
    public static func readAll(_ path: String, problems: (String) -> Void) throws -> [PostGoldDocument] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(.unreadable("no such file or directory"), path: path)
        }
        guard isDirectory.boolValue else { return try read(path, problems: problems) }
        let files = GoldDocument.files(under: path, posts: true)
        if files.isEmpty { throw InputError(.unreadable("no *.posts.jsonl gold files in the directory"), path: path) }
        return try files.flatMap { try read($0, problems: problems) }
    }

    /// Reads a JSONL file; a malformed line or record is reported as
    /// `path:line: reason` and skipped.
    public static func read(_ path: String, problems: (String) -> Void) throws -> [PostGoldDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(.unreadable("cannot read file"), path: path)
        }
        var documents: [PostGoldDocument] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let where_ = "\(path):\(index + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let text = object["text"] as? String else {
                problems("\(where_): not a JSON object with a \"text\" string")
                continue
            }
            let id = (object["id"] as? String) ?? (object["id"].map { "\($0)" }) ?? where_
            if object["posts"] == nil {
                problems("\(where_): no \"posts\" list (a span gold file? person–post gold has \"posts\"); scored as a document without records")
            }
            let scalars = Array(text.unicodeScalars)
            var records: [PostEvaluation.Record] = []
            for case let record as [String: Any] in object["posts"] as? [Any] ?? [] {
                guard let official = record["official"] as? [String: Any],
                      let start = official["start"] as? Int, let end = official["end"] as? Int,
                      0 <= start, start < end, end <= scalars.count,
                      let post = record["post"] as? String,
                      let status = (record["status"] as? String).flatMap(PostStatus.init(rawValue:)) else {
                    problems("\(where_): post record \(record) needs official {start, end} inside the text, post and a status (\(PostStatus.allCases.map(\.rawValue).joined(separator: ", "))); skipped")
                    continue
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                let written = String(view)
                if let claimed = official["text"] as? String, claimed != written {
                    problems("\(where_): official text '\(claimed)' is not the text at \(start)..<\(end) ('\(written)'); skipped")
                    continue
                }
                records.append(.init(official: start..<end, officialText: written, post: post, status: status,
                                     rule: record["rule"] as? String ?? ""))
            }
            documents.append(PostGoldDocument(id: id, text: text, records: records))
        }
        return documents
    }
}
