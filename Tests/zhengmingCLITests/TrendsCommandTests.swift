import Foundation
import TestSupport
import Testing

/// `zhengming trends` on a small dated corpus built here, with a pack of its
/// own, so every count below follows from the documents alone.
@Suite struct TrendsCommandTests {
    static let pack = [
        "pack.yaml": "phases: [main]\nlabels: [OFFICIAL, ORGAN, LOC, DATE]",
        "rules.yaml": """
        rules:
          - {name: official, phase: main, label: OFFICIAL, pattern: '王荣军'}
          - {name: organ, phase: main, label: ORGAN, pattern: '中央第六巡视组'}
          - {name: city, phase: main, label: LOC, pattern: '{cities}'}
          - {name: date, phase: main, label: DATE, pattern: '\\d{4}年\\d{1,2}月\\d{1,2}日'}
        """,
        "lexicons/cities.txt": "长沙\tcanonical=长沙市\n长沙市\tcanonical=长沙市\n",
    ]

    /// a, c, e: dated by their field (ISO, ISO, Chinese); b: by the date in
    /// its first sentence; d: its only date is in its second sentence, so
    /// undated. 長沙 (traditional) and 长沙 both count as 长沙市.
    static let corpus = [
        #"{"id": "a", "date": "2018-02-24", "text": "王荣军在长沙。王荣军在長沙。"}"#,
        #"{"id": "b", "text": "（2018年2月22日）王荣军到长沙市。"}"#,
        #"{"id": "c", "date": "2018-03-01", "text": "王荣军。"}"#,
        #"{"id": "d", "text": "王荣军在长沙。2019年1月1日。"}"#,
        #"{"id": "e", "date": "2019年5月4日", "text": "中央第六巡视组"}"#,
    ]

    static func setUp() throws -> (TemporaryDirectory, pack: String, input: String) {
        let directory = try TemporaryDirectory()
        for (name, contents) in pack { try directory.write("pack/\(name)", contents) }
        let input = try directory.write("corpus.jsonl", corpus.joined(separator: "\n") + "\n")
        return (directory, directory.path("pack"), input)
    }

    @Test func countsPerMonthLabelAndSurface() throws {
        let (directory, pack, input) = try Self.setUp()
        defer { directory.remove() }
        let out = directory.path("out")
        let run = try ZhengmingExecutable.run(["trends", "--no-default-rules", "--rules", pack, input, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOfFile: out + "/trends.csv", encoding: .utf8)
        #expect(csv == [
            "period,label,text,count,documents",
            "2018-02,OFFICIAL,王荣军,3,2",
            "2018-02,LOC,长沙市,3,2",
            "2018-02,DATE,2018年2月22日,1,1",
            "2018-03,OFFICIAL,王荣军,1,1",
            "2019-05,ORGAN,中央第六巡视组,1,1",
            "undated,OFFICIAL,王荣军,1,1",
            "undated,LOC,长沙市,1,1",
            "undated,DATE,2019年1月1日,1,1",
        ].map { $0 + "\r\n" }.joined())
        #expect(run.stderr.contains("5 documents, 4 dated (3 by 'date', 1 by a dateline), 1 undated"))
        #expect(run.stderr.contains("undated: d"))

        let page = try String(contentsOfFile: out + "/trends.html", encoding: .utf8)
        #expect(page.components(separatedBy: "<svg ").count == 5)   // one chart per label
        #expect(page.contains("<polyline") && page.contains("王荣军") && page.contains("2019-05"))
        // The months between the first and the last are on the axis, empty ones too.
        #expect(page.contains("王荣军 · 2018-07: 0</title>"))
        #expect(!page.contains("<script") && !page.contains("http://") || page.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func byYearWithLabelsAsATable() throws {
        let (directory, pack, input) = try Self.setUp()
        defer { directory.remove() }
        let run = try ZhengmingExecutable.run(["trends", "--no-default-rules", "--rules", pack, input, "--by", "year",
                                               "--labels", "OFFICIAL,LOC", "--format", "csv", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == [
            "period,label,text,count,documents",
            "2018,OFFICIAL,王荣军,4,3",
            "2018,LOC,长沙市,3,2",
            "undated,OFFICIAL,王荣军,1,1",
            "undated,LOC,长沙市,1,1",
        ].map { $0 + "\r\n" }.joined())

        let table = try ZhengmingExecutable.run(["trends", "--no-default-rules", "--rules", pack, input, "--by", "year", "-q",
                                                 "--top", "1"])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("period") == true)
        #expect(lines.contains { $0.hasPrefix("2018  ") && $0.contains("OFFICIAL") && $0.contains("王荣军") && $0.hasSuffix("4          3") })
        #expect(lines.filter { $0.hasPrefix("2018 ") }.count == 3)   // --top 1: one surface per label

        let unknown = try ZhengmingExecutable.run(["trends", "--no-default-rules", "--rules", pack, input, "--labels", "NOPE"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown label 'NOPE'"))
    }

    /// A page whose first lines are a header: the date on its third line is
    /// the dateline; a date after a body sentence is not.
    @Test func datelinesInAHeader() throws {
        let (directory, pack, _) = try Self.setUp()
        defer { directory.remove() }
        let body = String(repeating: "会议强调，要深入学习。", count: 15)
        let input = try directory.write("pages.jsonl", [
            #"{"id": "h", "text": "首页 > 巡视\n王荣军主持召开会议\n发布时间：2018年2月24日\n\#(body)"}"#,
            #"{"id": "b", "text": "\#(body)\n王荣军。2018年2月24日"}"#,
        ].joined(separator: "\n") + "\n")
        let run = try ZhengmingExecutable.run(["trends", "--no-default-rules", "--rules", pack, input, "--labels", "OFFICIAL",
                                               "--format", "csv"])
        #expect(run.stdout.contains("2018-02,OFFICIAL,王荣军,1,1\r\n") && run.stdout.contains("undated,OFFICIAL,王荣军,1,1\r\n"),
                "\(run.stdout)")
        #expect(run.stderr.contains("1 by a dateline") && run.stderr.contains("undated: b"))
    }
}
