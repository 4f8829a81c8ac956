import Foundation
import TestTools
import Testing

/// `-o` on something that is not a regular file writes into it instead of replacing it.
extension ProcessTests {
@Suite struct OutputPathTests {
    /// A FIFO named by `-o` stays a FIFO and its reader gets the export (before, the export was written beside it
    /// and moved onto its name: as root, `-o /dev/null` replaced the device with a file).
    @Test func anExportIntoAFIFOWritesIntoItAndLeavesItThere() throws {
        let dir = Binary.temporaryDirectory()
        let db = Binary.demoDatabase(requests: 30, seed: 3, in: dir)
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let status = try ImportCommandTests.shell(
            "timeout -s KILL 20 cat '\(fifo)' > '\(dir)/read.csv' & '\(Binary.path)' export --db '\(db)' --format csv -o '\(fifo)'; wait")
        #expect(status == 0)
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
        let read = try String(contentsOfFile: dir + "/read.csv", encoding: .utf8)
        let direct = try Binary.run(["export", "--db", db, "--format", "csv"])
        #expect(!read.isEmpty && read == direct.stdout)
        #expect(!FileManager.default.fileExists(atPath: fifo + ".part"))
    }
}
}
