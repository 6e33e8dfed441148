import Foundation

/// The date a document is counted under in `zhengming trends`: the value of
/// an input field (`date` unless `--date-field` says otherwise), else the
/// first full DATE mention (year, month and day) of the document's dateline
/// (`（2018年2月22日）`, `发布时间:2018-02-24 18:30`): its first sentence, or,
/// when a page begins with short header lines without a sentence end
/// (breadcrumbs, a headline, a source line, as the seeds do), those; else
/// none, and the document is reported as undated. A date
/// in the body of the text is never taken: it is what the text reports, not
/// when it was written.
public enum TrendDate {
    /// Where a document's date came from.
    public enum Source: String, Sendable { case field, dateline }

    /// `(YYYY-MM-DD, source)`, or nil. Dates are read by `DocumentDate.iso`
    /// (the reader the posts table uses): Arabic or Chinese numerals, with a
    /// year, a month and a day.
    public static func of(_ record: Record, field: String) -> (date: String, source: Source)? {
        if let raw = record.document.passthrough.first(where: { $0.key == field })?.rawValue,
           let value = jsonScalar(raw), let date = DocumentDate.iso(value) {
            return (date, .field)
        }
        var places: [Range<Int>] = record.sentences.first.map { [$0] } ?? []
        places += headerLines(record.codePoints)
        for place in places {
            for mention in record.spans where mention.label == "DATE" && mention.start >= place.lowerBound
                && mention.end <= place.upperBound {
                if let date = DocumentDate.iso(record.text(mention.start..<mention.end)) { return (date, .dateline) }
            }
        }
        return nil
    }

    /// The header lines of a page: from the top, lines of at most
    /// `headerLength` characters with no sentence end in them (`首页 > 巡视`,
    /// `发布时间:2018-02-24 18:30`), at most `headerLines`; the first line
    /// that is a sentence of the body ends the header.
    static func headerLines(_ text: [UInt32]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        while start < text.count, lines.count < headerLineCount {
            var end = start
            while end < text.count, text[end] != 0x0A { end += 1 }
            if end > start {
                let line = text[start..<end]
                guard line.count <= headerLength, !line.contains(where: sentenceEnds.contains) else { break }
                lines.append(start..<end)
            }
            start = end + 1
        }
        return lines
    }

    static let headerLineCount = 5
    static let headerLength = 120
    /// 。！？!?
    static let sentenceEnds: Set<UInt32> = [0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F]

    /// A raw JSON value as text: a string's contents, a number as written.
    static func jsonScalar(_ raw: String) -> String? {
        guard raw.hasPrefix("\"") else { return raw == "null" ? nil : raw }
        return (try? JSONSerialization.jsonObject(with: Data(raw.utf8), options: .fragmentsAllowed)) as? String
    }
}
