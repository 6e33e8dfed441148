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
                    try iterator.forEachBoundary(in: buffer) { _ in boundaries += 1 }
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
    /// The series is meant to show what lexicon *size* costs, so every size
    /// finds about the same matches: the first (up to) 1,000 entries are
    /// words of the bench text itself (substrings of `sample`), the same in
    /// every lexicon, and the rest are fillers that the sample does not
    /// contain. Fillers are random strings of the sample's characters drawn
    /// by their frequency, so that they start where text starts and the
    /// automaton walks into them as it would into a real gazetteer's
    /// entries; without the rule they would add matches in proportion to
    /// size, and the series would measure the output, not the lexicon.
    public static func writeSyntheticLexicon(count: Int, from sample: [UInt32], excluding text: [[UInt32]],
                                             to path: String, seed: UInt64 = 42) throws {
        var generator = SplitMix64(seed: seed)
        let han = sample.filter(\.isHan)
        precondition(han.count > 10, "bench text has no Han characters")
        // The words: Han substrings of the sample. What fillers must avoid:
        // every Han substring of the whole text, by a 64-bit hash (a
        // collision only rejects a filler that could have been used).
        var words = Set<[UInt32]>()
        forEachHanSubstring(of: sample) { words.insert(Array($0)) }
        var occurring = Set<UInt64>()
        for document in text { forEachHanSubstring(of: document) { occurring.insert(hash($0)) } }
        let wordList = words.sorted { $0.lexicographicallyPrecedes($1) }
        var seen = Set<[UInt32]>()
        var output = "# synthetic lexicon for zhengming bench (\(count) entries)\n"
        output.reserveCapacity(count * 16)
        while seen.count < min(count, 1_000, wordList.count) {
            let entry = wordList[Int(generator.next() % UInt64(wordList.count))]
            if seen.insert(entry).inserted { output += String(codePoints: entry) + "\n" }
        }
        while seen.count < count {
            let length = 2 + Int(generator.next() % 5)
            let entry = (0..<length).map { _ in han[Int(generator.next() % UInt64(han.count))] }
            if !occurring.contains(hash(entry[...])), seen.insert(entry).inserted { output += String(codePoints: entry) + "\n" }
        }
        try output.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Calls `body` with every substring of 2–6 Han characters of `text`.
    private static func forEachHanSubstring(of text: [UInt32], _ body: (ArraySlice<UInt32>) -> Void) {
        var runStart = 0
        for index in 0...text.count where index == text.count || !text[index].isHan {
            for start in runStart..<index {
                for length in 2...6 where start + length <= index { body(text[start..<start + length]) }
            }
            runStart = index + 1
        }
    }

    /// FNV-1a over the code points.
    private static func hash(_ characters: ArraySlice<UInt32>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for character in characters { value = (value ^ UInt64(character)) &* 0x100_0000_01B3 }
        return value
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
