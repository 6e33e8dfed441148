import Testing
@testable import Zhengming

/// Issue 6: the per-document path works on code points and bytes instead of
/// `String`s. Each fast routine is checked here against the plain one it
/// replaced (a dictionary, `String(codePoints:)`, `String(value)`, reading
/// inline), on random inputs with named seeds.
@Suite struct PerDocumentPathTests {
    /// Random code points, biased towards what the fast paths treat apart:
    /// ASCII controls, quotes and backslashes, Han, astral characters, and
    /// lone surrogates (which `String(codePoints:)` turns into U+FFFD).
    static func randomCodePoints(_ count: Int, _ generator: inout SplitMix64) -> [UInt32] {
        let pools: [[UInt32]] = [
            [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x22, 0x5C, 0x7F],
            Array(0x20...0x7E), [0xE9, 0x85, 0x2028, 0x3000, 0xFF08],
            Array(0x4E00...0x4E40), [0x20000, 0x2A6D6, 0x1F600], [0xD800, 0xDFFF],
        ]
        return (0..<count).map { _ in
            let pool = pools[Int(generator.next() % UInt64(pools.count))]
            return pool[Int(generator.next() % UInt64(pool.count))]
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func tokenMemoAgreesWithADictionary(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var memo = TokenMemo()
        var reference: [[UInt32]: String] = [:]
        // Few distinct code points, so that keys repeat and values are replaced.
        let alphabet: [UInt32] = [0x4E2D, 0x56FD, 0x4EBA, 0x6C11, 0x41, 0x20000]
        for round in 0..<5_000 {
            let length = 1 + Int(generator.next() % 6)
            let key = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let stored = key.withUnsafeBufferPointer { memo.value(for: $0) }
            #expect(stored == reference[key], "key \(key)")
            if generator.next() % 3 != 0 {
                let value = "v\(round)"
                key.withUnsafeBufferPointer { memo.store(value, for: $0) }
                reference[key] = value
            }
            if round == 4_000 {
                memo.removeAll()
                reference.removeAll()
            }
        }
        #expect(memo.count == reference.count)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func quotingCodePointsMatchesQuotingTheirString(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let codePoints = Self.randomCodePoints(Int(generator.next() % 40), &generator)
            var fromString: [UInt8] = []
            JSONText.appendQuoted(String(codePoints: codePoints), to: &fromString)
            var direct: [UInt8] = []
            JSONText.appendQuoted(codePoints: codePoints[...], to: &direct)
            #expect(direct == fromString, "\(codePoints)")
            #expect(fromString == Self.quotedByteByByte(String(codePoints: codePoints)))
        }
    }

    /// The byte-by-byte quoting `appendQuoted` used to do.
    static func quotedByteByByte(_ string: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in string.utf8 {
            switch byte {
            case 0x22, 0x5C: out += [0x5C, byte]
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        return out + [0x22]
    }

    @Test(arguments: [0, 7, 10, 99, 100, 12_345, -1, -10, -987, Int.max, Int.min])
    func composedDecimalsSpellLikeString(_ value: Int) {
        var output: [UInt8] = [0x3E]
        LineComposer.compose(capacity: 20, into: &output) { $0.appendDecimal(value) }
        #expect(String(decoding: output, as: UTF8.self) == ">" + String(value))
    }

    @Test(arguments: [1, 2] as [UInt64])
    func composedCleanTextMatchesTheStringWithBreaksAsSpaces(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<200 {
            // Text comes from Strings: no lone surrogates.
            let codePoints = Self.randomCodePoints(Int(generator.next() % 30), &generator)
                .filter { !(0xD800...0xDFFF).contains($0) }
            var output: [UInt8] = []
            CoNLLWriter.appendClean(codePoints[...], to: &output)
            let breaks: Set<UInt32> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
            let expected = String(codePoints: codePoints.map { breaks.contains($0) ? 0x20 : $0 })
            #expect(output == Array(expected.utf8), "\(codePoints)")
        }
    }

    /// Reading ahead does not change what the run reports and emits, nor in
    /// which order: a batch's input problems come before its output.
    @Test func readingAheadKeepsTheOrderOfOutputAndReports() throws {
        let pack = try RulePackFixture(WriterFixture.files)
        defer { pack.remove() }
        let runner = try CorpusRunner(rules: try pack.load(),
                                      options: .init(jobs: 2, pinyin: nil, batchDocuments: 2))
        let items: [ReadResult] = [
            .document(Document(id: "d1", text: "湖南省委")), .failure(InputError(.missingText, path: "a", line: 2)),
            .document(Document(id: "d2", text: "书记")), .document(Document(id: "d3", text: "巡视组")),
            .failure(InputError(.unreadable("gone"), path: "b")), .document(Document(id: "d4", text: "组长")),
            .document(Document(id: "d5", text: "湘")), .failure(InputError(.unreadable("gone"), path: "c")),
        ]
        var events: [String] = []
        var batches = 0
        let summary = runner.run(items, writer: CoNLLWriter(),
                                 emit: { events.append(String(decoding: $0, as: UTF8.self).split(separator: "\n")[0].description) },
                                 report: { message, _ in events.append("report " + message.prefix(1)) },
                                 progress: { _ in batches += 1 })
        #expect(events == [
            "report a", "# doc_id = d1", "# doc_id = d2",
            "report b", "# doc_id = d3", "# doc_id = d4",
            "report c", "# doc_id = d5",
        ])
        #expect(batches == 3)
        #expect(summary.documents == 5 && summary.failures == 3)
        #expect(summary.characters == 4 + 2 + 3 + 2 + 1)
    }
}
