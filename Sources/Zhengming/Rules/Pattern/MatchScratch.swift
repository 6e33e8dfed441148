/// Per-worker scratch memory for the matcher: the backtracking stack, the
/// capture slots and the visited-state stamps of each lookaround depth, and
/// the step budget that keeps a hostile pattern from hanging a run.
///
/// Everything here is a raw buffer, not an array. The matcher runs about
/// twice per character of text, and most runs fail within a handful of
/// steps; at that scale the retains, uniqueness checks and exclusivity checks
/// of arrays held by a class cost more than the matching itself. The buffers
/// grow on demand and are never shrunk: a worker's scratch settles at the
/// size its largest pattern needs.
final class MatchScratch {
    /// One lookaround depth's memory.
    struct Level {
        var stack: UnsafeMutablePointer<MatchState>
        var stackCapacity: Int
        var slots: UnsafeMutablePointer<Int>
        var slotCapacity: Int
        var stamps: UnsafeMutablePointer<UInt32>
        var stampCapacity: Int
        var generation: UInt32
    }

    private(set) var levels: [Level] = []

    /// Steps taken since the budget was last reset.
    var steps = 0
    /// When `steps` passes this, matching stops and `exhausted` is set.
    var budget = Int.max
    private(set) var exhausted = false

    init() {}

    deinit {
        for level in levels {
            level.stack.deallocate()
            level.slots.deallocate()
            level.stamps.deallocate()
        }
    }

    func resetBudget(_ budget: Int) {
        steps = 0
        self.budget = budget
        exhausted = false
    }

    func exhaust() { exhausted = true }

    /// The memory of `depth`, with room for `slotCount` capture slots.
    @inline(__always)
    func level(_ depth: Int, slotCount: Int) -> Level {
        if depth < levels.count, levels[depth].slotCapacity >= slotCount { return levels[depth] }
        return makeLevel(depth, slotCount: slotCount)
    }

    private func makeLevel(_ depth: Int, slotCount: Int) -> Level {
        while levels.count <= depth {
            levels.append(Level(stack: .allocate(capacity: 64), stackCapacity: 64,
                                slots: .allocate(capacity: 8), slotCapacity: 8,
                                stamps: .allocate(capacity: 1), stampCapacity: 1, generation: 0))
            levels[levels.count - 1].stamps.initialize(to: 0)
        }
        if levels[depth].slotCapacity < slotCount {
            levels[depth].slots.deallocate()
            levels[depth].slots = .allocate(capacity: slotCount)
            levels[depth].slotCapacity = slotCount
        }
        return levels[depth]
    }

    /// Doubles the backtracking stack of `depth`, keeping its `count` states.
    func growStack(_ depth: Int, count: Int) -> (UnsafeMutablePointer<MatchState>, Int) {
        let capacity = levels[depth].stackCapacity * 2
        let larger = UnsafeMutablePointer<MatchState>.allocate(capacity: capacity)
        larger.moveInitialize(from: levels[depth].stack, count: count)
        levels[depth].stack.deallocate()
        levels[depth].stack = larger
        levels[depth].stackCapacity = capacity
        return (larger, capacity)
    }

    /// The visited stamps of `depth`, at least `size` long, and a fresh
    /// generation: a state is visited in this attempt when its stamp equals
    /// the generation, so nothing is cleared between attempts.
    func stamps(_ depth: Int, size: Int) -> (UnsafeMutablePointer<UInt32>, UInt32) {
        if levels[depth].stampCapacity < size {
            levels[depth].stamps.deallocate()
            let capacity = max(size, levels[depth].stampCapacity * 2)
            levels[depth].stamps = .allocate(capacity: capacity)
            levels[depth].stamps.initialize(repeating: 0, count: capacity)
            levels[depth].stampCapacity = capacity
            levels[depth].generation = 0
        }
        levels[depth].generation &+= 1
        if levels[depth].generation == 0 {
            levels[depth].stamps.update(repeating: 0, count: levels[depth].stampCapacity)
            levels[depth].generation = 1
        }
        return (levels[depth].stamps, levels[depth].generation)
    }

    /// Created on first use, for rules with `pinyin:` conditions.
    lazy var pinyin: PinyinTransliterator? = try? PinyinTransliterator(style: .marks)
}

/// A thread of the backtracking machine waiting on the stack: resume at
/// instruction `code` and position `value`, or, when `code` is negative,
/// restore capture slot `-code - 1` to `value`.
struct MatchState {
    var code: Int32
    var value: Int32
}
