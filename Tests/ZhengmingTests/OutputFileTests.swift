import Foundation
import Testing
import TestSupport
@testable import Zhengming

/// Issue 15, items 1–3: `OutputFile`, the one output path of every command.
@Suite("OutputFile")
struct OutputFileTests {
    @Test("item 1: a write to a full device throws, at the latest on commit, and keeps throwing")
    func issue15_item1_fullDeviceThrows() throws {
        let file = try OutputFile(path: "/dev/full")
        #expect(file.temporaryPath == nil, "a device is written in place")
        var thrown: OutputError?
        do {
            try file.write(Array(repeating: UInt8(ascii: "x"), count: 100))
            try file.commit()
        } catch { thrown = error }
        #expect(thrown == OutputError(name: "/dev/full", reason: "No space left on device"))
        #expect(throws: OutputError.self) { try file.write([1, 2, 3]) }
    }

    @Test("item 3: nothing reaches the target before commit; discard keeps the old content")
    func issue15_item3_discardKeepsTheTarget() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = try directory.write("out.txt", "old")
        let file = try OutputFile(path: target)
        let temporary = try #require(file.temporaryPath)
        #expect(TemporaryOutputs.shared.registered.contains(temporary))
        try file.write(Array(repeating: UInt8(ascii: "n"), count: 200_000))
        try file.flush()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        file.discard()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(!TemporaryOutputs.shared.registered.contains(temporary))
    }

    @Test("item 3: commit renames into place; an abandoned file is removed when it goes away")
    func issue15_item3_commitAndDeinit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.path("new.txt")
        let file = try OutputFile(path: target)
        try file.write("第一行\n")
        try file.write(Array(repeating: UInt8(ascii: "a"), count: 70_000))
        try file.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).count == "第一行\n".utf8.count + 70_000)
        do {
            let abandoned = try OutputFile(path: directory.path("abandoned.txt"))
            try abandoned.write("x")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["new.txt"])
    }

    @Test("item 3: a symbolic link is followed: the file it names is replaced, the link kept")
    func issue15_item3_linksAreKept() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let real = try directory.write("real.txt", "old")
        let link = directory.path("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.txt")
        let file = try OutputFile(path: link)
        try file.write("new")
        try file.commit()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.txt")
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "new")
    }

    @Test("item 3: a missing directory and a directory target are errors in words")
    func issue15_item3_openErrors() {
        #expect(throws: OutputError(name: "/nonexistent-dir/x", reason: "No such file or directory")) {
            _ = try OutputFile(path: "/nonexistent-dir/x")
        }
        #expect(throws: OutputError(name: "/tmp", reason: "it is a directory")) { _ = try OutputFile(path: "/tmp") }
    }

    @Test("item 2: an output that is one of the inputs is refused, by device and inode")
    func issue15_item2_inputIdentity() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.jsonl", "{}")
        try FileManager.default.linkItem(atPath: input, toPath: directory.path("hard.jsonl"))
        #expect(throws: OutputError.self) { try OutputFile.checkNotAnInput(directory.path("hard.jsonl"), inputs: [input]) }
        try OutputFile.checkNotAnInput(directory.path("other.jsonl"), inputs: [input])
        try OutputFile.checkNotAnInput(nil, inputs: [input])
    }

    @Test("item 14: createDirectories names what is in the way")
    func issue15_item14_createDirectories() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("file", "x")
        #expect(throws: OutputError(name: file, reason: "it exists and is not a directory")) {
            try OutputFile.createDirectories(file)
        }
        #expect(throws: OutputError(name: file + "/a/b", reason: "\(file) is not a directory")) {
            try OutputFile.createDirectories(file + "/a/b")
        }
        try OutputFile.createDirectories(directory.path("x/y/z"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory.path("x/y/z"), isDirectory: &isDirectory) && isDirectory.boolValue)
    }
}
