import ArgumentParser
import Dispatch
import Foundation
import Zhengming
import ZhengmingServer

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the annotator over HTTP: a JSON API and a page to annotate text in a browser.",
        discussion: """
        Routes: GET / (the page), POST /annotate (JSON {"text": …} or {"documents": [{"id", "text", …}]}, \
        or text/plain; answers JSONL records as annotate --format jsonl; ?nested, ?tokens, ?format=html), \
        POST /explain, GET /rules, POST /reload (re-reads the packs; a pack with errors keeps the previous \
        rules and answers 422 with every diagnostic), GET /healthz. Binds to loopback unless --host says \
        otherwise: the server has no authentication.
        """)

    @Option(help: "Address to bind (0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(name: [.customShort("j"), .customLong("jobs")],
            help: "Annotation workers, each with its own annotator (default: all cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Reload the rules when a file under a pack changes (polled).")
    var watch = false

    @Option(help: ArgumentHelp("How often --watch looks at the packs, in seconds.", valueName: "SECONDS"))
    var watchInterval = 1.0

    @Option(help: ArgumentHelp("Largest request body accepted, in bytes (larger: 413).", valueName: "BYTES"))
    var bodyLimit = 10 << 20

    @Option(help: ArgumentHelp("Longest a request's annotation may take, in seconds (longer: 503).", valueName: "SECONDS"))
    var timeLimit = 30.0

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535 (got \(port))") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        guard bodyLimit >= 1 else { throw ValidationError("--body-limit must be at least 1 byte") }
        guard timeLimit > 0, watchInterval > 0 else {
            throw ValidationError("--time-limit and --watch-interval must be positive")
        }
    }

    func run() throws {
        let host = host
        let configuration = ServerConfiguration(
            host: host, port: port, packs: try rules.directories, jobs: JobCount.clamped(jobs),
            bodyLimit: bodyLimit, timeLimit: .milliseconds(Int(timeLimit * 1000)),
            watchInterval: watch ? .milliseconds(Int(watchInterval * 1000)) : nil)
        let application: ZhengmingServer.Instance
        do {
            application = try ZhengmingServer.make(configuration) { port in
                ServerConfiguration.standardError(
                    "zhengming serve: listening on http://\(host):\(port)/ (\(configuration.jobs) workers; Ctrl-C stops)")
            }
        } catch let error as RulePackError {
            Console.error(error.description)
            throw ExitCode(2)
        }
        // ArgumentParser runs this command synchronously; the server is
        // async. It runs until SIGINT or SIGTERM (a graceful shutdown).
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task.detached {
            do { try await application.run() } catch { failure.set(error) }
            finished.signal()
        }
        finished.wait()
        if let error = failure.get() { throw CLIError("serve: \(error)") }
    }
}

private final class FailureBox: @unchecked Sendable {
    private var error: (any Error)?
    private let lock = NSLock()
    func set(_ error: any Error) { lock.lock(); self.error = error; lock.unlock() }
    func get() -> (any Error)? { lock.lock(); defer { lock.unlock() }; return error }
}
