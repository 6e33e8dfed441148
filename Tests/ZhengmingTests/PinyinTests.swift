import Testing
@testable import Zhengming

/// Issue 2, step 4: pinyin through ICU `Han-Latin`, names through
/// `Han-Latin/Names`.
@Suite struct PinyinTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let token: String
        let isName: Bool
        let marks: String
        let numeric: String
        var testDescription: String { "\(token)\(isName ? " (name)" : "")" }
    }

    static let cases: [Case] = [
        Case(token: "王荣军", isName: false, marks: "wáng róng jūn", numeric: "wang2 rong2 jun1"),
        Case(token: "王荣军", isName: true, marks: "wáng róng jūn", numeric: "wang2 rong2 jun1"),
        Case(token: "巡视", isName: false, marks: "xún shì", numeric: "xun2 shi4"),
        Case(token: "单", isName: false, marks: "dān", numeric: "dan1"),
        Case(token: "单", isName: true, marks: "shàn", numeric: "shan4"),
        Case(token: "王榮軍", isName: false, marks: "wáng róng jūn", numeric: "wang2 rong2 jun1"),
    ]

    @Test(arguments: cases)
    func toneMarks(_ example: Case) throws {
        let pinyin = try PinyinTransliterator(style: .marks)
        #expect(pinyin.pinyin(of: example.token, isName: example.isName) == example.marks)
    }

    @Test(arguments: cases)
    func toneNumbers(_ example: Case) throws {
        let pinyin = try PinyinTransliterator(style: .numeric)
        #expect(pinyin.pinyin(of: example.token, isName: example.isName) == example.numeric)
    }

    /// The batch path (`prefetch`, one ICU call per document) gives what the
    /// one-token path gives.
    @Test func prefetchAgreesWithSingleLookups() throws {
        let batch = try PinyinTransliterator(style: .marks)
        batch.prefetch(Self.cases.map { ($0.token, $0.isName) } + [("中央", false), ("。", false)])
        for example in Self.cases {
            #expect(batch.pinyin(of: example.token, isName: example.isName) == example.marks)
        }
        #expect(batch.pinyin(of: "中央") == "zhōng yāng")
    }

    @Test(arguments: ["。", "2018", "ABC", "(2)", " ", "", "㈠"])
    func tokensWithoutHanHaveNoPinyin(_ token: String) throws {
        let pinyin = try PinyinTransliterator()
        #expect(pinyin.pinyin(of: token) == nil)
        #expect(pinyin.pinyin(of: token, isName: true) == nil)
    }

    @Test func mixedTokensAreTransliteratedWhole() throws {
        let pinyin = try PinyinTransliterator()
        let value = try #require(pinyin.pinyin(of: "G20峰会"))
        #expect(value.hasSuffix("fēng huì"))
    }

    /// Tokens of a mention labelled OFFICIAL or PERSON are read as a name:
    /// the surname 单 is `shàn` there and `dān` elsewhere.
    @Test func annotatorReadsNameMentionsAsNames() throws {
        let files = [
            "rules.yaml": """
            rules:
              - name: official.shan
                label: OFFICIAL
                pattern: '单霁翔'
            """,
        ]
        let document = try RulePackFixture.annotate("单霁翔说单", with: files, pinyin: .marks)
        #expect(document.shownMentions == ["单霁翔/OFFICIAL@0"])
        let first = try #require(document.tokens.first)
        #expect(first.start == 0)
        let firstPinyin = try #require(first.pinyin)
        #expect(firstPinyin.hasPrefix("shàn"), "name token read as \(firstPinyin)")
        let last = try #require(document.tokens.last)
        #expect(codePointSlice(document.document.text, last.start, last.end) == "单")
        #expect(last.pinyin == "dān")
    }
}
