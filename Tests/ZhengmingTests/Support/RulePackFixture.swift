import TestSupport
import Testing
import Foundation
@testable import Zhengming

/// A rule pack written to a temporary directory from a dictionary of files
/// (`"pack.yaml"`, `"rules.yaml"`, `"lexicons/surnames.txt"` …), so that
/// tests load rules exactly as the command line does and never depend on the
/// default pack in `Rules/`.
struct RulePackFixture {
    let directory: TemporaryDirectory
    var path: String { directory.path }

    init(_ files: [String: String]) throws {
        directory = try TemporaryDirectory("zhengming-pack")
        for (relative, contents) in files { try directory.write(relative, contents) }
    }

    /// Loads this pack alone (throws `RulePackError` on errors).
    func load() throws -> RuleSet { try RuleSet.load(packs: [path]) }

    func remove() { directory.remove() }

    /// Writes `files` as a pack, loads it, annotates `text`, removes the pack.
    static func annotate(_ text: String, with files: [String: String], explain: Bool = false,
                         pinyin: PinyinStyle? = nil, granularity: Granularity = .token) throws -> AnnotatedDocument {
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        let annotator = try Annotator(rules: try pack.load(), pinyin: pinyin)
        return try annotator.annotate(Document(id: "test", text: text), explain: explain, granularity: granularity)
    }
}

/// The code points `start..<end` of `text`, as Python's `text[start:end]`:
/// computed independently of the library, so offsets are checked against
/// the original text and not against the library's own slicing.
func codePointSlice(_ text: String, _ start: Int, _ end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    guard 0 <= start, start <= end, end <= scalars.count else { return "<out of range \(start)..<\(end)>" }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    return String(view)
}

extension Mention {
    /// `TEXT/LABEL@START`, with TEXT sliced from the original text.
    func shown(in text: String) -> String { "\(codePointSlice(text, start, end))/\(label)@\(start)" }
}

extension AnnotatedDocument {
    /// The flat layer as `TEXT/LABEL@START`.
    var shownMentions: [String] { mentions.map { $0.shown(in: document.text) } }
    /// The nested layer as `TEXT/LABEL@START`.
    var shownNested: [String] { nested.map { $0.shown(in: document.text) } }
}

/// Compares `TEXT/LABEL@START` strings with expectations that may leave the
/// `@START` out: where an expectation has no `@`, the produced value is shown
/// without it too.
func comparable(_ produced: [String], to expected: [String]) -> [String] {
    produced.enumerated().map { index, value in
        if index < expected.count, expected[index].contains("@") { return value }
        return String(value[..<(value.lastIndex(of: "@") ?? value.endIndex)])
    }
}

/// One row of a table-driven test: a text and what is expected of it, as
/// strings the test composes from the annotation, named in the test log.
struct TextCase: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let expected: [String]
    var testDescription: String { name }
}
