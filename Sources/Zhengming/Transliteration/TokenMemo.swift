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
/// Layout: an open-addressing table of entries (linear probing, at most half
/// full), each holding its key's hash, the key and the value. A key of up to
/// three code points (most Chinese words) is packed into its entry, 21 bits
/// a code point; longer keys are kept in one arena of code points. A hit on
/// a short key therefore touches one cache line of the table, which matters:
/// the memo is megabytes, and between two lookups the rule engine has
/// filled the caches with other things. A short key is hashed by one
/// multiplication of its packed word, xored first with a seed drawn per memo;
/// longer keys go through Swift's seeded `Hasher`. Either way the seed is
/// not known to whoever writes the input, so crafted input cannot make probe
/// chains long.
///
/// In front of the table, a small direct-mapped copy (`front`, 128 KB) holds
/// the first short key seen in each of its buckets. Tokens are Zipfian, so
/// the first of a bucket is usually its most frequent (的, 在, 中国, 发展 …),
/// and a hit there stays in the fast caches where a probe of the table
/// missed them: the load of the probed slot was more than half the time of
/// the pinyin step. (On the bench text, a simulation put the share of
/// lookups answered in front at 53 % for 2,048 buckets, 66 % for 4,096 and
/// 78 % for 8,192; timed, 2,048 saved 2–3.6 % of the run and the larger two
/// another 1 %, within noise.) Entries are only ever copies of the table's, updated
/// with it and cleared with it.
///
/// Keys compare by code point, not by canonical equivalence as `String`
/// keys do (see `PinyinTransliterator` for why that is safe there). Keys are
/// Unicode scalar values, which fit in 21 bits, and never empty.
struct TokenMemo {
    private struct Entry {
        /// The packed key (`count <= 3`) or the key's offset in `arena`.
        var key: UInt64 = 0
        /// 0 for an empty slot.
        var count: Int32 = 0
        var hash: UInt32 = 0
        var value = ""
    }

    private var slots = [Entry](repeating: Entry(), count: 1024)
    private var front = [Entry](repeating: Entry(), count: Self.frontCount)
    private static let frontCount = 4096
    private let seed = UInt64.random(in: 0...UInt64.max)
    private var arena: [UInt32] = []
    private(set) var count = 0

    /// The value stored for `key`, if any.
    ///
    /// - Complexity: O(`key.count`) expected.
    func value(for key: UnsafeBufferPointer<UInt32>) -> String? {
        let keyHash = hash(key)
        if key.count <= 3 {
            let packed = Self.packed(key)
            let hit: String? = front.withUnsafeBufferPointer { front in
                let entry = Self.frontIndex(keyHash)
                return Int(front[entry].count) == key.count && front[entry].key == packed ? front[entry].value : nil
            }
            if let hit { return hit }
        }
        let (slot, found) = find(key, hash: keyHash)
        return found ? slots[slot].value : nil
    }

    /// The bucket of `front` for a hash (bits the table's slots use last).
    @inline(__always)
    private static func frontIndex(_ hash: UInt32) -> Int { Int(hash >> 21) & (frontCount - 1) }

    /// Stores `value` for `key`, replacing any value stored before.
    mutating func store(_ value: String, for key: UnsafeBufferPointer<UInt32>) {
        precondition(!key.isEmpty, "TokenMemo: empty key")
        let keyHash = hash(key)
        let (slot, found) = find(key, hash: keyHash)
        if found {
            slots[slot].value = value
            let entry = Self.frontIndex(keyHash)
            if key.count <= 3, Int(front[entry].count) == key.count, front[entry].key == Self.packed(key) {
                front[entry].value = value
            }
            return
        }
        var entry = Entry(count: Int32(key.count), hash: keyHash, value: value)
        if key.count <= 3 {
            entry.key = Self.packed(key)
        } else {
            entry.key = UInt64(arena.count)
            arena.append(contentsOf: key)
        }
        if key.count <= 3, front[Self.frontIndex(keyHash)].count == 0 { front[Self.frontIndex(keyHash)] = entry }
        slots[slot] = entry
        count += 1
        if count * 2 > slots.count { rehash(capacity: slots.count * 2) }
    }

    /// Forgets every entry (the memo's bound on pathological inputs).
    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = Entry() }
        for index in front.indices { front[index] = Entry() }
        count = 0
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: UnsafeBufferPointer<UInt32>, hash: UInt32) -> (slot: Int, found: Bool) {
        let mask = slots.count - 1
        let packed = key.count <= 3 ? Self.packed(key) : 0
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(hash) & mask
            // Fields are read in place: copying an entry would retain its value.
            while slots[slot].count != 0 {
                if slots[slot].hash == hash, Int(slots[slot].count) == key.count,
                   key.count <= 3 ? slots[slot].key == packed : arenaHolds(key, at: Int(slots[slot].key)) {
                    return (slot, true)
                }
                slot = (slot + 1) & mask
            }
            return (slot, false)
        }
    }

    private func arenaHolds(_ key: UnsafeBufferPointer<UInt32>, at start: Int) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            for offset in 0..<key.count where arena[start + offset] != key[offset] { return false }
            return true
        }
    }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [Entry](repeating: Entry(), count: capacity)
        for entry in old where entry.count != 0 {
            var slot = Int(entry.hash) & (capacity - 1)
            while slots[slot].count != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = entry
        }
    }

    /// Up to three code points in one word (a code point needs 21 bits).
    @inline(__always)
    private static func packed(_ key: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var word: UInt64 = 0
        for value in key { word = word << 21 | UInt64(value) }
        return word
    }

    @inline(__always)
    private func hash(_ key: UnsafeBufferPointer<UInt32>) -> UInt32 {
        if key.count <= 3 {
            return UInt32(truncatingIfNeeded: ((Self.packed(key) ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> 32)
        }
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(key))
        return UInt32(truncatingIfNeeded: hasher.finalize())
    }
}
