#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Headless Chromium (Debian's `chromium`) driven over the DevTools protocol
/// on a pipe (`--remote-debugging-pipe`: Chromium reads commands on file
/// descriptor 3 and writes answers on 4, each a JSON message ended by a NUL
/// byte), so tests need no WebSocket client and no open port.
///
/// One page (target) per browser; `evaluate` runs JavaScript in it and
/// returns the value, `insertText` types as a user does (through the
/// browser's input pipeline), `screenshot` returns PNG bytes.
final class HeadlessChromium {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The browser, when one is installed.
    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private var pid: pid_t = 0
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private var pending: [UInt8] = []
    private var nextID = 0
    private var session: String?
    private let profile: URL

    init() throws {
        guard let executable = Self.executable else { throw Failure(description: "no chromium installed") }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("zhengming-chromium-\(UUID().uuidString)")
        var commands: [Int32] = [0, 0], answers: [Int32] = [0, 0]
        guard pipe(&commands) == 0, pipe(&answers) == 0 else { throw Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commands[0], 3)
        posix_spawn_file_actions_adddup2(&actions, answers[1], 4)
        let devnull = Glibc.open("/dev/null", O_RDWR)
        posix_spawn_file_actions_adddup2(&actions, devnull, 1)
        posix_spawn_file_actions_adddup2(&actions, devnull, 2)
        let arguments = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                         "--hide-scrollbars", "--remote-debugging-pipe", "--window-size=1200,900",
                         "--user-data-dir=\(profile.path)", "about:blank"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(commands[0]); close(answers[1]); close(devnull)
        guard status == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))") }
        toBrowser = commands[1]
        fromBrowser = answers[0]
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        close(toBrowser)
        close(fromBrowser)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Opens `url` in a new page and waits for it to load.
    func open(_ url: String, timeout: Double = 30) throws {
        let created = try call("Target.createTarget", ["url": "about:blank"], inSession: false)
        guard let target = created["targetId"] as? String else { throw Failure(description: "no target: \(created)") }
        let attached = try call("Target.attachToTarget", ["targetId": target, "flatten": true], inSession: false)
        session = attached["sessionId"] as? String
        _ = try call("Page.enable", [:])
        _ = try call("Page.navigate", ["url": url])
        try waitUntil("document.readyState === 'complete' && location.href !== 'about:blank'", timeout: timeout)
    }

    /// The value of a JavaScript expression (promises awaited).
    func evaluate(_ expression: String) throws -> Any? {
        let result = try call("Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true])
        if let exception = result["exceptionDetails"] { throw Failure(description: "JavaScript threw: \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Polls `condition` until it is true.
    func waitUntil(_ condition: String, timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try evaluate("Boolean(\(condition))") as? Bool == true { return }
            usleep(50_000)
        }
        throw Failure(description: "timed out after \(timeout) s waiting for \(condition)")
    }

    /// Types `text` into the focused element, as a keyboard or an IME would.
    func insertText(_ text: String) throws { _ = try call("Input.insertText", ["text": text]) }

    /// A PNG of the page's full height (at most 8000 pixels).
    func screenshot() throws -> Data {
        let height = try evaluate("Math.min(8000, document.documentElement.scrollHeight)") as? Int ?? 900
        _ = try call("Emulation.setDeviceMetricsOverride",
                     ["width": 1200, "height": height, "deviceScaleFactor": 1, "mobile": false])
        let shot = try call("Page.captureScreenshot", ["format": "png"])
        guard let encoded = shot["data"] as? String, let data = Data(base64Encoded: encoded) else {
            throw Failure(description: "no screenshot")
        }
        return data
    }

    // MARK: The protocol

    private func call(_ method: String, _ parameters: [String: Any], inSession: Bool = true,
                      timeout: Double = 60) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if inSession, let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "the browser closed its pipe") }
            written += count
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let answer = try readMessage(until: deadline)
            guard answer["id"] as? Int == id else { continue }   // events and other answers
            if let error = answer["error"] { throw Failure(description: "\(method): \(error)") }
            return answer["result"] as? [String: Any] ?? [:]
        }
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = pending.firstIndex(of: 0) {
                let message = Array(pending[..<end])
                pending.removeSubrange(...end)
                return try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] ?? [:]
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "no answer from the browser") }
            var poller = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(fromBrowser, &buffer, buffer.count)
            guard count > 0 else { throw Failure(description: "the browser exited") }
            pending += buffer[..<count]
        }
    }
}
