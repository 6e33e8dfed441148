import Testing
@testable import Zhengming

/// Issue 3, speed and correctness of the one automaton all lexicons compile
/// into: random lexicons and random texts over a small alphabet (so that
/// entries overlap, nest and share prefixes), checked against a naive
/// substring search.
@Suite struct LexiconAutomatonTests {
    /// A small alphabet with BMP characters (the root's direct table) and an
    /// astral one (the hashed edge table).
    static let alphabet: [UInt32] = ["甲", "乙", "丙", "丁", "𠀀"].map { $0.unicodeScalars.first!.value }

    struct Hit: Hashable, Comparable, CustomStringConvertible {
        let start: Int, end: Int, lexicon: Int32, entry: Int32
        static func < (a: Hit, b: Hit) -> Bool {
            (a.start, a.end, a.lexicon, a.entry) < (b.start, b.end, b.lexicon, b.entry)
        }
        var description: String { "\(start)..<\(end) L\(lexicon)#\(entry)" }
    }

    /// Random lexicons; duplicates within a lexicon are skipped as the loader
    /// does (the automaton reports them), so entry numbers stay dense.
    static func build(seed: UInt64, lexiconCount: Int, entriesEach: Int, maxLength: Int,
                      narrowLimit: Int32 = 1 << 21, sealAfter sealedLexicon: Int? = nil,
                      reserving: Bool = false)
        -> (LexiconAutomaton, [[[UInt32]]])
    {
        var random = SplitMix64(seed: seed)
        var automaton = LexiconAutomaton(narrowLimit: narrowLimit)
        var lexicons: [[[UInt32]]] = []
        for lexicon in 0..<lexiconCount {
            if lexicon == sealedLexicon { automaton.seal() }
            if reserving { automaton.reserve(keys: entriesEach, characters: entriesEach * maxLength) }
            var entries: [[UInt32]] = []
            for _ in 0..<entriesEach {
                let length = Int.random(in: 1...maxLength, using: &random)
                let key = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
                if let earlier = automaton.insert(key, lexicon: Int32(lexicon), entry: Int32(entries.count)) {
                    #expect(entries[Int(earlier)] == key, "a duplicate names the entry it repeats")
                    continue
                }
                #expect(!entries.contains(key))
                entries.append(key)
            }
            lexicons.append(entries)
        }
        return (automaton, lexicons)
    }

    static func naive(_ lexicons: [[[UInt32]]], in text: [UInt32], range: Range<Int>) -> [Hit] {
        var hits: [Hit] = []
        for (lexicon, entries) in lexicons.enumerated() {
            for (entry, key) in entries.enumerated() {
                for start in range where start + key.count <= range.upperBound {
                    if Array(text[start..<start + key.count]) == key {
                        hits.append(Hit(start: start, end: start + key.count, lexicon: Int32(lexicon), entry: Int32(entry)))
                    }
                }
            }
        }
        return hits.sorted()
    }

    static func automatonHits(_ automaton: LexiconAutomaton, in text: [UInt32], range: Range<Int>) -> [Hit] {
        var hits: [Hit] = []
        automaton.forEachMatch(in: text, range: range) { start, end, lexicon, entry in
            hits.append(Hit(start: start, end: end, lexicon: lexicon, entry: entry))
        }
        return hits
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func matchesEqualNaiveSearch(seed: UInt64) {
        let (automaton, lexicons) = Self.build(seed: seed, lexiconCount: 3, entriesEach: 40, maxLength: 5)
        var random = SplitMix64(seed: seed &* 7919)
        let text = (0..<400).map { _ in Self.alphabet.randomElement(using: &random)! }
        let found = Self.automatonHits(automaton, in: text, range: 0..<text.count)
        #expect(Set(found).count == found.count, "no hit is reported twice")
        #expect(found.sorted() == Self.naive(lexicons, in: text, range: 0..<text.count))
        // Hits come out by start, then by length.
        #expect(zip(found, found.dropFirst()).allSatisfy { ($0.start, $0.end) <= ($1.start, $1.end) })
    }

    /// Wide slots carry each child's first output beside the edge, the root
    /// table each root child's: copies that must follow every insertion,
    /// including insertions into existing nodes (a second lexicon's entry),
    /// the switch to wide slots midway (which leaves outputs to be read from
    /// the nodes until `seal` fills them), and insertions after `seal`.
    @Test(arguments: [(21, 8, nil), (22, 8, 1), (23, 1 << 21, 1), (24, 40, 2)] as [(UInt64, Int32, Int?)])
    func copiedOutputsFollowEveryInsertion(seed: UInt64, narrowLimit: Int32, sealAfter: Int?) {
        let (automaton, lexicons) = Self.build(seed: seed, lexiconCount: 3, entriesEach: 60, maxLength: 5,
                                               narrowLimit: narrowLimit, sealAfter: sealAfter)
        var random = SplitMix64(seed: seed &* 31)
        let text = (0..<400).map { _ in Self.alphabet.randomElement(using: &random)! }
        #expect(Self.automatonHits(automaton, in: text, range: 0..<text.count).sorted()
                == Self.naive(lexicons, in: text, range: 0..<text.count))
    }

    /// Issue 15: a large lexicon file sizes the tables once before its
    /// entries go in (`reserve`), switching to wide slots up front where the
    /// bound passes the narrow limit; the matches must be those of a trie
    /// that grew entry by entry, before and after `seal`.
    @Test(arguments: [(31, 1 << 21, nil), (32, 16, nil), (33, 200, 1), (34, 16, 2)] as [(UInt64, Int32, Int?)])
    func reservingFirstChangesNoMatch(seed: UInt64, narrowLimit: Int32, sealAfter: Int?) {
        let (reserved, lexicons) = Self.build(seed: seed, lexiconCount: 3, entriesEach: 80, maxLength: 6,
                                              narrowLimit: narrowLimit, sealAfter: sealAfter, reserving: true)
        let (grown, same) = Self.build(seed: seed, lexiconCount: 3, entriesEach: 80, maxLength: 6,
                                       narrowLimit: narrowLimit, sealAfter: sealAfter)
        #expect(lexicons == same)
        #expect(reserved.nodeCount == grown.nodeCount)
        var random = SplitMix64(seed: seed &* 17)
        let text = (0..<500).map { _ in Self.alphabet.randomElement(using: &random)! }
        let hits = Self.automatonHits(reserved, in: text, range: 0..<text.count)
        #expect(hits == Self.automatonHits(grown, in: text, range: 0..<text.count))
        #expect(hits.sorted() == Self.naive(lexicons, in: text, range: 0..<text.count))
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func matchesStayInsideTheRange(seed: UInt64) {
        let (automaton, lexicons) = Self.build(seed: seed, lexiconCount: 2, entriesEach: 30, maxLength: 4)
        var random = SplitMix64(seed: seed)
        let text = (0..<200).map { _ in Self.alphabet.randomElement(using: &random)! }
        for _ in 0..<10 {
            let lower = Int.random(in: 0...text.count, using: &random)
            let upper = Int.random(in: lower...text.count, using: &random)
            #expect(Self.automatonHits(automaton, in: text, range: lower..<upper).sorted()
                    == Self.naive(lexicons, in: text, range: lower..<upper))
        }
    }

    @Test func sharedEntriesAreReportedForEveryLexicon() {
        var automaton = LexiconAutomaton()
        let key = "中央".codePoints
        #expect(automaton.insert(key, lexicon: 0, entry: 0) == nil)
        #expect(automaton.insert(key, lexicon: 1, entry: 5) == nil)
        #expect(automaton.insert(key, lexicon: 0, entry: 1) == 0, "a duplicate in the same lexicon is refused")
        #expect(automaton.insert([], lexicon: 0, entry: 2) == nil)
        #expect(automaton.entryCount == 2)
        #expect(automaton.longestEntry == 2)
        let hits = Self.automatonHits(automaton, in: "党中央".codePoints, range: 0..<3)
        #expect(Set(hits) == [Hit(start: 1, end: 3, lexicon: 0, entry: 0), Hit(start: 1, end: 3, lexicon: 1, entry: 5)])
        #expect(Set(automaton.lookup(key).map { "\($0.lexicon):\($0.entry)" }) == ["0:0", "1:5"])
        #expect(automaton.lookup("中".codePoints).isEmpty)
    }

    /// The same answers through a whole rule pack: a lexicon loaded from a
    /// file, matched in a document, against the naive search.
    @Test func lexiconFileMatchesLikeNaiveSearch() throws {
        var random = SplitMix64(seed: 99)
        let characters = ["湖", "南", "省", "委", "书", "记"]
        var entries: [String] = []
        for _ in 0..<30 {
            let entry = (0..<Int.random(in: 1...4, using: &random)).map { _ in characters.randomElement(using: &random)! }.joined()
            if !entries.contains(entry) { entries.append(entry) }
        }
        let text = (0..<120).map { _ in characters.randomElement(using: &random)! }.joined()
        let pack = try RulePackFixture([
            "lexicons/words.txt": entries.joined(separator: "\n") + "\n",
            "rules.yaml": "rules:\n  - {name: words, label: LOC, pattern: '{words}'}\n",
        ])
        defer { pack.remove() }
        let rules = try pack.load()
        let units = text.codePoints
        let found = Self.automatonHits(rules.automaton, in: units, range: 0..<units.count)
        let expected = Self.naive([entries.map(\.codePoints)], in: units, range: 0..<units.count)
        #expect(found.sorted() == expected)
    }

    /// Edge tables start with 8-byte slots and switch once to 16-byte slots
    /// when node numbers outgrow them; lookups must not notice. The switch is
    /// forced early here (it happens at 2^21 nodes in real tries).
    @Test(arguments: [64, 1 << 21] as [Int32])
    func edgeTableAnswersLikeADictionaryInBothWidths(_ narrowLimit: Int32) {
        var random = SplitMix64(seed: UInt64(narrowLimit))
        var table = EdgeTable(capacity: 4, narrowLimit: narrowLimit)
        var reference: [Int64: Int32] = [:]
        var nextChild: Int32 = 1
        for _ in 0..<5_000 {
            let node = Int32(random.next() % UInt64(nextChild))
            let value = UInt32(random.next() % 0x11_0000)
            let key = Int64(node) << 21 | Int64(value)
            guard reference[key] == nil else { continue }
            table.insert(node, value, child: nextChild)
            reference[key] = nextChild
            nextChild += 1
        }
        for (key, child) in reference {
            #expect(table.child(Int32(key >> 21), UInt32(key & 0x1F_FFFF)) == child)
        }
        for _ in 0..<2_000 {
            let node = Int32(random.next() % UInt64(nextChild)), value = UInt32(random.next() % 0x11_0000)
            #expect(table.child(node, value) == reference[Int64(node) << 21 | Int64(value)] ?? -1)
        }
        var edges = 0
        table.forEachEdge { node, value, child in
            edges += 1
            #expect(reference[Int64(node) << 21 | Int64(value)] == child)
        }
        #expect(edges == reference.count)
        #expect(table.usesWideSlots == (narrowLimit < nextChild))
    }
}
