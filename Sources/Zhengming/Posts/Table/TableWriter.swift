/// Writes rows of text cells as CSV, TSV or JSON Lines, the formats of
/// `zhengming posts`.
///
/// - CSV is RFC 4180: fields separated by commas, records ended by CRLF, a
///   field quoted (`"`, with inner quotes doubled) when it holds a comma, a
///   quote or a line break; a header row first; UTF-8 without a byte-order
///   mark. `pandas.read_csv(path)` reads it as it is.
/// - TSV: tabs and line breaks inside a field become spaces (TSV has no
///   quoting), records end with LF; a header row first.
/// - JSONL: one object per row with the column names as keys, numeric
///   columns as numbers and empty cells as `null`.
public struct TableWriter: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, tsv, jsonl }

    public let format: Format
    public let columns: [String]
    /// Columns whose cells are integers (JSONL writes them unquoted).
    public let numericColumns: Set<String>

    public init(format: Format, columns: [String], numericColumns: Set<String> = []) {
        self.format = format
        self.columns = columns
        self.numericColumns = numericColumns
    }

    /// The header row (empty for JSONL).
    public var header: [UInt8] {
        var out: [UInt8] = []
        switch format {
        case .jsonl: break
        case .csv, .tsv: appendRecord(columns, to: &out)
        }
        return out
    }

    public func append(_ values: [String?], to out: inout [UInt8]) {
        switch format {
        case .csv, .tsv: appendRecord(values, to: &out)
        case .jsonl:
            out.append(UInt8(ascii: "{"))
            for (index, column) in columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(column, to: &out)
                out.append(UInt8(ascii: ":"))
                let value = index < values.count ? values[index] : nil
                if let value {
                    if numericColumns.contains(column), Int(value) != nil { JSONText.append(value, to: &out) }
                    else { JSONText.appendQuoted(value, to: &out) }
                } else {
                    JSONText.append("null", to: &out)
                }
            }
            JSONText.append("}\n", to: &out)
        }
    }

    private func appendRecord(_ values: [String?], to out: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(format == .csv ? UInt8(ascii: ",") : 0x09) }
            guard let value else { continue }
            format == .csv ? Self.appendCSVField(value, to: &out) : Self.appendTSVField(value, to: &out)
        }
        if format == .csv { out.append(0x0D) }
        out.append(0x0A)
    }

    static func appendCSVField(_ value: String, to out: inout [UInt8]) {
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return out.append(contentsOf: value.utf8) }
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendTSVField(_ value: String, to out: inout [UInt8]) {
        for byte in value.utf8 { out.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? UInt8(ascii: " ") : byte) }
    }
}
