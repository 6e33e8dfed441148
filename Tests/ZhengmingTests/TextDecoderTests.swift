import Testing
@testable import Zhengming

/// Issue 2, step 1: every supported encoding decodes to the same text, and
/// every way of failing is an `InputError` that says why.
@Suite struct TextDecoderTests {
    static let phrase = "中央巡视组"
    /// `'中央巡视组'.encode('gbk')`
    static let gbkPhrase: [UInt8] = [0xD6, 0xD0, 0xD1, 0xEB, 0xD1, 0xB2, 0xCA, 0xD3, 0xD7, 0xE9]
    static let sentence = "中央第六巡视组组长王荣军主持召开会议。"
    /// `'中央第六巡视组组长王荣军主持召开会议。'.encode('gbk')`
    static let gbkSentence: [UInt8] = [
        0xD6, 0xD0, 0xD1, 0xEB, 0xB5, 0xDA, 0xC1, 0xF9, 0xD1, 0xB2, 0xCA, 0xD3, 0xD7, 0xE9, 0xD7, 0xE9,
        0xB3, 0xA4, 0xCD, 0xF5, 0xC8, 0xD9, 0xBE, 0xFC, 0xD6, 0xF7, 0xB3, 0xD6, 0xD5, 0xD9, 0xBF, 0xAA,
        0xBB, 0xE1, 0xD2, 0xE9, 0xA1, 0xA3,
    ]
    static let traditionalPhrase = "中央巡視組"
    /// `'中央巡視組'.encode('big5')`
    static let big5Phrase: [UInt8] = [0xA4, 0xA4, 0xA5, 0xA1, 0xA8, 0xB5, 0xB5, 0xF8, 0xB2, 0xD5]
    static let traditionalSentence = "中央第六巡視組組長王榮軍主持召開會議。"
    /// `'中央第六巡視組組長王榮軍主持召開會議。'.encode('big5')`
    static let big5Sentence: [UInt8] = [
        0xA4, 0xA4, 0xA5, 0xA1, 0xB2, 0xC4, 0xA4, 0xBB, 0xA8, 0xB5, 0xB5, 0xF8, 0xB2, 0xD5, 0xB2, 0xD5,
        0xAA, 0xF8, 0xA4, 0xFD, 0xBA, 0x61, 0xAD, 0x78, 0xA5, 0x44, 0xAB, 0xF9, 0xA5, 0x6C, 0xB6, 0x7D,
        0xB7, 0x7C, 0xC4, 0xB3, 0xA1, 0x43,
    ]
    /// Bytes that are not UTF-8 and not GB18030 (0x80 and 0xFF are illegal lead bytes there).
    static let undecodable: [UInt8] = [0x80, 0xFF, 0xFE, 0x81, 0x20, 0xFF]

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit -> [UInt8] in
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            return bigEndian ? [high, low] : [low, high]
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let text: String
        let encoding: String
        var testDescription: String { name }
    }

    static let detected: [Case] = [
        Case(name: "UTF-8 without BOM", bytes: Array(sentence.utf8), text: sentence, encoding: "UTF-8"),
        Case(name: "UTF-8 with BOM", bytes: [0xEF, 0xBB, 0xBF] + Array(sentence.utf8), text: sentence, encoding: "UTF-8"),
        Case(name: "UTF-16LE with BOM", bytes: [0xFF, 0xFE] + utf16(sentence, bigEndian: false), text: sentence,
             encoding: "UTF-16LE"),
        Case(name: "UTF-16BE with BOM", bytes: [0xFE, 0xFF] + utf16(sentence, bigEndian: true), text: sentence,
             encoding: "UTF-16BE"),
        Case(name: "UTF-16LE with BOM, astral character", bytes: [0xFF, 0xFE] + utf16("𠀀中", bigEndian: false),
             text: "𠀀中", encoding: "UTF-16LE"),
        Case(name: "GBK sentence", bytes: gbkSentence, text: sentence, encoding: "GB18030"),
        Case(name: "Big5 sentence", bytes: big5Sentence, text: traditionalSentence, encoding: "Big5"),
    ]

    @Test(arguments: detected)
    func decodesDetectedEncoding(_ example: Case) throws {
        let (text, encoding) = try TextDecoder().decode(example.bytes)
        #expect(text == example.text)
        #expect(encoding == example.encoding)
        #expect(!text.unicodeScalars.contains("\u{FEFF}"), "the byte-order mark is not part of the text")
    }

    /// GBK is the encoding of most Chinese government pages; a short page
    /// (a title) must still come out as Chinese.
    @Test func decodesShortGBK() throws {
        let (text, _) = try TextDecoder().decode(Self.gbkPhrase)
        #expect(text == Self.phrase)
    }

    @Test func decodesShortBig5WhenDetected() throws {
        let (text, _) = try TextDecoder().decode(Self.big5Phrase)
        withKnownIssue("short Big5 input is ambiguous with GBK and decodes as GB18030; documented: pass --encoding Big5") {
            #expect(text == Self.traditionalPhrase)
        }
    }

    static let overrides: [Case] = [
        Case(name: "--encoding GBK", bytes: gbkPhrase, text: phrase, encoding: "GBK"),
        Case(name: "--encoding GB18030", bytes: gbkPhrase, text: phrase, encoding: "GB18030"),
        Case(name: "--encoding Big5", bytes: big5Phrase, text: traditionalPhrase, encoding: "Big5"),
        Case(name: "--encoding UTF-16LE without BOM", bytes: utf16(phrase, bigEndian: false), text: phrase,
             encoding: "UTF-16LE"),
        Case(name: "--encoding UTF-8 with BOM", bytes: [0xEF, 0xBB, 0xBF] + Array(phrase.utf8), text: phrase,
             encoding: "UTF-8"),
    ]

    @Test(arguments: overrides)
    func encodingOverrideDecides(_ example: Case) throws {
        let (text, encoding) = try TextDecoder(encoding: example.encoding).decode(example.bytes)
        #expect(text == example.text)
        #expect(encoding == example.encoding)
    }

    @Test func overrideIsStrict() {
        // Valid GBK is not valid UTF-8: an explicit --encoding never falls back.
        #expect(throws: InputError.self) { try TextDecoder(encoding: "UTF-8").decode(Self.gbkPhrase) }
    }

    @Test func unknownEncodingNameIsReported() throws {
        let error = try #require(throws: InputError.self) { try TextDecoder(encoding: "NO-SUCH-CHARSET").decode(Self.gbkPhrase) }
        #expect(error.kind == .unknownEncoding("NO-SUCH-CHARSET"))
        #expect(error.reason.contains("unknown encoding 'NO-SUCH-CHARSET'"))
    }

    @Test func undecodableBytesAreAnError() throws {
        let error = try #require(throws: InputError.self) { try TextDecoder().decode(Self.undecodable) }
        #expect(error.reason.hasPrefix("cannot decode as UTF-8"))
        #expect(error.reason.contains("GB18030"))
        #expect(error.reason.contains("--encoding"))
    }

    @Test func undecodableBytesAfterAUTF8BOMAreAnError() throws {
        let error = try #require(throws: InputError.self) {
            try TextDecoder().decode([0xEF, 0xBB, 0xBF] + Self.undecodable)
        }
        #expect(error.reason.hasPrefix("cannot decode as UTF-8"))
        #expect(error.isWarning == false)
    }

    @Test func illegalSequenceForAnExplicitEncodingNamesItsByteOffset() throws {
        // 0xFF is never a GB18030 lead byte; it is the fourth byte here.
        let bytes: [UInt8] = [0xD6, 0xD0, 0x41, 0xFF, 0x41]
        let error = try #require(throws: InputError.self) { try TextDecoder(encoding: "GB18030").decode(bytes) }
        #expect(error.reason.hasPrefix("cannot decode as GB18030"))
        #expect(error.kind == .undecodable(tried: ["GB18030"], offset: 3))
        #expect(error.reason.contains("at byte 3"))
    }

    @Test func nulBytesAreBinary() throws {
        let bytes: [UInt8] = Array("abc".utf8) + [0x00, 0x01] + Array("中".utf8)
        let error = try #require(throws: InputError.self) { try TextDecoder().decode(bytes) }
        #expect(error.kind == .binary(offset: 3, likely: "UTF-16LE"))
        #expect(error.reason.hasPrefix("binary data (NUL byte at byte 3)"))
        #expect(!error.isWarning)
    }

    @Test func emptyInputIsAWarning() throws {
        let error = try #require(throws: InputError.self) { try TextDecoder().decode([]) }
        #expect(error.kind == .empty)
        #expect(error.reason == "empty file, nothing to annotate")
        #expect(error.isWarning)
    }

    @Test func descriptionNamesPathAndLine() {
        var error = InputError(.missingText)
        #expect(error.description == error.reason)
        error.path = "in/docs.jsonl"
        #expect(error.description == "in/docs.jsonl: \(error.reason)")
        error.line = 7
        #expect(error.description == "in/docs.jsonl:7: \(error.reason)")
    }
}
