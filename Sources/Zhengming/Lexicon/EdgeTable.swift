/// The transitions of the lexicon trie: an open-addressing hash table from
/// (node, code point) to child node.
///
/// One flat table for every edge of every node, rather than a dictionary per
/// node: a million-entry lexicon has millions of nodes, and per-node
/// containers would cost more memory than the text they index. Keys pack the
/// node number and the code point into 64 bits; the hash is a Fibonacci
/// multiply; collisions probe linearly.
struct EdgeTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
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
        let mask = keys.count - 1
        var index = slot(for: key)
        while true {
            let found = keys[index]
            if found == key { return values[index] }
            if found == 0 { return -1 }
            index = (index + 1) & mask
        }
    }

    /// Inserts an edge that is known to be absent.
    mutating func insert(_ node: Int32, _ value: UInt32, child: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.key(node, value)
        let mask = keys.count - 1
        var index = slot(for: key)
        while keys[index] != 0 { index = (index + 1) & mask }
        keys[index] = key
        values[index] = child
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        shift -= 1
        let mask = keys.count - 1
        for (key, value) in zip(oldKeys, oldValues) where key != 0 {
            var index = slot(for: key)
            while keys[index] != 0 { index = (index + 1) & mask }
            keys[index] = key
            values[index] = value
        }
    }

    var memoryBytes: Int { keys.count * 12 }
}
