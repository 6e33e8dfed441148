/// Where a large document is cut into windows that annotate as the whole
/// document would (`WindowedAnnotator`).
///
/// A window must end where nothing on one side can change what is found on
/// the other: every rule matches inside one sentence, so a sentence boundary
/// is enough for the rules, but the segmentation that finds sentences and
/// words must also start afresh there. Two kinds of place give that:
///
/// - after a line break (LF, U+2029): ICU's sentence rules always break
///   after a paragraph separator (UAX #29 SB4) and its word rules after a
///   newline (WB3a), and no rule looks back across one;
/// - after a sentence terminator (`。`, `！`, `？` and their half-width forms)
///   directly followed by a Han character: the sentence ends there (SB11: a
///   terminator, then a letter that is no lower-case continuation), the
///   next word starts there, and the dictionary segmentation of the Han run
///   starts at its first character either way.
///
/// The character after the cut must not be default-ignorable: those fold to
/// nothing and attach to the character before them (`CharacterNormalizer`),
/// across the cut.
///
/// A text without such places (one endless line without `。`) is one window:
/// it is annotated whole, as before.
enum DocumentWindows {
    /// Windows of about `target` code points (at least `target`, until the
    /// next cut place), covering `text` in order.
    static func cut(_ text: [UInt32], target: Int) -> [Range<Int>] {
        precondition(target > 0)
        var windows: [Range<Int>] = []
        var start = 0
        while start < text.count {
            var end = start + target
            while end < text.count, !isCut(text, at: end) { end += 1 }
            end = min(end, text.count)
            windows.append(start..<end)
            start = end
        }
        return windows
    }

    /// Whether a window may end before `text[position]`.
    static func isCut(_ text: [UInt32], at position: Int) -> Bool {
        guard position > 0, position < text.count else { return false }
        let previous = text[position - 1], next = text[position]
        switch previous {
        case 0x0A, 0x2029:
            guard let scalar = Unicode.Scalar(next) else { return false }
            return !scalar.properties.isDefaultIgnorableCodePoint
        case 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0xFF61:
            return next.isUnifiedHan
        default:
            return false
        }
    }
}

extension UInt32 {
    /// CJK Unified Ideographs and Extension A: letters to ICU's sentence
    /// rules, dictionary characters to its word rules.
    var isUnifiedHan: Bool { (0x4E00...0x9FFF).contains(self) || (0x3400...0x4DBF).contains(self) }
}
