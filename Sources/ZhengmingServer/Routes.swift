import Foundation
import Hummingbird
import Zhengming

/// Every route of `zhengming serve`, in one place. Handlers are thin: they
/// read the request, call the library on a worker (`AnnotatorPool`) and
/// write what it returns; errors are `{"error": …}` (`JSONErrorMiddleware`).
///
/// | route            | answer                                                        |
/// |------------------|---------------------------------------------------------------|
/// | `GET /`          | the page: a text area, the highlighted view, the posts table   |
/// | `POST /annotate` | JSONL records, as `annotate --format jsonl` (`?nested`, `?tokens`; `?format=html`: the view's sections) |
/// | `POST /explain`  | `ExplanationJSON`, one object per document                     |
/// | `GET /rules`     | labels, phases, rules and lexicon sizes of the rules in service |
/// | `POST /reload`   | re-reads the packs; 422 with every diagnostic when one is bad   |
/// | `GET /healthz`   | `{"status": "ok", …}`                                          |
struct Routes: Sendable {
    let rules: RuleService
    let configuration: ServerConfiguration

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try await page() }
        router.get("/healthz") { _, _ in healthz() }
        router.post("/annotate") { request, _ in try await annotate(request) }
        router.post("/explain") { request, _ in try await explain(request) }
        router.get("/rules") { _, _ in rulesSummary() }
        router.post("/reload") { _, _ in await reload() }
    }

    // MARK: Handlers

    func healthz() -> Response {
        let (rules, generation) = self.rules.pool.current
        return JSONResponse.object(.ok, [
            ("status", .string("ok")), ("generation", .int(generation)), ("rules", .int(rules.rules.count)),
            ("workers", .int(self.rules.pool.workers)),
        ])
    }

    func annotate(_ request: Request) async throws -> Response {
        let documents = try await documents(of: request)
        let query = request.uri.queryParameters
        let nested = flag(query.get("nested"))
        let tokens = flag(query.get("tokens"))
        let html = query.get("format") == "html"
        if let format = query.get("format"), format != "html", format != "jsonl" {
            throw ServerError(.badRequest, "unknown format '\(format)' (jsonl or html)")
        }
        let bytes = try await onWorker { annotators, _ in
            let annotator = tokens ? annotators.pinyin : annotators.plain
            let writer: any RecordWriter = html
                ? HTMLWriter() : JSONLWriter(includeNested: nested, includeTokens: tokens)
            var out: [UInt8] = []
            out.reserveCapacity(documents.reduce(0) { $0 + $1.text.utf8.count } * 6 + 256)
            for document in documents {
                writer.write(try annotator.annotate(document), to: &out)
            }
            return out
        }
        return JSONResponse.bytes(bytes, contentType: html ? "text/html; charset=utf-8" : "application/x-ndjson")
    }

    func explain(_ request: Request) async throws -> Response {
        let documents = try await documents(of: request)
        let bytes = try await onWorker { annotators, rules in
            var out: [UInt8] = []
            for document in documents {
                out += ExplanationJSON.render(try annotators.plain.annotate(document, explain: true), rules: rules)
            }
            return out
        }
        return JSONResponse.bytes(bytes, contentType: documents.count == 1 ? "application/json" : "application/x-ndjson")
    }

    func rulesSummary() -> Response {
        let (rules, generation) = self.rules.pool.current
        return JSONResponse.bytes(RulesJSON.render(rules, generation: generation, packs: self.rules.packs),
                                  contentType: "application/json")
    }

    func reload() async -> Response {
        switch await rules.reload() {
        case .reloaded(let generation, let warnings):
            let (rules, _) = self.rules.pool.current
            configuration.report("zhengming serve: rules reloaded (generation \(generation), \(rules.rules.count) rules)")
            return JSONResponse.object(.ok, [
                ("reloaded", .bool(true)), ("generation", .int(generation)), ("rules", .int(rules.rules.count)),
                ("warnings", .strings(warnings.map(\.description))),
            ])
        case .rejected(let diagnostics):
            let errors = diagnostics.filter(\.isError)
            configuration.report("zhengming serve: reload rejected, the previous rules stay in service:\n"
                                 + errors.map(\.description).joined(separator: "\n"))
            return JSONResponse.object(.unprocessableContent, [
                ("error", .string("the rule packs have \(errors.count) error(s); the previous rules stay in service")),
                ("diagnostics", .strings(diagnostics.map(\.description))),
            ])
        }
    }

    func page() async throws -> Response {
        let (rules, _) = self.rules.pool.current
        return JSONResponse.bytes(ServedPage.render(labels: rules.labels), contentType: "text/html; charset=utf-8")
    }

    // MARK: Helpers

    /// The request's documents; 413 past the body limit, 400 for a body that
    /// cannot be read.
    private func documents(of request: Request) async throws -> [Document] {
        let limit = configuration.bodyLimit
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw ServerError(.contentTooLarge, "the request body has \(length) bytes, more than the limit of \(limit)")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ServerError(.contentTooLarge, "the request body is larger than the limit of \(limit) bytes")
        }
        let bytes = Array(body.readableBytesView)
        do {
            let documents = try RequestDocuments.parse(bytes, contentType: request.headers[.contentType])
            guard !documents.isEmpty else { throw ServerError(.badRequest, "no documents to annotate") }
            return documents
        } catch let error as RequestDocuments.Invalid {
            throw ServerError(.badRequest, error.description)
        }
    }

    /// Runs `body` on a worker within the request time limit (503 past it).
    private func onWorker<T: Sendable>(_ body: @escaping @Sendable (AnnotatorPool.Annotators, RuleSet) throws -> T) async throws -> T {
        do {
            return try await rules.pool.run(limit: configuration.timeLimit, body)
        } catch is AnnotatorPool.TimedOut {
            throw ServerError(.serviceUnavailable, "annotation took longer than the time limit of \(configuration.timeLimit)")
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError(.internalServerError, "annotation failed: \(error)")
        }
    }

    private func flag(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["", "1", "true", "yes"].contains(value.lowercased())
    }
}
