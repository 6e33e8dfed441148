/// Label Studio pre-annotation tasks, one per record, in a JSON array (the
/// file Label Studio imports, `export` frames it):
///
///     {"data": {"text": …, "id": …, <input fields>, "document"?, "sentence"?, "offset"?},
///      "predictions": [{"model_version": "zhengming-0.1.0+<pack hash>",
///        "result": [{"id": "z1", "from_name": "label", "to_name": "text", "type": "labels",
///                    "value": {"start", "end", "text", "labels": ["ORGAN"]}}]}]}
///
/// `from_name` and `to_name` are the tags of the labeling config written
/// beside the tasks (`labelingConfig`). Label Studio's offsets are
/// JavaScript string indices, UTF-16 code units: a character outside the
/// Basic Multilingual Plane (𠀀, an emoji) counts two, so offsets are
/// converted from code points, and `text` is the span as Label Studio
/// slices it. `import --from label-studio` converts back.
public struct LabelStudioWriter: RecordWriter {
    /// `zhengming-<version>+<pack fingerprint>`: which rules made the predictions.
    public var modelVersion: String

    public init(modelVersion: String) { self.modelVersion = modelVersion }

    /// The model version for `rules`.
    public static func modelVersion(rules: RuleSet) -> String {
        "zhengming-\(ZhengmingVersion.string)+\(rules.fingerprint)"
    }

    public func write(_ record: Record, to out: inout [UInt8]) {
        if !out.isEmpty { JSONText.append(",\n", to: &out) }
        JSONText.append("{\"data\":{\"text\":", to: &out)
        JSONText.appendQuoted(record.text, to: &out)
        JSONText.append(",\"id\":", to: &out)
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
        JSONText.append("},\"predictions\":[{\"model_version\":", to: &out)
        JSONText.appendQuoted(modelVersion, to: &out)
        JSONText.append(",\"result\":[", to: &out)
        let offsets = UTF16Offsets(record.codePoints)
        for (index, span) in record.spans.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append("{\"id\":\"z\(index + 1)\",\"from_name\":\"label\",\"to_name\":\"text\",\"type\":\"labels\",", to: &out)
            JSONText.append("\"value\":{\"start\":", to: &out)
            JSONText.appendInt(offsets.utf16(span.start), to: &out)
            JSONText.append(",\"end\":", to: &out)
            JSONText.appendInt(offsets.utf16(span.end), to: &out)
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: record.codePoints[span.start..<span.end], to: &out)
            JSONText.append(",\"labels\":[", to: &out)
            JSONText.appendQuoted(span.label, to: &out)
            JSONText.append("]}}", to: &out)
        }
        JSONText.append("]}]}", to: &out)
    }

    /// Keys of `data` the writer sets itself.
    static let reserved: Set<String> = ["text", "id", "document", "sentence", "offset"]

    /// The labeling config matching the tasks: one `Labels` control named
    /// `label` over the `Text` object `text`, one colour per label.
    public static func labelingConfig(labels: [String]) -> String {
        var xml = "<View>\n  <Labels name=\"label\" toName=\"text\">\n"
        for (index, label) in labels.enumerated() {
            xml += "    <Label value=\"\(xmlEscaped(label))\" background=\"\(colour(index))\"/>\n"
        }
        xml += "  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n"
        return xml
    }

    /// The colour of the `index`-th label: the palette, then hues a golden
    /// angle apart (never the same colour twice for a pack's labels).
    static func colour(_ index: Int) -> String {
        if index < palette.count { return palette[index] }
        let hue = (Double(index - palette.count) * 137.508 + 20).truncatingRemainder(dividingBy: 360) / 60
        let chroma = 0.55, lightness = 0.6
        let x = chroma * (1 - abs(hue.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double) = switch Int(hue) {
        case 0: (chroma, x, 0)
        case 1: (x, chroma, 0)
        case 2: (0, chroma, x)
        case 3: (0, x, chroma)
        case 4: (x, 0, chroma)
        default: (chroma, 0, x)
        }
        let m = lightness - chroma / 2
        func hex(_ value: Double) -> String {
            let byte = String(Int(((value + m) * 255).rounded()), radix: 16)
            return byte.count == 1 ? "0" + byte : byte
        }
        return "#" + hex(r) + hex(g) + hex(b)
    }

    /// Twelve colours that stay apart from one another (and from black text).
    static let palette = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0",
                          "#f032e6", "#bcf60c", "#fabebe", "#008080", "#e6beff", "#9a6324"]

    static func xmlEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
