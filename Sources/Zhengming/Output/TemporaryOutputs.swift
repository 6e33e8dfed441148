#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// The temporary files (and staging directories) this process has created
/// and not yet renamed into place: what an interrupted run must remove so
/// that nothing half-written is left behind.
///
/// Creating, renaming and removing a temporary path all happen under one
/// lock, and so does the clean-up on a signal (`removeAllAndExit`), which
/// never lets go of it. A temporary file therefore is either still registered
/// when the clean-up runs (and removed), or already renamed over its target
/// (which is then complete): there is no moment at which the clean-up can
/// miss it or remove a finished output.
public final class TemporaryOutputs: Sendable {
    public static let shared = TemporaryOutputs()

    private struct State {
        var paths: Set<String> = []
        var directories: Set<String> = []
        var serial = 0
    }

    private let state = Mutex(State())

    /// A number for the next temporary name (unique within the process).
    func nextSerial() -> Int {
        state.withLock { state in
            state.serial += 1
            return state.serial
        }
    }

    /// Runs `create` (which opens `path` with `O_EXCL` and returns the
    /// descriptor, or -1) and registers `path` when it succeeds.
    func register(_ path: String, _ create: () -> Int32) -> Int32 {
        state.withLock { state in
            let descriptor = create()
            if descriptor >= 0 { state.paths.insert(path) }
            return descriptor
        }
    }

    /// Creates the directory `path` (mode 0777 less the umask) and registers
    /// it: on interruption it is removed with everything in it.
    ///
    /// - Returns: 0, or the `errno` of `mkdir`.
    public func makeStagingDirectory(_ path: String) -> Int32 {
        state.withLock { state in
            if mkdir(path, 0o777) != 0 { return errno }
            state.directories.insert(path)
            return 0
        }
    }

    /// Renames `temporary` over `target` and forgets it.
    ///
    /// - Returns: 0, or the `errno` of `rename`.
    public func rename(_ temporary: String, to target: String) -> Int32 {
        state.withLock { state in
            let result = Foundation.rename(temporary, target) == 0 ? 0 : errno
            state.paths.remove(temporary)
            state.directories.remove(temporary)
            return result
        }
    }

    /// Removes `path` (a temporary file or staging directory) and forgets it.
    public func remove(_ path: String) {
        state.withLock { state in
            if state.directories.remove(path) != nil {
                try? FileManager.default.removeItem(atPath: path)
            } else {
                state.paths.remove(path)
                _ = unlink(path)
            }
        }
    }

    /// Removes every registered path and ends the process with `status`,
    /// holding the lock so that no rename can complete afterwards.
    func removeAllAndExit(status: Int32) -> Never {
        state.withLock { state in
            for path in state.paths { _ = unlink(path) }
            for directory in state.directories { try? FileManager.default.removeItem(atPath: directory) }
            _exit(status)
        }
    }

    /// The paths currently registered (for tests).
    var registered: Set<String> {
        state.withLock { $0.paths.union($0.directories) }
    }
}
