import TestSupport
import Foundation
import Testing

/// The annotation loop end to end with the built binary: rules → Label
/// Studio tasks → corrections → `import` → `eval`, and the other tools'
/// round trips. Texts hold characters outside the BMP (𠀀, an emoji), whose
/// Label Studio offsets (UTF-16) differ from code points.
@Suite("annotation loop")
struct AnnotationLoopTests {
    static let texts = [
        "𠀀😀湖南省委书记杜家毫在长沙市调研。",
        "北京市委书记张三😀出席会议。湖南省长沙市举行。",
        "会议在北京市举行。",
    ]

    static func corpus() throws -> TemporaryDirectory {
        let root = try TemporaryDirectory("zhengming-loop")
        for (relative, contents) in ExportTestPack.files { try root.write("pack/" + relative, contents) }
        let lines = texts.enumerated().map { #"{"id": "t\#($0.offset)", "source": "test-\#($0.offset)", "text": \#(quoted($0.element))}"# }
        try root.write("corpus/texts.jsonl", lines.joined(separator: "\n") + "\n")
        return root
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: text, options: .fragmentsAllowed), as: UTF8.self)
    }

    static func export(_ root: TemporaryDirectory, _ formats: String, _ extra: [String] = []) throws -> String {
        let out = root.path("out")
        let run = try ZhengmingExecutable.run(["export", root.path("corpus"), "--out", out, "--no-default-rules",
                                               "--rules", root.path("pack"), "--format", formats, "--split", "1",
                                               "--quiet"] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return out
    }

    static func jsonLines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// A span as (start, end, label) in code points.
    struct Span: Hashable, CustomStringConvertible {
        let start: Int, end: Int, label: String
        var description: String { "\(start)..<\(end) \(label)" }
    }

    static func spans(_ object: [String: Any]) -> Set<Span> {
        Set((object["spans"] as? [[String: Any]] ?? []).map {
            Span(start: $0["start"] as! Int, end: $0["end"] as! Int, label: $0["label"] as! String)
        })
    }

    /// UTF-16 offset → code point offset, computed from the string's own views.
    static func codePoint(_ text: String, utf16 offset: Int) -> Int {
        let index = String.Index(utf16Offset: offset, in: text)
        return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index)
    }

    static func utf16(_ text: String, codePoint offset: Int) -> Int {
        let index = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: offset)
        return text.utf16.distance(from: text.utf16.startIndex, to: index)
    }

    @Test("Label Studio tasks: UTF-16 offsets that land on the mention, model version, labeling config")
    func labelStudioTasks() throws {
        let root = try Self.corpus()
        defer { root.remove() }
        let out = try Self.export(root, "label-studio,jsonl")
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/label-studio/train.json"))) as? [[String: Any]])
        let records = try Self.jsonLines(out + "/jsonl/train.jsonl")
        #expect(tasks.count == Self.texts.count && records.count == Self.texts.count)
        var sawShift = false
        for (task, record) in zip(tasks, records) {
            let data = try #require(task["data"] as? [String: Any])
            let text = try #require(data["text"] as? String)
            #expect(data["id"] as? String == record["id"] as? String && data["source"] as? String == record["source"] as? String)
            let prediction = try #require((task["predictions"] as? [[String: Any]])?.first)
            let version = try #require(prediction["model_version"] as? String)
            #expect(version.range(of: #"^zhengming-\d+\.\d+\.\d+\+[0-9a-f]{12}$"#, options: .regularExpression) != nil, "\(version)")
            let units = Array(text.utf16)
            var fromTasks = Set<Span>()
            for region in try #require(prediction["result"] as? [[String: Any]]) {
                #expect(region["from_name"] as? String == "label" && region["to_name"] as? String == "text"
                        && region["type"] as? String == "labels")
                let value = try #require(region["value"] as? [String: Any])
                let start = try #require(value["start"] as? Int), end = try #require(value["end"] as? Int)
                // As JavaScript slices it: UTF-16 units.
                #expect(String(decoding: units[start..<end], as: UTF16.self) == value["text"] as? String)
                let label = try #require((value["labels"] as? [String])?.first)
                fromTasks.insert(Span(start: Self.codePoint(text, utf16: start), end: Self.codePoint(text, utf16: end), label: label))
                if Self.codePoint(text, utf16: start) != start { sawShift = true }
            }
            #expect(fromTasks == Self.spans(record), "the same spans as the JSONL export, in code points")
        }
        #expect(sawShift, "the texts must exercise characters outside the BMP")
        let config = try String(contentsOfFile: out + "/label-studio/labeling-config.xml", encoding: .utf8)
        #expect(config.hasPrefix("<View>") && config.contains(#"<Labels name="label" toName="text">"#)
                && config.contains(#"<Text name="text" value="$text"/>"#))
        let colours = config.split(separator: "\n").filter { $0.contains("<Label ") }.compactMap { line in
            line.range(of: #"#[0-9a-f]{6}"#, options: .regularExpression).map { String(line[$0]) }
        }
        #expect(colours.count == 4 && Set(colours).count == 4, "one colour per label: \(config)")
    }

    @Test("rules → Label Studio → corrections → import → eval gets the corrections back exactly")
    func roundTrip() throws {
        let root = try Self.corpus()
        defer { root.remove() }
        let out = try Self.export(root, "label-studio")
        var tasks = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/label-studio/train.json"))) as? [[String: Any]])
        var expected: [String: Set<Span>] = [:]
        var removed: [Span] = [], added: [Span] = []
        for index in tasks.indices {
            let data = tasks[index]["data"] as! [String: Any]
            let text = data["text"] as! String
            var result = (tasks[index]["predictions"] as! [[String: Any]])[0]["result"] as! [[String: Any]]
            func span(_ region: [String: Any]) -> Span {
                let value = region["value"] as! [String: Any]
                return Span(start: Self.codePoint(text, utf16: value["start"] as! Int),
                            end: Self.codePoint(text, utf16: value["end"] as! Int), label: (value["labels"] as! [String])[0])
            }
            // The annotator's corrections: drop every TITLE, relabel the first
            // span LOC → ORGAN or X → PERSON, and add a span after the emoji or at the end.
            removed += result.filter { span($0).label == "TITLE" }.map(span)
            result.removeAll { span($0).label == "TITLE" }
            if var first = result.first, var value = first["value"] as? [String: Any] {
                removed.append(span(first))
                value["labels"] = [span(first).label == "LOC" ? "ORGAN" : "PERSON"]
                first["value"] = value
                result[0] = first
                added.append(span(first))
            }
            let scalars = Array(text.unicodeScalars)
            let newStart = scalars.count - 3, newEnd = scalars.count - 1
            let newText = String(String.UnicodeScalarView(scalars[newStart..<newEnd]))
            result.append(["id": "new\(index)", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
                           "value": ["start": Self.utf16(text, codePoint: newStart), "end": Self.utf16(text, codePoint: newEnd),
                                     "text": newText, "labels": ["EVENT"]]])
            added.append(Span(start: newStart, end: newEnd, label: "EVENT"))
            expected[data["id"] as! String] = Set(result.map(span))
            tasks[index]["id"] = 1000 + index
            tasks[index]["annotations"] = [["id": 1, "result": [], "was_cancelled": true],
                                           ["id": 2 + index, "result": result, "was_cancelled": false]]
        }
        let corrected = try root.write("corrected.json", bytes: Array(try JSONSerialization.data(withJSONObject: tasks)))
        let imported = try ZhengmingExecutable.run(["import", corrected, "--from", "label-studio", "-o", root.path("gold.jsonl")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("imported 3 record(s)"))
        let gold = try Self.jsonLines(root.path("gold.jsonl"))
        #expect(gold.count == 3)
        for (record, text) in zip(gold, Self.texts) {
            let id = try #require(record["id"] as? String)
            #expect(Self.spans(record) == expected[id], "\(id)")
            #expect(record["text"] as? String == text && record["source"] as? String == "test-" + id.dropFirst())
            for span in record["spans"] as! [[String: Any]] {
                let scalars = Array(text.unicodeScalars)
                let slice = String(String.UnicodeScalarView(scalars[(span["start"] as! Int)..<(span["end"] as! Int)]))
                #expect(slice == span["text"] as? String)
            }
        }
        // eval with the same rules: the false negatives are exactly what was
        // added, the false positives exactly what was removed.
        let eval = try ZhengmingExecutable.run(["eval", "--gold", root.path("gold.jsonl"), "--no-default-rules",
                                                "--rules", root.path("pack"), "--labels", "LOC,ORGAN,TITLE,PERSON,EVENT",
                                                "--errors", "100", "--by-rule"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let fn = eval.stdoutLines.filter { $0.hasPrefix("  FN ") }.count
        let fp = eval.stdoutLines.filter { $0.hasPrefix("  FP ") }.count
        #expect(fn == added.count && fp == removed.count, "\(eval.stdout)")
        #expect(eval.stdout.contains("rule") && eval.stdout.contains("precision"))
    }

    @Test("a bad task is one line naming the file and the task; the others are imported; exit 1")
    func badLabelStudioRecords() throws {
        let root = try TemporaryDirectory("zhengming-loop-bad")
        defer { root.remove() }
        func task(_ id: Int, _ text: String, _ regions: [[String: Any]], annotated: Bool = true) -> [String: Any] {
            var task: [String: Any] = ["id": id, "data": ["text": text, "id": "d\(id)"]]
            if annotated { task["annotations"] = [["id": 1, "result": regions]] }
            return task
        }
        func region(_ start: Int, _ end: Int, _ text: String) -> [String: Any] {
            ["type": "labels", "value": ["start": start, "end": end, "text": text, "labels": ["LOC"]]]
        }
        let tasks = [
            task(1, "𠀀湖南", [region(2, 4, "湖南")]),                    // good: 𠀀 is two units
            task(2, "𠀀湖南", [region(1, 3, "湖")]),                       // splits 𠀀
            task(3, "湖南省", [region(0, 2, "长沙")]),                     // text does not match
            task(4, "湖南省", [], annotated: false),                       // never annotated
            task(5, "湖南省", [region(0, 9, "湖南省")]),                   // outside the text
        ]
        let file = try root.write("export.json", bytes: Array(try JSONSerialization.data(withJSONObject: tasks)))
        let run = try ZhengmingExecutable.run(["import", file, "--from", "label-studio"])
        #expect(run.status == 1)
        let problems = run.stderrLines.filter { $0.hasPrefix(file + ": task ") }
        #expect(problems.count == 4, "\(run.stderr)")
        for number in 2...5 { #expect(problems.contains { $0.hasPrefix("\(file): task \(number) (id \(number)): ") }) }
        #expect(run.stderr.contains("no completed annotation") && run.stderr.contains("splits a character")
                && run.stderr.contains("says its text is '长沙'"))
        let gold = run.stdoutLines.filter { !$0.isEmpty }
        #expect(gold == [#"{"id":"d1","text":"𠀀湖南","spans":[{"start":1,"end":3,"label":"LOC","text":"湖南"}]}"#])
    }

    @Test("doccano, brat and CoNLL exports import back to the spans of the JSONL export", arguments: [
        ("doccano", "doccano", "doccano/train.jsonl", [String]()),
        ("brat", "brat", "brat/train", []),
        ("conll", "conll", "conll/train.conll", []),
        ("conll", "conll", "conll/train.conll", ["--docstart", "--columns", "form,tag"]),
        ("char-bio", "conll", "char-bio/train.txt", ["--keep-spaces", "--unit", "sentence"]),
    ])
    func otherTools(_ format: String, _ tool: String, _ file: String, _ extra: [String]) throws {
        let root = try Self.corpus()
        defer { root.remove() }
        let out = try Self.export(root, "jsonl," + format, extra)
        let run = try ZhengmingExecutable.run(["import", out + "/" + file, "--from", tool, "-o", root.path("gold.jsonl")])
        #expect(run.status == 0, "\(run.stderr)")
        let gold = try Self.jsonLines(root.path("gold.jsonl"))
        let exported = try Self.jsonLines(out + "/jsonl/train.jsonl")
        #expect(gold.count == exported.count)
        for (imported, original) in zip(gold, exported) {
            #expect(Self.spans(imported) == Self.spans(original), "\(format) \(extra)")
            let text = try #require(imported["text"] as? String), originalText = try #require(original["text"] as? String)
            if format == "doccano" || format == "brat" || extra.contains("--keep-spaces") {
                #expect(text == originalText)
            }
            if format == "doccano" { #expect(imported["id"] as? String == original["id"] as? String && imported["source"] != nil) }
            for span in imported["spans"] as! [[String: Any]] {
                let scalars = Array(text.unicodeScalars)
                #expect(String(String.UnicodeScalarView(scalars[(span["start"] as! Int)..<(span["end"] as! Int)])) == span["text"] as? String)
            }
        }
    }
}
