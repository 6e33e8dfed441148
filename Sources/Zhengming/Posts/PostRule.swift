/// A post rule: a pattern over the text and the flat mentions whose named
/// captures are **roles**, and the status its records get when no cue word
/// says otherwise.
///
/// Roles (capture names):
/// - `holders`: the holders are every holder mention (OFFICIAL) inside the
///   capture, so one rule covers `A` and `A、B、C`;
/// - `antecedent`: instead of `holders`, the holder is the nearest holder
///   mention before the capture in the same sentence (`免去其…职务`, a
///   biography's `…，现任…`);
/// - `posts`: the post list; it is read item by item (`PostList`): each
///   TITLE inside, with the ORGAN written before it when it belongs to it,
///   the LOC that qualifies it, and the status cues between items (`原`);
/// - `cue`: a word of the cue lexicon (`任命`, `免去`, `时任`) whose `status`
///   attribute is the status of the records.
///
/// Each holder gets each post of the list: `国务院副总理A、B` is two records,
/// `省委副书记、省长A` two, `任A自治区党委委员、常委、书记` three.
public struct PostRule: Sendable {
    public let name: String
    public let pattern: String
    public let priority: Int
    /// The status of a record when no cue sets one.
    public let status: PostStatus
    public let description: String?
    public let examples: [PostExample]
    public let location: SourceLocation
    /// Which pack the rule came from (0 = the first pack loaded).
    public let pack: Int

    var program = PatternProgram()
    var holdersSlot: Int?
    var antecedentSlot: Int?
    var postsSlot = 0
    var cueSlot: Int?

    /// The capture names a post rule may use.
    public static let roles = ["holders", "antecedent", "posts", "cue"]

    init(name: String, pattern: String, priority: Int, status: PostStatus, description: String?,
         examples: [PostExample], location: SourceLocation, pack: Int) {
        self.name = name
        self.pattern = pattern
        self.priority = priority
        self.status = status
        self.description = description
        self.examples = examples
        self.location = location
        self.pack = pack
    }
}

/// An example embedded in a post rule: a text and the records the pack must
/// link in it (`official/post/status`), or none for a negative example (the
/// rule then must link nothing there).
public struct PostExample: Sendable {
    public struct Record: Sendable, Hashable {
        public let official: String
        public let post: String
        /// nil: any status.
        public let status: PostStatus?

        public init(official: String, post: String, status: PostStatus?) {
            self.official = official
            self.post = post
            self.status = status
        }

        /// `official/post/status`, the form examples are written in.
        public var description: String { "\(official)/\(post)" + (status.map { "/\($0.rawValue)" } ?? "") }
    }

    public let text: String
    public let expected: [Record]
    public let location: SourceLocation
}
