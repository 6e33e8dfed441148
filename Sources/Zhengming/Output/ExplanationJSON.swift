/// What `explain` shows, as one JSON object (`POST /explain` of `zhengming
/// serve`, `explain --json`):
///
///     {"id", "text",
///      "mentions": [{"start", "end", "label", "text", "rule", "phase",
///                    "priority", "location", "pattern", "attrs"?}],
///      "lost": [{"start", "end", "label", "text", "rule", "reason",
///                "winner"?: {"start", "end", "label", "text", "rule"},
///                "detail"?}],
///      "resolutions": [{"text", "label", "mentions", "relabelled", "why"}],
///      "relations": [{"subject", "predicate", "object", "rule"}]}
///
/// `reason` is `lost-in-phase` (a winner of its phase overlapped it),
/// `lost-in-flat-layer` (kept in the nested layer only), `exception` (the
/// text is in the rule's except list; `detail` says which) or `context` (a
/// context condition failed; `detail` is the condition). Offsets are code
/// points of `text`. The document must have been annotated with
/// `explain: true`, or `lost` is empty.
public enum ExplanationJSON {
    public static func render(_ document: AnnotatedDocument, rules: RuleSet) -> [UInt8] {
        var out: [UInt8] = []
        let codePoints = document.codePoints
        func mention(_ mention: Mention, open: Bool = false) {
            JSONText.append("{\"start\":", to: &out)
            JSONText.appendInt(mention.start, to: &out)
            JSONText.append(",\"end\":", to: &out)
            JSONText.appendInt(mention.end, to: &out)
            JSONText.append(",\"label\":", to: &out)
            JSONText.appendQuoted(mention.label, to: &out)
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: codePoints[mention.start..<mention.end], to: &out)
            JSONText.append(",\"rule\":", to: &out)
            JSONText.appendQuoted(mention.rule, to: &out)
            if !open { out.append(UInt8(ascii: "}")) }
        }
        func list<T>(_ key: String, _ items: [T], first: Bool = false, _ body: (T) -> Void) {
            JSONText.append(first ? "\"\(key)\":[" : ",\"\(key)\":[", to: &out)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                body(item)
            }
            out.append(UInt8(ascii: "]"))
        }
        JSONText.append("{\"id\":", to: &out)
        JSONText.appendQuoted(document.document.id, to: &out)
        JSONText.append(",\"text\":", to: &out)
        JSONText.appendQuoted(document.document.text, to: &out)
        out.append(UInt8(ascii: ","))
        list("mentions", document.mentions, first: true) { item in
            mention(item, open: true)
            JSONText.append(",\"phase\":", to: &out)
            JSONText.appendQuoted(item.phase, to: &out)
            JSONText.append(",\"priority\":", to: &out)
            JSONText.appendInt(item.priority, to: &out)
            if let rule = rules.rule(named: item.rule) {
                JSONText.append(",\"location\":", to: &out)
                JSONText.appendQuoted(rule.location.description, to: &out)
                JSONText.append(",\"pattern\":", to: &out)
                JSONText.appendQuoted(rule.pattern, to: &out)
            }
            if !item.attributes.isEmpty {
                JSONText.append(",\"attrs\":{", to: &out)
                for (position, key) in item.attributes.keys.sorted().enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.appendQuoted(key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    JSONText.appendQuoted(item.attributes[key]!, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
        list("lost", document.losers) { loser in
            mention(loser.mention, open: true)
            let (reason, winner, detail): (String, Mention?, String?) = switch loser.reason {
            case .lostInPhase(let winner): ("lost-in-phase", winner, nil)
            case .lostInFlatLayer(let winner): ("lost-in-flat-layer", winner, nil)
            case .exception(let text): ("exception", nil, text)
            case .context(let condition): ("context", nil, condition)
            }
            JSONText.append(",\"reason\":", to: &out)
            JSONText.appendQuoted(reason, to: &out)
            if let winner {
                JSONText.append(",\"winner\":", to: &out)
                mention(winner)
            }
            if let detail {
                JSONText.append(",\"detail\":", to: &out)
                JSONText.appendQuoted(detail, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        list("resolutions", document.resolutions) { name in
            JSONText.append("{\"text\":", to: &out)
            JSONText.appendQuoted(name.text, to: &out)
            JSONText.append(",\"label\":", to: &out)
            JSONText.appendQuoted(name.label, to: &out)
            JSONText.append(",\"mentions\":", to: &out)
            JSONText.appendInt(name.mentions, to: &out)
            JSONText.append(",\"relabelled\":", to: &out)
            JSONText.appendInt(name.relabelled, to: &out)
            JSONText.append(",\"why\":", to: &out)
            JSONText.appendQuoted(why(name), to: &out)
            out.append(UInt8(ascii: "}"))
        }
        list("relations", document.relations) { relation in
            JSONText.append("{\"subject\":", to: &out)
            JSONText.appendQuoted(document.text(relation.subject), to: &out)
            JSONText.append(",\"predicate\":", to: &out)
            JSONText.appendQuoted(relation.predicate, to: &out)
            JSONText.append(",\"object\":", to: &out)
            JSONText.appendQuoted(document.text(relation.object), to: &out)
            JSONText.append(",\"rule\":", to: &out)
            JSONText.appendQuoted(relation.rule, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        JSONText.append("}\n", to: &out)
        return out
    }

    /// Why a name got its label, in the words `explain` uses.
    static func why(_ name: NameResolution) -> String {
        if let first = name.evidence.first {
            let others = name.evidence.count > 1 ? " and \(name.evidence.count - 1) more" : ""
            return "evidence: \(first.label) from \(first.rule) at \(first.start)\(others)"
        }
        if !name.surnameOf.isEmpty { return "a bare surname of \(name.surnameOf.joined(separator: ", "))" }
        if let first = name.listEvidence.first {
            return "no evidence of its own; listed with a \(first.label) (\(first.rule) at \(first.start))"
        }
        return name.byDefault ? "no evidence; the label most names of the document have" : "no evidence; label kept"
    }
}
