/// Reading a post list: the mentions inside a rule's `posts` capture, turned
/// into (organ, title, place, status) items.
///
/// The list is read left to right with one organ in scope:
/// - an ORGAN opens a scope: the titles after it belong to it
///   (`X自治区党委委员、常委、书记` → three posts of `X自治区党委`), until the
///   next ORGAN or LOC;
/// - a title written right against the organ always belongs to it (the
///   tagger cut them apart: `国务院|总理`);
/// - a **standalone** title (a fused one: `省长`, `副市长`, `组织部部长`) after
///   a separator belongs to the organ only when the organ **hosts** it (a
///   `post-hosts` entry: `副市长` is hosted by an organ ending in `政府`), so
///   `X市政府原党组成员、副市长` is `X市政府副市长` but `辽宁省委书记、省长` is
///   `辽宁省委书记` and `省长`;
/// - a LOC right before a title with no organ is its `place` (`浙江省副省长`);
/// - a cue word between items (`原`, `时任`, `现任`) sets the status of the
///   items after it: `X市政府原党组成员、副市长` is `former`.
enum PostList {
    struct Item {
        var title: Int
        var organ: Int?
        var place: Int?
        var post: String
        var status: PostStatus
        var cue: Range<Int>?
        var resolved: String?
    }

    /// What reading a list needs of the document.
    struct Context {
        let linker: PostLinker
        let flat: [Mention]
        let labels: [Int32]
        let original: [UInt32]
        let text: NormalizedText
        let lexiconHits: SpanIndex
        /// The organs and places of the rest of the document, when `flat`
        /// is one window of it (`OrganContext`); nil when `flat` is the
        /// whole document.
        var organs: OrganContext? = nil

        /// Indices into `flat` of the mentions inside `range` (normalised)
        /// that play `role`.
        func mentions(in range: Range<Int>, role: PostLinker.Role) -> [Int] {
            var result: [Int] = []
            var index = first(atOrAfter: range.lowerBound)
            while index < flat.count, flat[index].normalizedStart < range.upperBound {
                if flat[index].normalizedEnd <= range.upperBound, linker.role(of: labels[index]).contains(role) {
                    result.append(index)
                }
                index += 1
            }
            return result
        }

        /// The first mention starting at or after `position` (binary search).
        func first(atOrAfter position: Int) -> Int {
            var low = 0, high = flat.count
            while low < high {
                let middle = (low + high) / 2
                if flat[middle].normalizedStart < position { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// The holder mention that ends last at or before `position` in the sentence.
        func nearestHolder(before position: Int, in sentence: Range<Int>) -> Int? {
            var index = first(atOrAfter: position) - 1
            while index >= 0, flat[index].normalizedStart >= sentence.lowerBound {
                if flat[index].normalizedEnd <= position, linker.role(of: labels[index]).contains(.holder) { return index }
                index -= 1
            }
            return nil
        }

        /// The status of the cue lexicon entry that is exactly `range`.
        func cueStatus(exactly range: Range<Int>) -> PostStatus? {
            guard linker.cueLexicon >= 0 else { return nil }
            for index in lexiconHits.starting(at: range.lowerBound) {
                let hit = lexiconHits.spans[index]
                if hit.kind == linker.cueLexicon, Int(hit.end) == range.upperBound {
                    return linker.cueStatus[Int(hit.item)]
                }
            }
            return nil
        }

        /// The last cue word in `gap` (longest at each start), with its status.
        func lastCue(in gap: Range<Int>) -> (status: PostStatus, range: Range<Int>)? {
            guard linker.cueLexicon >= 0, !gap.isEmpty else { return nil }
            var found: (PostStatus, Range<Int>)?
            var position = gap.lowerBound
            while position < gap.upperBound {
                var end = position
                var status: PostStatus?
                for index in lexiconHits.starting(at: position) {
                    let hit = lexiconHits.spans[index]
                    guard hit.kind == linker.cueLexicon, Int(hit.end) <= gap.upperBound, Int(hit.end) > end,
                          let said = linker.cueStatus[Int(hit.item)] else { continue }
                    end = Int(hit.end)
                    status = said
                }
                if let status {
                    found = (status, position..<end)
                    position = end
                } else {
                    position += 1
                }
            }
            return found
        }

        func units(_ index: Int) -> ArraySlice<UInt32> {
            text.units[flat[index].normalizedStart..<flat[index].normalizedEnd]
        }

        func originalText(_ index: Int) -> String {
            String(codePoints: original[flat[index].start..<flat[index].end])
        }

        /// The office word (`办公厅`) that fills `gap` after its separators
        /// (、 和 及 兼) and a cue word, in the original text; nil when the gap
        /// holds anything else.
        func office(in gap: Range<Int>, cue: Range<Int>?) -> String? {
            guard !linker.offices.isEmpty else { return nil }
            var start = gap.lowerBound
            if let cue, cue.lowerBound >= gap.lowerBound, cue.upperBound <= gap.upperBound { start = max(start, cue.upperBound) }
            while start < gap.upperBound, Self.separators.contains(text.units[start]) { start += 1 }
            guard start < gap.upperBound, linker.offices.contains(Array(text.units[start..<gap.upperBound])) else { return nil }
            return String(codePoints: original[text.originalRange(start..<gap.upperBound)])
        }

        private static let separators: Set<UInt32> = Set("、和及兼 ".unicodeScalars.map(\.value))

        func isStandalone(_ index: Int) -> Bool {
            let attributes = flat[index].attributes
            return linker.standalone.contains { attributes[$0.key] == $0.value }
        }

        /// Whether the organ `organ` hosts the standalone title `title`.
        func hosts(_ organ: Int, _ title: Int) -> Bool {
            guard let endings = linker.hosts[Array(units(title))] else { return false }
            let organText = units(organ)
            return endings.contains { organText.count >= $0.count && organText.suffix($0.count).elementsEqual($0) }
        }
    }

    static func read(_ range: Range<Int>, status frameStatus: PostStatus, cue frameCue: Range<Int>?,
                     context: inout Context) -> [Item] {
        let flat = context.flat
        var items: [Item] = []
        var organ: Int?
        var status = frameStatus
        var cue = frameCue
        var previousEnd = range.lowerBound
        var previous: Int?
        var index = context.first(atOrAfter: range.lowerBound)
        while index < flat.count, flat[index].normalizedStart < range.upperBound {
            defer { index += 1 }
            let mention = flat[index]
            guard mention.normalizedEnd <= range.upperBound else { break }
            let gap = previousEnd..<mention.normalizedStart
            var gapCue: Range<Int>?
            if let said = context.lastCue(in: gap) {
                status = said.status
                cue = said.range
                gapCue = said.range
            }
            let role = context.linker.role(of: context.labels[index])
            let adjacent = gap.isEmpty
            defer {
                previousEnd = mention.normalizedEnd
                previous = index
            }
            if role.contains(.organ) {
                organ = index
            } else if role.contains(.place) {
                organ = nil
            } else if role.contains(.title) {
                var owner: Int?
                if let organ, (adjacent && previous == organ) || !context.isStandalone(index) || context.hosts(organ, index) {
                    owner = organ
                }
                var place: Int?
                if owner == nil, adjacent, let previous, context.linker.role(of: context.labels[previous]).contains(.place) {
                    place = previous
                }
                let office = adjacent ? nil : context.office(in: gap, cue: gapCue)
                let post = (owner.map(context.originalText) ?? "") + (office ?? "") + context.originalText(index)
                items.append(Item(title: index, organ: owner, place: place, post: post, status: status, cue: cue,
                                  resolved: context.resolve(organ: owner, title: index)))
            }
        }
        return items
    }
}
