/// `trends.csv` and the plain table `trends --format table` prints.
public enum TrendTables {
    /// RFC 4180: a header line, CRLF line ends, a field quoted when it holds
    /// a comma, a quote or a line break, quotes doubled inside.
    public static func csv(_ rows: [TrendCounter.Row]) -> String {
        var text = "period,label,text,count,documents\r\n"
        for row in rows {
            text += [row.period, row.label, row.text, String(row.count), String(row.documents)]
                .map(csvField).joined(separator: ",") + "\r\n"
        }
        return text
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Columns aligned for a terminal (a Chinese character is two columns
    /// wide); at most `top` surfaces per period and label.
    public static func table(_ rows: [TrendCounter.Row], top: Int) -> String {
        var shown: [[String]] = [["period", "label", "text", "count", "documents"]]
        var taken: [String: Int] = [:]
        for row in rows {
            let group = row.period + "\t" + row.label
            guard taken[group, default: 0] < top else { continue }
            taken[group, default: 0] += 1
            shown.append([row.period, row.label, row.text, String(row.count), String(row.documents)])
        }
        var widths = [Int](repeating: 0, count: 5)
        for line in shown { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], width(cell)) } }
        return shown.map { line in
            var text = line.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - width(cell))
                return index >= 3 ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }.joined(separator: "\n") + "\n"
    }

    /// Display columns: East Asian wide and full-width characters count two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}
