import Foundation

/// The date of a document, for the career table: the input record's `date`
/// field when it has one, else the first full date (year, month, day) of a
/// dateline, a short line near the top (`发布时间:2018-02-24 18:30`,
/// `（2018年2月22日）`). Written as ISO `YYYY-MM-DD` when it can be read
/// (Arabic or Chinese numerals), as given otherwise.
public enum DocumentDate {
    /// Lines of a dateline are at most this long, among the first `datelineLines`.
    static let datelineLength = 120
    static let datelineLines = 10

    public static func of(_ document: AnnotatedDocument) -> String? { of(Record(document)) }

    public static func of(_ document: Record) -> String? {
        if let raw = document.document.passthrough.first(where: { $0.key == "date" })?.rawValue,
           let value = decodeJSONScalar(raw), !value.isEmpty {
            return iso(value) ?? value
        }
        return dateline(document)
    }

    /// The first DATE mention on a short line near the top that reads as a full date.
    static func dateline(_ document: Record) -> String? {
        let text = document.codePoints
        var lineStart = 0
        var line = 0
        while lineStart < text.count, line < datelineLines {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - lineStart <= datelineLength {
                for mention in document.spans where mention.label == "DATE"
                    && mention.start >= lineStart && mention.end <= lineEnd {
                    if let date = iso(document.text(mention.start..<mention.end)) { return date }
                }
            }
            if lineEnd > lineStart { line += 1 }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// `YYYY-MM-DD` for a date written with a year, a month and a day in
    /// Arabic or Chinese numerals (`2018-02-24 18:30`, `2018年2月22日上午`,
    /// `二〇一八年二月二十二日`, `2018/2/22`, `2018.02.22`); nil otherwise.
    public static func iso(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var numbers: [Int] = []
        var index = 0
        while index < scalars.count, numbers.count < 3 {
            if let (value, next) = number(in: scalars, at: index, yearDigits: numbers.isEmpty) {
                numbers.append(value)
                index = next
                guard numbers.count < 3 else { break }
                guard index < scalars.count, "-/.年月".unicodeScalars.contains(scalars[index]) else { return nil }
                index += 1
            } else if numbers.isEmpty {
                index += 1
            } else {
                return nil
            }
        }
        guard numbers.count == 3 else { return nil }
        let (year, month, day) = (numbers[0], numbers[1], numbers[2])
        guard (1000...2999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    private static let chineseDigits: [Unicode.Scalar: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// A number at `index`: Arabic digits (full-width too), or Chinese
    /// numerals (digit by digit for a year, with 十 for a month or a day).
    private static func number(in scalars: [Unicode.Scalar], at index: Int, yearDigits: Bool) -> (Int, Int)? {
        var end = index
        var value = 0
        while end < scalars.count, let digit = arabic(scalars[end]) {
            value = value * 10 + digit
            end += 1
        }
        if end > index { return (value, end) }
        if yearDigits {
            while end < scalars.count, let digit = chineseDigits[scalars[end]] {
                value = value * 10 + digit
                end += 1
            }
            return end - index == 4 ? (value, end) : nil
        }
        var tens = 0, units = 0, sawTen = false
        while end < scalars.count {
            if scalars[end] == "十" { tens = max(units, 1); units = 0; sawTen = true }
            else if let digit = chineseDigits[scalars[end]] { units = digit }
            else { break }
            end += 1
        }
        guard end > index else { return nil }
        return (sawTen ? tens * 10 + units : units, end)
    }

    private static func arabic(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }

    /// A raw JSON value as text: a string's contents, a number as written.
    static func decodeJSONScalar(_ raw: String) -> String? {
        guard raw.hasPrefix("\"") else { return raw.trimmingCharacters(in: .whitespaces) == "null" ? nil : raw }
        return (try? JSONSerialization.jsonObject(with: Data(raw.utf8), options: .fragmentsAllowed)) as? String
    }
}
