import Foundation
import Zhengming

/// A one-line progress display on standard error for long runs on a
/// terminal: documents done, characters per second and, when the input size
/// is known, an estimate of the time left. Silent when standard error is not
/// a terminal or with --quiet.
final class ProgressDisplay: @unchecked Sendable {
    private let enabled: Bool
    private let totalBytes: Int?
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool, totalBytes: Int?) {
        self.enabled = enabled
        self.totalBytes = totalBytes
    }

    /// Total size of the input files (directories walked), nil for stdin.
    static func inputBytes(_ paths: [String]) -> Int? {
        if paths.isEmpty || paths.contains("-") { return nil }
        var total = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue ? DocumentStream.inputFiles(under: path) : [path]
            for file in files {
                total += (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            }
        }
        return total
    }

    func update(_ summary: CorpusRunner.Summary) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(summary.characters) / elapsed
        var line = "\u{1B}[2K\r\(summary.documents) documents, \(Self.si(rate)) chars/s"
        if let totalBytes, totalBytes > 0 {
            // Chinese text is about 3 UTF-8 bytes per character.
            let fraction = min(1, Double(summary.characters * 3) / Double(totalBytes))
            let width = 24
            let filled = Int(fraction * Double(width))
            line += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
            if fraction > 0.01 {
                line += " ETA \(Int(elapsed / fraction - elapsed))s"
            }
        }
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func clearLine() {
        if drawn { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
    }

    func finish(_ summary: CorpusRunner.Summary) {
        guard enabled else { return }
        clearLine()
        let elapsed = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data(String(format: "%d documents, %d characters, %d mentions in %.2fs\n",
                                                   summary.documents, summary.characters, summary.mentions, elapsed).utf8))
    }

    static func si(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.2fM", value / 1e6) : value >= 1e3 ? String(format: "%.1fk", value / 1e3) : String(format: "%.0f", value)
    }
}
