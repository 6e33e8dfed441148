import Foundation

/// The measurements behind `zhengming bench`: throughput of the annotation
/// pipeline as a ratio to ICU's own word segmentation of the same text in the
/// same run (machines are shared and noisy; a ratio survives that, an
/// absolute number does not), and the behaviour of the lexicon automaton as
/// lexicons grow from a thousand to a million entries.
public enum Benchmark {
    /// Characters per second of ICU word segmentation alone: a break-iterator
    /// loop over each document, nothing else. The baseline.
    public static func icuSegmentation(_ documents: [Document]) throws -> (seconds: Double, boundaries: Int) {
        let iterator = try ICUBreakIterator(.word, locale: "zh")
        let texts = documents.map { Array($0.text.utf16) }
        var boundaries = 0
        let seconds = try time {
            for text in texts {
                try text.withUnsafeBufferPointer { buffer in
                    try iterator.forEachBoundary(in: buffer) { _, _ in boundaries += 1 }
                }
            }
        }
        return (seconds, boundaries)
    }

    /// Runs the full pipeline over the documents with `writer`, discarding the
    /// output; returns the time and the number of mentions and output bytes
    /// (each run checks its answer against the others).
    public static func pipeline(_ documents: [Document], rules: RuleSet, writer: some AnnotationWriter,
                                options: CorpusRunner.Options) throws -> (seconds: Double, mentions: Int, bytes: Int) {
        let runner = try CorpusRunner(rules: rules, options: options)
        var bytes = 0
        var mentions = 0
        let seconds = time {
            let summary = runner.run(documents.lazy.map { ReadResult.document($0) }, writer: writer,
                                     emit: { bytes += $0.count }, report: { _, _ in })
            mentions = summary.mentions
        }
        return (seconds, mentions, bytes)
    }

    /// A synthetic lexicon of `count` distinct entries of 2–6 characters,
    /// generated deterministically from `seed` and written as a lexicon file.
    ///
    /// Entries are random strings of the characters of `sample` (the bench
    /// text), drawn by their frequency in it: every lexicon, small or large,
    /// starts entries at the text's common characters, so the series
    /// measures the cost of lexicon size rather than of how often the first
    /// character happens to miss. Entries are not substrings of the text, so
    /// the number of matches stays in proportion to real lexicons.
    public static func writeSyntheticLexicon(count: Int, from sample: [UInt32], to path: String,
                                             seed: UInt64 = 42) throws {
        var generator = SplitMix64(seed: seed)
        let han = sample.filter(\.isHan)
        precondition(han.count > 10, "bench text has no Han characters")
        var seen = Set<[UInt32]>()
        var output = "# synthetic lexicon for zhengming bench (\(count) entries)\n"
        output.reserveCapacity(count * 16)
        while seen.count < count {
            let length = 2 + Int(generator.next() % 5)
            let entry = (0..<length).map { _ in han[Int(generator.next() % UInt64(han.count))] }
            if seen.insert(entry).inserted { output += String(codePoints: entry) + "\n" }
        }
        try output.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Lexicon-only matching throughput: every entry occurrence of the
    /// automaton over the texts (normalised first, as in annotation).
    public static func lexiconMatching(_ rules: RuleSet, documents: [Document]) throws -> (seconds: Double, hits: Int) {
        let normalizer = try CharacterNormalizer()
        let texts = documents.map { normalizer.normalize($0.text.codePoints).units }
        var hits = 0
        let seconds = time {
            for text in texts {
                rules.automaton.forEachMatch(in: text, range: 0..<text.count) { _, _, _, _ in hits += 1 }
            }
        }
        return (seconds, hits)
    }

    /// Peak resident memory of this process so far (VmHWM), in bytes.
    public static var peakResidentBytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    public static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// A small deterministic generator (SplitMix64), so synthetic data is the
/// same on every machine and run, and randomised tests name their seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
