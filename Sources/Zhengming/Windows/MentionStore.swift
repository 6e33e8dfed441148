/// Mentions kept compactly: what a window of a large document holds of its
/// mentions between passes (`WindowedAnnotator`).
///
/// A `Mention` is about 120 bytes (three strings, a dictionary, eight
/// integers), and a document has a nested mention every seven or eight
/// characters: kept as they are, the mentions of a 100 MB document took
/// several times its size. Here each is 48 bytes of integers, its strings
/// and attribute tables numbered once per store (`strings`, `attributes`:
/// a window has a few hundred distinct rule names and tables), and
/// `mention(at:)` gives back the very `Mention` stored, field for field.
struct MentionStore: Sendable {
    struct Stored: Sendable {
        var start: Int32
        var end: Int32
        var normalizedStart: Int32
        var normalizedEnd: Int32
        var label: Int32
        var rule: Int32
        var phase: Int32
        var attributes: Int32
        var priority: Int32
        var phaseIndex: Int32
        var ruleIndex: Int32
        var pendingLexicon: Int32
        var pendingEntry: Int32
    }

    private(set) var stored: [Stored] = []
    private var strings: [String] = []
    private var stringNumbers: [String: Int32] = [:]
    private var attributes: [[String: String]] = [[:]]
    private var attributeNumbers: [[String: String]: Int32] = [[:]: 0]

    init() {}

    init(_ mentions: [Mention]) {
        stored.reserveCapacity(mentions.count)
        for index in mentions.indices { append(mentions[index]) }
    }

    var count: Int { stored.count }
    var isEmpty: Bool { stored.isEmpty }

    mutating func append(_ mention: Mention) {
        stored.append(Stored(
            start: Int32(mention.start), end: Int32(mention.end),
            normalizedStart: Int32(mention.normalizedStart), normalizedEnd: Int32(mention.normalizedEnd),
            label: number(mention.label), rule: number(mention.rule), phase: number(mention.phase),
            attributes: number(mention.attributes), priority: Int32(mention.priority),
            phaseIndex: Int32(mention.phaseIndex), ruleIndex: Int32(mention.ruleIndex),
            pendingLexicon: mention.pendingLexicon, pendingEntry: mention.pendingEntry))
    }

    func mention(at index: Int) -> Mention {
        let item = stored[index]
        var mention = Mention(start: Int(item.start), end: Int(item.end), label: strings[Int(item.label)],
                              rule: strings[Int(item.rule)], phase: strings[Int(item.phase)],
                              priority: Int(item.priority), attributes: attributes[Int(item.attributes)])
        mention.normalizedStart = Int(item.normalizedStart)
        mention.normalizedEnd = Int(item.normalizedEnd)
        mention.phaseIndex = Int(item.phaseIndex)
        mention.ruleIndex = Int(item.ruleIndex)
        mention.pendingLexicon = item.pendingLexicon
        mention.pendingEntry = item.pendingEntry
        return mention
    }

    /// Every mention, in order.
    var mentions: [Mention] { stored.indices.map(mention(at:)) }

    /// Bytes held (an estimate for the tables), for the memory accounting.
    var byteCount: Int {
        stored.count * MemoryLayout<Stored>.stride + strings.count * 64 + attributes.count * 128
    }

    private mutating func number(_ string: String) -> Int32 {
        if let known = stringNumbers[string] { return known }
        let number = Int32(strings.count)
        strings.append(string)
        stringNumbers[string] = number
        return number
    }

    private mutating func number(_ table: [String: String]) -> Int32 {
        if table.isEmpty { return 0 }
        if let known = attributeNumbers[table] { return known }
        let number = Int32(attributes.count)
        attributes.append(table)
        attributeNumbers[table] = number
        return number
    }
}
