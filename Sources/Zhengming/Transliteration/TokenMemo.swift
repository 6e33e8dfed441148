/// A memo from token text, as code points, to a string: the pinyin of every
/// distinct token a worker has seen.
///
/// The pinyin column looks up every token of every document, and after the
/// first few thousand documents nearly every lookup is a hit, so the cost of
/// the column is the cost of a hit. A `[String: String]` memo makes each hit
/// build a `String` from the token's code points and hash it with Swift's
/// string hashing, which normalises to NFC on the way. This table hashes the
/// code points where they lie (a slice of the document's `[UInt32]`) and
/// compares them in place, so a hit allocates nothing.
///
/// Layout: `entries` holds each key, its hash and its value, in insertion
/// order; `slots` is an open-addressing index into `entries` (linear probing,
/// kept at most half full). A key of up to three code points (most Chinese
/// words) is packed into its entry, 21 bits a code point; longer keys are
/// kept in one arena of code points. A hit then touches the slot and the
/// entry, and only long keys a third cache line, which matters because the
/// memo is large and the rule engine keeps the caches busy between lookups.
/// Hashes are Swift's seeded `Hasher` over the bytes of the key, so crafted
/// input cannot make probe chains long.
///
/// Keys compare by code point, not by canonical equivalence as `String`
/// keys do: `PinyinMemo` sends here only tokens for which the two agree.
struct TokenMemo {
    private struct Entry {
        /// The packed key (`count <= 3`) or the key's offset in `arena`.
        var key: UInt64
        var count: Int
        var hash: Int
        var value: String
    }

    private var arena: [UInt32] = []
    private var entries: [Entry] = []
    /// 0 = empty, otherwise an index into `entries` plus one.
    private var slots: [Int32]

    init() { slots = [Int32](repeating: 0, count: 1024) }

    var count: Int { entries.count }

    /// The value stored for `key`, if any.
    ///
    /// - Complexity: O(`key.count`) expected.
    func value(for key: UnsafeBufferPointer<UInt32>) -> String? {
        let hash = Self.hash(key)
        var slot = hash & (slots.count - 1)
        while case let stored = slots[slot], stored != 0 {
            let entry = entries[Int(stored) - 1]
            if entry.hash == hash, matches(entry, key) { return entry.value }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Stores `value` for `key`, replacing any value stored before.
    mutating func store(_ value: String, for key: UnsafeBufferPointer<UInt32>) {
        let hash = Self.hash(key)
        var slot = hash & (slots.count - 1)
        while case let stored = slots[slot], stored != 0 {
            let index = Int(stored) - 1
            if entries[index].hash == hash, matches(entries[index], key) {
                entries[index].value = value
                return
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        if key.count <= 3 {
            entries.append(Entry(key: Self.packed(key), count: key.count, hash: hash, value: value))
        } else {
            entries.append(Entry(key: UInt64(arena.count), count: key.count, hash: hash, value: value))
            arena.append(contentsOf: key)
        }
        slots[slot] = Int32(entries.count)
        if entries.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
    }

    /// Forgets every entry (the memo's bound on pathological inputs).
    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = 0 }
    }

    private func matches(_ entry: Entry, _ key: UnsafeBufferPointer<UInt32>) -> Bool {
        guard entry.count == key.count else { return false }
        if key.count <= 3 { return entry.key == Self.packed(key) }
        return arena.withUnsafeBufferPointer { arena in
            let start = Int(entry.key)
            for offset in 0..<key.count where arena[start + offset] != key[offset] { return false }
            return true
        }
    }

    /// Up to three code points in one word (a code point needs 21 bits).
    @inline(__always)
    private static func packed(_ key: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var word: UInt64 = 0
        for value in key { word = word << 21 | UInt64(value) }
        return word
    }

    private mutating func rehash(capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
        for (index, entry) in entries.enumerated() {
            var slot = entry.hash & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index + 1)
        }
    }

    private static func hash(_ key: UnsafeBufferPointer<UInt32>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(key))
        return hasher.finalize()
    }
}
