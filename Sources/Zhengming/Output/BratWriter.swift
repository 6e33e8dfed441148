/// brat standoff: the unit's text as `<name>.txt` and its spans as
/// `<name>.ann`, one text-bound annotation per span and a note with its
/// source:
///
///     T1	ORGAN 0 4	湖南省委
///     #1	AnnotatorNotes T1	organ.place
///
/// Person–post records become relations between those spans: `Holds` from
/// the official to the title, `Organ` from the title to the organ it
/// belongs to, and a note with the post, its status and the post rule:
///
///     R1	Holds Arg1:T3 Arg2:T2
///     #4	AnnotatorNotes R1	辽宁省委书记 current post.title-before-name
///     R2	Organ Arg1:T2 Arg2:T1
///
/// A record whose official or title is not a span of the unit (gold spans
/// that differ, a label left out by `--labels`) is left out.
///
/// brat is written in Python and its offsets are `str` indexes, i.e. code
/// points, the unit Zhengming uses everywhere, so they need no conversion.
/// brat cannot draw a span across a line break: such a span (possible in
/// gold data) becomes a discontinuous one, `start end;start end`, with the
/// fragment texts joined by a space, as brat itself writes them.
public struct BratWriter: RecordWriter {
    public init() {}

    /// The `.ann` file of `unit`.
    public func write(_ unit: Record, to output: inout [UInt8]) {
        for (index, span) in unit.spans.enumerated() {
            let fragments = Self.fragments(span.start..<span.end, of: unit.codePoints)
            guard !fragments.isEmpty else { continue }
            let number = index + 1
            var line = "T\(number)\t\(span.label) "
            line += fragments.map { "\($0.lowerBound) \($0.upperBound)" }.joined(separator: ";")
            line += "\t" + fragments.map { unit.text($0) }.joined(separator: " ") + "\n"
            line += "#\(number)\tAnnotatorNotes T\(number)\t\(span.rule)\n"
            JSONText.append(line, to: &output)
        }
        writeRelations(unit, to: &output)
    }

    /// The `Holds` and `Organ` relations of the unit's posts.
    private func writeRelations(_ unit: Record, to output: inout [UInt8]) {
        guard !unit.posts.isEmpty else { return }
        var numbers: [[Int]: Int] = [:]
        for (index, span) in unit.spans.enumerated() where numbers[[span.start, span.end]] == nil {
            numbers[[span.start, span.end]] = index + 1
        }
        func entity(_ range: Range<Int>?) -> Int? { range.flatMap { numbers[[$0.lowerBound, $0.upperBound]] } }
        var relation = 0
        var note = unit.spans.count
        var organs = Set<[Int]>()
        for post in unit.posts {
            guard let official = entity(post.official), let title = entity(post.title) else { continue }
            relation += 1
            note += 1
            JSONText.append("R\(relation)\tHolds Arg1:T\(official) Arg2:T\(title)\n", to: &output)
            JSONText.append("#\(note)\tAnnotatorNotes R\(relation)\t\(post.post) \(post.status.rawValue) \(post.rule)\n", to: &output)
            if let organ = entity(post.organ), organs.insert([title, organ]).inserted {
                relation += 1
                JSONText.append("R\(relation)\tOrgan Arg1:T\(title) Arg2:T\(organ)\n", to: &output)
            }
        }
    }

    /// The `.txt` file of `unit`: its text, unchanged, so offsets stay valid.
    public func text(of unit: Record) -> [UInt8] { Array(unit.text.utf8) }

    /// `range` cut at line breaks, without empty pieces.
    static func fragments(_ range: Range<Int>, of codePoints: [UInt32]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        for position in range where codePoints[position] == 0x0A || codePoints[position] == 0x0D {
            if position > start { result.append(start..<position) }
            start = position + 1
        }
        if range.upperBound > start { result.append(start..<range.upperBound) }
        return result
    }

    /// `annotation.conf` declaring the entity types, without which brat
    /// flags every annotation as of an undefined type, and with `posts` the
    /// relation types (their arguments any entity, since `--map` may rename
    /// OFFICIAL and TITLE).
    public static func annotationConfiguration(labels: [String], posts: Bool = false) -> String {
        let relations = posts ? "Holds\tArg1:<ENTITY>, Arg2:<ENTITY>\nOrgan\tArg1:<ENTITY>, Arg2:<ENTITY>\n" : ""
        return "[entities]\n" + labels.map { $0 + "\n" }.joined() + "\n[relations]\n" + relations
            + "\n[events]\n\n[attributes]\n"
    }
}
