#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into "remove the temporary outputs, then
/// exit 128 + signal" (130, 143, 129), the status a shell reports for a
/// process killed by that signal.
///
/// A signal handler may only call async-signal-safe functions, and removing
/// a staging directory or taking a lock is not among them. So the handler
/// does the one safe thing, writing the signal number to a pipe (the
/// self-pipe technique), and a thread of its own, blocked on the other end,
/// does the clean-up in ordinary code (`TemporaryOutputs.removeAllAndExit`).
/// This works whichever thread the kernel delivers the signal to, and leaves
/// signal masks alone, so child processes inherit nothing unusual.
///
/// A signal that was ignored when the process started (`nohup`, a
/// background job of a non-interactive shell) stays ignored.
public enum InterruptCleanup {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers and starts the clean-up thread; later calls do
    /// nothing. Call it first thing in `main`, before other threads start.
    public static func install() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            var descriptors: [Int32] = [0, 0]
            guard pipe(&descriptors) == 0 else { return }
            signalPipe = descriptors[1]
            let readEnd = descriptors[0]
            let thread = Thread {
                var byte: UInt8 = 0
                while read(readEnd, &byte, 1) != 1 {}
                TemporaryOutputs.shared.removeAllAndExit(status: 128 + Int32(byte))
            }
            thread.name = "zhengming.interrupt-cleanup"
            thread.start()
            // A parent may have blocked them (a test runner's Foundation
            // `Process` passes on its mask): a blocked signal would stay
            // pending and the run would go on. Threads started later
            // inherit the calling thread's mask.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            for number in signals {
                let previous = signal(number, interruptHandler)
                if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                    signal(number, SIG_IGN)
                }
                sigaddset(&unblock, number)
            }
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        }
    }

    private static let installed = Mutex(false)
}

/// The write end of the self-pipe; set once by `install` before any handler
/// is installed, read-only afterwards.
nonisolated(unsafe) private var signalPipe: Int32 = -1

/// The signal handler: async-signal-safe (one `write`).
private let interruptHandler: @convention(c) (Int32) -> Void = { number in
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipe, &byte, 1)
}
