import Testing
@testable import Zhengming

/// Readings composed from characters (`CharacterReadings`) must be ICU's
/// readings: compared token by token with the transliterator, on the seed
/// documents' tokens and on random Han strings that include the characters
/// ICU reads by context (重庆, 藏文), in both pinyin styles.
@Suite struct CharacterReadingsTests {
    /// What the reader makes of rule files: which characters are out of
    /// bounds, and when it gives up.
    static let ruleCases: [(rules: String, enabled: Bool, contextual: String)] = [
        ("::Han-Spacedhan();\n[爱碍] > ài;\n[啊] > a;\n", true, ""),
        ("::Han-Spacedhan();\n{重}' '?庆 > chóng;\n[重] > zhòng;\n", true, "重庆"),
        ("::Han-Spacedhan();\n中国 > zhōngguó;\n[啊] > a;\n", true, "中国"),
        ("::Han-Spacedhan();\n$han = [爱];\n$han > ài;\n", false, ""),
        ("::NFD();\n[爱] > ài;\n", false, ""),
        ("::Han-Spacedhan();\n[啊] > a;\n[[爱][碍]] > ài;\n", true, "爱碍"),
        ("[爱] > ài;\n[啊] > a;\n", false, ""),
        ("::Han-Spacedhan();\n", false, ""),
        ("", false, ""),
    ]

    @Test(arguments: ruleCases)
    func readsContextRulesOutOfTheRuleFile(_ rules: String, _ enabled: Bool, _ contextual: String) {
        let readings = CharacterReadings(rules: rules)
        #expect(readings.isEnabled == enabled)
        guard enabled else { return }
        for scalar in contextual.unicodeScalars {
            #expect(!readings.mayCompose(String(scalar)), "\(scalar) should be read by ICU")
        }
        #expect(readings.mayCompose("啊啊"))
        #expect(!readings.mayCompose("啊A"), "only Han tokens compose")
    }

    @Test func icusOwnRulesAreUnderstood() throws {
        let rules = try ICUTransliterator(id: "Han-Latin").rules()
        let readings = CharacterReadings(rules: rules)
        #expect(readings.isEnabled)
        #expect(!readings.mayCompose("重庆"))
        #expect(readings.mayCompose("国务院"))
    }

    /// Pinyin of `tokens` through the composing path and through ICU alone.
    static func bothWays(_ tokens: [String], style: PinyinStyle,
                         isName: Bool = false) throws -> (composed: [String?], icu: [String?]) {
        let composing = try PinyinTransliterator(style: style)
        let plain = try PinyinTransliterator(style: style)
        plain.composesReadings = false
        composing.prefetch(tokens.map { ($0, isName) })
        plain.prefetch(tokens.map { ($0, isName) })
        return (tokens.map { composing.pinyin(of: $0, isName: isName) }, tokens.map { plain.pinyin(of: $0, isName: isName) })
    }

    @Test func icusNameRulesAreUnderstood() throws {
        let readings = CharacterReadings(rules: try ICUTransliterator(id: "Han-Latin").rules(),
                                         nameRules: try ICUTransliterator(id: "Han-Latin/Names").rules())
        #expect(readings.composesNames)
        #expect(!readings.mayComposeName("单雄信"), "单 is a surname read its own way")
        #expect(!readings.mayComposeName("曾国藩"))
        #expect(readings.mayComposeName("王荣军"))
    }

    /// Names of surnames from ICU's list (单, 曾, 令狐…) and of other
    /// characters, read as names both ways.
    @Test(arguments: PinyinStyle.allCases)
    func randomNamesReadAsICUReadsThem(_ style: PinyinStyle) throws {
        var generator = SplitMix64(seed: style == .marks ? 5 : 6)
        let surnames = Array("单曾令狐万俟澹台长孙秘卜种重刀盖过华纪牟粘区繁任召折舍沈解燕尉乐员查干葛筠靓仇峙隗莘翟王李张刘陈")
            .map { $0.unicodeScalars.first!.value }
        var tokens: [String] = []
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 4) + 1
            let scalars = (0..<length).map { position -> UInt32 in
                (position == 0 || generator.next() % 6 == 0) && generator.next() % 2 == 0
                    ? surnames[Int(generator.next() % UInt64(surnames.count))]
                    : 0x4E00 + UInt32(generator.next() % 0x5200)
            }
            tokens.append(String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))))
        }
        let (composed, icu) = try Self.bothWays(tokens, style: style, isName: true)
        var differing = 0
        for (index, token) in tokens.enumerated() where composed[index] != icu[index] {
            differing += 1
            if differing <= 20 { Issue.record("\(token): \(composed[index] ?? "nil") vs \(icu[index] ?? "nil")") }
        }
        #expect(differing == 0)
    }

    @Test(arguments: PinyinStyle.allCases)
    func seedTokensReadAsICUReadsThem(_ style: PinyinStyle) throws {
        var tokens = Set<String>()
        for name in SeedDocuments.names {
            let doc = try SegmenterTests.segment(try SeedDocuments.text(name))
            for token in doc.segmentation.tokens { tokens.insert(doc.text(token)) }
        }
        let list = tokens.sorted()
        let (composed, icu) = try Self.bothWays(list, style: style)
        for (index, token) in list.enumerated() {
            #expect(composed[index] == icu[index], "\(token)")
        }
    }

    @Test(arguments: PinyinStyle.allCases)
    func randomHanStringsReadAsICUReadsThem(_ style: PinyinStyle) throws {
        var generator = SplitMix64(seed: style == .marks ? 3 : 4)
        let context = Array("重庆藏文沈阳秘鲁").map { $0.unicodeScalars.first!.value }
        var tokens: [String] = []
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 4) + 1
            let scalars = (0..<length).map { _ -> UInt32 in
                generator.next() % 8 == 0 ? context[Int(generator.next() % UInt64(context.count))]
                    : 0x4E00 + UInt32(generator.next() % 0x5200)
            }
            tokens.append(String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))))
        }
        let (composed, icu) = try Self.bothWays(tokens, style: style)
        for (index, token) in tokens.enumerated() {
            #expect(composed[index] == icu[index], "\(token)")
        }
    }
}
