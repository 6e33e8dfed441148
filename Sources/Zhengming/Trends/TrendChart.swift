import Foundation

/// One line chart as inline SVG, drawn here (no library, no script): a line
/// per series over the periods, with axes, ticks at round numbers, period
/// labels on the x axis (thinned to about a dozen, slanted when long), a
/// legend with each series' total, and a tooltip (`<title>`) on every point.
/// Text is escaped and set in a CJK font stack, so Chinese surfaces are
/// readable wherever a CJK font is installed.
public struct TrendChart: Sendable {
    public struct Series: Sendable {
        public let name: String
        /// One value per period.
        public let values: [Int]
        public init(name: String, values: [Int]) {
            self.name = name
            self.values = values
        }
    }

    public let title: String
    public let periods: [String]
    public let series: [Series]

    public init(title: String, periods: [String], series: [Series]) {
        self.title = title
        self.periods = periods
        self.series = series
    }

    /// Ten colours that stay apart on white (Tableau 10).
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static let width = 860.0, height = 380.0
    static let left = 56.0, right = 230.0, top = 40.0, bottom = 70.0

    public func svg() -> String {
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        let maximum = max(1, series.flatMap(\.values).max() ?? 1)
        let step = Self.niceStep(Double(maximum) / 5)
        let yMax = max(step, (Double(maximum) / step).rounded(.up) * step)
        func x(_ index: Int) -> Double {
            periods.count == 1 ? Self.left + plotWidth / 2 : Self.left + plotWidth * Double(index) / Double(periods.count - 1)
        }
        func y(_ value: Int) -> Double { Self.top + plotHeight * (1 - Double(value) / yMax) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" \
            width="\(Int(Self.width))" height="\(Int(Self.height))" role="img" aria-label="\(Self.escape(title))" \
            font-family="Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Zen Hei, WenQuanYi Micro Hei, PingFang SC, Microsoft YaHei, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="#fff"/>
            <text x="\(f(Self.left))" y="22" font-size="15" font-weight="bold">\(Self.escape(title))</text>

            """
        // The y axis: grid lines and labels at round numbers.
        var tick = 0.0
        while tick <= yMax + step / 2 {
            let position = Self.top + plotHeight * (1 - tick / yMax)
            svg += "<line x1=\"\(f(Self.left))\" x2=\"\(f(Self.left + plotWidth))\" y1=\"\(f(position))\" y2=\"\(f(position))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(f(Self.left - 6))\" y=\"\(f(position + 4))\" text-anchor=\"end\" fill=\"#555\">\(Int(tick))</text>\n"
            tick += step
        }
        svg += "<line x1=\"\(f(Self.left))\" x2=\"\(f(Self.left))\" y1=\"\(f(Self.top))\" y2=\"\(f(Self.top + plotHeight))\" stroke=\"#333\"/>"
        svg += "<line x1=\"\(f(Self.left))\" x2=\"\(f(Self.left + plotWidth))\" y1=\"\(f(Self.top + plotHeight))\" y2=\"\(f(Self.top + plotHeight))\" stroke=\"#333\"/>\n"
        svg += "<text transform=\"translate(14 \(f(Self.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">mentions</text>\n"
        // The x axis: about a dozen period labels.
        let every = max(1, Int((Double(periods.count) / 12).rounded(.up)))
        let slanted = periods.count > 6
        for (index, period) in periods.enumerated() where index % every == 0 || index == periods.count - 1 {
            let position = x(index), base = Self.top + plotHeight
            svg += "<line x1=\"\(f(position))\" x2=\"\(f(position))\" y1=\"\(f(base))\" y2=\"\(f(base + 5))\" stroke=\"#333\"/>"
            if slanted {
                svg += "<text transform=\"translate(\(f(position + 4)) \(f(base + 16))) rotate(35)\" fill=\"#555\">\(Self.escape(period))</text>\n"
            } else {
                svg += "<text x=\"\(f(position))\" y=\"\(f(base + 20))\" text-anchor=\"middle\" fill=\"#555\">\(Self.escape(period))</text>\n"
            }
        }
        // The lines, their points and the legend.
        for (number, line) in series.enumerated() {
            let colour = Self.palette[number % Self.palette.count]
            let points = line.values.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ")
            svg += "<g class=\"series\"><polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points)\"/>"
            for (index, value) in line.values.enumerated() {
                svg += "<circle cx=\"\(f(x(index)))\" cy=\"\(f(y(value)))\" r=\"3\" fill=\"\(colour)\">"
                svg += "<title>\(Self.escape(line.name)) · \(Self.escape(periods[index])): \(value)</title></circle>"
            }
            let legendY = Self.top + 6 + Double(number) * 20
            let legendX = Self.left + plotWidth + 18
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(legendY - 9))\" width=\"14\" height=\"4\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(f(legendX + 20))\" y=\"\(f(legendY - 3))\">\(Self.escape(Self.clip(line.name))) "
            svg += "<tspan fill=\"#777\">\(line.values.reduce(0, +))</tspan></text></g>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 1 else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * power >= raw { return factor * power }
        return 10 * power
    }

    /// Legend entries past 14 characters end in an ellipsis (the tooltip has all).
    static func clip(_ text: String) -> String { text.count > 14 ? String(text.prefix(13)) + "…" : text }

    static func escape(_ text: String) -> String { HTMLText.escaped(text) }
}
