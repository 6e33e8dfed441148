/// `trends.html`: one self-contained page (inline CSS and SVG, no script)
/// with what was counted, which documents had no date, and one chart per
/// label of its `top` surfaces over the periods (`TrendChart`).
public enum TrendPage {
    public static func render(_ counter: TrendCounter, top: Int, inputs: [String], dateField: String) -> String {
        let rows = counter.rows
        let periods = counter.periods
        let index = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        var html = """
            <!DOCTYPE html>
            <html lang="zh-Hans"><head><meta charset="utf-8"><title>Zhengming trends</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;\
            margin:1.5em;color:#222;background:#fafafa}
            section{background:#fff;border:1px solid #e3e3e3;border-radius:.4em;padding:.5em 1em;margin:1em 0}
            table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ddd;padding:.15em .5em;text-align:left}
            td.n{text-align:right}.muted{color:#777}svg{max-width:100%;height:auto}
            </style></head><body>
            <h1>Zhengming trends</h1>

            """
        let dated = counter.datedFromField + counter.datedFromDateline
        html += "<p>\(counter.documents) documents from \(HTMLText.escaped(inputs.joined(separator: " "))); "
        html += "\(dated) dated (\(counter.datedFromField) by the <code>\(HTMLText.escaped(dateField))</code> field, "
        html += "\(counter.datedFromDateline) by a dateline), \(counter.undatedDocuments.count) undated; "
        html += "counted by \(counter.granularity.rawValue)"
        if let first = periods.first, let last = periods.last { html += ", \(first) to \(last)" }
        html += ".</p>\n"
        if !counter.undatedDocuments.isEmpty {
            let shown = counter.undatedDocuments.prefix(20).map(HTMLText.escaped).joined(separator: ", ")
            let more = counter.undatedDocuments.count > 20 ? ", …" : ""
            html += "<p class=\"muted\">Undated (no date field and no full date in the first sentence; counted under "
            html += "<code>undated</code> in trends.csv, not drawn): \(shown)\(more)</p>\n"
        }
        for label in counter.labels {
            var totals: [String: Int] = [:]
            var values: [String: [Int]] = [:]
            for row in rows where row.label == label {
                guard let position = index[row.period] else { continue }
                totals[row.text, default: 0] += row.count
                values[row.text, default: [Int](repeating: 0, count: periods.count)][position] = row.count
            }
            let ranked = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            html += "<section id=\"label-\(HTMLText.escaped(label))\"><h2>\(HTMLText.escaped(label))</h2>\n"
            guard !ranked.isEmpty, !periods.isEmpty else {
                html += "<p class=\"muted\">No dated mentions.</p></section>\n"
                continue
            }
            let chosen = ranked.prefix(top)
            let chart = TrendChart(
                title: "\(label): top \(chosen.count) of \(ranked.count) surfaces per \(counter.granularity.rawValue)",
                periods: periods, series: chosen.map { .init(name: $0.key, values: values[$0.key]!) })
            html += chart.svg()
            html += "<table><tr><th>text</th><th>mentions</th></tr>"
            for (text, count) in chosen { html += "<tr><td>\(HTMLText.escaped(text))</td><td class=\"n\">\(count)</td></tr>" }
            html += "</table></section>\n"
        }
        html += "<p class=\"muted\">Made by zhengming trends; every count is in trends.csv.</p>\n</body></html>\n"
        return html
    }
}
