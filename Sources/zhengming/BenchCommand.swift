import ArgumentParser
import Foundation
import Zhengming

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput against ICU's own segmentation, and lexicon scaling (use a release build).",
        discussion: """
        In one run, on the same text: (1) ICU word segmentation alone, the baseline; (2) the full \
        annotate pipeline with the default pack and pinyin, writing CoNLL to a null sink; (3) the \
        same writing JSONL; with 1 job and with --jobs; (4) the same text joined into one document, \
        which is annotated in windows on all workers (CoNLL, --jobs). Then synthetic lexicons of 10^3…10^6 \
        entries, each in a fresh process: load time, matching throughput, peak resident memory. \
        Then streaming memory: peak resident memory of annotating a JSONL file of the bench text \
        once and four times over, each in a fresh process. Figures are reported as ratios to the baseline measured in the same run.
        """)

    @Option(help: "Text to benchmark on (files or directories); default: Corpus/ and ../shared/corpus when present.")
    var text: [String] = []

    @Option(help: "Repeat the text to at least this many megabytes (UTF-8); 0 takes it once.")
    var megabytes: Int = 20

    @Option(name: .shortAndLong, help: "Workers for the parallel runs (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("repeat"), help: "Take each measurement this many times (interleaved) and keep the fastest.")
    var repeatCount = 3

    @Option(help: "Largest synthetic lexicon as a power of ten (3…6); 0 skips the scaling series.")
    var maxLexiconPower: Int = 6

    @Flag(inversion: .prefixedNo, help: "Also annotate the whole text as one document (in windows, on all workers).")
    var oneDocument = true

    @Flag(inversion: .prefixedNo, help: "Measure peak memory while streaming the text once and four times over.")
    var streaming = true

    @Option(help: ArgumentHelp(visibility: .hidden))
    var lexiconChild: String?

    @Option(help: ArgumentHelp(visibility: .hidden))
    var streamChild: String?

    @Option(help: ArgumentHelp(visibility: .hidden))
    var streamCopies = 1

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        guard (1...JobCount.maximum).contains(jobs) else {
            throw ValidationError("--jobs must be between 1 and \(JobCount.maximum) (4 per core), got \(jobs)")
        }
    }

    func run() throws {
        if let file = streamChild { return try streamChildRun(file: file) }
        let documents = try benchDocuments()
        if let lexicon = lexiconChild { return try lexiconChildRun(lexicon: lexicon, documents: documents) }
        let characters = documents.reduce(0) { $0 + $1.text.unicodeScalars.count }
        let bytes = documents.reduce(0) { $0 + $1.text.utf8.count }
        Console.print(String(format: "Zhengming bench: %d documents, %d characters (%.1f MB), %d cores, ICU %@",
                             documents.count, characters, Double(bytes) / 1e6, ProcessInfo.processInfo.activeProcessorCount,
                             ICUInfo.version))
        let ruleSet = try rules.load(quiet: true)
        // Every measurement is taken `repeat` times, in interleaved rounds,
        // and the fastest is kept: on a shared machine a run can only be
        // slowed down by its neighbours, never sped up.
        let configurations = BenchFormat.allCases.flatMap { format in Set([1, jobs]).sorted().map { (format, $0) } }
        // The same text as one document: it is annotated in windows on all
        // workers (WindowedAnnotator), which only a concrete writer selects,
        // so the writers here are never type-erased.
        let whole = oneDocument ? Document(id: "bench-whole", text: documents.map(\.text).joined(separator: "\n")) : nil
        var baselineSeconds = Double.infinity
        var answers: [Int] = []
        var timings: [String: Double] = [:]
        for _ in 0..<max(1, repeatCount) {
            baselineSeconds = min(baselineSeconds, try Benchmark.icuSegmentation(documents).seconds)
            for (format, workers) in configurations {
                let result = try format.measure(documents, rules: ruleSet, jobs: workers)
                answers.append(result.mentions)
                timings["\(format)\(workers)"] = min(timings["\(format)\(workers)"] ?? .infinity, result.seconds)
            }
            if let whole {
                let result = try BenchFormat.conll.measure([whole], rules: ruleSet, jobs: jobs)
                timings["whole"] = min(timings["whole"] ?? .infinity, result.seconds)
            }
        }
        let baseRate = Double(characters) / baselineSeconds
        func line(_ name: String, _ seconds: Double) {
            let rate = Double(characters) / seconds
            Console.print(name.padding(toLength: 44, withPad: " ", startingAt: 0)
                          + String(format: "%10.2fM chars/s   %5.2f× baseline", rate / 1e6, rate / baseRate))
        }
        Console.print("fastest of \(max(1, repeatCount)) run\(repeatCount > 1 ? "s" : "") each:")
        line("(1) ICU word segmentation (baseline)", baselineSeconds)
        for (format, workers) in configurations {
            line("(\(format == .conll ? 2 : 3)) annotate → \(format.rawValue)\(format == .conll ? " + pinyin" : ""), \(workers) job\(workers > 1 ? "s" : "")",
                 timings["\(format)\(workers)"]!)
        }
        if let seconds = timings["whole"] {
            line("(4) as one document → CoNLL + pinyin, \(jobs) job\(jobs > 1 ? "s" : "")", seconds)
        }
        guard Set(answers).count == 1 else {
            throw CLIError("bench: runs disagree on the number of mentions (\(answers)); the pipeline is not deterministic")
        }
        Console.print("check: every run found \(answers[0]) mentions")
        if jobs > 1, let one = timings["conll1"], let many = timings["conll\(jobs)"] {
            Console.print(String(format: "parallel speed-up, CoNLL: %.2f× with %d jobs", one / many, jobs))
        }
        if let whole = timings["whole"], let many = timings["conll\(jobs)"] {
            Console.print(String(format: "one document against many, CoNLL, %d job%@: %.2f× the throughput", jobs,
                                 jobs > 1 ? "s" : "", many / whole))
        }
        if maxLexiconPower >= 3 { try lexiconScaling(documents: documents) }
        if streaming { try streamingMemory(documents: documents) }
    }

    /// Writes a quarter of the bench text as a JSONL file and annotates it
    /// (CoNLL with pinyin, `--jobs` workers, output discarded) once and four
    /// times over, each in a fresh process that reads the file as `annotate`
    /// does. Streaming holds a bounded window of documents, so the two peaks
    /// should match; a peak that grows with the input is a leak or an
    /// unbounded buffer.
    private func streamingMemory(documents: [Document]) throws {
        Console.print("\nstreaming memory (annotate → CoNLL + pinyin, \(jobs) job\(jobs > 1 ? "s" : ""), one process each):")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zhengming-bench-stream-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bench.jsonl").path
        var jsonl: [UInt8] = []
        let budget = max(1, megabytes / 4) * 1_000_000
        for document in documents where jsonl.count < budget {
            JSONText.append("{\"id\":", to: &jsonl)
            JSONText.appendQuoted(document.id, to: &jsonl)
            JSONText.append(",\"text\":", to: &jsonl)
            JSONText.appendQuoted(document.text, to: &jsonl)
            JSONText.append("}\n", to: &jsonl)
        }
        try Data(jsonl).write(to: URL(fileURLWithPath: file))
        var first: Double?
        for copies in [1, 4] {
            let object = try childReport(["--stream-child", file, "--stream-copies", String(copies), "--jobs", String(jobs)])
            guard let rss = object?["rss"], let bytes = object?["bytes"] else {
                throw CLIError("bench: streaming child for \(copies) cop\(copies > 1 ? "ies" : "y") failed")
            }
            let base = first ?? rss
            first = base
            Console.print(String(format: "%8.1f MB of JSONL   peak RSS %6.0f MB   %5.2f× the first", bytes / 1e6, rss / 1e6, rss / base))
        }
    }

    /// One run of the streaming series: `annotate`'s reading, pipeline and
    /// writer over `copies` copies of `file`, the output discarded; prints
    /// the peak resident memory.
    private func streamChildRun(file: String) throws {
        let ruleSet = try rules.load(quiet: true)
        let runner = try CorpusRunner(rules: ruleSet, options: .init(jobs: jobs, pinyin: .marks))
        let stream = DocumentStream(paths: Array(repeating: file, count: max(1, streamCopies)))
        var bytes = 0
        runner.run(stream, writer: CoNLLWriter(), emit: { _ in }, report: { _, _ in })
        for _ in 0..<max(1, streamCopies) {
            bytes += (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        }
        let result: [String: Double] = ["rss": Double(Benchmark.peakResidentBytes), "bytes": Double(bytes)]
        Console.print(String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self))
    }

    /// Runs each synthetic lexicon size in a child process, so that peak
    /// memory is that size's alone; the lexicons are generated here, so that
    /// the generator's own memory is not counted.
    private func lexiconScaling(documents: [Document]) throws {
        Console.print("\nlexicon scaling (synthetic entries, one process each; see DESIGN.md):")
        Console.print("   entries    load s   peak RSS MB   automaton M chars/s  vs 10^3   annotate M chars/s  vs 10^3   hits/char")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zhengming-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = Array(documents.prefix(200).flatMap { $0.text.codePoints })
        var distinct = Set<String>()
        let texts = documents.filter { distinct.insert($0.text).inserted }.map(\.text.codePoints)
        var first: (automaton: Double, annotate: Double)?
        for power in 3...min(6, maxLexiconPower) {
            let size = Int(pow(10.0, Double(power)))
            let lexicon = directory.appendingPathComponent("synthetic-\(size).txt").path
            try Benchmark.writeSyntheticLexicon(count: size, from: sample, excluding: texts, to: lexicon)
            var arguments = ["--lexicon-child", lexicon, "--megabytes", String(megabytes / 4), "--repeat", String(repeatCount)]
            for path in text { arguments += ["--text", path] }
            guard let object = try childReport(arguments), let load = object["load"], let automaton = object["automaton"],
                  let annotate = object["annotate"], let rss = object["rss"] else {
                throw CLIError("bench: lexicon child for 10^\(power) failed")
            }
            let base = first ?? (automaton, annotate)
            first = base
            Console.print(String(format: "%10d  %8.3f   %11.0f   %19.2f  %6.2f×   %18.2f  %6.2f×   %9.3f",
                                 size, load, rss / 1e6, automaton / 1e6, automaton / base.automaton,
                                 annotate / 1e6, annotate / base.annotate, (object["hits"] ?? 0) / (object["characters"] ?? 1)))
        }
    }

    /// Runs `zhengming bench` with `arguments` (and this run's rule options)
    /// in a child process and returns the JSON object it prints, or nil when
    /// it failed.
    private func childReport(_ arguments: [String]) throws -> [String: Double]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var all = ["bench"] + arguments
        for pack in rules.packs { all += ["--rules", pack] }
        if rules.noDefaultRules { all.append("--no-default-rules") }
        process.arguments = all
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Double]
    }

    /// One size of the series: load the lexicon alone (time, peak memory,
    /// automaton throughput), then with the default pack as one more rule
    /// (annotation throughput, one job, JSONL).
    private func lexiconChildRun(lexicon: String, documents: [Document]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zhengming-bench-child-\(getpid())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("lexicons"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: lexicon, toPath: directory.appendingPathComponent("lexicons/synthetic.txt").path)
        try "phases: [lexical]\n".write(to: directory.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try "phase: lexical\nlabel: LOC\nrules:\n  - name: synthetic\n    pattern: '{synthetic}'\n"
            .write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        var alone: RuleSet?
        let load = try Benchmark.time { alone = try RuleSet.load(packs: [directory.path]) }
        let characters = documents.reduce(0) { $0 + $1.text.unicodeScalars.count }
        var matchingSeconds = Double.infinity
        var hits = 0
        for _ in 0..<max(1, repeatCount) {
            let matching = try Benchmark.lexiconMatching(alone!, documents: documents)
            matchingSeconds = min(matchingSeconds, matching.seconds)
            hits = matching.hits
        }
        let rss = Double(Benchmark.peakResidentBytes)
        alone = nil
        let withPack = try RuleSet.load(packs: try rules.directories + [directory.path])
        var annotationSeconds = Double.infinity
        for _ in 0..<max(1, repeatCount) {
            let annotation = try Benchmark.pipeline(documents, rules: withPack, writer: JSONLWriter(),
                                                    options: CorpusRunner.Options(jobs: 1, pinyin: nil))
            annotationSeconds = min(annotationSeconds, annotation.seconds)
        }
        let result: [String: Double] = ["load": load, "automaton": Double(characters) / matchingSeconds,
                                        "annotate": Double(characters) / annotationSeconds,
                                        "rss": rss, "hits": Double(hits), "characters": Double(characters)]
        Console.print(String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self))
    }

    /// The bench text: --text, else the bundled corpus and ../shared/corpus,
    /// repeated to the requested size.
    private func benchDocuments() throws -> [Document] {
        var sources = text
        if sources.isEmpty {
            let root = (try? RuleOptions.defaultPack()).map { ($0 as NSString).deletingLastPathComponent } ?? "."
            sources.append((root as NSString).appendingPathComponent("Corpus"))
            let shared = ((root as NSString).appendingPathComponent("../shared/corpus") as NSString).standardizingPath
            if FileManager.default.fileExists(atPath: shared) { sources.append(shared) }
        }
        var base: [Document] = []
        for case .document(let document) in DocumentStream(paths: sources) { base.append(document) }
        guard !base.isEmpty else { throw CLIError("bench: no text found in \(sources.joined(separator: ", "))") }
        var documents: [Document] = []
        var bytes = 0
        var round = 0
        repeat {
            for document in base {
                var copy = document
                copy.id = "\(document.id)#\(round)"
                documents.append(copy)
                bytes += document.text.utf8.count
            }
            round += 1
        } while bytes < megabytes * 1_000_000
        return documents
    }
}

/// The output formats bench measures, each with its concrete writer.
enum BenchFormat: String, CaseIterable, CustomStringConvertible {
    case conll = "CoNLL", jsonl = "JSONL"

    var description: String { rawValue.lowercased() }

    /// One run of the pipeline over `documents`, output discarded; CoNLL
    /// with pinyin, JSONL without, as `annotate` writes them by default.
    func measure(_ documents: [Document], rules: RuleSet, jobs: Int) throws -> (seconds: Double, mentions: Int, bytes: Int) {
        switch self {
        case .conll:
            try Benchmark.pipeline(documents, rules: rules, writer: CoNLLWriter(),
                                   options: CorpusRunner.Options(jobs: jobs, pinyin: .marks))
        case .jsonl:
            try Benchmark.pipeline(documents, rules: rules, writer: JSONLWriter(),
                                   options: CorpusRunner.Options(jobs: jobs, pinyin: nil))
        }
    }
}
