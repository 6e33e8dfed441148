import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
import ZhengmingServer

/// A server started for one test on an ephemeral loopback port, talked to
/// through a real HTTP client (URLSession), and stopped at the end.
enum ServerFixture {
    /// The default pack of this checkout.
    static var defaultPack: String {
        URL(fileURLWithPath: #filePath)       // Tests/ZhengmingServerTests/Support/ServerFixture.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules").path
    }

    static func with(packs: [String] = [defaultPack], jobs: Int = 2, bodyLimit: Int = 10 << 20,
                     timeLimit: Duration = .seconds(30), watchInterval: Duration? = nil,
                     _ body: @Sendable (Client) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, packs: packs, jobs: jobs, bodyLimit: bodyLimit, timeLimit: timeLimit,
            watchInterval: watchInterval, report: { _ in })
        let application = try ZhengmingServer.makeApplication(configuration) { port in continuation.yield(port) }
        var logger = Logger(label: "zhengming-serve-tests")
        logger.logLevel = .critical
        let services = ServiceGroup(configuration: .init(services: [application], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ClientError("the server did not start") }
            do {
                try await body(Client(base: URL(string: "http://127.0.0.1:\(port)")!))
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            // A graceful shutdown, as SIGTERM gives the command.
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A URLSession client for one server.
    struct Client: Sendable {
        let base: URL

        struct Answer: Sendable {
            let status: Int
            let contentType: String?
            let body: Data
            var text: String { String(decoding: body, as: UTF8.self) }
            /// The body as a JSON object.
            var json: [String: Any] {
                get throws {
                    guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                        throw ClientError("not a JSON object: \(text)")
                    }
                    return object
                }
            }
        }

        func get(_ path: String) async throws -> Answer { try await send("GET", path, body: nil, contentType: nil) }

        func post(_ path: String, json: String) async throws -> Answer {
            try await send("POST", path, body: Data(json.utf8), contentType: "application/json")
        }

        func post(_ path: String, body: Data, contentType: String?) async throws -> Answer {
            try await send("POST", path, body: body, contentType: contentType)
        }

        func send(_ method: String, _ path: String, body: Data?, contentType: String?) async throws -> Answer {
            var request = URLRequest(url: URL(string: path, relativeTo: base)!)
            request.httpMethod = method
            request.httpBody = body
            request.timeoutInterval = 60
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            let (data, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw ClientError("not an HTTP response") }
            return Answer(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), body: data)
        }
    }
}
