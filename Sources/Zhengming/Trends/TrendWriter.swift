/// The per-document part of `zhengming trends`, run on the workers like any
/// writer: a document's date and its mentions of the labels asked for, as
/// tab-separated lines that `TrendCounter` adds up in input order.
///
///     D <TAB> YYYY-MM-DD or empty <TAB> field|dateline|empty <TAB> id
///     M <TAB> label <TAB> canonical or empty <TAB> text
///
/// Tabs and line breaks inside a text become spaces (they never matter to a
/// surface form).
public struct TrendWriter: RecordWriter {
    public var dateField: String
    /// nil: every label.
    public var labels: Set<String>?

    public init(dateField: String = "date", labels: Set<String>? = nil) {
        self.dateField = dateField
        self.labels = labels
    }

    public func write(_ record: Record, to out: inout [UInt8]) {
        let date = TrendDate.of(record, field: dateField)
        out.append(UInt8(ascii: "D"))
        field(date?.date ?? "", to: &out)
        field(date?.source.rawValue ?? "", to: &out)
        field(record.id, to: &out)
        out.append(0x0A)
        for mention in record.spans where labels?.contains(mention.label) ?? true {
            out.append(UInt8(ascii: "M"))
            field(mention.label, to: &out)
            field(mention.attributes["canonical"] ?? "", to: &out)
            field(record.text(mention.start..<mention.end), to: &out)
            out.append(0x0A)
        }
    }

    private func field(_ text: String, to out: inout [UInt8]) {
        out.append(0x09)
        for byte in text.utf8 { out.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
    }
}
