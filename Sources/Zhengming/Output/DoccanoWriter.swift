/// doccano's sequence-labelling JSONL, one record per line:
///
///     {"text": …, "label": [[start, end, "ORGAN"], …], "id": …, <input fields>,
///      "document"?, "sentence"?, "offset"?}
///
/// doccano keeps fields other than `text` and `label` as the example's
/// metadata and writes them back on export, so `import --from doccano`
/// gets the id and the input fields again. Offsets are code points: doccano's
/// server is Python and counts `str` indexes, and its annotation view counts
/// characters the same way (a character outside the Basic Multilingual Plane
/// is one), unlike Label Studio.
public struct DoccanoWriter: RecordWriter {
    public init() {}

    public func write(_ record: Record, to out: inout [UInt8]) {
        JSONText.append("{\"text\":", to: &out)
        JSONText.appendQuoted(record.text, to: &out)
        JSONText.append(",\"label\":[", to: &out)
        for (index, span) in record.spans.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            JSONText.appendInt(span.start, to: &out)
            out.append(UInt8(ascii: ","))
            JSONText.appendInt(span.end, to: &out)
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(span.label, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        JSONText.append("],\"id\":", to: &out)
        JSONText.appendQuoted(record.id, to: &out)
        if let index = record.sentenceIndex {
            JSONText.append(",\"document\":", to: &out)
            JSONText.appendQuoted(record.documentID, to: &out)
            JSONText.append(",\"sentence\":", to: &out)
            JSONText.appendInt(index + 1, to: &out)
            JSONText.append(",\"offset\":", to: &out)
            JSONText.appendInt(record.offset, to: &out)
        }
        for (key, raw) in record.document.passthrough where !Self.reserved.contains(key) {
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.append(raw, to: &out)
        }
        JSONText.append("}\n", to: &out)
    }

    static let reserved: Set<String> = ["text", "label", "id", "document", "sentence", "offset"]
}
