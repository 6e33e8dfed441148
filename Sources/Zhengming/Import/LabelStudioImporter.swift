import Foundation

/// Reads Label Studio's exports of corrected tasks back as gold records.
///
/// - JSON (the default export): an array of tasks, each with `data` (our
///   `text`, `id` and the input fields, as `export --format label-studio`
///   wrote them) and `annotations`, each with a `result` of regions. The
///   latest annotation that was not cancelled is the correction (highest
///   `id`); a task nobody annotated is reported and skipped, since its
///   predictions were never checked.
/// - JSONL: the same tasks, one per line.
/// - JSON-MIN: flat objects with the data fields and one list per control
///   (`label`: `[{"start", "end", "text", "labels"}]`).
///
/// Region offsets are UTF-16 code units (JavaScript string indices) and
/// become code points; a region whose offsets split a character outside the
/// Basic Multilingual Plane, or whose `text` is not what the offsets cover,
/// makes its task a bad record. Regions of other types (relations,
/// choices) are left out.
enum LabelStudioImporter {
    static func read(_ path: String, problems: (ImportProblem) -> Void) throws -> [GoldRecord] {
        let data = try ImportSupport.contents(path)
        var tasks: [(location: String, object: Any)] = []
        if let parsed = try? JSONSerialization.jsonObject(with: data) {
            if let array = parsed as? [Any] {
                tasks = array.enumerated().map { ("\(path): task \($0.offset + 1)", $0.element) }
            } else {
                tasks = [("\(path): task 1", parsed)]
            }
        } else {
            for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
            where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) else {
                    if index == 0 { throw ImportProblem(path, "neither a JSON export (an array of tasks) nor JSONL of tasks") }
                    problems(ImportProblem("\(path):\(index + 1)", "not a JSON object; skipped"))
                    continue
                }
                tasks.append(("\(path):\(index + 1)", object))
            }
        }
        var records: [GoldRecord] = []
        for (location, object) in tasks {
            do { records.append(try record(object)) } catch {
                let taskID = ((object as? [String: Any])?["id"]).flatMap(ImportSupport.id)?.id
                problems(ImportProblem(location + (taskID.map { " (id \($0))" } ?? ""), error.reason))
            }
        }
        return records
    }

    static func record(_ object: Any) throws(SkippedRecord) -> GoldRecord {
        guard let task = object as? [String: Any] else { throw SkippedRecord("not a JSON object; skipped") }
        let data: [String: Any]
        let regions: [Any]
        if let taskData = task["data"] as? [String: Any] {
            data = taskData
            let annotations = (task["annotations"] as? [[String: Any]] ?? []).filter { ($0["was_cancelled"] as? Bool) != true }
            guard let latest = annotations.max(by: { annotationOrder($0) < annotationOrder($1) }) else {
                throw SkippedRecord("no completed annotation (the task was not corrected); skipped")
            }
            regions = latest["result"] as? [Any] ?? []
        } else if task["text"] is String {
            // JSON-MIN: data fields at the top, regions under the control's name.
            data = task.filter { !(["label", "annotator", "annotation_id", "created_at", "updated_at", "lead_time"].contains($0.key)) }
            regions = (task["label"] as? [Any] ?? []).map { ["type": "labels", "value": $0] as [String: Any] }
        } else {
            throw SkippedRecord("no \"data\" object with a \"text\" (not a Label Studio task); skipped")
        }
        guard let text = data["text"] as? String else { throw SkippedRecord("data has no \"text\" string; skipped") }
        let codePoints = text.codePoints
        let offsets = UTF16Offsets(codePoints)
        var spans: [Mention] = []
        for case let region as [String: Any] in regions {
            guard (region["type"] as? String) == "labels", let value = region["value"] as? [String: Any] else { continue }
            guard let start = value["start"] as? Int, let end = value["end"] as? Int,
                  let labels = value["labels"] as? [String], !labels.isEmpty else {
                throw SkippedRecord("region \(region["id"] ?? "?") has no start, end and labels; skipped")
            }
            guard let from = offsets.codePoint(start), let to = offsets.codePoint(end) else {
                throw SkippedRecord("region \(region["id"] ?? "?") (\(start)..<\(end) in UTF-16 units) splits a character or lies outside the text; skipped")
            }
            for label in labels {
                spans.append(try ImportSupport.span(start: from, end: to, label: label, quoted: value["text"] as? String,
                                                    in: codePoints))
            }
        }
        let id = ImportSupport.id(data["id"]) ?? ImportSupport.id(task["id"]).map { ("label-studio-\($0.id)", JSONText.quoted("label-studio-\($0.id)")) }
        let fields = data.keys.sorted().filter { $0 != "text" && $0 != "id" }.compactMap { key in
            ImportSupport.raw(data[key]!).map { (key: key, rawValue: $0) }
        }
        return GoldRecord(id: id?.id ?? "", idJSON: id?.raw, text: text, fields: fields, spans: spans)
    }

    /// Later annotations win: by `id`, else by `updated_at`.
    private static func annotationOrder(_ annotation: [String: Any]) -> (Int, String) {
        ((annotation["id"] as? Int) ?? 0, (annotation["updated_at"] as? String) ?? "")
    }
}

