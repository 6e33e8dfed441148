import Foundation

extension ExportStatistics {
    /// The human-readable summary printed on stderr and kept as
    /// `summary.txt`: sizes per split, mentions per label per split, the
    /// share of gold and rule mentions, and each rule's coverage, losses,
    /// overlaps and conflicts (most productive rule first).
    public func summary(options: ExportOptions, labels: [String]) -> String {
        var lines: [String] = []
        let total = self.total
        lines.append("exported \(documents) document(s) by \(options.unit.rawValue), seed \(options.splits.seed), "
                     + "scheme \(options.scheme.rawValue), formats \(options.formats.map(\.rawValue).joined(separator: " "))")
        if failures > 0 || warnings > 0 { lines.append("\(failures) input(s) skipped, \(warnings) warning(s)") }
        lines.append("")
        let columns = splitNames + ["total"]
        let all = splits + [total]
        lines.append(Self.row("", columns))
        lines.append(Self.row("ratio", options.splits.ratios.map { String(format: "%.3f", $0) } + ["1.000"]))
        lines.append(Self.row("documents", all.map { String($0.documents) }))
        if options.unit == .sentence { lines.append(Self.row("units", all.map { String($0.units) })) }
        lines.append(Self.row("sentences", all.map { String($0.sentences) }))
        lines.append(Self.row("characters", all.map { String($0.characters) }))
        lines.append(Self.row("mentions", all.map { String($0.mentions) }))
        for label in labels + labelsSeen.subtracting(labels).sorted() {
            lines.append(Self.row("  " + label, all.map { String($0.mentionsByLabel[label] ?? 0) }))
        }
        lines.append("")
        lines.append(sourceLine(total))
        if droppedOverlappingGold > 0 {
            lines.append("\(droppedOverlappingGold) gold span(s) left out: they overlap a longer gold span (one layer per format)")
        }
        if droppedCrossingSentences > 0 {
            lines.append("\(droppedCrossingSentences) span(s) left out: they cross a sentence boundary (--unit sentence)")
        }
        if !rules.isEmpty {
            lines.append("")
            lines += ruleTable()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func sourceLine(_ total: SplitCounts) -> String {
        func share(_ part: Int) -> String {
            total.mentions == 0 ? "0.0%" : String(format: "%.1f%%", 100 * Double(part) / Double(total.mentions))
        }
        return "sources: \(total.goldMentions) gold mention(s) (\(share(total.goldMentions))) from \(goldDocuments) gold document(s), "
            + "\(total.ruleMentions) rule mention(s) (\(share(total.ruleMentions)))"
    }

    private func ruleTable() -> [String] {
        var lines = ["rule".padding(toLength: 40, withPad: " ", startingAt: 0)
                     + "  exported  proposed      lost  overlaps conflicts"]
        let ordered = rules.sorted { ($1.value.exported, $0.key) < ($0.value.exported, $1.key) }
        for (rule, counts) in ordered {
            let name = rule.count > 40 ? String(rule.prefix(39)) + "…" : rule.padding(toLength: 40, withPad: " ", startingAt: 0)
            lines.append(name + [counts.exported, counts.proposed, counts.lost, counts.overlaps, counts.conflicts]
                .map { String($0).leftPadded(to: 10) }.joined())
        }
        return lines
    }

    private static func row(_ title: String, _ cells: [String]) -> String {
        title.padding(toLength: 16, withPad: " ", startingAt: 0) + cells.map { $0.leftPadded(to: 12) }.joined()
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
