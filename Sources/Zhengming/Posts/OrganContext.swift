/// What `OrganResolution` needs of a document beyond the window it links
/// (`WindowedAnnotator`): for each elliptical organ (`省委`), the last
/// organ named in full before the window that ends with it (`辽宁省委`),
/// and for each level word (`省`), the document's places of that level.
///
/// Built from the final flat layer of each window (`Summary`), merged in
/// window order; for one window, `before` is the merge of the windows
/// before it and `places` that of all windows. The answers are those the
/// linker gives on the whole document: it looks for a named organ in the
/// window first, then here; and it reads places here only.
struct OrganContext: Sendable {
    struct Place: Sendable {
        var units: [UInt32]
        /// The original text of the last place of the level.
        var text: String
        /// Two places of the level with different texts: nothing resolves.
        var conflict: Bool
    }

    /// Elliptical organ (normalised) → original text of the last full organ
    /// ending with it.
    var before: [[UInt32]: String] = [:]
    /// Level word (normalised) → the document's places of that level.
    var places: [[UInt32]: Place] = [:]

    /// Adds what a later window says: its organs replace earlier ones, its
    /// places join theirs.
    mutating func merge(_ later: OrganContext) {
        for (key, text) in later.before { before[key] = text }
        for (level, place) in later.places {
            if let known = places[level] {
                places[level] = Place(units: known.units, text: place.text,
                                      conflict: known.conflict || place.conflict || known.units != place.units)
            } else {
                places[level] = place
            }
        }
    }

    /// The summary of one window's flat layer (`flat`, sorted, over the
    /// window's `units` and `original` code points).
    init(window flat: [Mention], units: [UInt32], original: [UInt32], linker: PostLinker,
         labelID: (String) -> Int32?) {
        var levels: [[UInt32]] = []
        for (key, length) in linker.elliptical where !levels.contains(where: { $0.elementsEqual(key.prefix(length)) }) {
            levels.append(Array(key.prefix(length)))
        }
        for index in flat.indices {
            let role = linker.role(of: labelID(flat[index].label) ?? -1)
            guard role.contains(.organ) || role.contains(.place) else { continue }
            let candidate = units[flat[index].normalizedStart..<flat[index].normalizedEnd]
            let text = { String(codePoints: original[flat[index].start..<flat[index].end]) }
            if role.contains(.organ), linker.elliptical[Array(candidate)] == nil {
                for key in linker.elliptical.keys
                where candidate.count > key.count && candidate.suffix(key.count).elementsEqual(key) {
                    before[key] = text()
                }
            }
            if role.contains(.place) {
                for level in levels where candidate.count > level.count && candidate.suffix(level.count).elementsEqual(level) {
                    let units = Array(candidate)
                    if let known = places[level] {
                        places[level] = Place(units: known.units, text: text(),
                                              conflict: known.conflict || known.units != units)
                    } else {
                        places[level] = Place(units: units, text: text(), conflict: false)
                    }
                }
            }
        }
    }

    init() {}
}
