/// `resolved`: the full organ an elliptical one stands for.
///
/// Chinese news names an organ in full once (`辽宁省委`) and then by its level
/// alone (`省委`, `省政府`, and inside fused titles: `省委副书记`). A career
/// table needs the full one. The linker looks for it in the same document,
/// in this order:
/// 1. a named organ before the title that ends with the elliptical one
///    (`辽宁省委` for `省委`), the nearest; one written after it is not taken,
///    since news names an organ in full before it shortens it, and a full
///    name further on is as often another organ (`省委副书记A，原湖北省委书记B`);
/// 2. the document's one place of that level (`辽宁省` for `省…`), joined with
///    the rest of the elliptical organ (`辽宁省` + `政府`); when the document
///    names several places of the level, nothing is resolved.
/// Which organs are elliptical, and their level word, is the pack's
/// `elliptical-organs` lexicon (`省委	level=省`).
extension PostList.Context {
    func resolve(organ: Int?, title: Int) -> String? {
        let range: Range<Int>
        let levelLength: Int
        if let organ {
            guard let level = linker.elliptical[Array(units(organ))] else { return nil }
            range = flat[organ].normalizedStart..<flat[organ].normalizedEnd
            levelLength = level
        } else if isStandalone(title) {
            let titleUnits = units(title)
            guard let length = linker.ellipticalLengths.first(where: { length in
                length < titleUnits.count && linker.elliptical[Array(titleUnits.prefix(length))] != nil
            }) else { return nil }
            let start = flat[title].normalizedStart
            range = start..<start + length
            levelLength = linker.elliptical[Array(titleUnits.prefix(length))]!
        } else {
            return nil
        }
        let key = text.units[range]
        if let named = namedOrgan(endingWith: key, before: range.lowerBound) {
            return originalText(named)
        }
        let level = key.prefix(levelLength)
        if let organs {
            if let named = organs.before[Array(key)] { return named }
            guard let place = organs.places[Array(level)], !place.conflict else { return nil }
            let rest = text.originalRange(range.lowerBound + levelLength..<range.upperBound)
            return place.text + String(codePoints: original[rest])
        }
        var place: Int?
        for index in flat.indices where linker.role(of: labels[index]).contains(.place) {
            let candidate = units(index)
            guard candidate.count > level.count, candidate.suffix(level.count).elementsEqual(level) else { continue }
            if let place, !units(place).elementsEqual(candidate) { return nil }
            place = index
        }
        guard let place else { return nil }
        let rest = text.originalRange(range.lowerBound + levelLength..<range.upperBound)
        return originalText(place) + String(codePoints: original[rest])
    }

    /// The last organ mention before `position`, itself not elliptical,
    /// whose text ends with `key` and begins with something else.
    private func namedOrgan(endingWith key: ArraySlice<UInt32>, before position: Int) -> Int? {
        var index = first(atOrAfter: position) - 1
        while index >= 0 {
            let candidate = units(index)
            if linker.role(of: labels[index]).contains(.organ), candidate.count > key.count,
               candidate.suffix(key.count).elementsEqual(key), linker.elliptical[Array(candidate)] == nil {
                return index
            }
            index -= 1
        }
        return nil
    }
}
