import Foundation

extension ExportStatistics {
    /// `stats.json`: the options that shaped the export, the counts of each
    /// split and of the whole, the gold/rules share and the per-rule counts.
    /// Keys are sorted so that two exports of the same corpus are
    /// byte-identical.
    public func json(options: ExportOptions, labels: [String]) -> Data {
        let total = self.total
        let object: [String: Any] = [
            "unit": options.unit.rawValue,
            "seed": options.splits.seed,
            "scheme": options.scheme.rawValue,
            "formats": options.formats.map(\.rawValue),
            "labels": labels,
            "documents": documents,
            "gold_documents": goldDocuments,
            "failures": failures,
            "warnings": warnings,
            "dropped_spans": ["overlapping_gold": droppedOverlappingGold,
                              "crossing_sentences": droppedCrossingSentences],
            "splits": Dictionary(uniqueKeysWithValues: splitNames.indices.map { index in
                (splitNames[index], Self.object(splits[index], ratio: options.splits.ratios[index]))
            }),
            "total": Self.object(total, ratio: 1),
            "sources": ["gold": total.goldMentions, "rules": total.ruleMentions,
                        "gold_share": total.mentions == 0 ? 0 : Double(total.goldMentions) / Double(total.mentions)],
            "rules": rules.mapValues { counts in
                ["proposed": counts.proposed, "exported": counts.exported, "lost": counts.lost,
                 "overlaps": counts.overlaps, "conflicts": counts.conflicts]
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return data + Data("\n".utf8)
    }

    private static func object(_ counts: SplitCounts, ratio: Double) -> [String: Any] {
        ["ratio": ratio, "documents": counts.documents, "sentences": counts.sentences, "units": counts.units,
         "characters": counts.characters, "mentions": counts.mentions, "mentions_by_label": counts.mentionsByLabel,
         "gold_mentions": counts.goldMentions, "rule_mentions": counts.ruleMentions]
    }
}
