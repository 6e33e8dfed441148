import Zhengming

/// `GET /rules`: what is in service.
///
///     {"generation", "packs": [...], "labels": [...], "phases": [...],
///      "rules": [{"name", "label", "phase", "priority", "location"}],
///      "lexicons": [{"name", "entries", "files"}], "warnings": [...]}
enum RulesJSON {
    static func render(_ rules: RuleSet, generation: Int, packs: [String]) -> [UInt8] {
        var text = "{\"generation\":\(generation)"
        func strings(_ key: String, _ values: [String]) {
            text += ",\"\(key)\":[" + values.map(JSONText.quoted).joined(separator: ",") + "]"
        }
        strings("packs", packs)
        strings("labels", rules.labels)
        strings("phases", rules.phases)
        text += ",\"rules\":["
        text += rules.rules.map { rule in
            "{\"name\":\(JSONText.quoted(rule.name)),\"label\":\(JSONText.quoted(rule.label)),"
                + "\"phase\":\(JSONText.quoted(rule.phase)),\"priority\":\(rule.priority),"
                + "\"location\":\(JSONText.quoted(rule.location.description))}"
        }.joined(separator: ",")
        text += "],\"lexicons\":["
        text += rules.lexicons.map { lexicon in
            "{\"name\":\(JSONText.quoted(lexicon.name)),\"entries\":\(lexicon.entries.count),\"files\":["
                + lexicon.files.map(JSONText.quoted).joined(separator: ",") + "]}"
        }.joined(separator: ",")
        text += "]"
        strings("warnings", rules.diagnostics.map(\.description))
        text += "}\n"
        return Array(text.utf8)
    }
}
