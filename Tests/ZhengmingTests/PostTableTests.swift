import Foundation
import Testing
@testable import Zhengming

/// The tables of `zhengming posts`: CSV as RFC 4180 has it, TSV, JSONL, the
/// career table and document dates.
@Suite struct PostTableTests {
    struct FieldCase: Sendable, CustomTestStringConvertible {
        let value: String
        let csv: String
        let tsv: String
        var testDescription: String { csv }
    }

    static let fields: [FieldCase] = [
        FieldCase(value: "辽宁省委书记", csv: "辽宁省委书记", tsv: "辽宁省委书记"),
        FieldCase(value: "会前,中央", csv: "\"会前,中央\"", tsv: "会前,中央"),
        FieldCase(value: "他说\"好\"", csv: "\"他说\"\"好\"\"\"", tsv: "他说\"好\""),
        FieldCase(value: "一\n二\r三", csv: "\"一\n二\r三\"", tsv: "一 二 三"),
        FieldCase(value: "甲\t乙", csv: "甲\t乙", tsv: "甲 乙"),
        FieldCase(value: "", csv: "", tsv: ""),
    ]

    @Test(arguments: fields) func fieldsAreQuotedAsRFC4180Says(_ field: FieldCase) {
        for (format, expected, end) in [(TableWriter.Format.csv, field.csv, "\r\n"), (.tsv, field.tsv, "\n")] {
            let writer = TableWriter(format: format, columns: ["a", "b"])
            var out: [UInt8] = []
            writer.append([field.value, nil], to: &out)
            #expect(String(decoding: out, as: UTF8.self) == expected + (format == .csv ? "," : "\t") + end)
        }
    }

    /// A CSV record read back with a small RFC 4180 parser gives the cells.
    @Test func csvRoundTrips() {
        let cells: [String?] = ["a,b", "引\"号\"", "行\r\n行", nil, "普通"]
        let writer = TableWriter(format: .csv, columns: ["1", "2", "3", "4", "5"])
        var out = writer.header
        writer.append(cells, to: &out)
        let rows = Self.parseCSV(String(decoding: out, as: UTF8.self))
        #expect(rows == [["1", "2", "3", "4", "5"], ["a,b", "引\"号\"", "行\r\n行", "", "普通"]])
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append(c); characters.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r", characters.first == "\n" { characters.removeFirst(); row.append(field); rows.append(row); row = []; field = "" }
            else { field.unicodeScalars.append(c) }
        }
        return rows
    }

    @Test func jsonlHasNumbersAndNulls() throws {
        let writer = TableWriter(format: .jsonl, columns: ["official", "organ_start", "organ"], numericColumns: ["organ_start"])
        var out: [UInt8] = []
        writer.append(["唐一军", nil, nil], to: &out)
        writer.append(["陈求发", "201", "辽宁省委"], to: &out)
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == #"{"official":"唐一军","organ_start":null,"organ":null}"#)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["organ_start"] as? Int == 201 && second["organ"] as? String == "辽宁省委")
        #expect(writer.header.isEmpty)
    }

    struct DateCase: Sendable, CustomTestStringConvertible {
        let text: String
        let iso: String?
        var testDescription: String { text }
    }

    static let dates: [DateCase] = [
        DateCase(text: "2018-02-24 18:30", iso: "2018-02-24"),
        DateCase(text: "2018年2月22日上午", iso: "2018-02-22"),
        DateCase(text: "２０１８年２月２２日", iso: "2018-02-22"),
        DateCase(text: "二〇一八年二月二十二日", iso: "2018-02-22"),
        DateCase(text: "二〇一九年十二月三十一日", iso: "2019-12-31"),
        DateCase(text: "2018/2/2", iso: "2018-02-02"),
        DateCase(text: "2月22日", iso: nil),
        DateCase(text: "2018年", iso: nil),
        DateCase(text: "2018-13-01", iso: nil),
    ]

    @Test(arguments: dates) func datesReadAsISO(_ date: DateCase) {
        #expect(DocumentDate.iso(date.text) == date.iso)
    }

    static func annotated(_ text: String, id: String, passthrough: [(key: String, rawValue: String)] = []) throws -> AnnotatedDocument {
        return try PostLinkerTests.annotator().annotate(Document(id: id, text: text, passthrough: passthrough))
    }

    @Test func documentDateFromTheFieldElseTheDateline() throws {
        let dateline = try Self.annotated("会议召开\n发布时间：2019-03-05 10:00\n\n湖南省委书记杜家毫出席。", id: "a")
        #expect(DocumentDate.of(dateline) == "2019-03-05")
        let field = try Self.annotated("湖南省委书记杜家毫出席。", id: "b", passthrough: [("date", "\"2020年1月2日\"")])
        #expect(DocumentDate.of(field) == "2020-01-02")
        let raw = try Self.annotated("湖南省委书记杜家毫出席。", id: "c", passthrough: [("date", "\"spring 2020\"")])
        #expect(DocumentDate.of(raw) == "spring 2020", "a date that cannot be read is kept as given")
        let none = try Self.annotated("湖南省委书记杜家毫出席。", id: "d")
        #expect(DocumentDate.of(none) == nil)
    }

    @Test func careerTableGroupsByOfficialAndPost() throws {
        var table = CareerTable()
        let first = try Self.annotated("湖南省委书记杜家毫出席。杜家毫强调。", id: "1", passthrough: [("date", "\"2018-03-01\"")])
        let second = try Self.annotated("原湖南省委书记杜家毫参加。湖南省委书记杜家毫讲话。", id: "2", passthrough: [("date", "\"2017-01-05\"")])
        let third = try Self.annotated("省长王建新出席。", id: "3")
        for document in [first, second, third] { table.add(PostRow.rows(of: document)) }
        #expect(table.rows.map { "\($0.official)/\($0.post)" } == ["杜家毫/湖南省委书记", "王建新/省长"])
        let row = try #require(table.rows.first)
        #expect(row.records == 3 && row.documents == ["1", "2"])
        #expect(row.statuses[.current] == 2 && row.statuses[.former] == 1)
        #expect(row.firstDate == "2017-01-05" && row.lastDate == "2018-03-01")
        let values = row.values
        #expect(values.count == CareerTable.columns.count)
        #expect(values[CareerTable.columns.firstIndex(of: "first_document")!] == "1")
        #expect(table.rows[1].firstDate == nil)
    }

    @Test func rowsHaveEveryColumn() throws {
        let document = try Self.annotated("会前，辽宁省委召开会议。省委副书记、省长唐一军出席。", id: "x")
        let rows = PostRow.rows(of: document)
        #expect(rows.count == 2)
        for row in rows {
            #expect(row.values.count == PostRow.columns.count)
            #expect(row.sentence == "省委副书记、省长唐一军出席。")
            #expect(row.organ == nil && row.organRange == nil)
        }
        #expect(rows.first?.resolved == "辽宁省委")
        #expect(Array(PostRow.columns.prefix(15)) == ["doc_id", "official", "organ", "title", "post", "status", "place", "sentence",
                                                     "official_start", "official_end", "title_start", "title_end",
                                                     "organ_start", "organ_end", "rule"])
    }
}
