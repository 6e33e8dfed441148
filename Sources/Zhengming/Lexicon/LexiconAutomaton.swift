/// Every lexicon of a run compiled into one trie over folded code points,
/// matched at every position of a text: the common-prefix search of HanLP's
/// double-array tries.
///
/// Why a trie walk per position and not Aho–Corasick failure links: the
/// matcher needs, for each position, every entry that *starts* there (a
/// pattern `{surnames}` asks "which surnames begin here?"), which is exactly
/// what a walk from that position yields, in order of length. Chinese entries
/// are short and the walk stops at the first character with no edge, so the
/// average walk is one or two steps whatever the lexicon size; the root's
/// edges sit in a direct table so the first step costs no hashing. See
/// DESIGN.md for the measurements and the trade-offs.
///
/// Several lexicons may share an entry (`中央` can be an organ and part of a
/// slogan list): a node's outputs are a linked list of (lexicon, entry) pairs.
public struct LexiconAutomaton: Sendable {
    private var edges = EdgeTable()
    /// A child of the root and its first output.
    private struct Root: Sendable {
        var child: Int32 = -1
        var output: Int32 = -1
    }
    /// Children of the root, indexed by code point (BMP), with their first
    /// outputs beside them: the walk from every position of a text starts
    /// here, and for a large lexicon `firstOutput` is megabytes away.
    private var roots = [Root](repeating: Root(), count: 0x10000)
    /// For each node, the first output index or -1.
    private var firstOutput: [Int32] = [-1]
    private var outputs: [(lexicon: Int32, entry: Int32, next: Int32)] = []
    public private(set) var longestEntry = 0
    /// A bit per hashed pair of first two characters of some entry. Most
    /// positions of a text start no two-character prefix of any entry; this
    /// filter answers that from cache, so the large edge table (which for a
    /// million entries is far bigger than any cache) is only probed when a
    /// match is likely. It holds `1 << filterBits` bits: 1 MB while loading,
    /// then (`seal`) about 32 bits per distinct pair, so that a pack of ten
    /// thousand entries has a 32 KB filter that stays in the first-level
    /// cache, and a million entries keep the full megabyte.
    private var pairFilter = [UInt64](repeating: 0, count: 1 << (maxFilterBits - 6))
    private var filterBits = maxFilterBits
    private static let maxFilterBits = 23
    private static let minFilterBits = 15
    /// Distinct pairs of first two characters (nodes at depth two).
    private var pairCount = 0

    public var nodeCount: Int { firstOutput.count }
    public var entryCount: Int { outputs.count }

    public init() {}

    /// An automaton whose edge table switches to wide slots at `narrowLimit`
    /// nodes rather than 2^21 (tests).
    init(narrowLimit: Int32) {
        edges = EdgeTable(narrowLimit: narrowLimit)
    }

    @inline(__always)
    private func pairBit(_ first: UInt32, _ second: UInt32) -> Int {
        Int(truncatingIfNeeded: ((UInt64(first) << 21 | UInt64(second)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - filterBits))
    }

    /// Shrinks the pair filter to the size the entries need (see
    /// `pairFilter`). Entries may still be inserted afterwards.
    mutating func seal() {
        edges.fillUnknownOutputs { [firstOutput] in firstOutput[Int($0)] }
        var bits = Self.minFilterBits
        while bits < Self.maxFilterBits && (1 << bits) < pairCount * 32 { bits += 1 }
        guard bits != filterBits else { return }
        filterBits = bits
        pairFilter = [UInt64](repeating: 0, count: max(1, (1 << bits) >> 6))
        // The first character of each depth-one node, to name each pair.
        var firstOf: [Int32: UInt32] = [:]
        for (value, root) in roots.enumerated() where root.child >= 0 { firstOf[root.child] = UInt32(value) }
        edges.forEachEdge { node, value, child in if node == 0 { firstOf[child] = value } }
        edges.forEachEdge { node, value, _ in
            guard node != 0, let first = firstOf[node] else { return }
            let bit = pairBit(first, value)
            pairFilter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    /// Sizes the tables for `keys` more keys of `characters` code points in
    /// all: each key adds at most its length in nodes, and its first edge
    /// (from the root, for a BMP character) lives in `roots`. Only worth it
    /// for large files: the bound overestimates shared prefixes, and a small
    /// pack's narrow table should stay as small as its entries make it.
    mutating func reserve(keys: Int, characters: Int) {
        edges.reserve(edges: max(0, characters - keys), nodes: firstOutput.count + characters)
        firstOutput.reserveCapacity(firstOutput.count + characters)
        outputs.reserveCapacity(outputs.count + keys)
    }

    /// Adds `key` (folded code points) as entry `entry` of lexicon `lexicon`,
    /// unless that lexicon already has this key: then nothing is added and
    /// the existing entry number is returned (for duplicate diagnostics).
    @discardableResult
    mutating func insert(_ key: [UInt32], lexicon: Int32, entry: Int32) -> Int32? {
        guard !key.isEmpty else { return nil }
        if let existing = lookup(key).first(where: { $0.lexicon == lexicon }) { return existing.entry }
        if key.count >= 2 {
            let bit = pairBit(key[0], key[1])
            pairFilter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        var node: Int32 = 0
        var parent: Int32 = 0
        for (depth, value) in key.enumerated() {
            var next = child(node, value)
            if next < 0 {
                if depth == 1 { pairCount += 1 }
                next = Int32(firstOutput.count)
                firstOutput.append(-1)
                if node == 0 && value < 0x10000 { roots[Int(value)].child = next }
                else { edges.insert(node, value, child: next) }
            }
            parent = node
            node = next
        }
        outputs.append((lexicon, entry, firstOutput[Int(node)]))
        let output = Int32(outputs.count - 1)
        firstOutput[Int(node)] = output
        // The copies beside the edge that leads to the node.
        let last = key[key.count - 1]
        if parent == 0 && last < 0x10000 { roots[Int(last)].output = output }
        else { edges.setOutput(parent, last, output) }
        longestEntry = max(longestEntry, key.count)
        return nil
    }

    @inline(__always)
    private func child(_ node: Int32, _ value: UInt32) -> Int32 {
        if node == 0 && value < 0x10000 { return roots[Int(value)].child }
        return edges.child(node, value)
    }

    /// Exact lookup: the (lexicon, entry) pairs whose key is exactly `key`.
    func lookup(_ key: [UInt32]) -> [(lexicon: Int32, entry: Int32)] {
        var node: Int32 = 0
        for value in key {
            node = child(node, value)
            if node < 0 { return [] }
        }
        return outputsOf(node)
    }

    private func outputsOf(_ node: Int32) -> [(lexicon: Int32, entry: Int32)] {
        var result: [(Int32, Int32)] = []
        var cursor = firstOutput[Int(node)]
        while cursor >= 0 {
            result.append((outputs[Int(cursor)].lexicon, outputs[Int(cursor)].entry))
            cursor = outputs[Int(cursor)].next
        }
        return result
    }

    /// Calls `found(start, end, lexicon, entry)` for every entry occurring in
    /// `units[range]`.
    ///
    /// - Complexity: O(n × w) where w is the average walk length, which for
    ///   real lexicons stays near 1–2 independently of lexicon size.
    func forEachMatch(in units: [UInt32], range: Range<Int>,
                      _ found: (Int, Int, Int32, Int32) -> Void) {
        // Every table through a pointer: this loop runs at every character
        // of every document, and array accesses pay bounds checks.
        units.withUnsafeBufferPointer { text in
        roots.withUnsafeBufferPointer { roots in
        pairFilter.withUnsafeBufferPointer { filter in
        firstOutput.withUnsafeBufferPointer { firsts in
        outputs.withUnsafeBufferPointer { outputs in
            for start in range {
                let first = text[start]
                // Each step reads a node and its first output together (the
                // root table and wide edge slots carry both; narrow slots
                // belong to tables small enough for `firsts` to be cached).
                var (node, cursor) = first < 0x10000
                    ? (roots[Int(first)].child, roots[Int(first)].output)
                    : edges.childAndOutput(0, first)
                if node < 0 { continue }
                var position = start + 1
                while true {
                    if cursor == EdgeTable.unknownOutput { cursor = firsts[Int(node)] }
                    while cursor >= 0 {
                        let output = outputs[Int(cursor)]
                        found(start, position, output.lexicon, output.entry)
                        cursor = output.next
                    }
                    guard position < range.upperBound else { break }
                    if position == start + 1 {
                        let bit = pairBit(first, text[position])
                        if filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { break }
                    }
                    (node, cursor) = edges.childAndOutput(node, text[position])
                    if node < 0 { break }
                    position += 1
                }
            }
        }
        }
        }
        }
        }
    }

    /// Approximate resident size of the automaton, for the benchmark.
    public var memoryBytes: Int {
        edges.memoryBytes + roots.count * 8 + pairFilter.count * 8 + firstOutput.count * 4 + outputs.count * 12
    }
}
