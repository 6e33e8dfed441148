import Foundation
import TestSupport
import Testing

/// `annotate --format html` end to end: the page is self-contained, every
/// character of the input is escaped, one section per document, `--limit`,
/// and the size warning.
@Suite struct HTMLViewTests {
    static let pack = [
        "pack.yaml": "phases: [organs, titles]\nlabels: [ORGAN, TITLE, OFFICIAL]",
        "rules.yaml": """
        rules:
          - {name: organ, phase: organs, label: ORGAN, pattern: '中央第六巡视组', attributes: {level: central}}
          - {name: title, phase: titles, label: TITLE, pattern: '(?<=@ORGAN)组长'}
          - {name: official, phase: titles, label: OFFICIAL, pattern: '王荣军'}
        """,
    ]

    static func writePack(in directory: TemporaryDirectory) throws -> String {
        for (name, contents) in pack { try directory.write("pack/\(name)", contents) }
        return directory.path("pack")
    }

    /// Text that would run script or break out of an attribute if it were
    /// written unescaped.
    static let hostile = #"<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">" onmouseover="x" & 中央第六巡视组组长王荣军主持召开会议。"#

    @Test func thePageEscapesEverythingAndLoadsNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pack = try Self.writePack(in: directory)
        let input = try directory.write("in.jsonl", [
            #"{"id": "<b>one</b>", "text": \#(jsonString(Self.hostile))}"#,
            #"{"id": "two", "text": "王荣军"}"#,
        ].joined(separator: "\n") + "\n")
        let run = try ZhengmingExecutable.run(["annotate", "--format", "html", "--no-default-rules", "--rules", pack, "-q", input])
        #expect(run.status == 0, "\(run.stderr)")
        let page = run.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        // The page's own script is the only one, and nothing is fetched.
        #expect(page.components(separatedBy: "<script").count == 2)
        #expect(!page.contains("<img") && !page.contains("http://") && !page.contains("https://"))
        #expect(!page.contains(#"" onmouseover"#))
        #expect(page.contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;img src=x onerror=&quot;"))
        #expect(page.contains("&lt;b&gt;one&lt;/b&gt;"))
        #expect(page.components(separatedBy: "<section class=\"zm-doc\"").count == 3)
        #expect(page.contains(#"<mark class="zm-m" data-l="ORGAN""#))
        #expect(page.contains(#"title="ORGAN · rule organ&#10;"#) || page.contains("title=\"ORGAN · rule organ\nlevel=central\""))
        #expect(page.contains(#"中央第六巡视组<span class="zm-l">ORGAN</span></mark>"#))
        #expect(page.contains(#"组长<span class="zm-l">TITLE</span></mark>"#))
        #expect(page.contains(#"王荣军<span class="zm-l">OFFICIAL</span></mark>"#))
        #expect(page.contains("id=\"zm-legend\"") && page.contains("id=\"zm-nested-toggle\""))
        #expect(page.contains("class=\"zm-nested\""))
        #expect(page.contains("2 documents,"))
    }

    @Test func limitTakesTheFirstDocuments() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.jsonl", (1...5).map { #"{"id": "d\#($0)", "text": "文本\#($0)"}"# }.joined(separator: "\n"))
        let run = try ZhengmingExecutable.run(["annotate", "--format", "html", "--no-default-rules", "-q", "--limit", "2", input])
        #expect(run.status == 0)
        #expect(run.stdout.contains("data-id=\"d1\"") && run.stdout.contains("data-id=\"d2\""))
        #expect(!run.stdout.contains("data-id=\"d3\""))
        let bad = try ZhengmingExecutable.run(["annotate", "--limit", "0", "--no-default-rules", input])
        #expect(bad.status != 0 && bad.stderr.contains("--limit must be at least 1"))
    }

    @Test func aLargePageCarriesAWarning() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = String(repeating: "abc def ", count: 1000) + "\n"
        let input = try directory.write("big.txt", String(repeating: line, count: 660))  // 5.3 MB
        let output = directory.path("big.html")
        let run = try ZhengmingExecutable.run(["annotate", "--format", "html", "--no-default-rules", "-q", input, "-o", output])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: this page holds") && run.stderr.contains("--limit"))
        let page = try String(contentsOfFile: output, encoding: .utf8)
        #expect(page.contains("class=\"zm-warning\"") && page.contains("zhengming serve"))

        let small = try ZhengmingExecutable.run(["annotate", "--format", "html", "--no-default-rules", "-q"], stdin: "abc")
        #expect(!small.stderr.contains("warning") && !small.stdout.contains("class=\"zm-warning\""))
    }
}

func jsonString(_ text: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: text, options: .fragmentsAllowed), as: UTF8.self)
}
