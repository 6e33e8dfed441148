/// brat standoff: the unit's text as `<name>.txt` and its spans as
/// `<name>.ann`, one text-bound annotation per span and a note with its
/// source:
///
///     T1	ORGAN 0 4	湖南省委
///     #1	AnnotatorNotes T1	organ.place
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
    /// flags every annotation as of an undefined type.
    public static func annotationConfiguration(labels: [String]) -> String {
        "[entities]\n" + labels.map { $0 + "\n" }.joined() + "\n[relations]\n\n[events]\n\n[attributes]\n"
    }
}
