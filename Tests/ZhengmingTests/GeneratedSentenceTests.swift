import Foundation
import Testing
@testable import Zhengming

/// Sentences generated from the pack's own county lexicon: for every county
/// with a prefecture, `<prefecture><county><government post><name><verb>`
/// (石家庄市井陉县副县长刘东出席会议。) must come out as LOC, LOC, TITLE,
/// OFFICIAL. The county must neither become a name (栾城区 begins with the
/// surname 栾) nor lose its first characters to an organ or a title, and the
/// name must end before the verb. (Party posts such as 县委书记 are left out
/// on purpose: after a place they make an ORGAN, decision 24.)
@Suite struct GeneratedSentenceTests {
    struct County {
        let name: String
        let prefecture: String
    }

    static func counties() throws -> [County] {
        let path = DefaultPackTests.packPath + "/lexicons/counties.txt"
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t").map(String.init)
            var attributes: [String: String] = [:]
            for field in fields.dropFirst() {
                let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { attributes[parts[0]] = parts[1] }
            }
            guard let first = fields.first, attributes["canonical"] == first, let prefecture = attributes["prefecture"]
            else { return nil }
            return County(name: first, prefecture: prefecture)
        }
    }

    /// Posts by the county's suffix; names and verbs cycle deterministically.
    static func post(for county: String, _ index: Int) -> String {
        let posts: [String] = switch county.unicodeScalars.last {
        case "市": ["市长", "副市长", "常务副市长"]
        case "区": ["区长", "副区长", "常务副区长"]
        case "旗": ["旗长"]
        default: ["县长", "副县长", "常务副县长", "代县长"]
        }
        return posts[index % posts.count]
    }

    static let names = ["张伟", "刘东", "王海涛", "李建国", "陈晓明", "赵丽华", "孙立群", "周海波"]
    static let verbs = ["调研。", "出席会议。", "主持会议。", "指出，要抓好落实。"]

    @Test func cityCountyPostNameSentences() throws {
        let counties = try Self.counties()
        #expect(counties.count > 2000)
        let annotator = try Annotator(rules: try RuleSet.load(packs: [DefaultPackTests.packPath]), pinyin: nil)
        var right = 0
        var wrong: [String] = []
        for (index, county) in counties.enumerated() {
            let post = Self.post(for: county.name, index)
            let name = Self.names[index % Self.names.count]
            let text = county.prefecture + county.name + post + name + Self.verbs[index % Self.verbs.count]
            let document = try annotator.annotate(Document(id: "\(index)", text: text))
            let produced = document.mentions.map { "\(codePointSlice(text, $0.start, $0.end))/\($0.label)" }
            let expected = ["\(county.prefecture)/LOC", "\(county.name)/LOC", "\(post)/TITLE", "\(name)/OFFICIAL"]
            if produced == expected { right += 1 } else { wrong.append("\(text) → \(produced)") }
        }
        let share = Double(right) / Double(counties.count)
        #expect(share >= 0.98, "\(right) of \(counties.count) right; first failures:\n\(wrong.prefix(20).joined(separator: "\n"))")
    }
}
