import Foundation

/// Reads brat standoff back as gold records: every `.ann` file under a
/// directory (sorted; or one `.ann` file) with the `.txt` beside it. Each
/// text-bound annotation (`T1<TAB>LABEL start end[;start end…]<TAB>text`)
/// becomes a span from its first fragment's start to its last fragment's
/// end (brat cuts a span at line breaks into fragments, as `export` does).
/// Offsets are code points, as brat counts them. The record id is the file's
/// path under the directory without its extension; other annotation kinds
/// (relations, events, notes, attributes) are left out.
enum BratImporter {
    static func read(_ path: String, problems: (ImportProblem) -> Void) throws -> [GoldRecord] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportProblem(path, "no such file or directory")
        }
        var files: [(path: String, id: String)] = []
        if isDirectory.boolValue {
            for case let relative as String in FileManager.default.enumerator(atPath: path) ?? .init()
            where relative.hasSuffix(".ann") && !(relative as NSString).lastPathComponent.hasPrefix(".") {
                files.append(((path as NSString).appendingPathComponent(relative), String(relative.dropLast(4))))
            }
            files.sort { $0.path < $1.path }
            if files.isEmpty { throw ImportProblem(path, "no .ann files in the directory") }
        } else {
            files = [(path, ((path as NSString).lastPathComponent as NSString).deletingPathExtension)]
        }
        var records: [GoldRecord] = []
        for file in files {
            do { records.append(try record(ann: file.path, id: file.id)) } catch let skipped as SkippedRecord {
                problems(ImportProblem(skipped.location ?? file.path, skipped.reason))
            } catch let problem as ImportProblem {
                problems(problem)
            }
        }
        return records
    }

    static func record(ann: String, id: String) throws -> GoldRecord {
        let txt = String(ann.dropLast(4)) + ".txt"
        guard let textData = FileManager.default.contents(atPath: txt) else {
            throw ImportProblem(ann, "no \(txt) beside it; skipped")
        }
        guard let text = String(data: textData, encoding: .utf8),
              let annotations = FileManager.default.contents(atPath: ann).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw ImportProblem(ann, "not UTF-8 text; skipped")
        }
        let codePoints = text.codePoints
        var spans: [Mention] = []
        for (index, line) in annotations.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("T") {
            let columns = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            let head = columns.count > 1 ? columns[1].split(separator: " ", maxSplits: 1) : []
            let fragments = head.count == 2 ? head[1].split(separator: ";").map { $0.split(separator: " ").compactMap { Int($0) } } : []
            guard head.count == 2, !fragments.isEmpty, fragments.allSatisfy({ $0.count == 2 }) else {
                throw SkippedRecord("'\(line)' is not a text-bound annotation (T1<TAB>LABEL start end<TAB>text); skipped",
                                    location: "\(ann):\(index + 1)")
            }
            let quoted = fragments.count == 1 && columns.count == 3 ? String(columns[2]) : nil
            do {
                spans.append(try ImportSupport.span(start: fragments[0][0], end: fragments[fragments.count - 1][1],
                                                    label: String(head[0]), quoted: quoted, in: codePoints))
            } catch {
                throw SkippedRecord(error.reason, location: "\(ann):\(index + 1)")
            }
        }
        return GoldRecord(id: id, text: text, spans: spans)
    }
}
