/// The pipeline for one worker: normalise (`CharacterNormalizer`), segment
/// (`Segmenter`), run the rules (`RuleCascade`), cut tokens at mention
/// boundaries, and add pinyin (`PinyinTransliterator`).
///
/// An annotator owns ICU objects and caches and is not thread-safe; the
/// command line creates one per worker and shares the immutable `RuleSet`.
public final class Annotator {
    public var rules: RuleSet { cascade.rules }
    /// Made once: a `RuleCascade` holds the rule set by value, and making one
    /// per document copied the set's two dozen tables, a retain and a
    /// release each.
    let cascade: RuleCascade
    /// nil: no pinyin column (cheaper when it is not written).
    public let pinyinStyle: PinyinStyle?
    let normalizer: CharacterNormalizer
    let segmenter: Segmenter
    let scratch = MatchScratch()
    let buffers = CascadeBuffers()
    let postBuffers = PostBuffers()

    /// Per-rule counts of every document annotated from now on (see
    /// `RuleProfile`); nil, the default, counts nothing.
    public var profile: RuleProfile? {
        get { buffers.profile }
        set { buffers.profile = newValue }
    }
    var pinyin: PinyinTransliterator?

    public init(rules: RuleSet, pinyin: PinyinStyle? = .marks, sharedPinyin: SharedPinyinCache? = nil) throws {
        cascade = RuleCascade(rules: rules)
        pinyinStyle = pinyin
        normalizer = try CharacterNormalizer()
        segmenter = try Segmenter()
        if let pinyin { self.pinyin = try PinyinTransliterator(style: pinyin, shared: sharedPinyin) }
    }

    /// Labels whose tokens are read with `Han-Latin/Names`.
    public static let nameLabels: Set<String> = ["OFFICIAL", "PERSON"]

    /// Annotates one document. With `granularity: .char` the tokens are the
    /// document's characters (white space excluded), as character-level NER
    /// formats expect.
    public func annotate(_ document: Document, explain: Bool = false,
                         granularity: Granularity = .token) throws -> AnnotatedDocument {
        let original = document.text.codePoints
        if let profile {
            profile.documents += 1
            profile.characters += original.count
        }
        let normalized = normalizer.normalize(original)
        let segmentation = try segmenter.segment(normalized)
        let result = cascade.run(normalized, segmentation: segmentation, scratch: scratch,
                                 buffers: buffers, recordLosers: explain)
        let sentences = normalized.originalRanges(ofConsecutive: segmentation.sentences)
        var tokens = granularity == .char
            ? characterTokens(sentences, original: original)
            : Self.joiningNamePieces(cutTokens(segmentation.tokens, at: result.flat, text: normalized), in: result.flat)
        pinyin?.addPinyin(to: &tokens, text: original, mentions: result.flat)
        var annotated = AnnotatedDocument(
            document: document, codePoints: original,
            sentences: sentences,
            tokens: tokens, mentions: result.flat, nested: result.nested, relations: result.relations,
            losers: result.losers ?? [], exhaustedRules: result.exhausted)
        annotated.resolutions = result.resolutions
        if let linker = rules.postLinker {
            // After the cascade: the lexicon hits it found are still in its
            // buffers, and the linker reads them (cue words) rather than
            // searching the text again.
            let rules = self.rules
            let linked = linker.link(result.flat, original: original, text: normalized, segmentation: segmentation,
                                     lexiconHits: buffers.lexiconIndex, filters: rules.filters,
                                     labelID: { rules.labelID($0) }, scratch: scratch, buffers: postBuffers,
                                     explain: explain)
            annotated.posts = linked.posts
            annotated.postsLinked = true
            annotated.postLosers = linked.losers
            if !linked.exhausted.isEmpty { annotated.exhaustedRules += linked.exhausted }
        }
        return annotated
    }

    /// Tokens with each OFFICIAL or PERSON mention that ICU cut into pieces,
    /// one of them a single character, joined into one token (`王|荣|军`,
    /// `杜家|毫`, `习|近平` → one token each): ICU splits names it does not
    /// know, and a researcher expects the name as the word (read by
    /// `Han-Latin/Names`). A name cut only into longer words stays as it is,
    /// and every boundary outside a name is kept.
    static func joiningNamePieces(_ tokens: [Token], in mentions: [Mention]) -> [Token] {
        var names: [Range<Int>] = []
        for index in mentions.indices where nameLabels.contains(mentions[index].label) {
            names.append(mentions[index].start..<mentions[index].end)
        }
        guard !names.isEmpty else { return tokens }
        // Most documents have nothing to join: copy only from the first join on.
        var result: [Token] = []
        var changed = false
        var nameIndex = 0
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            while nameIndex < names.count, names[nameIndex].upperBound <= token.start { nameIndex += 1 }
            var last = index
            var hasSingle = token.end - token.start == 1
            if nameIndex < names.count, names[nameIndex].lowerBound == token.start {
                let name = names[nameIndex]
                while last + 1 < tokens.count, tokens[last + 1].start == tokens[last].end,
                      tokens[last + 1].end <= name.upperBound {
                    last += 1
                    hasSingle = hasSingle || tokens[last].end - tokens[last].start == 1
                }
                if tokens[last].end != name.upperBound || !hasSingle { last = index }
            }
            if last > index {
                if !changed {
                    result.reserveCapacity(tokens.count)
                    result.append(contentsOf: tokens[..<index])
                    changed = true
                }
                result.append(Token(start: token.start, end: tokens[last].end, pinyin: nil))
            } else if changed {
                result.append(token)
            }
            index = last + 1
        }
        return changed ? result : tokens
    }

    func characterTokens(_ sentences: [Range<Int>], original: [UInt32]) -> [Token] {
        var tokens: [Token] = []
        for sentence in sentences {
            for index in sentence where !original[index].isWhiteSpace {
                tokens.append(Token(start: index, end: index + 1, pinyin: nil))
            }
        }
        return tokens
    }

    /// Splits tokens at mention boundaries and maps them to original offsets.
    ///
    /// The boundaries are sorted once and walked with the tokens (both are
    /// in text order), so each token costs a comparison or two rather than a
    /// set lookup per character.
    func cutTokens(_ tokens: [Range<Int>], at mentions: [Mention], text: NormalizedText) -> [Token] {
        var cuts: [Int] = []
        cuts.reserveCapacity(mentions.count * 2)
        // By index: `for mention in mentions` copies each mention, retaining
        // its strings and attributes, to read two integers.
        for index in mentions.indices {
            cuts.append(mentions[index].normalizedStart)
            cuts.append(mentions[index].normalizedEnd)
        }
        cuts.sort()
        var next = 0
        var result: [Token] = []
        result.reserveCapacity(tokens.count + cuts.count)
        for token in tokens {
            var start = token.lowerBound
            while next < cuts.count, cuts[next] <= token.lowerBound { next += 1 }
            while next < cuts.count, cuts[next] < token.upperBound {
                let position = cuts[next]
                if position > start {
                    let mapped = text.originalRange(start..<position)
                    result.append(Token(start: mapped.lowerBound, end: mapped.upperBound, pinyin: nil))
                    start = position
                }
                next += 1
            }
            let mapped = text.originalRange(start..<token.upperBound)
            result.append(Token(start: mapped.lowerBound, end: mapped.upperBound, pinyin: nil))
        }
        // A character that NFKC expands (… → ...) can be cut into several
        // normalised tokens; in the original it is one token. (Rare: the
        // merge, which copies, runs only when some token needs it.)
        let needsMerge = result.indices.contains { index in
            result[index].end <= result[index].start || (index > 0 && result[index].start < result[index - 1].end)
        }
        return needsMerge ? result.mergingOverlaps() : result
    }
}
