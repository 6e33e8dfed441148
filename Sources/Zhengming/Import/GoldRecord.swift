import Foundation

/// One corrected document read back from an annotation tool, as Zhengming's
/// gold JSONL writes it (what `eval --gold` and `export --gold` read):
///
///     {"id": …, <fields>, "text": …, "spans": [{"start", "end", "label", "text"}]}
///
/// Offsets are code points into `text`; `fields` are the record's other
/// fields as raw JSON (the input's passthrough fields, `document`,
/// `sentence` and `offset` of a sentence record).
public struct GoldRecord: Sendable {
    public var id: String
    /// The raw JSON of the id when the tool kept it (a string or a number).
    public var idJSON: String?
    public var text: String
    public var fields: [(key: String, rawValue: String)]
    public var spans: [Mention]

    public init(id: String, idJSON: String? = nil, text: String, fields: [(key: String, rawValue: String)] = [],
                spans: [Mention]) {
        self.id = id
        self.idJSON = idJSON
        self.text = text
        self.fields = fields
        self.spans = spans
    }

    /// The record as one line of gold JSONL: spans sorted by start, then
    /// end, then label, duplicates dropped.
    public func jsonLine(to out: inout [UInt8]) {
        JSONText.append("{\"id\":", to: &out)
        if let idJSON { JSONText.append(idJSON, to: &out) } else { JSONText.appendQuoted(id, to: &out) }
        for (key, raw) in fields where !["id", "text", "spans"].contains(key) {
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.append(raw, to: &out)
        }
        JSONText.append(",\"text\":", to: &out)
        JSONText.appendQuoted(text, to: &out)
        JSONText.append(",\"spans\":[", to: &out)
        let codePoints = text.codePoints
        var seen = Set<[String]>()
        var first = true
        for span in spans.sorted(by: { ($0.start, $0.end, $0.label) < ($1.start, $1.end, $1.label) })
        where seen.insert([String(span.start), String(span.end), span.label]).inserted {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONText.append("{\"start\":", to: &out)
            JSONText.appendInt(span.start, to: &out)
            JSONText.append(",\"end\":", to: &out)
            JSONText.appendInt(span.end, to: &out)
            JSONText.append(",\"label\":", to: &out)
            JSONText.appendQuoted(span.label, to: &out)
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: codePoints[span.start..<span.end], to: &out)
            out.append(UInt8(ascii: "}"))
        }
        JSONText.append("]}\n", to: &out)
    }
}

/// A problem with one record of an imported file (`path:line: reason`, or
/// `path: task 3 (id …): reason`): the record is skipped, the others are
/// imported. Thrown for a file that cannot be read at all.
public struct ImportProblem: Error, CustomStringConvertible, Sendable {
    public let location: String
    public let reason: String
    public var description: String { "\(location): \(reason)" }

    public init(_ location: String, _ reason: String) {
        self.location = location
        self.reason = reason
    }
}

/// The tools `zhengming import` reads corrected annotations from.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// Label Studio's JSON export (an array of tasks with `annotations`),
    /// its JSONL, or its JSON-MIN export.
    case labelStudio = "label-studio"
    /// doccano's sequence-labelling JSONL export (`label` or `entities`).
    case doccano
    /// brat standoff: a directory of `.ann` files beside their `.txt`, or one `.ann`.
    case brat
    /// CoNLL as `annotate` and `export` write it (and char-bio, `form tag` files).
    case conll

    /// Reads `path`; `problems` receives each bad record (which is skipped).
    ///
    /// - Throws: `ImportProblem` when the file cannot be read or parsed at all.
    public func read(_ path: String, problems: (ImportProblem) -> Void) throws -> [GoldRecord] {
        switch self {
        case .labelStudio: try LabelStudioImporter.read(path, problems: problems)
        case .doccano: try DoccanoImporter.read(path, problems: problems)
        case .brat: try BratImporter.read(path, problems: problems)
        case .conll: try CoNLLImporter.read(path, problems: problems)
        }
    }
}

enum ImportSupport {
    /// The contents of `path`, or a problem saying why not.
    static func contents(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportProblem(path, "no such file or directory")
        }
        if isDirectory.boolValue { throw ImportProblem(path, "is a directory; give the exported file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportProblem(path, String(cString: strerror(errno)))
        }
        return data
    }

    /// A JSON value as compact JSON text (keys sorted), for fields kept as they were.
    static func raw(_ value: Any) -> String? {
        if let string = value as? String { return JSONText.quoted(string) }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// An id from a JSON value: a string as it is, a number as its digits.
    static func id(_ value: Any?) -> (id: String, raw: String)? {
        switch value {
        case let string as String: return (string, JSONText.quoted(string))
        case let number as NSNumber: return (number.stringValue, number.stringValue)
        default: return nil
        }
    }

    /// Checks a span (code points) against the text, and against the tool's
    /// copy of its text when there is one.
    static func span(start: Int, end: Int, label: String, quoted: String?,
                     in codePoints: [UInt32]) throws(SkippedRecord) -> Mention {
        guard 0 <= start, start < end, end <= codePoints.count else {
            throw SkippedRecord("span \(start)..<\(end) '\(label)' is empty or outside the text (\(codePoints.count) characters); skipped")
        }
        if let quoted {
            let actual = String(codePoints: codePoints[start..<end])
            guard actual == quoted else {
                throw SkippedRecord("span \(start)..<\(end) '\(label)' says its text is '\(quoted)' but the text there is '\(actual)'; skipped")
            }
        }
        guard !label.isEmpty else { throw SkippedRecord("span \(start)..<\(end) has no label; skipped") }
        return Mention(start: start, end: end, label: label, rule: Mention.goldSource)
    }
}

/// Why one record of an imported file was skipped.
struct SkippedRecord: Error {
    let reason: String
    /// Where, when more precise than the record (a line of a brat file).
    var location: String?
    init(_ reason: String, location: String? = nil) {
        self.reason = reason
        self.location = location
    }
}
