/// The first `documents` documents of a stream (`annotate --limit N`), with
/// the input problems met before them; reading stops there, so a sample of
/// a huge corpus costs only the sample.
public struct DocumentLimit<Base: Sequence<ReadResult>>: Sequence, IteratorProtocol {
    private var base: Base.Iterator
    private var remaining: Int

    public init(_ base: Base, documents: Int) {
        self.base = base.makeIterator()
        remaining = documents
    }

    public mutating func next() -> ReadResult? {
        guard remaining > 0, let item = base.next() else { return nil }
        if case .document = item { remaining -= 1 }
        return item
    }
}
