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

    /// `(year, month, day)` and where it came from, or nil.
    public static func of(_ record: Record, field: String) -> (date: FullDate, source: Source)? {
        if let raw = record.document.passthrough.first(where: { $0.key == field })?.rawValue,
           let value = jsonScalar(raw), let date = FullDate(value) {
            return (date, .field)
        }
        var places: [Range<Int>] = record.sentences.first.map { [$0] } ?? []
        places += headerLines(record.codePoints)
        for place in places {
            for mention in record.spans where mention.label == "DATE" && mention.start >= place.lowerBound
                && mention.end <= place.upperBound {
                if let date = FullDate(record.text(mention.start..<mention.end)) { return (date, .dateline) }
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

/// A calendar date with a year, a month and a day, read from how Chinese
/// text and metadata write one: `2018-02-24`, `2018/2/24 18:30`,
/// `2018.02.24`, `20180224`, `2018年2月24日上午`, `二〇一八年二月二十四日`,
/// full-width digits too. Anything without all three parts is not one.
public struct FullDate: Sendable, Hashable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(_ text: String) {
        let scalars = Array(text.unicodeScalars.map { Self.halfWidth($0) })
        // Eight digits in a row: 20180224.
        let digits = scalars.prefix { Self.digit($0) != nil }
        if digits.count == 8, scalars.count == 8 || !CharacterSet.decimalDigits.contains(scalars[8]) {
            let value = digits.map { Self.digit($0)! }
            self.init(year: value[0...3].reduce(0) { $0 * 10 + $1 }, month: value[4] * 10 + value[5],
                      day: value[6] * 10 + value[7])
            return
        }
        var numbers: [Int] = []
        var index = 0
        // Skip what comes before the year (`公元`, `（`, a label).
        while index < scalars.count, Self.digit(scalars[index]) == nil, Self.chinese[scalars[index]] == nil { index += 1 }
        while index < scalars.count, numbers.count < 3 {
            guard let (value, next) = Self.number(scalars, index, year: numbers.isEmpty) else { return nil }
            numbers.append(value)
            index = next
            if numbers.count == 3 { break }
            guard index < scalars.count, "-/.年月".unicodeScalars.contains(scalars[index]) else { return nil }
            index += 1
        }
        guard numbers.count == 3 else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    public init?(year: Int, month: Int, day: Int) {
        guard (1000...2999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: FullDate, b: FullDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// `YYYY-MM-DD`.
    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }

    private static let chinese: [Unicode.Scalar: Int] = [
        "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    private static func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFF10 + 0x30)! : scalar
    }

    private static func digit(_ scalar: Unicode.Scalar) -> Int? {
        (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
    }

    /// Arabic digits, or Chinese numerals: digit by digit for a year (four of
    /// them), with 十 for a month or a day (`二十四`, `十二`).
    private static func number(_ scalars: [Unicode.Scalar], _ start: Int, year: Bool) -> (Int, Int)? {
        var end = start
        var value = 0
        while end < scalars.count, let digit = digit(scalars[end]) { value = value * 10 + digit; end += 1 }
        if end > start { return end - start <= 4 ? (value, end) : nil }
        if year {
            while end < scalars.count, let digit = chinese[scalars[end]] { value = value * 10 + digit; end += 1 }
            return end - start == 4 ? (value, end) : nil
        }
        var tens = 0, units = 0, sawTen = false
        while end < scalars.count {
            if scalars[end] == "十" { tens = max(units, 1); units = 0; sawTen = true }
            else if let digit = chinese[scalars[end]] { units = digit }
            else { break }
            end += 1
        }
        guard end > start else { return nil }
        return (sawTen ? tens * 10 + units : units, end)
    }
}
