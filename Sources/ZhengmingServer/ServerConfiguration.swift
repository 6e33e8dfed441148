import Foundation

/// Everything `zhengming serve` is started with.
public struct ServerConfiguration: Sendable {
    /// Loopback by default: the server has no authentication, so reaching it
    /// from another machine must be asked for (`--host 0.0.0.0`).
    public var host: String
    /// 0 asks the system for a free port (tests); the bound port is reported
    /// through `onListening`.
    public var port: Int
    /// The rule packs, in load order (the default pack first unless the user
    /// left it out); re-read by `POST /reload` and `--watch`.
    public var packs: [String]
    /// Annotation workers, each with its own `Annotator`.
    public var jobs: Int
    /// Request bodies larger than this get 413.
    public var bodyLimit: Int
    /// A request whose annotation has not finished by then gets 503; the
    /// worker finishes the document and is then free again (the matcher's
    /// step budgets bound how long that is).
    public var timeLimit: Duration
    /// Poll the packs' files this often and reload when one changed; nil: no
    /// watching.
    public var watchInterval: Duration?
    /// Where the server says what it does (listening, reloads): standard
    /// error by default.
    public var report: @Sendable (String) -> Void

    public init(host: String = "127.0.0.1", port: Int = 8080, packs: [String], jobs: Int = 2,
                bodyLimit: Int = 10 << 20, timeLimit: Duration = .seconds(30), watchInterval: Duration? = nil,
                report: @escaping @Sendable (String) -> Void = ServerConfiguration.standardError) {
        self.host = host
        self.port = port
        self.packs = packs
        self.jobs = max(1, jobs)
        self.bodyLimit = bodyLimit
        self.timeLimit = timeLimit
        self.watchInterval = watchInterval
        self.report = report
    }

    public static let standardError: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
