import Hummingbird
import NIOCore
import Logging
import ServiceLifecycle
import Zhengming

/// `zhengming serve`: the HTTP API and the browser page.
///
/// `makeApplication` builds the whole server (rules loaded, workers started,
/// routes, the watcher) without running it, so tests start it on an
/// ephemeral port (`port: 0`) with `runService()` and learn the port from
/// `onListening`, exactly as the command does.
public enum ZhengmingServer {
    /// - Throws: `RulePackError` when the packs do not load (the command
    ///   prints the diagnostics and exits 2).
    public static func makeApplication(
        _ configuration: ServerConfiguration,
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let rules = try RuleService.load(configuration.packs)
        let service = try RuleService(packs: configuration.packs, rules: rules, jobs: configuration.jobs)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        Routes(rules: service, configuration: configuration).add(to: router)
        var services: [any Service] = [PoolShutdown(pool: service.pool)]
        if let interval = configuration.watchInterval {
            services.append(RuleWatcher(rules: service, interval: interval, report: configuration.report))
        }
        var logger = Logger(label: "zhengming-serve")
        logger.logLevel = .warning
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "zhengming"),
            services: services,
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
    }
}

extension ZhengmingServer {
    /// The application, for callers that do not import Hummingbird (the
    /// command line).
    public struct Instance: Sendable {
        let application: any ApplicationProtocol

        /// Runs until SIGINT or SIGTERM, then shuts down gracefully.
        public func run() async throws { try await application.runService() }
    }

    public static func make(_ configuration: ServerConfiguration,
                            onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) throws -> Instance {
        Instance(application: try makeApplication(configuration, onListening: onListening))
    }
}

/// Ends the annotation workers when the server shuts down.
struct PoolShutdown: Service {
    let pool: AnnotatorPool

    func run() async throws {
        try? await gracefulShutdown()
        pool.shutdown()
    }
}
