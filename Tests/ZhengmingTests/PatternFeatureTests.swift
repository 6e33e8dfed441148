import Testing
@testable import Zhengming

/// Issue 3, the pattern language, feature by feature: each case is a rule
/// pack (usually one pattern), a text, and the flat mentions it must yield
/// as `TEXT/LABEL@START`, where TEXT is the original text at those
/// code-point offsets. Patterns run over folded characters, so several cases
/// use traditional or full-width input to check that offsets still point
/// into the original.
@Suite struct PatternFeatureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String]
        var text: String
        var expected: [String]
        /// Attributes the mention `TEXT/LABEL` must carry (a subset check).
        var attributes: [String: [String: String]] = [:]
        /// Relations as `subject predicate object`.
        var relations: [String] = []
        var testDescription: String { name }

        /// A single rule named `rule` with `pattern` and `label`.
        static func pattern(_ name: String, _ pattern: String, label: String = "ORGAN",
                            lexicons: [String: String] = [:], text: String, _ expected: [String]) -> Case {
            rules(name, """
                rules:
                  - name: rule
                    label: \(label)
                    pattern: \(quoted(pattern))
                """, lexicons: lexicons, text: text, expected)
        }

        /// A whole rule file, optional lexicons (name → lines) and pack.yaml.
        static func rules(_ name: String, _ yaml: String, lexicons: [String: String] = [:], pack: String? = nil,
                          text: String, _ expected: [String], attributes: [String: [String: String]] = [:],
                          relations: [String] = []) -> Case {
            var files = ["rules.yaml": yaml]
            for (lexicon, lines) in lexicons { files["lexicons/\(lexicon).txt"] = lines }
            if let pack { files["pack.yaml"] = pack }
            return Case(name: name, files: files, text: text, expected: expected, attributes: attributes,
                        relations: relations)
        }

        /// A YAML single-quoted scalar (backslashes stay as they are).
        static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
    }

    static let twoPhases = "phases: [first, second]"

    static let literals: [Case] = [
        .pattern("literal", "巡视组", text: "中央第六巡视组组长", ["巡视组/ORGAN@4"]),
        .pattern("literal with \\u escape", "第\\u516D巡视组", text: "中央第六巡视组", ["第六巡视组/ORGAN@2"]),
        .pattern("escaped metacharacter", "\\(二\\)", text: "(一)(二)", ["(二)/ORGAN@3"]),
        .pattern("literal written in traditional matches simplified text", "巡視組", text: "巡视组", ["巡视组/ORGAN@0"]),
        .pattern("any character", "王.军", text: "王荣军", ["王荣军/ORGAN@0"]),
    ]

    static let classes: [Case] = [
        .pattern("character class", "[省市]委", text: "省委、市委、县委", ["省委/ORGAN@0", "市委/ORGAN@3"]),
        .pattern("character range", "[一-九]号", text: "一号、三号、十号", ["一号/ORGAN@0", "三号/ORGAN@3"]),
        .pattern("negated class", "《[^》]+》", label: "EVENT", text: "学习《中国共产党巡视工作条例》精神",
                 ["《中国共产党巡视工作条例》/EVENT@2"]),
        .pattern("\\p{Han}", "\\p{Han}+", text: "ICU分词abc测试", ["分词/ORGAN@3", "测试/ORGAN@8"]),
        .pattern("\\p{HanNumeral}", "第\\p{HanNumeral}+次", label: "EVENT", text: "第十九次会议与第3次会议",
                 ["第十九次/EVENT@0"]),
        .pattern("\\p{Numeral} takes both kinds", "第\\p{Numeral}+次", label: "EVENT", text: "第十九次会议与第3次会议",
                 ["第十九次/EVENT@0", "第3次/EVENT@7"]),
        .pattern("\\d matches full-width digits", "\\d{4}年", label: "DATE", text: "2018年和２０１９年",
                 ["2018年/DATE@0", "２０１９年/DATE@6"]),
        .pattern("\\d in a class with a literal", "[\\d.]+%", label: "DATE", text: "增长6.5%", ["6.5%/DATE@2"]),
        .pattern("property inside a class", "[\\p{HanNumeral}\\d]+届", label: "EVENT", text: "十九届与19届",
                 ["十九届/EVENT@0", "19届/EVENT@4"]),
        .pattern("negated property \\P{Han}", "\\P{Han}+", label: "EVENT", text: "中文ABC中", ["ABC/EVENT@2"]),
        .pattern("\\D and \\S", "\\D\\S", label: "EVENT", text: "1a22bc", ["a2/EVENT@1", "bc/EVENT@4"]),
    ]

    static let quantifiers: [Case] = [
        .pattern("optional", "副?省长", label: "TITLE", text: "省长、副省长", ["省长/TITLE@0", "副省长/TITLE@3"]),
        .pattern("star", "哈*笑", label: "EVENT", text: "笑哈哈笑", ["笑/EVENT@0", "哈哈笑/EVENT@1"]),
        .pattern("plus", "哈+", label: "EVENT", text: "哈哈哈好哈", ["哈哈哈/EVENT@0", "哈/EVENT@4"]),
        .pattern("bounded {1,2}", "王\\p{Han}{1,2}", label: "PERSON", text: "王一二三", ["王一二/PERSON@0"]),
        .pattern("exact {2}", "\\d{2}号", label: "DATE", text: "5号、123号", ["23号/DATE@4"]),
        .pattern("open {2,}", "\\d{2,}", label: "DATE", text: "1、22、333", ["22/DATE@2", "333/DATE@5"]),
    ]

    static let structure: [Case] = [
        .pattern("alternation", "省委|市委", text: "县委、市委、省委", ["市委/ORGAN@3", "省委/ORGAN@6"]),
        .pattern("optional group", "(?:中共)?[省市]委", text: "中共省委和市委", ["中共省委/ORGAN@0", "市委/ORGAN@5"]),
        .pattern("repeated group", "(?:哈哈)+", label: "EVENT", text: "哈哈哈", ["哈哈/EVENT@0"]),
        .pattern("capturing group without a name", "(省|市)委", text: "市委", ["市委/ORGAN@0"]),
        .pattern("leftmost-longest alternation", "省委|省委书记", label: "TITLE", text: "省委书记", ["省委书记/TITLE@0"]),
        .pattern("longest, then resume after the match", "\\p{Han}{2}", label: "EVENT", text: "一二三四五",
                 ["一二/EVENT@0", "三四/EVENT@2"]),
        .rules("macro from pack.yaml", """
            rules:
              - name: rule
                label: ORGAN
                pattern: '<level>委'
            """, pack: "macros:\n  level: '省|市|县'", text: "县委和区委", ["县委/ORGAN@0"]),
    ]

    static let lexicons: [Case] = [
        .pattern("lexicon reference", "{surnames}某", label: "OFFICIAL", lexicons: ["surnames": "彭\n王\n"],
                 text: "彭某、王某、李某", ["彭某/OFFICIAL@0", "王某/OFFICIAL@3"]),
        .pattern("lexicon entries with punctuation and folding", "{countries}", label: "LOC",
                 lexicons: ["countries": "刚果（金）\n刚果\n芭芭拉·弗兰克林\n"],
                 text: "刚果(金)与芭芭拉・弗兰克林", ["刚果(金)/LOC@0", "芭芭拉・弗兰克林/LOC@6"]),
        .pattern("longest lexicon entry first", "{titles}", label: "TITLE", lexicons: ["titles": "书记\n副书记\n省委副书记\n"],
                 text: "省委副书记", ["省委副书记/TITLE@0"]),
        .pattern("lexicon filter", "{places:level=province}", label: "LOC",
                 lexicons: ["places": "湖南\tlevel=province\n长沙\tlevel=city\n"], text: "湖南长沙", ["湖南/LOC@0"]),
        .pattern("lexicon filter, other value", "{places:level=city}", label: "LOC",
                 lexicons: ["places": "湖南\tlevel=province\n长沙\tlevel=city\n"], text: "湖南长沙", ["长沙/LOC@2"]),
        .pattern("traditional text matches a simplified lexicon", "{organs}", lexicons: ["organs": "巡视组\n"],
                 text: "中央第六巡視組", ["巡視組/ORGAN@4"]),
    ]

    static let references: [Case] = [
        .rules("@LABEL refers to an earlier phase", """
            rules:
              - name: title
                phase: first
                label: TITLE
                pattern: '组长'
              - name: official
                phase: second
                label: OFFICIAL
                pattern: '@TITLE(?<name>王\\p{Han}{2})'
                mention: name
            """, pack: twoPhases, text: "组长王荣军,王荣军", ["组长/TITLE@0", "王荣军/OFFICIAL@2"]),
        .rules("@LABEL inside a lookbehind", """
            rules:
              - name: title
                phase: first
                label: TITLE
                pattern: '书记|组长'
              - name: official
                phase: second
                label: OFFICIAL
                pattern: '(?<=@TITLE){surnames}\\p{Han}{1,2}'
            """, lexicons: ["surnames": "陈\n王\n"], pack: twoPhases, text: "省委书记陈求发、王荣军",
               ["书记/TITLE@2", "陈求发/OFFICIAL@4"]),
    ]

    static let captures: [Case] = [
        .rules("named capture becomes the mention", """
            rules:
              - name: rule
                label: OFFICIAL
                pattern: '组长(?<name>\\p{Han}{3})'
                mention: name
            """, text: "组长王荣军", ["王荣军/OFFICIAL@2"]),
        .rules("captures become extra mentions", """
            rules:
              - name: rule
                label: ORGAN
                pattern: '(?<organ>湖南省委)(?<title>书记)'
                mention: organ
                captures: {title: TITLE}
            """, text: "湖南省委书记杜家毫", ["湖南省委/ORGAN@0", "书记/TITLE@4"]),
        .rules("attributes from captures", """
            rules:
              - name: rule
                label: ORGAN
                pattern: '(?<place>湖南|湖北)省委'
                attributes: {province: $place, kind: 'party-$place', fixed: 省级}
            """, text: "湖北省委", ["湖北省委/ORGAN@0"],
               attributes: ["湖北省委/ORGAN": ["province": "湖北", "kind": "party-湖北", "fixed": "省级"]]),
        .pattern("attributes inherited from the lexicon entry", "{places}", label: "LOC",
                 lexicons: ["places": "湘\tcanonical=湖南省\tlevel=province\n鄂\tcanonical=湖北省\n"],
                 text: "湖南简称湘。", ["湘/LOC@4"])
            .with(attributes: ["湘/LOC": ["canonical": "湖南省", "level": "province"]]),
        .rules("relations link captures", """
            rules:
              - name: rule
                label: OFFICIAL
                pattern: '(?<organ>巡视组)(?<title>组长)(?<name>王\\p{Han}{2})'
                mention: name
                captures: {title: TITLE, organ: ORGAN}
                relations: [[name, holds, title], 'title in organ']
            """, text: "中央第六巡視組組長王榮軍", ["巡視組/ORGAN@4", "組長/TITLE@7", "王榮軍/OFFICIAL@9"],
               relations: ["王榮軍 holds 組長", "組長 in 巡視組"]),
    ]

    static let lookaround: [Case] = [
        .pattern("lookahead", "王\\p{Han}{1,2}(?=同志)", label: "OFFICIAL", text: "王荣军同志", ["王荣军/OFFICIAL@0"]),
        .pattern("negative lookahead", "省委(?!书记)", text: "省委书记、省委", ["省委/ORGAN@5"]),
        .pattern("lookbehind", "(?<=组长)\\p{Han}{3}", label: "OFFICIAL", text: "组长王荣军、处长李四五",
                 ["王荣军/OFFICIAL@2"]),
        .pattern("negative lookbehind", "(?<!副)省长", label: "TITLE", text: "副省长、省长", ["省长/TITLE@4"]),
        .pattern("sentence start inside a lookbehind", "(?<=^|、)王\\p{Han}{2}", label: "OFFICIAL",
                 text: "王一二、王三四和王五六。王七八", ["王一二/OFFICIAL@0", "王三四/OFFICIAL@4", "王七八/OFFICIAL@12"]),
        .pattern("sentence end inside a lookahead", "王\\p{Han}{2}(?=$|、)", label: "OFFICIAL",
                 text: "王一二、王三四和王五六", ["王一二/OFFICIAL@0", "王五六/OFFICIAL@8"]),
        .pattern("variable-length lookbehind with a lexicon", "(?<={titles}(?:王\\p{Han}{2}、)*)王\\p{Han}{2}",
                 label: "OFFICIAL", lexicons: ["titles": "执行主席\n"], text: "执行主席王一二、王三四",
                 ["王一二/OFFICIAL@4", "王三四/OFFICIAL@8"]),
    ]

    static let context: [Case] = [
        .rules("before", """
            rules:
              - name: rule
                label: OFFICIAL
                pattern: '王\\p{Han}{2}'
                before: '组长'
            """, text: "组长王荣军、王荣军", ["王荣军/OFFICIAL@2"]),
        .rules("after", """
            rules:
              - name: rule
                label: OFFICIAL
                pattern: '王\\p{Han}{2}'
                after: '同志'
            """, text: "王荣军同志、王荣军", ["王荣军/OFFICIAL@0"]),
        .rules("not_before", """
            rules:
              - name: rule
                label: TITLE
                pattern: '省长'
                not_before: '副|常务'
            """, text: "副省长、省长", ["省长/TITLE@4"]),
        .rules("not_after", """
            rules:
              - name: rule
                label: TITLE
                pattern: '省长'
                not_after: '助理'
            """, text: "省长助理、省长", ["省长/TITLE@5"]),
        .rules("context is relative to the mention capture", """
            rules:
              - name: rule
                label: OFFICIAL
                pattern: '组长(?<name>王\\p{Han}{2})'
                mention: name
                before: '组长'
                not_after: '同志'
            """, text: "组长王荣军同志、组长王一二", ["王一二/OFFICIAL@10"]),
        .rules("except a literal", """
            rules:
              - name: rule
                label: ORGAN
                pattern: '[省市]委'
                except: [市委]
            """, text: "省委、市委", ["省委/ORGAN@0"]),
        .rules("except a lexicon", """
            rules:
              - name: rule
                label: PERSON
                pattern: '王\\p{Han}'
                except: ['{non-names}']
            """, lexicons: ["non-names": "王府\n"], text: "王府、王朝", ["王朝/PERSON@3"]),
        .rules("except is folded like the text", """
            rules:
              - name: rule
                label: ORGAN
                pattern: '\\p{Han}{2}组'
                except: [巡視組]
            """, text: "巡視組、专案组", ["专案组/ORGAN@4"]),
    ]

    static let anchors: [Case] = [
        .pattern("token boundary", "ab\\b", label: "EVENT", text: "abc ab", ["ab/EVENT@4"]),
        .pattern("not a token boundary", "ab\\B", label: "EVENT", text: "abc ab", ["ab/EVENT@0"]),
        .pattern("sentence start", "^会议", label: "EVENT", text: "会议开始。本次会议结束。会议闭幕。",
                 ["会议/EVENT@0", "会议/EVENT@12"]),
        .pattern("sentence end", "开始$|结束$", label: "EVENT", text: "会议开始。会议结束", ["结束/EVENT@7"]),
        .pattern("a match never crosses a sentence boundary", "开始。本次", label: "EVENT", text: "会议开始。本次会议", []),
        .pattern("greedy dot stops at the sentence end", "会议.+", label: "EVENT", text: "会议开始。会议结束",
                 ["会议开始。/EVENT@0", "会议结束/EVENT@5"]),
    ]

    static let folding: [Case] = [
        .rules("traditional input, exact original offsets", """
            rules:
              - name: rule
                label: OFFICIAL
                pattern: '巡视组组长(?<name>王荣军)'
                mention: name
            """, text: "中央第六巡視組組長王榮軍主持", ["王榮軍/OFFICIAL@9"]),
        .pattern("full-width input, exact original offsets", "\\(\\d+月\\d+日\\)", label: "DATE",
                 text: "上午（２月２２日）", ["（２月２２日）/DATE@2"]),
        .pattern("after an expanding character", "第一条", label: "EVENT", text: "㈠第一条", ["第一条/EVENT@1"]),
        .pattern("astral characters count as one", "王荣军", label: "OFFICIAL", text: "𠀀𠀁王荣军", ["王荣军/OFFICIAL@2"]),
    ]

    static let all = literals + classes + quantifiers + structure + lexicons + references + captures + lookaround
        + context + anchors + folding

    @Test(arguments: all)
    func pattern(_ example: Case) throws {
        let document = try RulePackFixture.annotate(example.text, with: example.files)
        #expect(comparable(document.shownMentions, to: example.expected) == example.expected)
        for mention in document.mentions {
            #expect(document.text(mention.start..<mention.end) == codePointSlice(example.text, mention.start, mention.end))
        }
        for (key, expected) in example.attributes {
            let mention = try #require(document.mentions.first { "\(codePointSlice(example.text, $0.start, $0.end))/\($0.label)" == key })
            for (name, value) in expected { #expect(mention.attributes[name] == value, "attribute \(name) of \(key)") }
        }
        let relations = document.relations.map {
            "\(codePointSlice(example.text, $0.subject.lowerBound, $0.subject.upperBound)) \($0.predicate) \(codePointSlice(example.text, $0.object.lowerBound, $0.object.upperBound))"
        }
        #expect(relations == example.relations)
    }

    /// Regression for issue 3: labels are ASCII words in practice, and a
    /// rule author writes `@TITLE王` or `@ORGAN书记` as naturally as
    /// `@TITLE{surnames}`; the Han characters after the label are literals.
    @Test func issue3LabelReferenceFollowedByHanCharacters() throws {
        let files = [
            "pack.yaml": Self.twoPhases,
            "rules.yaml": """
            rules:
              - {name: organ, phase: first, label: ORGAN, pattern: '湖南省委'}
              - {name: title, phase: second, label: TITLE, pattern: '@ORGAN书记'}
            """,
        ]
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let (_, diagnostics) = RuleSet.check(packs: [pack.path])
        #expect(diagnostics.filter(\.isError).map(\.description) == [])
        // Written with a group, the same rule works.
        let grouped = files.merging(["rules.yaml": files["rules.yaml"]!.replacingOccurrences(of: "@ORGAN书记", with: "@ORGAN(?:书记)")]) { $1 }
        let document = try RulePackFixture.annotate("湖南省委书记", with: grouped)
        #expect(document.shownMentions == ["湖南省委书记/TITLE@0"])
    }

    @Test func everyMentionNamesItsRule() throws {
        let document = try RulePackFixture.annotate("组长王荣军", with: Self.references[0].files)
        #expect(document.mentions.map(\.rule) == ["title", "official"])
        #expect(document.mentions.map(\.phase) == ["first", "second"])
        #expect(document.relations.isEmpty)
    }

    @Test func relationsCarryTheirRuleAndOnlyWinnersKeepThem() throws {
        let example = Self.captures.first { $0.name == "relations link captures" }!
        let document = try RulePackFixture.annotate("巡视组组长王荣军、巡视组组长李四", with: example.files)
        #expect(document.relations.count == 2)
        #expect(document.relations.allSatisfy { $0.rule == "rule" })
    }
}

extension PatternFeatureTests.Case {
    func with(attributes: [String: [String: String]]) -> Self {
        var copy = self
        copy.attributes = attributes
        return copy
    }
}
