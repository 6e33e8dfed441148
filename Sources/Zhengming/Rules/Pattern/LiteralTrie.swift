/// The literal branches of an alternation (`民主党|共和党|保守党|…`), or of
/// a lookaround (`(?=透露|指出|强调|…)`), as one small trie.
///
/// Compiled as plain alternation, n literal branches cost the matcher about
/// 2n steps at every position where it is tried: a `split` and a failing
/// first character per branch. Rule authors write such lists all the time
/// (the default pack has alternations of thirty and fifty words, behind a
/// repetition that multiplies them again), and they dominated the matcher's
/// profile. A trie answers the same question in one step per character
/// actually matched.
///
/// Branch order is kept: `ends(at:)` reports every branch that matches, in
/// the order the branches were written, so the matcher explores them in the
/// same depth-first order as the `split` chain would, and captures and the
/// leftmost-longest choice come out the same.
struct LiteralTrie: Sendable {
    /// Children of node `n` are `edgeCharacters[edgeStart[n]..<edgeStart[n + 1]]`,
    /// sorted, with the child nodes at the same indices of `edgeChildren`.
    private var edgeStart: [Int32] = []
    private var edgeCharacters: [UInt32] = []
    private var edgeChildren: [Int32] = []
    /// The first branch that ends at each node, or -1.
    private var branchAt: [Int32] = []
    /// The longest string: no walk is deeper.
    private(set) var longest = 0

    /// `strings[i]` is branch `i`; strings are read in the order given (a
    /// backward program passes them reversed).
    init(_ strings: [[UInt32]]) {
        var children: [[UInt32: Int32]] = [[:]]
        var branches: [Int32] = [-1]
        for (branch, string) in strings.enumerated() {
            var node = 0
            for character in string {
                if let next = children[node][character] {
                    node = Int(next)
                } else {
                    children.append([:])
                    branches.append(-1)
                    children[node][character] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            if branches[node] < 0 { branches[node] = Int32(branch) }
            longest = max(longest, string.count)
        }
        for node in children.indices {
            edgeStart.append(Int32(edgeCharacters.count))
            for (character, child) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeCharacters.append(character)
                edgeChildren.append(child)
            }
        }
        edgeStart.append(Int32(edgeCharacters.count))
        branchAt = branches
    }

    @inline(__always)
    private func child(_ node: Int, _ character: UInt32) -> Int {
        var low = Int(edgeStart[node]), high = Int(edgeStart[node + 1])
        while low < high {
            let middle = (low + high) >> 1
            let value = edgeCharacters[middle]
            if value == character { return Int(edgeChildren[middle]) }
            if value < character { low = middle + 1 } else { high = middle }
        }
        return -1
    }

    /// Calls `found(end, branch)` for every branch that matches starting at
    /// `position` and reading towards `limit` (forward when `limit` is above
    /// `position`, backward otherwise; `end` is then the lower position), in
    /// order of length.
    @inline(__always)
    func forEachMatch(in units: UnsafeBufferPointer<UInt32>, at position: Int, limit: Int,
                      _ found: (_ end: Int, _ branch: Int32) -> Void) {
        _ = walk(in: units, at: position, limit: limit) { end, branch in
            found(end, branch)
            return false
        }
    }

    /// Whether some branch matches at `position` reading towards `limit`.
    @inline(__always)
    func matches(in units: UnsafeBufferPointer<UInt32>, at position: Int, limit: Int) -> Bool {
        walk(in: units, at: position, limit: limit) { _, _ in true }
    }

    /// The walk behind both: `found` returns true to stop; the result says
    /// whether it did.
    @inline(__always)
    private func walk(in units: UnsafeBufferPointer<UInt32>, at position: Int, limit: Int,
                      _ found: (_ end: Int, _ branch: Int32) -> Bool) -> Bool {
        let step = limit >= position ? 1 : -1
        var node = 0
        var cursor = position
        while cursor != limit {
            node = child(node, units[step > 0 ? cursor : cursor - 1])
            if node < 0 { return false }
            cursor += step
            if branchAt[node] >= 0, found(cursor, branchAt[node]) { return true }
        }
        return false
    }
}
