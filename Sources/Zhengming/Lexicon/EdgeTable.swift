/// The transitions of the lexicon trie: an open-addressing hash table from
/// (node, code point) to child node.
///
/// One flat table for every edge of every node, rather than a dictionary per
/// node: a million-entry lexicon has millions of nodes, and per-node
/// containers would cost more memory than the text they index. Keys pack the
/// node number and the code point into 64 bits; the hash is a Fibonacci
/// multiply; collisions probe linearly. Key and child share one 16-byte slot,
/// so a lookup that misses the cache misses it once, not twice.
struct EdgeTable: Sendable {
    private struct Slot: Sendable {
        var key: UInt64 = 0
        var child: Int32 = -1
    }

    private var slots: [Slot]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private static func key(_ node: Int32, _ value: UInt32) -> UInt64 {
        // +1 so that no real key is 0, the empty marker.
        (UInt64(UInt32(bitPattern: node)) << 21 | UInt64(value)) &+ 1
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The child of `node` on `value`, or -1.
    @inline(__always)
    func child(_ node: Int32, _ value: UInt32) -> Int32 {
        let key = Self.key(node, value)
        let mask = slots.count - 1
        var index = slot(for: key)
        return slots.withUnsafeBufferPointer { table in
            while true {
                let found = table[index]
                if found.key == key { return found.child }
                if found.key == 0 { return -1 }
                index = (index + 1) & mask
            }
        }
    }

    /// Inserts an edge that is known to be absent.
    mutating func insert(_ node: Int32, _ value: UInt32, child: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        place(Slot(key: Self.key(node, value), child: child))
        count += 1
    }

    private mutating func place(_ entry: Slot) {
        let mask = slots.count - 1
        var index = slot(for: entry.key)
        while slots[index].key != 0 { index = (index + 1) & mask }
        slots[index] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        shift -= 1
        for entry in old where entry.key != 0 { place(entry) }
    }

    /// Calls `body(node, value, child)` for every edge, in no particular order.
    func forEachEdge(_ body: (Int32, UInt32, Int32) -> Void) {
        for slot in slots where slot.key != 0 {
            let key = slot.key - 1
            body(Int32(truncatingIfNeeded: key >> 21), UInt32(truncatingIfNeeded: key & 0x1F_FFFF), slot.child)
        }
    }

    var memoryBytes: Int { slots.count * MemoryLayout<Slot>.stride }
}
