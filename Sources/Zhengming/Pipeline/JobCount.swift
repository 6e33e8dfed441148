import Foundation

/// How many workers a run may have.
///
/// Every worker holds its own annotator (ICU objects, caches, buffers: tens
/// of megabytes with the default pack), so a worker count is a memory
/// budget as much as a speed setting: `--jobs 100000` once reached 18 GB
/// before it was stopped, `--jobs 1000` took 665 MB for two documents.
/// Past a few workers per core nothing is gained (the work is CPU-bound), so
/// the count is clamped to `maximum`, four per core.
public enum JobCount {
    /// Four workers per core.
    public static var maximum: Int { 4 * max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `requested` within `1...maximum`.
    public static func clamped(_ requested: Int) -> Int { min(max(1, requested), maximum) }
}
