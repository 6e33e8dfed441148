import Foundation
import ServiceLifecycle
import Zhengming

/// `serve --watch`: polls the packs' files and reloads when one changed
/// (added, removed, resized or touched). Polling, not inotify: it works the
/// same on every file system (network mounts, containers) and costs a few
/// `stat` calls a second for a pack of a hundred files.
struct RuleWatcher: Service {
    let rules: RuleService
    let interval: Duration
    let report: @Sendable (String) -> Void

    func run() async throws {
        let packs = await rules.packs
        await cancelWhenGracefulShutdown {
            var last = Self.fingerprint(packs)
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                let now = Self.fingerprint(packs)
                guard now != last else { continue }
                last = now
                switch await rules.reload() {
                case .reloaded(let generation, _):
                    report("zhengming serve: a pack changed; rules reloaded (generation \(generation))")
                case .rejected(let diagnostics):
                    report("zhengming serve: a pack changed but has errors; the previous rules stay in service:\n"
                           + diagnostics.filter(\.isError).map(\.description).joined(separator: "\n"))
                }
            }
        }
    }

    /// Every file under the packs with its size and modification time.
    static func fingerprint(_ packs: [String]) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        let manager = FileManager.default
        for pack in packs {
            guard let walker = manager.enumerator(atPath: pack) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = (pack as NSString).appendingPathComponent(relative)
                guard let attributes = try? manager.attributesOfItem(atPath: path),
                      attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                let size = (attributes[.size] as? NSNumber)?.doubleValue ?? -1
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
                result[path] = [size, modified]
            }
        }
        return result
    }
}
