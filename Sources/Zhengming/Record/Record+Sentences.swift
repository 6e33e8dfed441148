extension Record {
    /// The record of the sentence `index` of this (document) record: its text
    /// trimmed as the sentence range is, offsets counted from its first
    /// character, `offset` its start in the document, id `id#n` (n from 1).
    /// Spans, nested mentions, relations, votes and posts (by their official
    /// and title) are those that lie wholly inside the sentence; the document's passthrough fields are kept.
    public func sentence(_ index: Int) -> Record {
        let range = sentences[index]
        let shift = range.lowerBound
        let codePoints = Array(self.codePoints[range])
        let inside = { (start: Int, end: Int) in range.lowerBound <= start && end <= range.upperBound }
        var tokens = self.tokens.filter { inside($0.start, $0.end) }
        for position in tokens.indices {
            tokens[position].start -= shift
            tokens[position].end -= shift
        }
        let relations = self.relations.filter {
            inside($0.subject.lowerBound, $0.subject.upperBound) && inside($0.object.lowerBound, $0.object.upperBound)
        }.map { relation in
            var moved = relation
            moved.subject = relation.subject.lowerBound - shift..<relation.subject.upperBound - shift
            moved.object = relation.object.lowerBound - shift..<relation.object.upperBound - shift
            return moved
        }
        let posts = self.posts.filter {
            inside($0.official.lowerBound, $0.official.upperBound) && inside($0.title.lowerBound, $0.title.upperBound)
        }.map { $0.shifted(by: shift) }
        return Record(
            document: document, id: "\(document.id)#\(index + 1)", sentenceIndex: index, offset: offset + shift,
            text: String(codePoints: codePoints), codePoints: codePoints, sentences: [0..<codePoints.count],
            tokens: tokens,
            spans: spans.filter { inside($0.start, $0.end) }.map { $0.shifted(by: shift) },
            nested: nested.filter { inside($0.start, $0.end) }.map { $0.shifted(by: shift) },
            relations: relations,
            votes: votes.filter { inside($0.start, $0.end) }.map { $0.shifted(by: shift) },
            posts: posts, postsLinked: postsLinked, split: split)
    }

    /// One record per sentence.
    public var sentenceRecords: [Record] { sentences.indices.map(sentence) }
}
