import Foundation
import FuzzSupport
@testable import Zhengming

/// Pattern text → `PatternParser` → `PatternCompiler` → `PatternMatcher` at
/// every position of a short text.
///
/// The input's first line is the pattern, the rest (up to 64 characters,
/// normalised as documents are) the text.
///
/// Promised, and checked here:
/// - any pattern compiles or gives one diagnostic line at an offset inside
///   the pattern, never a crash; compiling takes bounded time and memory;
/// - a match starts where it was asked to, ends inside the text, spans at
///   most `PatternMatcher.maxSpan`, and its capture slots lie inside it;
/// - an attempt's steps stay under the bound the matcher documents
///   (program size × span for the machine and each lookaround);
/// - the optimised program (literal tries, guards, cheap tests first)
///   finds the same longest match as the plain one;
/// - on the subset of the language that is also an ICU regular expression
///   (literals, `.`, classes, groups, alternation, greedy quantifiers),
///   the longest match agrees with `NSRegularExpression`: what it reports
///   matches, and where ICU finds a match ours finds one at least as long
///   (on texts of up to 16 characters: ICU's backtracking is exponential).

struct NoSymbols: PatternSymbols {
    func lexiconID(_ name: String) -> Int32? { nil }
    func filterID(lexicon: Int32, filter: LexiconFilter) -> Int32 { -1 }
    func labelID(_ label: String) -> Int32? { nil }
}

/// One per process: libFuzzer calls the target on one thread.
nonisolated(unsafe) let normalizer = try! CharacterNormalizer()
/// One per process: libFuzzer calls the target on one thread.
nonisolated(unsafe) let scratch = MatchScratch()
let stepBudget = 2_000_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPattern(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let cut = bytes.firstIndex(of: 0x0A) ?? bytes.count
    guard let pattern = String(validating: bytes[..<cut], as: UTF8.self) else { return 0 }
    let text = String(decoding: bytes[min(cut + 1, bytes.count)...], as: UTF8.self)
    let units = Array(normalizer.normalize(text.unicodeScalars.map(\.value)).units.prefix(200))
    let tree: PatternNode
    do { tree = try PatternParser.parse(pattern, fold: { normalizer.fold($0) }) } catch {
        expect(error.offset >= 0 && error.offset <= pattern.unicodeScalars.count, "error offset \(error.offset) outside the pattern")
        expect(isOneLine(error.message), "error message is not one line: \(error.message.debugDescription)")
        return 0
    }
    let optimized = try? PatternCompiler.compile(tree, symbols: NoSymbols())
    let plain = try? PatternCompiler.compile(tree, symbols: NoSymbols(), optimize: false)
    expect((optimized == nil) == (plain == nil), "only one of the optimised and plain programs compiles")
    guard let optimized, let plain else { return 0 }
    let input = matchInput(units)
    let regex = ICURegex(pattern: pattern, units: units)
    for start in 0...units.count {
        guard case .finished(let found) = attempt(optimized, at: start, in: input),
              case .finished(let reference) = attempt(plain, at: start, in: input) else { continue }
        expect(found == reference, "at \(start): optimised ends at \(String(describing: found)), plain at \(String(describing: reference))")
        regex?.check(start: start, end: found)
    }
    return 0
}

/// Token boundaries where ASCII letters and digits meet anything else, so
/// that `\b` and `\B` see both.
func matchInput(_ units: [UInt32]) -> MatchInput {
    func isWord(_ unit: UInt32) -> Bool { unit < 0x80 && Character(Unicode.Scalar(UInt8(unit))).isLetter }
    var boundaries = [Bool](repeating: false, count: units.count + 1)
    for index in 0...units.count {
        boundaries[index] = index == 0 || index == units.count || isWord(units[index - 1]) != isWord(units[index])
    }
    return MatchInput(units: units, window: 0..<units.count, isTokenBoundary: boundaries,
                      lexiconHits: .empty, filters: [], mentions: .empty)
}

/// An attempt at one position: the end of the longest match (nil: none),
/// or the step budget ran out (then there is nothing to compare).
enum Attempt {
    case finished(Int?)
    case exhausted
}

/// The longest match at `start`; checks what holds for every match.
func attempt(_ program: PatternProgram, at start: Int, in input: MatchInput) -> Attempt {
    scratch.resetBudget(stepBudget)
    let match = PatternMatcher.longestMatch(program, at: start, in: input, scratch: scratch)
    let bound = program.instructions.count * (PatternMatcher.maxSpan + 1)
        * (1 + program.subprograms.count * (PatternMatcher.maxSpan + 1)) * 2
    expect(scratch.exhausted || scratch.steps <= bound, "\(scratch.steps) steps at \(start), over the bound \(bound)")
    if scratch.exhausted { return .exhausted }
    guard let match else { return .finished(nil) }
    let count = input.units.count
    expect(match.end >= start && match.end <= count && match.end - start <= PatternMatcher.maxSpan,
           "match \(start)..<\(match.end) outside the text (\(count))")
    for slot in match.slots where slot != -1 {
        expect(slot >= 0 && slot <= count, "capture slot \(slot) outside the text")
    }
    return .finished(match.end)
}

/// `NSRegularExpression` as the reference, for patterns written only in
/// the syntax both languages share and mean the same by.
struct ICURegex {
    let whole: NSRegularExpression
    let prefix: NSRegularExpression
    let text: String
    let count: Int

    init?(pattern: String, units: [UInt32]) {
        // ICU backtracks: `(a*)*b` is exponential in the text's length, so
        // the reference only sees short texts.
        guard units.count <= 16, Self.isShared(pattern), units.allSatisfy({ $0 >= 0x20 && $0 < 0xD800 && $0 != 0x7F && !(0x80...0x9F).contains($0) }),
              let whole = try? NSRegularExpression(pattern: "^(?:\(pattern))$"),
              let prefix = try? NSRegularExpression(pattern: "(?:\(pattern))") else { return nil }
        self.whole = whole
        self.prefix = prefix
        text = String(String.UnicodeScalarView(units.compactMap(Unicode.Scalar.init)))
        count = units.count
    }

    /// Literals (ASCII letters, digits, space), `.`, `|`, groups `(…)` and
    /// `(?:…)`, greedy `* + ?` and `{m}`, `{m,}`, `{m,n}`, classes of
    /// letters and ranges: no escapes, anchors, lookarounds, lexicons or
    /// mention references, which the two languages spell or mean otherwise.
    static func isShared(_ pattern: String) -> Bool {
        let allowed = Set("abcxyz019 .|()?:*+{},[]-")
        guard pattern.allSatisfy(allowed.contains) else { return false }
        let scalars = Array(pattern)
        for (index, character) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if "*+?}".contains(character), next == "+" || next == "?" { return false }  // possessive, lazy
            if character == "(", next == "?", index + 2 < scalars.count, scalars[index + 2] != ":" { return false }
            if character == "?", index > 0, scalars[index - 1] == "(", next != ":" { return false }
            if character == ":", !(index >= 2 && scalars[index - 1] == "?" && scalars[index - 2] == "(") { return false }
        }
        // Braces only as quantifiers, classes only of plain members.
        let braces = try! NSRegularExpression(pattern: "\\{[0-9]+(,[0-9]*)?\\}")
        let withoutQuantifiers = braces.stringByReplacingMatches(in: pattern, range: NSRange(location: 0, length: pattern.utf16.count), withTemplate: "")
        if withoutQuantifiers.contains("{") || withoutQuantifiers.contains("}") { return false }
        let classes = try! NSRegularExpression(pattern: "\\[[abcxyz019 ]([abcxyz019 ]|[abcxyz019]-[abcxyz019])*\\]")
        let withoutClasses = classes.stringByReplacingMatches(in: withoutQuantifiers, range: NSRange(location: 0, length: withoutQuantifiers.utf16.count), withTemplate: "a")
        return !withoutClasses.contains("[") && !withoutClasses.contains("]") && !withoutClasses.contains("-")
    }

    /// `end` nil: no match at `start`.
    func check(start: Int, end: Int?) {
        if let end {
            let matched = whole.firstMatch(in: text, range: NSRange(location: start, length: end - start)) != nil
            expect(matched, "ICU does not match \(start)..<\(end), which the matcher reported")
        }
        if let icu = prefix.firstMatch(in: text, options: .anchored, range: NSRange(location: start, length: count - start)) {
            expect(end.map { $0 >= icu.range.upperBound } ?? false,
                   "ICU matches \(start)..<\(icu.range.upperBound), the matcher \(end.map { "only to \($0)" } ?? "nothing")")
        }
    }
}
