import Foundation
import Testing
@testable import AuditStore

/// The store's hash chain rests on this SHA-256: NIST's example vectors (FIPS 180-2 appendix B and the
/// SHA examples), streaming in uneven pieces, and agreement with the system's `sha256sum`.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)).hex == digest)
    }

    @Test func aMillionTimesA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
        for _ in 0..<1_000 { hasher.update(chunk) }
        #expect(hasher.finish().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func unevenPiecesGiveTheSameDigestAsTheSystemTool() throws {
        var generator = SystemRandomNumberGenerator()
        for size in [55, 56, 63, 64, 65, 119, 128, 1_000, 4_099] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var hasher = SHA256()
            var index = 0
            var piece = 1
            while index < bytes.count {
                let end = min(bytes.count, index + piece)
                hasher.update(Array(bytes[index..<end]))
                index = end
                piece = piece * 3 % 71 + 1
            }
            let streamed = hasher.finish().hex
            #expect(streamed == SHA256.hash(bytes).hex, "size \(size)")
            let file = writeFile("", name: "bytes")
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [file]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(output.hasPrefix(streamed + " "), "size \(size): \(output)")
        }
    }
}
