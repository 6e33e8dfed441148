import Hummingbird
import Zhengming

/// An error a handler answers with: its status and a message for the user.
struct ServerError: Error {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// Responses: bytes with their content type, and small JSON objects built
/// with the library's JSON text functions (the escaping every writer uses).
enum JSONResponse {
    enum Value {
        case string(String), int(Int), bool(Bool), strings([String])
    }

    static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func object(_ status: HTTPResponse.Status, _ fields: [(String, Value)]) -> Response {
        var text = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { text += "," }
            text += JSONText.quoted(key) + ":"
            switch value {
            case .string(let string): text += JSONText.quoted(string)
            case .int(let number): text += String(number)
            case .bool(let flag): text += flag ? "true" : "false"
            case .strings(let strings): text += "[" + strings.map(JSONText.quoted).joined(separator: ",") + "]"
            }
        }
        text += "}\n"
        return bytes(Array(text.utf8), contentType: "application/json", status: status)
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        object(status, [("error", .string(message))])
    }
}

/// Every error leaves the server as `{"error": …}` with its status: the
/// handlers' `ServerError`s, Hummingbird's own (404 for an unknown path, 405
/// for a wrong method) and anything unexpected (500).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            return JSONResponse.error(error.status, error.message)
        } catch let error as HTTPError {
            let message = error.body ?? Self.describe(error.status, request)
            return JSONResponse.error(error.status, message)
        } catch {
            return JSONResponse.error(.internalServerError, "\(error)")
        }
    }

    static func describe(_ status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: "no route \(request.method) \(request.uri.path) (see GET / and the README's list of routes)"
        case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)"
        default: status.reasonPhrase
        }
    }
}
