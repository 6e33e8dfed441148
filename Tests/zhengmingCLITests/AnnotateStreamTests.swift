import Foundation
import TestSupport
import Testing

/// Issue 18, end to end: `annotate --stream` holds a process open and
/// answers each record as it arrives, one output line per input line, in
/// order; a client that goes away ends it cleanly.
@Suite struct AnnotateStreamTests {
    static let pack = ["--no-default-rules", "--quiet"]
    static let streamJSONL = ["annotate", "--input", "jsonl", "--format", "jsonl", "--stream"]

    static func object(_ line: String?) throws -> [String: Any] {
        let line = try #require(line, "the output ended early")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
    }

    /// Writes the export tests' pack and returns the arguments loading it alone.
    static func packArguments(_ directory: TemporaryDirectory) throws -> [String] {
        for (relative, contents) in ExportTestPack.files { try directory.write("pack/" + relative, contents) }
        return pack + ["--rules", directory.path("pack")]
    }

    /// One record written, its answer read, then the next: a process that
    /// buffered its output or waited for a batch would time out here.
    @Test(arguments: [["--jobs", "1"], ["--jobs", "2"]])
    func recordsAreAnsweredOneAtATime(jobs: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let child = try ZhengmingChild(Self.streamJSONL + jobs + (try Self.packArguments(directory)))
        let exchanges: [(record: String, id: String?, error: String?, spans: [String])] = [
            (#"{"id":"a","text":"湖南省委书记杜家毫出席。"}"#, "a", nil, ["ORGAN 湖南省委", "TITLE 书记", "PERSON 杜家毫"]),
            (#"{"id":2,"text":"北京市","source":"x"}"#, "2", nil, ["LOC 北京市"]),
            (#"{"id":"c","title":"no text"}"#, "c", "record has no string field \"text\"", []),
            (#"{"id":"d","text":"unterminated"#, nil, "invalid JSON", []),
            (#"{"text":"长沙市市长张三"}"#, "5", nil, ["LOC 长沙市", "TITLE 市长", "PERSON 张三"]),
        ]
        for exchange in exchanges {
            try child.send(exchange.record)
            let answer = try Self.object(try child.readLine())
            #expect(answer["id"].map { "\($0)" } == exchange.id ?? "<null>", "\(answer)")
            if let error = exchange.error {
                #expect((answer["error"] as? String)?.hasPrefix(error) == true, "\(answer)")
                #expect(answer["spans"] == nil)
            } else {
                let spans = try #require(answer["spans"] as? [[String: Any]], "\(answer)")
                #expect(spans.map { "\($0["label"]!) \($0["text"]!)" } == exchange.spans)
            }
        }
        try child.finishInput()
        #expect(try child.readLine() == nil)
        #expect(try child.wait() == 1, "records were rejected")
        #expect(child.stderr.contains("<stdin>:3: record has no string field \"text\""))
    }

    /// A client that closes its end of the output ends the run: no signal
    /// death, no message, exit 0 (as `rg | head` does).
    @Test func aClientThatGoesAwayEndsTheRunCleanly() throws {
        let child = try ZhengmingChild(Self.streamJSONL + Self.pack)
        try child.send(#"{"id":"a","text":"第一。"}"#)
        #expect(try Self.object(try child.readLine())["id"] as? String == "a")
        try child.stopReading()
        try child.send(#"{"id":"b","text":"第二。"}"#)
        let status = try child.wait()
        #expect(!child.endedBySignal)
        #expect(status == 0)
        #expect(child.stderr.isEmpty, "stderr: \(child.stderr)")
    }

    /// Any other write error is a one-line message and exit 1.
    @Test func aFullOutputIsAnError() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let child = try ZhengmingChild(Self.streamJSONL + Self.pack, stdout: full)
        try child.send(#"{"id":"a","text":"第一。"}"#)
        let status = try child.wait()
        #expect(status == 1)
        #expect(child.stderr.contains("cannot write standard output: No space left on device"), "stderr: \(child.stderr)")
    }

    /// With the pipe kept full, a stream writes what a file run writes.
    @Test func aFullPipeGivesTheOutputOfAFileRun() throws {
        let records = (0..<400).map { #"{"id":"r\#($0)","text":"第\#($0)条。湖南省委书记杜家毫、长沙市市长张三。"}"# }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let arguments = ["annotate", "--input", "jsonl", "--format", "jsonl", "--jobs", "2"] + (try Self.packArguments(directory))
        let input = records.joined(separator: "\n") + "\n"
        let file = try ZhengmingExecutable.run(arguments, stdin: input)
        let stream = try ZhengmingExecutable.run(arguments + ["--stream"], stdin: input)
        #expect(file.status == 0 && stream.status == 0, "stderr: \(stream.stderr)")
        #expect(file.stdoutLines.count == 401)
        #expect(stream.stdout == file.stdout)
    }
}
