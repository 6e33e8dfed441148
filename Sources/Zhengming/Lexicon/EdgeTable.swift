/// The transitions of the lexicon trie: an open-addressing hash table from
/// (node, code point) to child node.
///
/// One flat table for every edge of every node, rather than a dictionary per
/// node: a million-entry lexicon has millions of nodes, and per-node
/// containers would cost more memory than the text they index. The hash is a
/// Fibonacci multiply; collisions probe linearly.
///
/// Slots come in two widths. While node numbers stay below 2^21 (tries of
/// up to about two million nodes: every rule pack short of a national
/// gazetteer), node, code point and child share one 64-bit word, so the
/// table of the default pack is half a megabyte and stays in the
/// second-level cache next to ICU's dictionary. A larger trie switches, once,
/// to 16-byte slots holding a 64-bit key and the child. Either way a lookup
/// that misses the cache misses it once.
struct EdgeTable: Sendable {
    private struct WideSlot: Sendable {
        var key: UInt64 = 0
        var child: Int32 = -1
        /// The child's first output, or `EdgeTable.unknownOutput`: the four
        /// bytes a 16-byte slot would otherwise pad, so that a walk through a
        /// trie too large for the caches reads a node's edge and its outputs
        /// in one memory access rather than two.
        var output: Int32 = EdgeTable.unknownOutput
    }

    /// The output of a child that the table does not carry (narrow slots,
    /// or an edge whose output was not set): read it from the automaton.
    static let unknownOutput: Int32 = -2

    /// Narrow slots: `node << 43 | value << 22 | child`, 0 when empty (no
    /// child is node 0, the root).
    private var narrow: [UInt64]
    private var wide: [WideSlot] = []
    private var isWide = false
    private var shift: UInt64
    private(set) var count = 0

    /// Node numbers from which slots must be wide (below 2^21; tests lower it).
    private let narrowLimit: Int32

    init(capacity: Int = 1024, narrowLimit: Int32 = 1 << 21) {
        self.narrowLimit = min(narrowLimit, 1 << 21)
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        narrow = [UInt64](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    private var size: Int { isWide ? wide.count : narrow.count }

    @inline(__always)
    private static func key(_ node: Int32, _ value: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(value)
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key &+ 1) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The child of `node` on `value`, or -1.
    @inline(__always)
    func child(_ node: Int32, _ value: UInt32) -> Int32 {
        if !isWide {
            let key = Self.key(node, value)
            var index = slot(for: key)
            let mask = narrow.count - 1
            return narrow.withUnsafeBufferPointer { table in
                while true {
                    let found = table[index]
                    if found == 0 { return -1 }
                    if found >> 22 == key { return Int32(truncatingIfNeeded: found & 0x3F_FFFF) }
                    index = (index + 1) & mask
                }
            }
        }
        return childAndOutput(node, value).child
    }

    /// The child of `node` on `value` (-1 for none) and, in wide slots, the
    /// child's first output as last set (`unknownOutput` otherwise).
    @inline(__always)
    func childAndOutput(_ node: Int32, _ value: UInt32) -> (child: Int32, output: Int32) {
        guard isWide else { return (child(node, value), Self.unknownOutput) }
        return wide.withUnsafeBufferPointer { table in
            guard let index = wideIndex(node, value, in: table) else { return (-1, Self.unknownOutput) }
            return (table[index].child, table[index].output)
        }
    }

    /// Where the wide slot of `(node, value)` is in `table`, if there is one:
    /// the one probe of wide slots, for lookups and for `setOutput`.
    @inline(__always)
    private func wideIndex(_ node: Int32, _ value: UInt32, in table: UnsafeBufferPointer<WideSlot>) -> Int? {
        let key = Self.key(node, value) &+ 1
        var index = slot(for: key &- 1)
        let mask = table.count - 1
        while true {
            let found = table[index].key
            if found == key { return index }
            if found == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    /// Records the first output of the child of `node` on `value` (wide
    /// slots only; narrow slots have no room and ignore it).
    mutating func setOutput(_ node: Int32, _ value: UInt32, _ output: Int32) {
        guard isWide, let index = wide.withUnsafeBufferPointer({ wideIndex(node, value, in: $0) }) else { return }
        wide[index].output = output
    }

    /// Sets every output the wide slots do not carry yet, from
    /// `firstOutput(child)` (after widening, which could not know them).
    mutating func fillUnknownOutputs(_ firstOutput: (Int32) -> Int32) {
        guard isWide else { return }
        for index in wide.indices where wide[index].key != 0 && wide[index].output == Self.unknownOutput {
            wide[index].output = firstOutput(wide[index].child)
        }
    }

    /// Makes room for `edges` more edges, whose children are numbered below
    /// `nodes`, in at most one rebuild. Growing by doubling keeps the old and
    /// the new table alive together at every step (64 and 128 MB at the last
    /// step of a million-entry lexicon); a large lexicon file is sized once,
    /// from an upper bound, before its entries go in.
    mutating func reserve(edges: Int, nodes: Int) {
        let toWide = isWide || nodes >= Int(narrowLimit)
        var target = size
        while (count + edges) * 2 > target { target <<= 1 }
        if target != size || toWide != isWide { rebuild(size: target, wide: toWide) }
    }

    /// Inserts an edge that is known to be absent.
    mutating func insert(_ node: Int32, _ value: UInt32, child: Int32) {
        if !isWide && (node >= narrowLimit || child >= narrowLimit) { widen() }
        if (count + 1) * 2 > size { grow() }
        place(node, value, child)
        count += 1
    }

    private mutating func place(_ node: Int32, _ value: UInt32, _ child: Int32, output: Int32 = unknownOutput) {
        let key = Self.key(node, value)
        var index = slot(for: key)
        if isWide {
            let mask = wide.count - 1
            while wide[index].key != 0 { index = (index + 1) & mask }
            wide[index] = WideSlot(key: key &+ 1, child: child, output: output)
        } else {
            let mask = narrow.count - 1
            while narrow[index] != 0 { index = (index + 1) & mask }
            narrow[index] = key << 22 | UInt64(UInt32(bitPattern: child))
        }
    }

    private mutating func rebuild(size: Int, wide toWide: Bool) {
        let old = self
        isWide = toWide
        narrow = toWide ? [] : [UInt64](repeating: 0, count: size)
        wide = toWide ? [WideSlot](repeating: WideSlot(), count: size) : []
        shift = UInt64(64 - size.trailingZeroBitCount)
        old.forEachEdge { node, value, child, output in place(node, value, child, output: output) }
    }

    private mutating func grow() { rebuild(size: size * 2, wide: isWide) }

    private mutating func widen() { rebuild(size: size, wide: true) }

    /// Calls `body(node, value, child)` for every edge, in no particular order.
    func forEachEdge(_ body: (Int32, UInt32, Int32) -> Void) {
        forEachEdge { node, value, child, _ in body(node, value, child) }
    }

    /// Calls `body(node, value, child, output)` for every edge, in no
    /// particular order (`output` as `childAndOutput` gives it).
    func forEachEdge(_ body: (Int32, UInt32, Int32, Int32) -> Void) {
        if isWide {
            for slot in wide where slot.key != 0 {
                let key = slot.key - 1
                body(Int32(truncatingIfNeeded: key >> 21), UInt32(truncatingIfNeeded: key & 0x1F_FFFF), slot.child,
                     slot.output)
            }
        } else {
            for slot in narrow where slot != 0 {
                let key = slot >> 22
                body(Int32(truncatingIfNeeded: key >> 21), UInt32(truncatingIfNeeded: key & 0x1F_FFFF),
                     Int32(truncatingIfNeeded: slot & 0x3F_FFFF), Self.unknownOutput)
            }
        }
    }

    /// Whether slots are 16 bytes (a trie of 2^21 nodes or more).
    var usesWideSlots: Bool { isWide }

    var memoryBytes: Int { isWide ? wide.count * MemoryLayout<WideSlot>.stride : narrow.count * 8 }
}
