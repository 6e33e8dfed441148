import Foundation
import FuzzSupport
@testable import Zhengming

/// Bytes → the files of a rule pack → `RuleSet.load` → an annotator run on
/// a sample text and on the rules' own examples.
///
/// The input is one rule file, or several files each after a line
/// `#> NAME` (a YAML comment, so a mutated rule file stays a rule file),
/// where NAME is one of `files` below.
///
/// Promised, and checked here:
/// - any pack loads or gives diagnostics, never a crash, and in bounded
///   time and memory (libFuzzer's `-timeout` and `-rss_limit_mb`);
/// - every diagnostic is one line at `file:line:column` of a file of the
///   pack, with line and column from 1;
/// - a pack that loads annotates any text with every span inside it.

let files: Set<String> = ["pack.yaml", "rules.yaml", "more/rules.yaml", "lexicons/names.txt", "lexicons/places.txt"]
let sample = "中共中央政治局常委、国务院总理李强4日在北京会见美国国务卿。Mr. Li (李) 2024年3月5日。\n第二段：习近平总书记。"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRulePack(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    ScratchDirectory.remove("pack")
    let written = split(bytes).map { ScratchDirectory.write($0.contents, to: "pack/" + $0.name) }
    let directory = (ScratchDirectory.path as NSString).appendingPathComponent("pack")
    let (ruleSet, diagnostics) = RulePackLoader.load([directory])
    for diagnostic in diagnostics {
        expect(isOneLine(diagnostic.description), "diagnostic is not one line: \(diagnostic.description.debugDescription)")
        expect(diagnostic.line >= 1 && diagnostic.column >= 1, "diagnostic before 1:1: \(diagnostic)")
        expect(written.contains(diagnostic.file) || diagnostic.file == directory, "diagnostic names another file: \(diagnostic)")
    }
    guard let ruleSet, !diagnostics.contains(where: \.isError) else { return 0 }
    guard let annotator = try? Annotator(rules: ruleSet, pinyin: .marks) else { return 0 }
    let texts = [sample] + ruleSet.rules.flatMap(\.examples).prefix(4).map(\.text).filter { $0.unicodeScalars.count <= 400 }
    for text in texts {
        do { expectSpansInside(try annotator.annotate(Document(id: "fuzz", text: text))) } catch {
            expect(isOneLine("\(error)"), "annotation error is not one line")
        }
    }
    return 0
}

/// The files of the input: `#> NAME` lines start a file; bytes before the
/// first such line (all of them when there is none) are `rules.yaml`.
func split(_ bytes: [UInt8]) -> [(name: String, contents: [UInt8])] {
    var result: [(name: String, contents: [UInt8])] = []
    var name = "rules.yaml"
    var contents: [UInt8] = []
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
        if line.starts(with: Array("#> ".utf8)), let next = String(validating: line.dropFirst(3), as: UTF8.self),
           files.contains(next) {
            if !contents.isEmpty || result.isEmpty { result.append((name, contents)) }
            name = next
            contents = []
            continue
        }
        contents += line
        contents.append(0x0A)
    }
    result.append((name, contents))
    // A name given twice: the last file of that name wins.
    var seen = Set<String>()
    return result.reversed().filter { seen.insert($0.name).inserted && !($0.name == "rules.yaml" && $0.contents.isEmpty) }
}
