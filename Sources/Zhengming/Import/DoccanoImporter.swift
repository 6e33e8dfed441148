import Foundation

/// Reads doccano's sequence-labelling JSONL export back as gold records:
/// one object per line with `text` and either `label` (`[[start, end,
/// "LABEL"], …]`, doccano's default) or `entities` (`[{"start_offset",
/// "end_offset", "label"}]`, projects with relations). Offsets are code
/// points, as `export --format doccano` wrote them. `id` and every other
/// field (the input's fields, `document`, `sentence`, `offset`) are kept as
/// they are, except doccano's own `Comments` and `relations`.
enum DoccanoImporter {
    static let dropped: Set<String> = ["text", "label", "entities", "relations", "Comments", "id"]

    static func read(_ path: String, problems: (ImportProblem) -> Void) throws -> [GoldRecord] {
        let data = try ImportSupport.contents(path)
        var records: [GoldRecord] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            let location = "\(path):\(index + 1)"
            do { records.append(try record(Array(line), location: location)) } catch let skipped as SkippedRecord {
                problems(ImportProblem(location, skipped.reason))
            }
        }
        return records
    }

    static func record(_ line: [UInt8], location: String) throws -> GoldRecord {
        let fields: [JSONObjectScanner.Field]
        do { fields = try JSONObjectScanner.fields(of: line) } catch {
            throw SkippedRecord("not a JSON object (\(error)); skipped")
        }
        guard let text = fields.first(where: { $0.key == "text" })?.string else {
            throw SkippedRecord("no \"text\" string; skipped")
        }
        let codePoints = text.codePoints
        var spans: [Mention] = []
        func parse(_ key: String) -> Any? {
            fields.first { $0.key == key }.flatMap { try? JSONSerialization.jsonObject(with: Data($0.rawValue.utf8), options: .fragmentsAllowed) }
        }
        if let labels = parse("label") {
            guard let list = labels as? [[Any]] else { throw SkippedRecord("\"label\" is not a list of [start, end, label]; skipped") }
            for item in list {
                guard item.count >= 3, let start = item[0] as? Int, let end = item[1] as? Int, let label = item[2] as? String else {
                    throw SkippedRecord("label \(item) is not [start, end, \"LABEL\"]; skipped")
                }
                spans.append(try ImportSupport.span(start: start, end: end, label: label, quoted: nil, in: codePoints))
            }
        } else if let entities = parse("entities") {
            guard let list = entities as? [[String: Any]] else { throw SkippedRecord("\"entities\" is not a list of objects; skipped") }
            for item in list {
                guard let start = item["start_offset"] as? Int, let end = item["end_offset"] as? Int,
                      let label = item["label"] as? String else {
                    throw SkippedRecord("entity \(item) has no start_offset, end_offset and label; skipped")
                }
                spans.append(try ImportSupport.span(start: start, end: end, label: label, quoted: nil, in: codePoints))
            }
        }
        let idField = fields.first { $0.key == "id" }
        let id = idField.map { $0.string ?? $0.rawValue } ?? location
        return GoldRecord(id: id, idJSON: idField?.rawValue, text: text,
                          fields: fields.filter { !dropped.contains($0.key) }.map { ($0.key, $0.rawValue) }, spans: spans)
    }
}
