/// The HTML view (`annotate --format html`, and the page of `zhengming
/// serve`): each record becomes one `<section>` with its text, every flat
/// mention marked in displaCy's entity style (the text on its label's colour,
/// the label beside it), the rule and attributes on hover (`title`), the
/// nested layer drawn underneath as bars (shown by the page's toggle), the
/// document's label counts and its person–post records as a table.
///
/// A section needs nothing from the rest of the page but its stylesheet, so
/// workers render documents in parallel like every other writer, and a page
/// is `HTMLPage.header`, the sections in order, and `HTMLPage.footer`. The
/// legend (counts per label over the page, filtering on click) is built by
/// the page's script from the marks, so a streamed page needs no second
/// pass. All text is escaped (`HTMLText`); the only markup is the writer's.
public struct HTMLWriter: RecordWriter {
    /// Draw the nested layer (every mention a phase accepted) under the text.
    public var includeNested: Bool

    public init(includeNested: Bool = true) {
        self.includeNested = includeNested
    }

    public func write(_ record: Record, to out: inout [UInt8]) {
        HTMLText.raw("<section class=\"zm-doc\" data-id=\"", to: &out)
        HTMLText.append(record.id, to: &out)
        HTMLText.raw("\">\n<h2>", to: &out)
        HTMLText.append(record.id, to: &out)
        HTMLText.raw("</h2>\n", to: &out)
        appendCounts(record, to: &out)
        HTMLText.raw("<div class=\"zm-text\">", to: &out)
        appendFlat(record, to: &out)
        HTMLText.raw("</div>\n", to: &out)
        if includeNested, !record.nested.isEmpty {
            HTMLText.raw("<div class=\"zm-nested\">", to: &out)
            appendNested(record, to: &out)
            HTMLText.raw("</div>\n", to: &out)
        }
        appendPosts(record, to: &out)
        HTMLText.raw("</section>\n", to: &out)
    }

    /// A record that could not be annotated (`annotate --stream`): its id and
    /// the reason, in place.
    public func writeRejection(_ rejection: Rejection, to out: inout [UInt8]) {
        HTMLText.raw("<section class=\"zm-doc zm-rejected\"><h2>", to: &out)
        HTMLText.append(rejection.origin, to: &out)
        HTMLText.raw("</h2><p class=\"zm-error\">", to: &out)
        HTMLText.append(rejection.reason, to: &out)
        HTMLText.raw("</p></section>\n", to: &out)
    }

    /// `<p class="zm-counts">`: the document's mentions per label, in order
    /// of first appearance.
    private func appendCounts(_ record: Record, to out: inout [UInt8]) {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for mention in record.spans {
            if counts[mention.label] == nil { order.append(mention.label) }
            counts[mention.label, default: 0] += 1
        }
        HTMLText.raw("<p class=\"zm-counts\">", to: &out)
        HTMLText.append("\(record.codePoints.count) characters, \(record.spans.count) mentions", to: &out)
        for label in order {
            HTMLText.raw(" <span class=\"zm-count\" data-l=\"", to: &out)
            HTMLText.append(label, to: &out)
            HTMLText.raw("\">", to: &out)
            HTMLText.append("\(label) \(counts[label]!)", to: &out)
            HTMLText.raw("</span>", to: &out)
        }
        HTMLText.raw("</p>\n", to: &out)
    }

    /// The text with the flat layer marked: spans are sorted and do not
    /// overlap, so one pass writes plain text and marks in turn.
    private func appendFlat(_ record: Record, to out: inout [UInt8]) {
        let text = record.codePoints
        var position = 0
        for mention in record.spans where mention.start >= position && mention.end <= text.count {
            HTMLText.append(codePoints: text[position..<mention.start], to: &out)
            HTMLText.raw("<mark class=\"zm-m\" data-l=\"", to: &out)
            HTMLText.append(mention.label, to: &out)
            HTMLText.raw("\" data-start=\"\(mention.start)\" data-end=\"\(mention.end)\" title=\"", to: &out)
            appendTooltip(mention, to: &out)
            HTMLText.raw("\">", to: &out)
            HTMLText.append(codePoints: text[mention.start..<mention.end], to: &out)
            HTMLText.raw("<span class=\"zm-l\">", to: &out)
            HTMLText.append(mention.label, to: &out)
            HTMLText.raw("</span></mark>", to: &out)
            position = mention.end
        }
        HTMLText.append(codePoints: text[position...], to: &out)
    }

    /// `LABEL · rule NAME` and one `key=value` line per attribute.
    private func appendTooltip(_ mention: Mention, to out: inout [UInt8]) {
        HTMLText.append("\(mention.label) · rule \(mention.rule)", to: &out)
        for key in mention.attributes.keys.sorted() {
            HTMLText.append("\n\(key)=\(mention.attributes[key]!)", to: &out)
        }
    }

    /// The nested layer in displaCy's span style: the text cut at every
    /// boundary of a nested mention; each piece a mention covers is a box
    /// with one bar per track underneath, where a track holds mentions that
    /// do not overlap (assigned greedily, longest first), and a mention's
    /// label is written on its first piece.
    private func appendNested(_ record: Record, to out: inout [UInt8]) {
        let text = record.codePoints
        let mentions = record.nested
            .filter { $0.start < $0.end && $0.end <= text.count }
            .sorted { ($0.start, $1.end, $0.label) < ($1.start, $0.end, $1.label) }
        var trackEnds: [Int] = []
        var tracks: [Int] = []
        for mention in mentions {
            if let free = trackEnds.firstIndex(where: { $0 <= mention.start }) {
                trackEnds[free] = mention.end
                tracks.append(free)
            } else {
                trackEnds.append(mention.end)
                tracks.append(trackEnds.count - 1)
            }
        }
        var boundaries = Set([0, text.count])
        for mention in mentions { boundaries.insert(mention.start); boundaries.insert(mention.end) }
        let cuts = boundaries.sorted()
        var active: [Int] = []   // indexes into mentions covering the piece
        var next = 0
        for (from, to) in zip(cuts, cuts.dropFirst()) {
            active.removeAll { mentions[$0].end <= from }
            while next < mentions.count, mentions[next].start == from { active.append(next); next += 1 }
            if active.isEmpty {
                HTMLText.append(codePoints: text[from..<to], to: &out)
                continue
            }
            let depth = active.map { tracks[$0] }.max()! + 1
            HTMLText.raw("<span class=\"zm-piece\" style=\"--zm-depth:\(depth)\">", to: &out)
            HTMLText.append(codePoints: text[from..<to], to: &out)
            for index in active {
                let mention = mentions[index]
                HTMLText.raw("<span class=\"zm-bar\" data-l=\"", to: &out)
                HTMLText.append(mention.label, to: &out)
                HTMLText.raw("\" style=\"--zm-track:\(tracks[index])\" title=\"", to: &out)
                appendTooltip(mention, to: &out)
                HTMLText.raw("\">", to: &out)
                if mention.start == from {
                    HTMLText.raw("<b>", to: &out)
                    HTMLText.append(mention.label, to: &out)
                    HTMLText.raw("</b>", to: &out)
                }
                HTMLText.raw("</span>", to: &out)
            }
            HTMLText.raw("</span>", to: &out)
        }
    }
}
