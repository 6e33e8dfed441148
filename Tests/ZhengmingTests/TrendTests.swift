import Testing
@testable import Zhengming

@Suite struct TrendTests {
    @Test(arguments: [
        ("2018-02-24", "2018-02-24"), ("2018/2/4 18:30", "2018-02-04"), ("2018.02.24", "2018-02-24"),
("2018年2月22日上午", "2018-02-22"), ("二〇一八年二月二十四日", "2018-02-24"),
        ("公元二〇一八年十二月十日", "2018-12-10"), ("（２０１８年２月２２日）", "2018-02-22"),
    ])
    func fullDatesAreRead(text: String, iso: String) {
        #expect(DocumentDate.iso(text) == iso)
    }

    @Test(arguments: ["2018年2月", "2月22日", "2018", "上午", "2018-13-01", "2018-02-32", ""])
    func partialDatesAreNot(text: String) {
        #expect(DocumentDate.iso(text) == nil)
    }

    @Test func csvQuotesWhatRFC4180Requires() {
        let rows = [TrendCounter.Row(period: "2018", label: "SLOGAN", text: "a,\"b\"\nc", count: 2, documents: 1)]
        #expect(TrendTables.csv(rows) == "period,label,text,count,documents\r\n2018,SLOGAN,\"a,\"\"b\"\"\nc\",2,1\r\n")
    }

    @Test func periodsRunWithoutGaps() {
        #expect(TrendCounter.next("2018-12", .month) == "2019-01")
        #expect(TrendCounter.next("2018-02", .month) == "2018-03")
        #expect(TrendCounter.next("2018", .year) == "2019")
    }

    @Test func chartStepsAreRound() {
        #expect(TrendChart.niceStep(0.4) == 1)
        #expect(TrendChart.niceStep(3) == 5)
        #expect(TrendChart.niceStep(13) == 20)
        #expect(TrendChart.niceStep(100) == 100)
    }

    @Test func chartTextIsEscaped() {
        let svg = TrendChart(title: "<t>", periods: ["2018"], series: [.init(name: "a<b>&", values: [3])]).svg()
        #expect(!svg.contains("<t>") && !svg.contains("a<b>"))
        #expect(svg.contains("&lt;t&gt;") && svg.contains("a&lt;b&gt;&amp;"))
    }
}
