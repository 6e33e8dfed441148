import Foundation
import Testing
@testable import Zhengming

/// Issue 14: person–post records from the default pack, one row per kind of
/// sentence the issue lists (sentences written for these tests; names
/// invented). Every record's spans are checked against the original text,
/// independently of the library's slicing.
@Suite struct PostLinkerTests {
    /// Loaded once; each test makes its own annotator (they are not thread-safe).
    static let rules: RuleSet? = try? RuleSet.load(packs: [DefaultPackTests.packPath])

    static func annotator() throws -> Annotator { try Annotator(rules: try #require(rules), pinyin: nil) }

    struct Case: CustomTestStringConvertible, Sendable {
        let kind: String
        let text: String
        /// Every record, as `official/post/status`, in any order.
        let expected: [String]
        var testDescription: String { kind }
    }

    static let cases: [Case] = [
        Case(kind: "organ + title + name", text: "浙江省委书记张明华出席会议。", expected: ["张明华/浙江省委书记/current"]),
        Case(kind: "name + title", text: "李国强总书记指出，要坚持稳中求进。", expected: ["李国强/总书记/current"]),
        Case(kind: "several titles before one name", text: "省委副书记、省长王建新作报告。",
             expected: ["王建新/省委副书记/current", "王建新/省长/current"]),
        Case(kind: "one post shared by a list of names", text: "国务院副总理刘红、陈立平出席。",
             expected: ["刘红/国务院副总理/current", "陈立平/国务院副总理/current"]),
        Case(kind: "one organ shared by a list of titles", text: "王海涛任广西壮族自治区党委常委、秘书长。",
             expected: ["王海涛/广西壮族自治区党委常委/appointed", "王海涛/广西壮族自治区党委秘书长/appointed"]),
        Case(kind: "任命A为…", text: "会议决定任命周晓东为温州市政府副市长。", expected: ["周晓东/温州市政府副市长/appointed"]),
        Case(kind: "决定免去A、B的…职务", text: "决定免去赵文斌、钱永健的副市长职务。",
             expected: ["赵文斌/副市长/removed", "钱永健/副市长/removed"]),
        Case(kind: "A同志任…", text: "刘建国同志任县委书记。", expected: ["刘建国/县委书记/appointed"]),
        Case(kind: "A同志不再担任…职务", text: "吴永红同志不再担任安徽省人民政府秘书长职务。",
             expected: ["吴永红/安徽省人民政府秘书长/removed"]),
        Case(kind: "选举A为…", text: "大会选举郑光明为四川省人大常委会主任。", expected: ["郑光明/四川省人大常委会主任/appointed"]),
        Case(kind: "原 before the organ", text: "原湖北省委书记何国强参加了座谈。", expected: ["何国强/湖北省委书记/former"]),
        Case(kind: "原 between the organ and a title list", text: "杭州市政府原党组成员、副市长冯德胜接受审查。",
             expected: ["冯德胜/杭州市政府副市长/former"]),
        Case(kind: "时任…的A", text: "时任湖南省副省长的黄振宇出席了开幕式。", expected: ["黄振宇/副省长/former"]),
        Case(kind: "later bare mentions carry no post", text: "山东省委书记赵建平到济南调研。赵建平强调，要抓好落实。",
             expected: ["赵建平/山东省委书记/current"]),
        Case(kind: "collective heads give no post", text: "市领导陈立平、马长江出席活动。", expected: []),
        Case(kind: "a fused title after a party organ is not the organ's", text: "江西省委书记、省长刘明亮会见客人。",
             expected: ["刘明亮/江西省委书记/current", "刘明亮/省长/current"]),
        Case(kind: "其 after an appointment", text: "任命周晓东为温州市副市长，免去其温州市发改委主任职务。",
             expected: ["周晓东/副市长/appointed", "周晓东/温州市发改委主任/removed"]),
        Case(kind: "a biography's 现任", text: "刘志诚，男，汉族，1962年生，现任福建省委常委、秘书长。",
             expected: ["刘志诚/福建省委常委/current", "刘志诚/福建省委秘书长/current"]),
        Case(kind: "two holders with their own lists", text: "省委常委、常务副省长杨帆，省委常委、省委秘书长刘洋出席会议。",
             expected: ["杨帆/省委常委/current", "杨帆/常务副省长/current", "刘洋/省委常委/current", "刘洋/省委秘书长/current"]),
        Case(kind: "a modifier in a word is no cue", text: "目前省委书记何国强正在调研。", expected: ["何国强/省委书记/current"]),
        Case(kind: "an office word is spelled into the post", text: "省政府副秘书长、办公厅主任刘海洋出席。",
             expected: ["刘海洋/省政府副秘书长/current", "刘海洋/省政府办公厅主任/current"]),
        Case(kind: "an office word with no organ before it", text: "研究室主任王伟介绍了情况。", expected: ["王伟/研究室主任/current"]),
        Case(kind: "原 between an organ and its post", text: "省委原常委、秘书长赵正永被开除党籍。",
             expected: ["赵正永/省委常委/former", "赵正永/省委秘书长/former"]),
        Case(kind: "a candidacy", text: "区委副书记、区长候选人孙立新作报告。",
             expected: ["孙立新/区委副书记/current", "孙立新/区长/appointed"]),
        Case(kind: "a government department fused with its post", text: "自治区政府副主席、公安厅厅长王建新出席。",
             expected: ["王建新/自治区政府副主席/current", "王建新/自治区政府公安厅厅长/current"]),
    ]

    @Test(arguments: cases) func recordsOfEachKind(_ testCase: Case) throws {
        let annotator = try Self.annotator()
        let annotated = try annotator.annotate(Document(id: "t", text: testCase.text))
        let produced = annotated.posts.map { "\(codePointSlice(testCase.text, $0.official.lowerBound, $0.official.upperBound))/\($0.post)/\($0.status.rawValue)" }
        #expect(produced.sorted() == testCase.expected.sorted(), "\(annotated.shownMentions)")
        for post in annotated.posts { try Self.checkSpans(post, in: annotated) }
    }

    /// The offsets point at mentions of the flat layer with the right
    /// labels, and `post` is the organ's text followed by the title's, with
    /// an office word of `post-offices` between them where one is written
    /// right before the title (`省政府` + `办公厅` + `主任`).
    static func checkSpans(_ post: Post, in annotated: AnnotatedDocument) throws {
        let text = annotated.document.text
        func mention(_ range: Range<Int>) -> Mention? {
            annotated.mentions.first { $0.start == range.lowerBound && $0.end == range.upperBound }
        }
        #expect(mention(post.official)?.label == "OFFICIAL")
        #expect(mention(post.title)?.label == "TITLE")
        let organText = post.organ.map { codePointSlice(text, $0.lowerBound, $0.upperBound) } ?? ""
        if let organ = post.organ { #expect(mention(organ)?.label == "ORGAN") }
        if let place = post.place { #expect(mention(place)?.label == "LOC") }
        let titleText = codePointSlice(text, post.title.lowerBound, post.title.upperBound)
        // The pack's own office words (linking.offices), not a copy of them.
        let offices = (rules?.postLinker?.offices ?? []).map { String(codePoints: $0) }
        let office = offices.first {
            post.title.lowerBound >= $0.unicodeScalars.count
                && codePointSlice(text, post.title.lowerBound - $0.unicodeScalars.count, post.title.lowerBound) == $0
                && post.post == organText + $0 + titleText
        }
        #expect(post.post == organText + (office ?? "") + titleText)
        #expect(post.match.contains(post.title.lowerBound))
    }

    @Test func organPlaceAndResolvedAreReported() throws {
        let annotator = try Self.annotator()
        let text = "辽宁省委召开会议。省委副书记、省长唐一新，浙江省副省长李明杰，海州市政府原党组成员、副市长冯德胜出席。"
        let annotated = try annotator.annotate(Document(id: "t", text: text))
        func record(_ title: String) throws -> Post {
            try #require(annotated.posts.first { codePointSlice(text, $0.title.lowerBound, $0.title.upperBound) == title })
        }
        let deputy = try record("省委副书记")
        #expect(deputy.organ == nil && deputy.resolved == "辽宁省委")
        let governor = try record("省长")
        #expect(governor.organ == nil && governor.resolved == nil, "省长 begins with no elliptical organ")
        let vice = try record("副省长")
        #expect(vice.place.map { codePointSlice(text, $0.lowerBound, $0.upperBound) } == "浙江省")
        let mayor = try record("副市长")
        #expect(mayor.organ.map { codePointSlice(text, $0.lowerBound, $0.upperBound) }?.hasSuffix("市政府") == true)
        #expect(mayor.status == .former)
        #expect(mayor.cue.map { codePointSlice(text, $0.lowerBound, $0.upperBound) } == "原")
    }

    /// The seeds' records, with the invariants above.
    @Test(arguments: SeedDocuments.names) func seedRecordsPointAtTheirMentions(_ name: String) throws {
        let annotator = try Self.annotator()
        let annotated = try annotator.annotate(Document(id: name, text: try SeedDocuments.text(name)))
        #expect(annotated.postsLinked)
        #expect(!annotated.posts.isEmpty)
        for post in annotated.posts { try Self.checkSpans(post, in: annotated) }
        let pairs = annotated.posts.map { [$0.official.lowerBound, $0.title.lowerBound] }
        #expect(Set(pairs).count == pairs.count, "one record per official and title")
    }

    /// A pack without post rules links nothing and says so.
    @Test func packsWithoutPostRulesLinkNothing() throws {
        let annotated = try RulePackFixture.annotate("省长王建新出席。", with: [
            "rules.yaml": "rules:\n  - {name: t, label: TITLE, pattern: 省长}\n  - {name: o, label: OFFICIAL, pattern: '(?<=省长)王建新'}\n",
        ])
        #expect(annotated.mentions.count == 2)
        #expect(!annotated.postsLinked && annotated.posts.isEmpty)
    }
}
