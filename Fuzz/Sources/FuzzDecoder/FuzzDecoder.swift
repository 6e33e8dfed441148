import FuzzSupport
@testable import Zhengming

/// Bytes of a file → `TextDecoder` → `CharacterNormalizer` → an annotator
/// with no rules (segmentation, tokens, pinyin).
///
/// Promised, and checked here:
/// - decoding either gives a text or one error line, never a crash;
/// - valid UTF-8 (without NUL) decodes to itself, byte for byte, and after a
///   UTF-8 byte-order mark to the bytes after it;
/// - a UTF-16 or UTF-32 file with a byte-order mark decodes strictly: the
///   text re-encoded gives back the bytes after the mark (nothing replaced
///   by U+FFFD, nothing dropped);
/// - the normalised text maps back: every unit comes from a character of
///   the original, in order, and every range maps inside the original;
/// - every sentence and token of the annotated text lies inside it.

/// One per process: libFuzzer calls the target on one thread.
nonisolated(unsafe) let normalizer = try! CharacterNormalizer()
/// One per process: libFuzzer calls the target on one thread.
nonisolated(unsafe) let annotator = try! Annotator(rules: .empty, pinyin: .marks)
/// Encodings a user may name with `--encoding`; an input's length picks one,
/// so that every encoding sees every kind of input.
let namedEncodings = ["GB18030", "Big5", "UTF-16LE", "UTF-16BE", "UTF-32LE", "GBK", "Shift_JIS", "no-such-encoding"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkDetected(bytes)
    checkNamed(bytes, encoding: namedEncodings[size % namedEncodings.count])
    return 0
}

func checkDetected(_ bytes: [UInt8]) {
    let decoded: (text: String, encoding: String)
    do { decoded = try TextDecoder().decode(bytes) } catch {
        expect(isOneLine(error.description), "error is not one line: \(error.description.debugDescription)")
        expect(!(isPlainUTF8(bytes) && !bytes.isEmpty), "valid UTF-8 refused: \(error.description)")
        return
    }
    let utf8 = Array(decoded.text.utf8)
    if isPlainUTF8(bytes) {
        expect(decoded.encoding == "UTF-8" && utf8 == bytes, "valid UTF-8 not decoded as itself (\(decoded.encoding))")
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
        expect(utf8[...] == bytes.dropFirst(3), "UTF-8 after a byte-order mark not decoded as itself")
    }
    if let reencoded = reencode(decoded.text, as: decoded.encoding), let mark = markLength(of: bytes) {
        expect(reencoded[...] == bytes.dropFirst(mark), "\(decoded.encoding) with a byte-order mark not decoded strictly")
    }
    checkNormalized(decoded.text)
    checkAnnotated(decoded.text)
}

func checkNamed(_ bytes: [UInt8], encoding: String) {
    do {
        let decoded = try TextDecoder(encoding: encoding).decode(bytes)
        checkNormalized(decoded.text)
    } catch {
        expect(isOneLine(error.description), "error is not one line: \(error.description.debugDescription)")
    }
}

/// Valid UTF-8 with nothing that makes the decoder look further (no NUL,
/// no UTF-16/32 byte-order mark).
func isPlainUTF8(_ bytes: [UInt8]) -> Bool {
    !bytes.contains(0) && !bytes.starts(with: [0xFF, 0xFE]) && !bytes.starts(with: [0xFE, 0xFF])
        && !bytes.starts(with: [0xEF, 0xBB, 0xBF]) && String(validating: bytes, as: UTF8.self) != nil
}

func markLength(of bytes: [UInt8]) -> Int? {
    if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return 4 }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return 2 }
    return nil
}

/// The text in a Unicode encoding, written independently of the decoder.
func reencode(_ text: String, as encoding: String) -> [UInt8]? {
    switch encoding {
    case "UTF-16LE": return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    case "UTF-16BE": return text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    case "UTF-32LE": return text.unicodeScalars.flatMap { s in (0..<4).map { UInt8((s.value >> (8 * $0)) & 0xFF) } }
    case "UTF-32BE": return text.unicodeScalars.flatMap { s in (0..<4).reversed().map { UInt8((s.value >> (8 * $0)) & 0xFF) } }
    default: return nil
    }
}

func checkNormalized(_ text: String) {
    let original = text.unicodeScalars.map(\.value)
    let normalized = normalizer.normalize(original)
    expect(normalized.origin.count == normalized.units.count, "origin and units differ in length")
    var previous: Int32 = 0
    for origin in normalized.origin {
        expect(origin >= previous && Int(origin) < original.count, "origin \(origin) out of order or outside the text")
        previous = origin
    }
    for index in 0..<normalized.count {
        let range = normalized.originalRange(index..<(index + 1))
        expect(range.lowerBound == Int(normalized.origin[index]) && range.upperBound > range.lowerBound
               && range.upperBound <= original.count, "unit \(index) maps to \(range), outside the text")
    }
    let whole = normalized.originalRange(0..<normalized.count)
    expect(whole.upperBound <= original.count, "the whole text maps to \(whole)")
    if original.allSatisfy({ $0 < 0x80 }) {
        expect(normalized.units == original, "ASCII changed by normalisation")
    }
}

func checkAnnotated(_ text: String) {
    guard text.unicodeScalars.count <= 4_096 else { return }
    do {
        expectSpansInside(try annotator.annotate(Document(id: "fuzz", text: text)))
    } catch {
        expect(isOneLine("\(error)"), "annotation error is not one line")
    }
}
