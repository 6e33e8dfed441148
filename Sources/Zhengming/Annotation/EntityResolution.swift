/// Document-level entity resolution: every mention of one name in a
/// document gets one label, decided from all the evidence the document
/// gives, as a reader would decide it.
///
/// The rules label each occurrence from its own context: `组长王荣军` is an
/// OFFICIAL (a post before it), the bare `王荣军提出` further on only a
/// generic name (PERSON). A reader knows they are one person. So after the
/// cascade, the mentions of the resolved labels (`resolve.labels`, say
/// OFFICIAL and PERSON) are grouped by their normalised text and each group
/// is given one label:
///
/// 1. a label some occurrence has from a rule with context (any rule not in
///    `resolve.weak` and not a propagated copy) is evidence; the preferred
///    label (`resolve.prefer`: a post anywhere makes an official) wins over
///    any other evidence, else the label with most evidence;
/// 2. with `resolve.lists`, a name without evidence that stands in a list
///    (`A、B、C`) with names that have evidence takes their label: lists in
///    this genre are lists of one kind (officials at a meeting, members
///    elected);
/// 3. a name with no evidence at all follows `resolve.default`: `keep` its
///    label, or `document`: the label most of the document's evidenced names
///    have (in a report of officials' activities an unexplained name is an
///    official far more often than not), and in a document with no
///    evidence for any name, `resolve.fallback` if set;
/// 4. with `resolve.surnames`, a one-character mention without evidence (a
///    bare surname, `王说`) refers to the document's full names that begin
///    with it: it takes their label when they agree, and is dropped when no
///    full name of the document begins with it (it refers to nobody named).
///
/// Relabelled mentions name their rule `resolve:RULE`; `explain` lists each
/// group's decision and evidence (`NameResolution`).
struct EntityResolution: Sendable {
    enum DefaultPolicy: String, Sendable, CaseIterable {
        case keep, document
    }

    /// `resolve:` as written in pack.yaml.
    struct Configuration: Sendable {
        var labels: [String] = []
        var prefer: String?
        var weakRules: Set<String> = []
        var defaultPolicy: DefaultPolicy = .keep
        var lists = false
        var surnames = false
        /// With `default: document`, the label of names in a document that
        /// gives no evidence for any name (nil: they keep theirs).
        var fallback: String?
        var location = SourceLocation(file: "pack.yaml", line: 1, column: 1)
    }

    let configuration: Configuration
    /// Indices into the rule set's rules of the rules that are no evidence.
    let weakRules: Set<Int>

    /// Relabels `flat` (and the same spans in `nested`) in place; returns
    /// the decision for each name whose mentions were looked at.
    func resolve(flat: inout [Mention], nested: inout [Mention], units: [UInt32]) -> [NameResolution] {
        var observations = Observations()
        let groupOfMention = observe(flat, units: units, into: &observations)
        guard !observations.decisions.isEmpty else { return [] }
        let decided = decide(observations)
        var decisions = decided.decisions
        apply(decided, flat: &flat, nested: &nested, groupOf: groupOfMention, counting: &decisions)
        return decisions
    }

    /// What the flat layer says about its names, gathered in text order: a
    /// group per distinct normalised text, its evidence, and the `、`-lists
    /// of grouped mentions. A document annotated in windows
    /// (`WindowedAnnotator`) observes its windows one after the other into
    /// one `Observations`, then decides once for the whole document.
    struct Observations {
        var groups: [[UInt32]: Int] = [:]
        var decisions: [NameResolution] = []
        /// Lists of two or more grouped mentions: their groups, starts and rules.
        var lists: [[(group: Int, start: Int, rule: String)]] = []

        /// Adds the observations of the text that follows: as if its flat
        /// layer had been observed into this one after the text's own.
        mutating func merge(_ later: Observations) {
            var keys = [[UInt32]](repeating: [], count: later.decisions.count)
            for (key, group) in later.groups { keys[group] = key }
            var groupOf = [Int](repeating: -1, count: later.decisions.count)
            for (local, decision) in later.decisions.enumerated() {
                if let known = groups[keys[local]] {
                    decisions[known].mentions += decision.mentions
                    decisions[known].evidence += decision.evidence
                    groupOf[local] = known
                } else {
                    groupOf[local] = decisions.count
                    groups[keys[local]] = decisions.count
                    decisions.append(decision)
                }
            }
            for list in later.lists { lists.append(list.map { (groupOf[$0.group], $0.start, $0.rule) }) }
        }
    }

    /// The decisions for a document, and the groups whose mentions are dropped.
    struct Decided {
        var decisions: [NameResolution]
        var dropped: Set<Int>
        var groups: [[UInt32]: Int]
    }

    /// Adds the names of `flat` (sorted, over `units`) to `observations`;
    /// returns the group of each mention of `flat` (-1 for other labels).
    @discardableResult
    func observe(_ flat: [Mention], units: [UInt32], into observations: inout Observations) -> [Int] {
        let labels = configuration.labels
        var groupOfMention = [Int](repeating: -1, count: flat.count)
        for index in flat.indices where labels.contains(flat[index].label) {
            let key = Array(units[flat[index].normalizedStart..<flat[index].normalizedEnd])
            let group: Int
            if let known = observations.groups[key] { group = known } else {
                group = observations.decisions.count
                observations.groups[key] = group
                observations.decisions.append(NameResolution(text: String(codePoints: key), label: flat[index].label))
            }
            groupOfMention[index] = group
            observations.decisions[group].mentions += 1
            if isEvidence(flat[index]) {
                observations.decisions[group].evidence.append(.init(label: flat[index].label, rule: flat[index].rule,
                                                                    start: flat[index].start, kind: .context))
            }
        }
        if configuration.lists { observeLists(flat, groupOf: groupOfMention, units: units, into: &observations) }
        return groupOfMention
    }

    /// The group of each mention of `flat` among the decided ones (-1 for
    /// other labels and unknown texts).
    func groups(of flat: [Mention], units: [UInt32], decided: Decided) -> [Int] {
        let labels = configuration.labels
        var result = [Int](repeating: -1, count: flat.count)
        for index in flat.indices where labels.contains(flat[index].label) {
            result[index] = decided.groups[Array(units[flat[index].normalizedStart..<flat[index].normalizedEnd])] ?? -1
        }
        return result
    }

    /// Every name's label: its evidence, then lists, the document default
    /// and bare surnames.
    func decide(_ observations: Observations) -> Decided {
        var decisions = observations.decisions
        for group in decisions.indices { decisions[group].label = decide(decisions[group].evidence) ?? decisions[group].label }
        if configuration.lists { addListEvidence(observations.lists, decisions: &decisions) }
        applyDefault(&decisions)
        var dropped = Set<Int>()
        if configuration.surnames { dropped = resolveSurnames(&decisions) }
        return Decided(decisions: decisions, dropped: dropped, groups: observations.groups)
    }

    /// Drops the mentions of dropped groups and relabels the others, in
    /// `flat` and the same spans of `nested`; counts relabelled mentions
    /// into `counting`.
    func apply(_ decided: Decided, flat: inout [Mention], nested: inout [Mention], groupOf: [Int],
               counting: inout [NameResolution]) {
        let labels = configuration.labels
        var groupOfMention = groupOf
        if !decided.dropped.isEmpty {
            var keep: [Mention] = [], keepGroups: [Int] = []
            var removed = Set<Range<Int>>()
            for index in flat.indices {
                if groupOfMention[index] >= 0, decided.dropped.contains(groupOfMention[index]) {
                    removed.insert(flat[index].normalizedStart..<flat[index].normalizedEnd)
                    continue
                }
                keep.append(flat[index])
                keepGroups.append(groupOfMention[index])
            }
            flat = keep
            groupOfMention = keepGroups
            if !removed.isEmpty {
                nested.removeAll { labels.contains($0.label) && removed.contains($0.normalizedStart..<$0.normalizedEnd) }
            }
        }
        // Relabel: the flat layer, then the same spans in the nested layer.
        var relabelled: [Range<Int>: String] = [:]
        for index in flat.indices where groupOfMention[index] >= 0 {
            let label = decided.decisions[groupOfMention[index]].label
            guard flat[index].label != label else { continue }
            relabelled[flat[index].normalizedStart..<flat[index].normalizedEnd] = label
            flat[index].label = label
            flat[index].rule = "resolve:" + flat[index].rule
            if groupOfMention[index] < counting.count { counting[groupOfMention[index]].relabelled += 1 }
        }
        if !relabelled.isEmpty {
            for index in nested.indices where labels.contains(nested[index].label) {
                guard let label = relabelled[nested[index].normalizedStart..<nested[index].normalizedEnd],
                      nested[index].label != label else { continue }
                nested[index].label = label
                nested[index].rule = "resolve:" + nested[index].rule
            }
        }
    }

    private func isEvidence(_ mention: Mention) -> Bool {
        !weakRules.contains(mention.ruleIndex) && !mention.rule.hasPrefix("propagate:")
    }

    /// The label the evidence supports, nil when there is none.
    private func decide(_ evidence: [NameResolution.Evidence]) -> String? {
        guard !evidence.isEmpty else { return nil }
        if let prefer = configuration.prefer, evidence.contains(where: { $0.label == prefer }) { return prefer }
        var counts: [String: Int] = [:]
        for item in evidence { counts[item.label, default: 0] += 1 }
        // Most evidence; among equals the label listed first in `labels`.
        return configuration.labels.filter { counts[$0] != nil }.max { counts[$0]! < counts[$1]! }
    }

    /// Records the `、`-lists of grouped mentions of `flat`: runs of two or
    /// more, each right after the one before and a separator.
    private func observeLists(_ flat: [Mention], groupOf: [Int], units: [UInt32],
                              into observations: inout Observations) {
        var index = 0
        while index < flat.count {
            guard groupOf[index] >= 0 else { index += 1; continue }
            var members = [index]
            var next = index + 1
            while next < flat.count, groupOf[next] >= 0,
                  flat[next].normalizedStart == flat[members.last!].normalizedEnd + 1,
                  Self.listSeparators.contains(units[flat[next].normalizedStart - 1]) {
                members.append(next)
                next += 1
            }
            index = next
            guard members.count > 1 else { continue }
            observations.lists.append(members.map { (groupOf[$0], flat[$0].start, flat[$0].rule) })
        }
    }

    /// Names in one `、`-list share the label of the list's evidenced names.
    private func addListEvidence(_ lists: [[(group: Int, start: Int, rule: String)]],
                                 decisions: inout [NameResolution]) {
        for members in lists {
            let evidenced = members.filter { !decisions[$0.group].evidence.isEmpty }
            guard !evidenced.isEmpty,
                  let label = decide(evidenced.map { NameResolution.Evidence(label: decisions[$0.group].label, rule: "list",
                                                                            start: $0.start, kind: .list) })
            else { continue }
            for member in members where decisions[member.group].evidence.isEmpty {
                decisions[member.group].listEvidence.append(.init(label: label, rule: evidenced[0].rule,
                                                                  start: evidenced[0].start, kind: .list))
            }
        }
        for group in decisions.indices where decisions[group].evidence.isEmpty {
            if let label = decide(decisions[group].listEvidence) { decisions[group].label = label }
        }
    }

    /// `、` (and the half-width comma some sources use inside lists).
    static let listSeparators: Set<UInt32> = [0x3001]

    /// Bare surnames take the label of the full names they begin; the
    /// groups of those that begin none are returned, to be dropped.
    private func resolveSurnames(_ decisions: inout [NameResolution]) -> Set<Int> {
        var dropped = Set<Int>()
        for group in decisions.indices where decisions[group].evidence.isEmpty {
            let scalars = decisions[group].text.unicodeScalars
            guard scalars.count == 1, let surname = scalars.first else { continue }
            let names = decisions.filter { $0.text.unicodeScalars.count > 1 && $0.text.unicodeScalars.first == surname }
            guard !names.isEmpty else {
                dropped.insert(group)
                continue
            }
            let labels = Set(names.map(\.label))
            if labels.count == 1 {
                decisions[group].label = labels.first!
                decisions[group].surnameOf = names.map(\.text)
                decisions[group].byDefault = false
            }
        }
        return dropped
    }

    private func applyDefault(_ decisions: inout [NameResolution]) {
        guard configuration.defaultPolicy == .document else { return }
        var counts: [String: Int] = [:]
        for decision in decisions where !decision.evidence.isEmpty { counts[decision.label, default: 0] += 1 }
        guard let majority = configuration.labels.filter({ counts[$0] != nil }).max(by: { counts[$0]! < counts[$1]! })
                ?? configuration.fallback
        else { return }
        for group in decisions.indices where decisions[group].evidence.isEmpty && decisions[group].listEvidence.isEmpty {
            decisions[group].label = majority
            decisions[group].byDefault = true
        }
    }
}

/// How one name of a document was labelled, and why (shown by `explain`).
public struct NameResolution: Sendable {
    public struct Evidence: Sendable {
        public enum Kind: Sendable { case context, list }
        public var label: String
        /// The rule that gave the evidence.
        public var rule: String
        /// Where (original code-point offset) the evidence was found.
        public var start: Int
        public var kind: Kind
    }

    /// The name as normalised (simplified, half-width).
    public var text: String
    /// The label all its mentions now carry.
    public var label: String
    public var mentions = 0
    public var relabelled = 0
    /// Occurrences labelled from their own context.
    public var evidence: [Evidence] = []
    /// Lists shared with evidenced names.
    public var listEvidence: [Evidence] = []
    /// Labelled by the document's majority, for want of any evidence.
    public var byDefault = false
    /// A bare surname: the document's full names it stands for.
    public var surnameOf: [String] = []

    init(text: String, label: String) {
        self.text = text
        self.label = label
    }
}
