/// The names a document propagates (`propagate:` in pack.yaml): each
/// distinct normalised text of a mention of a propagated label, two
/// characters or more, with the mention that found it first, sorted by text.
///
/// Propagation is a document-wide pass: a name found anywhere is found again
/// everywhere. A large document annotated in windows (`WindowedAnnotator`)
/// builds the names of each window, merges them in window order
/// (`merge(_:)`: the first window to name a text gives its source, as the
/// first mention in the whole document would) and searches every window
/// with the document's names; a single document builds them once. Both
/// then run the same search (`RuleCascade.propagate`).
struct PropagationNames {
    struct Name {
        var units: [UInt32]
        /// The first mention with this text (sorted by start, then end).
        var source: Mention
    }

    /// Sorted by `units`, each text once.
    private(set) var names: [Name] = []
    /// A 1,024-bit filter of the first characters: most positions are
    /// answered without a search.
    private var firstFilter = [UInt64](repeating: 0, count: 16)

    var isEmpty: Bool { names.isEmpty }

    /// The names of `nested` (sorted by start, then end) over `units`.
    init(_ nested: [Mention], units: [UInt32], labels: Set<String>) {
        var indices: [Int] = []
        for index in nested.indices where labels.contains(nested[index].label)
            && nested[index].normalizedEnd - nested[index].normalizedStart >= 2 {
            indices.append(index)
        }
        guard !indices.isEmpty else { return }
        func name(_ index: Int) -> ArraySlice<UInt32> {
            units[nested[index].normalizedStart..<nested[index].normalizedEnd]
        }
        // Sorted by their text, the first mention first among equal ones.
        indices.sort { a, b in
            name(a).elementsEqual(name(b)) ? a < b : name(a).lexicographicallyPrecedes(name(b))
        }
        for index in indices where names.last.map({ !$0.units.elementsEqual(name(index)) }) ?? true {
            names.append(Name(units: Array(name(index)), source: nested[index]))
        }
        rebuildFilter()
    }

    /// Adds the names of a later window that this set does not have yet.
    mutating func merge(_ later: PropagationNames) {
        guard !later.names.isEmpty else { return }
        var merged: [Name] = []
        merged.reserveCapacity(names.count + later.names.count)
        var a = 0, b = 0
        while a < names.count || b < later.names.count {
            if b == later.names.count
                || (a < names.count && names[a].units.lexicographicallyPrecedes(later.names[b].units)) {
                merged.append(names[a])
                a += 1
            } else if a == names.count || later.names[b].units.lexicographicallyPrecedes(names[a].units) {
                merged.append(later.names[b])
                b += 1
            } else {
                merged.append(names[a])
                a += 1
                b += 1
            }
        }
        names = merged
        rebuildFilter()
    }

    private mutating func rebuildFilter() {
        firstFilter = [UInt64](repeating: 0, count: 16)
        for name in names {
            let first = name.units[0]
            firstFilter[Int(first & 1023) >> 6] |= 1 << UInt64(first & 63)
        }
    }

    @inline(__always)
    func mayStart(with first: UInt32) -> Bool {
        firstFilter[Int(first & 1023) >> 6] & (1 << UInt64(first & 63)) != 0
    }

    /// The names that begin with `first`, in order (a binary search).
    func starting(with first: UInt32) -> ArraySlice<Name> {
        var low = 0, high = names.count
        while low < high {
            let middle = (low + high) / 2
            if names[middle].units[0] < first { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < names.count, names[end].units[0] == first { end += 1 }
        return names[low..<end]
    }
}
