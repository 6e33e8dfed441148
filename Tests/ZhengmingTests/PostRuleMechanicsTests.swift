import Foundation
import Testing
@testable import Zhengming

/// The post linker's mechanics on a small pack of its own, so that they are
/// tested apart from the default pack's tagging: roles, the reading of a
/// post list, cues, conflicts between matches, `resolved`, and a later pack
/// extending and overriding the first.
@Suite struct PostRuleMechanicsTests {
    static let pack: [String: String] = [
        "pack.yaml": "labels: [OFFICIAL, TITLE, ORGAN, LOC]\n",
        "lexicons/titles.txt": "书记\tkind=post\n常委\tkind=post\n省长\tkind=fused\n副市长\tkind=fused\n",
        "lexicons/names.txt": "张三\n李四\n王五\n",
        "lexicons/cues.txt": "原\tstatus=former\trole=modifier\n任\tstatus=appointed\n任命\tstatus=appointed\tframe=as\n免去\tstatus=removed\tframe=of\n",
        "lexicons/hosts.txt": "副市长\thost=政府\n",
        "lexicons/elliptical.txt": "省委\tlevel=省\n市政府\tlevel=市\n",
        "mentions.yaml": """
            rules:
              - {name: m.title, label: TITLE, pattern: '{titles}'}
              - {name: m.organ, label: ORGAN, pattern: '甲省委|乙市政府|省委|市政府'}
              - {name: m.name, label: OFFICIAL, pattern: '{names}'}
              - {name: m.place, label: LOC, pattern: '丙省|丁市'}
            """,
        "posts.yaml": """
            linking:
              cues: cues
              hosts: hosts
              elliptical: elliptical
              macros:
                p-list: '(?:{cues:role=modifier})?(?:@LOC)?(?:@ORGAN(?:{cues:role=modifier})?(?:成员、)?)?@TITLE(?:、(?:@ORGAN)?@TITLE)*'
                h-list: '@OFFICIAL(?:、@OFFICIAL)*'
            posts:
              - {name: p.before, pattern: '(?<posts><p-list>)(?<holders><h-list>)'}
              - {name: p.after, pattern: '(?<holders>@OFFICIAL)(?<posts>@TITLE)', priority: -1}
              - {name: p.as, pattern: '(?<cue>{cues:frame=as})(?<holders><h-list>)为(?<posts><p-list>)', priority: 1}
              - {name: p.verb, pattern: '(?<holders><h-list>)(?<cue>{cues})(?<posts><p-list>)', priority: 1}
              - {name: p.pronoun, pattern: '(?<cue>{cues:frame=of})(?<antecedent>其)(?<posts><p-list>)职务', priority: 1}
              - {name: p.fixed, pattern: '(?<holders>@OFFICIAL)曾(?<posts><p-list>)', status: former}
              - {name: p.after-cue, pattern: '(?<=，拟{cues})(?<antecedent>)(?<posts><p-list>)', status: appointed}
            """,
    ]

    static func records(_ text: String, extra: [String: String]? = nil) throws -> [String] {
        let base = try RulePackFixture(pack)
        defer { base.remove() }
        var packs = [base.path]
        var later: RulePackFixture?
        if let extra {
            later = try RulePackFixture(extra)
            packs.append(later!.path)
        }
        defer { later?.remove() }
        let annotator = try Annotator(rules: try RuleSet.load(packs: packs), pinyin: nil)
        let annotated = try annotator.annotate(Document(id: "t", text: text))
        return annotated.posts.map { post in
            var shown = "\(codePointSlice(text, post.official.lowerBound, post.official.upperBound))/\(post.post)/\(post.status.rawValue)"
            if let place = post.place { shown += " place=" + codePointSlice(text, place.lowerBound, place.upperBound) }
            if let resolved = post.resolved { shown += " resolved=" + resolved }
            return shown + " [\(post.rule)]"
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let what: String
        let text: String
        let expected: [String]
        var testDescription: String { what }
    }

    static let cases: [Case] = [
        Case(what: "every holder of the list gets the post", text: "甲省委书记张三、李四出席。",
             expected: ["张三/甲省委书记/current [p.before]", "李四/甲省委书记/current [p.before]"]),
        Case(what: "titles after an organ share it", text: "甲省委常委、书记张三出席。",
             expected: ["张三/甲省委常委/current [p.before]", "张三/甲省委书记/current [p.before]"]),
        Case(what: "a fused title takes no organ from the list", text: "甲省委书记、省长张三出席。",
             expected: ["张三/甲省委书记/current [p.before]", "张三/省长/current [p.before]"]),
        Case(what: "a hosted fused title takes the organ, and 原 after the organ makes it former",
             text: "乙市政府原成员、副市长张三出席。", expected: ["张三/乙市政府副市长/former [p.before]"]),
        Case(what: "a place right before a title is its place", text: "丙省省长张三出席。",
             expected: ["张三/省长/current place=丙省 [p.before]"]),
        Case(what: "the cue's status", text: "任命张三、李四为甲省委常委。",
             expected: ["张三/甲省委常委/appointed [p.as]", "李四/甲省委常委/appointed [p.as]"]),
        Case(what: "a verb after the holder", text: "张三任甲省委书记。", expected: ["张三/甲省委书记/appointed [p.verb]"]),
        Case(what: "a rule's own status when no cue", text: "张三曾甲省委书记。", expected: ["张三/甲省委书记/former [p.fixed]"]),
        Case(what: "其 is the nearest holder before it", text: "任命王五为甲省委常委，免去其乙市政府副市长职务。",
             expected: ["王五/甲省委常委/appointed [p.as]", "王五/乙市政府副市长/removed [p.pronoun]"]),
        Case(what: "a title is given once: the rule of higher priority takes it", text: "张三书记李四出席。",
             expected: ["李四/书记/current [p.before]"]),
        Case(what: "matches sharing only a holder both stand", text: "省长张三书记出席。",
             expected: ["张三/省长/current [p.before]", "张三/书记/current [p.after]"]),
        Case(what: "an elliptical organ resolved to the named one", text: "甲省委开会。省委书记张三讲话。",
             expected: ["张三/省委书记/current resolved=甲省委 [p.before]"]),
        Case(what: "a named organ after the record is not taken", text: "省委书记张三讲话。甲省委开会。",
             expected: ["张三/省委书记/current [p.before]"]),
        Case(what: "resolved from the one place of the level", text: "丁市市政府副市长张三出席。",
             expected: ["张三/市政府副市长/current resolved=丁市政府 [p.before]"]),
        Case(what: "no holder, no record", text: "甲省委书记出席。", expected: []),
        Case(what: "a rule found by the lexicon entry its lookbehind ends with", text: "张三，拟任甲省委常委。",
             expected: ["张三/甲省委常委/appointed [p.after-cue]"]),
    ]

    @Test(arguments: cases) func linking(_ testCase: Case) throws {
        #expect(try Self.records(testCase.text) == testCase.expected)
    }

    /// A later pack extends the cue lexicon, overrides a rule and disables
    /// another, with no rebuild: what "extensible without recompiling" means.
    @Test func laterPacksExtendOverrideAndDisable() throws {
        let text = "张三拟任甲省委书记。张三书记讲话。"
        #expect(try Self.records(text) == ["张三/书记/current [p.after]"])
        let extended = try Self.records(text, extra: [
            "lexicons/cues.txt": "拟任\tstatus=appointed\n",
            "pack.yaml": "disable: [p.after]\n",
        ])
        #expect(extended == ["张三/甲省委书记/appointed [p.verb]"])
        let overridden = try Self.records("张三曾甲省委书记。", extra: [
            "posts.yaml": "posts:\n  - {name: p.fixed, pattern: '(?<holders>@OFFICIAL)曾(?<posts><p-list>)', status: removed}\n",
        ])
        #expect(overridden == ["张三/甲省委书记/removed [p.fixed]"])
    }

    /// `explain` names the match that lost a title and the one it lost to.
    @Test func losingMatchesAreExplained() throws {
        let base = try RulePackFixture(Self.pack)
        defer { base.remove() }
        let annotator = try Annotator(rules: try base.load(), pinyin: nil)
        let text = "张三书记李四出席。"
        let explained = try annotator.annotate(Document(id: "t", text: text), explain: true)
        let loser = try #require(explained.postLosers.first)
        #expect(explained.postLosers.count == 1)
        #expect(loser.rule == "p.after" && codePointSlice(text, loser.match.lowerBound, loser.match.upperBound) == "张三书记")
        #expect(loser.winner == "p.before" && codePointSlice(text, loser.winnerMatch.lowerBound, loser.winnerMatch.upperBound) == "书记李四")
        #expect(try annotator.annotate(Document(id: "t", text: text)).postLosers.isEmpty, "kept only when explaining")
    }

    /// Offsets are code points of the original text, also when the text is
    /// written in full-width or traditional characters that matching folds.
    @Test func offsetsAreOriginalCodePoints() throws {
        let text = "𠀋，甲省委書記張三出席。"
        let base = try RulePackFixture(Self.pack)
        defer { base.remove() }
        let annotated = try Annotator(rules: try base.load(), pinyin: nil).annotate(Document(id: "t", text: text))
        let post = try #require(annotated.posts.first)
        #expect(codePointSlice(text, post.official.lowerBound, post.official.upperBound) == "張三")
        #expect(codePointSlice(text, post.title.lowerBound, post.title.upperBound) == "書記")
        #expect(post.post == "甲省委書記", "the post is spelled as written")
    }
}
