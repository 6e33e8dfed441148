/// Annotates one large document in windows, with the document-wide passes
/// done on compact data, and writes it in pieces: memory in proportion to
/// the window, not the document, for everything but a few bytes per
/// character; and the windows of one document shared among workers.
///
/// A whole-document annotation holds, per character, the code points, the
/// normalised text and its map, the segmentation, the lexicon hits and
/// their index, the mention index of each phase, tokens and the rendered
/// output: about 40 times the document's UTF-8 size. Here a document is cut
/// where nothing on one side changes what is found on the other
/// (`DocumentWindows`), and the passes run window by window:
///
/// 1. **phases** (in parallel): normalise, segment and run the cascade's
///    phases (`RuleCascade.runPhases`) on each window; keep its mentions
///    (`MentionStore`), sentences and token boundaries (`TokenBoundaries`)
///    and the names it would propagate (`PropagationNames`);
/// 2. **flat layer** (in parallel): propagate the document's names (merged
///    in window order) into each window, resolve its flat layer, and
///    observe its names for entity resolution;
/// 3. **resolution** (in parallel): decide each name once for the document
///    (`EntityResolution.decide` over the merged observations), relabel each
///    window, add lexicon attributes, and summarise its organs and places
///    (`OrganContext`);
/// 4. **output** (in parallel, a few windows at a time, written in order):
///    tokens, pinyin and posts of each window, rendered by the document's
///    writer (`WindowedOutput`).
///
/// What is recomputed rather than kept (the normalised text, the lexicon
/// hits the post linker reads) costs a fraction of segmentation. The output
/// is byte for byte that of `Annotator.annotate` on the whole document: the
/// phases are sentence-local, and each document-wide pass sees what it saw
/// on the whole document, gathered from the windows in order. (Two
/// differences, neither of which changes an output of the default pack: a
/// rule's step budget applies per window, and `explain` is not windowed.)
public struct WindowedAnnotator {
    /// One per worker.
    let annotators: [Annotator]
    /// Code points per window (about).
    let windowCharacters: Int

    /// Documents of more UTF-8 bytes than this are annotated in windows by
    /// `CorpusRunner` (a news article is a few kilobytes; the windowed path
    /// is for books, dumps and concatenations).
    public static let defaultThreshold = 1 << 20
    /// Code points per window: large enough that the per-window costs
    /// (a few allocations, a pass over the window's mentions) vanish, small
    /// enough that a window's transient tables stay a few megabytes.
    public static let defaultWindow = 1 << 15

    init(annotators: [Annotator], windowCharacters: Int = WindowedAnnotator.defaultWindow) {
        precondition(!annotators.isEmpty)
        self.annotators = annotators
        self.windowCharacters = windowCharacters
    }

    var rules: RuleSet { annotators[0].rules }

    /// A window as kept between passes, changed in place by each pass (so
    /// that what a pass replaces is freed as it goes, not when all windows
    /// are done). Offsets inside are the window's own (original and
    /// normalised), `range` places it in the document. Each pass hands a
    /// window to one worker at a time.
    final class Window: @unchecked Sendable {
        let range: Range<Int>
        /// Sentences, normalised offsets.
        var sentences: [Range<Int>]
        /// Sentences, original offsets in the document.
        var originalSentences: [Range<Int>]
        var boundaries: TokenBoundaries
        var nested: MentionStore
        var flat = MentionStore()
        /// Original offsets in the document.
        var relations: [Relation]
        var exhausted: [String]
        var names: PropagationNames
        var observations = EntityResolution.Observations()
        var organs = OrganContext()
        /// How many sentences the windows before this one have.
        var firstSentence = 0

        init(range: Range<Int>, sentences: [Range<Int>], originalSentences: [Range<Int>], boundaries: TokenBoundaries,
             nested: MentionStore, relations: [Relation], exhausted: [String], names: PropagationNames) {
            self.range = range
            self.sentences = sentences
            self.originalSentences = originalSentences
            self.boundaries = boundaries
            self.nested = nested
            self.relations = relations
            self.exhausted = exhausted
            self.names = names
        }

        var byteCount: Int {
            nested.byteCount + flat.byteCount + boundaries.byteCount + sentences.count * 32
                + relations.count * MemoryLayout<Relation>.stride
        }
    }

    /// A document after the passes 1–3: ready to be written.
    struct Annotated {
        var document: Document
        var codePoints: [UInt32]
        var windows: [Window]
        /// Organ context per window (before it), when the pack links posts.
        var organContexts: [OrganContext]
        var exhausted: [String]
        var mentionCount: Int
    }

    /// Passes 1–3 over `document`. The nested layer is kept for the
    /// output only when `keepingNested`.
    func annotate(_ document: Document, keepingNested: Bool = true) throws -> Annotated {
        let codePoints = Self.codePoints(of: document.text)
        let ranges = DocumentWindows.cut(codePoints, target: windowCharacters)
        let windows = try parallel(ranges.count) { annotator, index in
            try phases(of: codePoints, in: ranges[index], annotator: annotator)
        }
        var names = PropagationNames([], units: [], labels: [])
        for window in windows {
            names.merge(window.names)
            window.names = PropagationNames([], units: [], labels: [])
        }
        parallel(windows.count) { annotator, index in
            flatLayer(of: windows[index], names: names, codePoints: codePoints, keepingNested: keepingNested,
                      annotator: annotator)
        }
        var decided: EntityResolution.Decided?
        if let resolution = rules.resolution {
            var observations = EntityResolution.Observations()
            for window in windows {
                observations.merge(window.observations)
                window.observations = .init()
            }
            decided = resolution.decide(observations)
        }
        parallel(windows.count) { annotator, index in
            resolve(windows[index], decided: decided, codePoints: codePoints, keepingNested: keepingNested,
                    annotator: annotator)
        }
        var organContexts: [OrganContext] = []
        if rules.postLinker != nil {
            var places = OrganContext()
            for window in windows { places.merge(window.organs) }
            var before = OrganContext()
            for index in windows.indices {
                var context = OrganContext()
                context.before = before.before
                context.places = places.places
                organContexts.append(context)
                before.merge(windows[index].organs)
                windows[index].organs = OrganContext()
            }
        }
        var sentence = 0
        var exhausted: [String] = []
        var mentions = 0
        for index in windows.indices {
            windows[index].firstSentence = sentence
            sentence += windows[index].sentences.count
            mentions += windows[index].flat.count
            for rule in windows[index].exhausted where !exhausted.contains(rule) { exhausted.append(rule) }
        }
        return Annotated(document: document, codePoints: codePoints, windows: windows, organContexts: organContexts,
                         exhausted: exhausted, mentionCount: mentions)
    }

    /// Pass 1 for one window.
    private func phases(of codePoints: [UInt32], in range: Range<Int>, annotator: Annotator) throws -> Window {
        let original = Array(codePoints[range])
        let normalized = annotator.normalizer.normalize(original)
        let segmentation = try annotator.segmenter.segment(normalized)
        var result = annotator.cascade.runPhases(normalized, segmentation: segmentation, scratch: annotator.scratch,
                                                 buffers: annotator.buffers)
        result.nested.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        let base = range.lowerBound
        let relations = result.relations.map { relation in
            var moved = relation
            moved.subject = relation.subject.lowerBound + base..<relation.subject.upperBound + base
            moved.object = relation.object.lowerBound + base..<relation.object.upperBound + base
            return moved
        }
        return Window(
            range: range, sentences: segmentation.sentences,
            originalSentences: normalized.originalRanges(ofConsecutive: segmentation.sentences).map {
                $0.lowerBound + base..<$0.upperBound + base
            },
            boundaries: TokenBoundaries(segmentation.isTokenBoundary), nested: MentionStore(result.nested),
            relations: relations, exhausted: result.exhausted,
            names: PropagationNames(rules.propagatedLabels.isEmpty ? [] : result.nested, units: normalized.units,
                                    labels: rules.propagatedLabels))
    }

    /// Pass 2 for one window: the document's names propagated into it, its
    /// flat layer, its names observed.
    private func flatLayer(of window: Window, names: PropagationNames, codePoints: [UInt32], keepingNested: Bool,
                           annotator: Annotator) {
        let normalized = annotator.normalizer.normalize(Array(codePoints[window.range]))
        var nested = window.nested.mentions
        nested += annotator.cascade.propagate(names, nested: nested, text: normalized, sentences: window.sentences)
        nested.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        var losers: [LostCandidate]?
        let flat = nested.isEmpty ? [] : ConflictResolver.resolve(nested, losers: &losers) { .lostInFlatLayer(to: $0) }
        if let resolution = rules.resolution {
            resolution.observe(flat, units: normalized.units, into: &window.observations)
        }
        // Entity resolution relabels the nested layer only for the output.
        window.nested = keepingNested ? MentionStore(nested) : MentionStore()
        window.flat = MentionStore(flat)
    }

    /// Pass 3 for one window: names relabelled as the document decided,
    /// attributes added, organs summarised.
    private func resolve(_ window: Window, decided: EntityResolution.Decided?, codePoints: [UInt32],
                         keepingNested: Bool, annotator: Annotator) {
        let original = Array(codePoints[window.range])
        let normalized = annotator.normalizer.normalize(original)
        var flat = window.flat.mentions
        var nested = window.nested.mentions
        if let resolution = rules.resolution, let decided {
            var uncounted: [NameResolution] = []
            resolution.apply(decided, flat: &flat, nested: &nested,
                             groupOf: resolution.groups(of: flat, units: normalized.units, decided: decided),
                             counting: &uncounted)
        }
        annotator.cascade.inheritAttributes(&nested)
        annotator.cascade.inheritAttributes(&flat)
        if let linker = rules.postLinker {
            let rules = self.rules
            window.organs = OrganContext(window: flat, units: normalized.units, original: original, linker: linker,
                                         labelID: { rules.labelID($0) })
        }
        window.flat = MentionStore(flat)
        window.nested = keepingNested ? MentionStore(nested) : MentionStore()
    }

    /// The code points of `text`, in an array of exactly their number
    /// (`String.codePoints` reserves a slot per UTF-8 byte, three times too
    /// many for Chinese; for one large document that is most of its memory).
    static func codePoints(of text: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars { result.append(scalar.value) }
        return result
    }

    /// What pass 4 makes of one window: its records' parts, in document offsets.
    struct Rendered {
        var flat: [Mention]
        var nested: [Mention]
        var tokens: [Token]
        var posts: [Post]
    }

    /// Pass 4 for one window: its flat and nested layers, tokens (with
    /// pinyin) and posts, in document offsets, each only when asked for.
    func render(_ annotated: Annotated, window index: Int, annotator: Annotator, granularity: Granularity,
                wantsTokens: Bool, wantsNested: Bool, wantsPosts: Bool) -> Rendered {
        let window = annotated.windows[index]
        let base = window.range.lowerBound
        let original = Array(annotated.codePoints[window.range])
        let flat = window.flat.mentions
        var tokens: [Token] = []
        var posts: [Post] = []
        if wantsTokens || wantsPosts {
            let normalized = annotator.normalizer.normalize(original)
            if wantsTokens {
                if granularity == .char {
                    tokens = annotator.characterTokens(window.originalSentences.map { $0.lowerBound - base..<$0.upperBound - base },
                                                       original: original)
                } else {
                    tokens = Annotator.joiningNamePieces(
                        annotator.cutTokens(window.boundaries.tokens(in: normalized.units), at: flat, text: normalized),
                        in: flat)
                }
                annotator.pinyin?.addPinyin(to: &tokens, text: original, mentions: flat)
                for position in tokens.indices {
                    tokens[position].start += base
                    tokens[position].end += base
                }
            }
            if wantsPosts, let linker = rules.postLinker {
                let rules = self.rules
                let segmentation = Segmentation(sentences: window.sentences, tokens: [],
                                                isTokenBoundary: window.boundaries.flags)
                let linked = linker.link(flat, original: original, text: normalized, segmentation: segmentation,
                                         lexiconHits: annotator.cascade.lexiconHits(normalized.units, sentences: window.sentences),
                                         filters: rules.filters, labelID: { rules.labelID($0) },
                                         scratch: annotator.scratch, buffers: annotator.postBuffers,
                                         organs: annotated.organContexts[index])
                posts = linked.posts.map { post in
                    var moved = post.shifted(by: -base)
                    moved.sentence += window.firstSentence
                    return moved
                }
            }
        }
        return Rendered(flat: flat.map { $0.shifted(by: -base) },
                        nested: wantsNested ? window.nested.mentions.map { $0.shifted(by: -base) } : [],
                        tokens: tokens, posts: posts)
    }

    /// Runs `body` for windows `0..<count` on the workers, results in order;
    /// the first error is rethrown.
    func parallel<T>(_ count: Int, _ body: (Annotator, Int) throws -> T) throws -> [T] {
        let annotators = self.annotators
        return try orderedParallelMap(count: count, workers: annotators.count) { worker, index in
            try body(annotators[worker], index)
        }.map { try $0.get() }
    }

    /// `parallel` for a body that cannot fail.
    @discardableResult
    func parallel<T>(_ count: Int, _ body: (Annotator, Int) -> T) -> [T] {
        let annotators = self.annotators
        return orderedParallelMap(count: count, workers: annotators.count) { worker, index in
            body(annotators[worker], index)
        }.map { result in
            switch result {
            case .success(let value): value
            case .failure(let error): preconditionFailure("a body that cannot throw threw \(error)")
            }
        }
    }

    /// Bytes the windows hold between passes (the compact part of a
    /// document's memory; the code points and the text are the rest).
    static func byteCount(of annotated: Annotated) -> Int {
        annotated.windows.reduce(0) { $0 + $1.byteCount }
            + annotated.organContexts.reduce(0) { $0 + ($1.before.count + $1.places.count) * 64 }
    }
}
