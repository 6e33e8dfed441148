import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// `zhengming serve` as users run it: the built binary on an ephemeral
/// loopback port, answered over HTTP, compared with `zhengming annotate`.
@Suite struct ServeCommandTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var rules: String { repository.appendingPathComponent("Rules").path }
    static var seeds: [String] {
        ["000_be3e6338dd572018.txt", "002_3abbbd3bd5926262.txt"].map { repository.appendingPathComponent("Corpus/\($0)").path }
    }

    /// One-sentence texts from the seed documents.
    static func seedSentences() throws -> [String] {
        try seeds.flatMap { path in
            try String(contentsOfFile: path, encoding: .utf8)
                .split(whereSeparator: { $0 == "。" || $0 == "\n" })
                .map { $0.trimmingCharacters(in: .whitespaces) + "。" }
                .filter { $0.count >= 8 }
        }
    }

    static func post(_ base: URL, _ path: String, json: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = 120
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// 200 requests at once, each one sentence: every answer is 200 and
    /// byte for byte the line `annotate --format jsonl` writes for it.
    @Test func concurrentAnswersAreThoseOfAnnotate() async throws {
        let sentences = try Self.seedSentences()
        try #require(sentences.count >= 20)
        let lines = (0..<200).map { #"{"id": "s\#($0)", "text": \#(jsonString(sentences[$0 % sentences.count]))}"# }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("sentences.jsonl", lines.joined(separator: "\n") + "\n")
        let annotate = try ZhengmingExecutable.run(["annotate", "--format", "jsonl", "--no-default-rules", "--rules", Self.rules, "-q", input])
        #expect(annotate.status == 0)
        let expected = annotate.stdout.split(separator: "\n").map { $0 + "\n" }
        try #require(expected.count == 200)

        let server = try ServeProcess(["--no-default-rules", "--rules", Self.rules, "--jobs", "2"])
        let base = server.base
        let answers = try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
            for (index, line) in lines.enumerated() {
                group.addTask {
                    let (status, body) = try await Self.post(base, "/annotate", json: line)
                    return (index, status, body)
                }
            }
            var result: [(Int, Int, String)] = []
            for try await answer in group { result.append(answer) }
            return result
        }
        #expect(answers.count == 200)
        for (index, status, body) in answers {
            #expect(status == 200)
            #expect(body == expected[index], "request \(index)")
        }
        #expect(server.stop() == 0)
    }

    @Test func badPacksStopTheCommandWithTheirDiagnostics() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pack/pack.yaml", "phases: [main]")
        try directory.write("pack/rules.yaml", "rules:\n  - {name: x, phase: nowhere, label: ORGAN, pattern: '省委'}")
        let run = try ZhengmingExecutable.run(["serve", "--port", "0", "--no-default-rules", "--rules", directory.path("pack")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("rules.yaml:2:"))
    }
}
