/// One person–post record: an official named in the text, a post the text
/// gives them there, and whether they hold it, held it, are given it or lose
/// it.
///
/// The record is what career databases code by hand (CPED, the CCP Elite
/// Database): who, which post in which organ, and the status the sentence
/// reports. Every span is a code-point range of the original text, like a
/// mention's; `post` is the organ's text followed by the title's, exactly as
/// written, so `辽宁省委` + `书记` is `辽宁省委书记` and a title written after a
/// shared organ (`X自治区党委委员、常委`) is spelled with it (`X自治区党委常委`).
///
/// Records are made by the post rules of the pack (`posts:` in a rule file,
/// see `PostLinker`), one per (official mention, title mention) the text
/// links; a later bare mention of the same person carries none.
public struct Post: Sendable, Hashable {
    /// The OFFICIAL mention (or another holder label of the pack).
    public var official: Range<Int>
    /// The ORGAN the title belongs to; nil for a fused title (`省长`,
    /// `省委副书记`) or a title with no organ written before it.
    public var organ: Range<Int>?
    public var title: Range<Int>
    /// Organ text + title text as written.
    public var post: String
    public var status: PostStatus
    /// The LOC that qualifies the title where no organ does (`浙江省副省长`
    /// → `浙江省`).
    public var place: Range<Int>?
    /// The full name of the organ an elliptical organ or fused title stands
    /// for (`省委` → `辽宁省委`), where the document names it.
    public var resolved: String?
    /// The post rule that linked the record.
    public var rule: String
    /// The index of the sentence (in the document's `sentences`).
    public var sentence: Int
    /// What the rule matched, for `explain`.
    public var match: Range<Int>
    /// The cue word that set the status (`原`, `任命`, `免去`), if any.
    public var cue: Range<Int>?

    public init(official: Range<Int>, organ: Range<Int>?, title: Range<Int>, post: String, status: PostStatus,
                place: Range<Int>? = nil, resolved: String? = nil, rule: String, sentence: Int = 0,
                match: Range<Int>? = nil, cue: Range<Int>? = nil) {
        self.official = official
        self.organ = organ
        self.title = title
        self.post = post
        self.status = status
        self.place = place
        self.resolved = resolved
        self.rule = rule
        self.sentence = sentence
        self.match = match ?? official
        self.cue = cue
    }
}

/// A post rule's match that gave a title to someone another match (of
/// higher priority, or longer) already gave it to; `explain` lists them.
public struct LostPostMatch: Sendable, Hashable {
    public let rule: String
    /// What the rule matched (original code points).
    public let match: Range<Int>
    public let winner: String
    public let winnerMatch: Range<Int>
}

extension Post {
    /// The same record moved `offset` code points to the left (into a
    /// sentence record). A sentence record holds a post only when its
    /// official and title are inside it; an organ, place or cue written in
    /// an earlier sentence (an antecedent's post) would fall before it and is
    /// dropped rather than given negative offsets.
    func shifted(by offset: Int) -> Post {
        func move(_ range: Range<Int>) -> Range<Int> { range.lowerBound - offset..<range.upperBound - offset }
        func moveInside(_ range: Range<Int>?) -> Range<Int>? {
            guard let range, range.lowerBound >= offset else { return nil }
            return move(range)
        }
        var copy = self
        copy.official = move(official)
        copy.title = move(title)
        copy.organ = moveInside(organ)
        copy.place = moveInside(place)
        copy.cue = moveInside(cue)
        copy.match = max(match.lowerBound, offset) - offset..<max(match.upperBound, offset) - offset
        return copy
    }
}

/// What the sentence says of the holder and the post.
///
/// `current`: holds it (no cue, 现任, 兼任); `former`: held it (原, 前, 时任,
/// 曾任); `appointed`: is given it (任, 任命…为, 当选, 选举…为, 提名);
/// `removed`: loses it (免去…职务, 不再担任, 辞去, 撤销). Which words say what
/// is data: the `status` attribute of the pack's cue lexicon.
public enum PostStatus: String, Sendable, Hashable, CaseIterable, Comparable {
    case current, former, appointed, removed

    public static func < (a: PostStatus, b: PostStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
