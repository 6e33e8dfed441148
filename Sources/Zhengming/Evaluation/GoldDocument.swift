import Foundation

/// A document with reference spans: a line of a gold file (or of a
/// predictions file) in Zhengming's JSONL schema, `{"id", "text", "spans":
/// [{"start", "end", "label", "rule"?}]}`.
public struct GoldDocument: Sendable {
    public var id: String
    public var text: String
    public var spans: [Mention]

    public init(id: String, text: String, spans: [Mention]) {
        self.id = id
        self.text = text
        self.spans = spans
    }

    /// Reads a JSONL file of documents with spans; problems are reported as
    /// `path:line: reason` and the line skipped.
    public static func read(_ path: String, problems: (String) -> Void) throws -> [GoldDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(.unreadable("cannot read file"), path: path)
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
                spans.append(Mention(start: start, end: end, label: label, rule: span["rule"] as? String ?? ""))
            }
            documents.append(GoldDocument(id: id, text: text, spans: spans))
        }
        return documents
    }
}
