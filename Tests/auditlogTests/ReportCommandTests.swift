import AuditBrowser
import Foundation
import TestTools
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `auditlog report`: its numbers are counts over what `export` writes with the same filters; the text fits
/// 80 columns; the HTML page renders in a real browser (headless Chromium) with hostile data as inert text
/// and no request made.
extension ProcessTests {
@Suite struct ReportCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theNumbersAreCountsOverTheExport() throws {
        let db = Binary.demoDatabase(requests: 1_500, seed: 11)
        let filters = ["--since", "2025-06-10", "--until", "2025-06-24", "--utc"]
        let report = try Binary.run(["report", "--db", db, "--format", "json", "--hours", "09-17"] + filters)
        #expect(report.status == 0, "\(report.stderr)")
        let export = try Binary.run(["export", "--db", db, "--format", "ndjson"] + filters)
        let records = try export.stdout.split(separator: "\n").map { try Self.json(String($0)) }
        #expect(records.count > 150)

        struct Counts: Equatable {
            var records = 0, warnings = 0, errors = 0, outside = 0
            var requests = Set<String>(), customers = Set<String>(), subscriptions = Set<String>()
            var fields: [String: Int] = [:]
            var first = "", last = ""
        }
        var expected: [String: Counts] = [:]
        let timeFormat = ISO8601DateFormatter()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for record in records {
            let admin = record["admin_id"] as? String ?? ""
            var counts = expected[admin] ?? Counts()
            counts.records += 1
            let level = record["level"] as! Int
            if (300..<400).contains(level) { counts.warnings += 1 }
            if level >= 400 { counts.errors += 1 }
            if let uid = record["request_uid"] as? String { counts.requests.insert(uid) }
            if let customer = record["customer_id"] as? String { counts.customers.insert(customer) }
            if let subscription = record["subscription_id"] as? String { counts.subscriptions.insert(subscription) }
            if let change = record["change"] as? [String: Any] {
                let message = record["message"] as! String
                let entity = message.contains("Subscription entity") ? "Subscription" : "Customer"
                counts.fields[entity + "." + (change["field"] as! String), default: 0] += 1
            }
            let time = record["time"] as! String
            let date = try #require(timeFormat.date(from: String(time.prefix(19)) + "Z"))
            let hour = calendar.component(.hour, from: date), weekday = calendar.component(.weekday, from: date)
            if weekday == 1 || weekday == 7 || hour < 9 || hour >= 17 { counts.outside += 1 }
            // Newest first: the first seen is the last activity.
            if counts.last.isEmpty { counts.last = time }
            counts.first = time
            expected[admin] = counts
        }
        let admins = try #require(try Self.json(report.stdout)["admins"] as? [[String: Any]])
        #expect(admins.count == expected.count)
        for row in admins {
            let counts = try #require(expected[row["admin_id"] as? String ?? ""])
            let name = row["admin"] as! String
            #expect(row["records"] as? Int == counts.records, "\(name)")
            #expect(row["requests"] as? Int == counts.requests.count, "\(name)")
            #expect(row["customers"] as? Int == counts.customers.count, "\(name)")
            #expect(row["subscriptions"] as? Int == counts.subscriptions.count, "\(name)")
            #expect(row["warnings"] as? Int == counts.warnings && row["errors"] as? Int == counts.errors, "\(name)")
            #expect(row["outside_hours"] as? Int == counts.outside, "\(name)")
            #expect(row["field_changes"] as? Int == counts.fields.values.reduce(0, +), "\(name)")
            #expect((row["changes_by_field"] as? [String: Int]) == counts.fields, "\(name)")
            #expect((row["first"] as? String)?.prefix(19) == counts.first.prefix(19), "\(name)")
            #expect((row["last"] as? String)?.prefix(19) == counts.last.prefix(19), "\(name)")
        }
        #expect(try Self.json(report.stdout)["records"] as? Int == records.count)
        // The most-changed fields and customers, counted from the export the same way.
        var fieldChanges: [String: Int] = [:], customerChanges: [String: Int] = [:]
        for counts in expected.values { for (field, n) in counts.fields { fieldChanges[field, default: 0] += n } }
        for record in records where record["change"] is [String: Any] {
            if let customer = record["customer_id"] as? String { customerChanges[customer, default: 0] += 1 }
        }
        func top(_ counts: [String: Int]) -> [String] {
            counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(10).map { "\($0.key) \($0.value)" }
        }
        let document = try Self.json(report.stdout)
        let fieldsShown = (document["most_changed_fields"] as? [[String: Any]] ?? []).map { "\($0["field"]!) \($0["changes"]!)" }
        let customersShown = (document["most_changed_customers"] as? [[String: Any]] ?? [])
            .map { "\($0["customer_id"]!) \($0["field_changes"]!)" }
        #expect(fieldsShown == top(fieldChanges))
        #expect(customersShown == top(customerChanges))

        // The text a terminal gets fits 80 columns; csv has a row per admin and the chain head last.
        let text = try Binary.run(["report", "--db", db] + filters)
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 80 })
        #expect(text.stdout.contains("\(records.count) records"))
        let csv = try Binary.run(["report", "--db", db, "--format", "csv"] + filters).stdout.split(separator: "\n")
        #expect(csv.count == expected.count + 2 && csv.last?.hasPrefix("# chain head ") == true)
        let bad = try Binary.run(["report", "--db", db, "--hours", "18-8"])
        #expect(bad.status == 2 && bad.stderr.contains("--hours takes working hours as HH-HH"))
    }

    /// Hostile text for a web page, each with a marker; the image and style sheet point at a port this test
    /// listens on, so a request would be seen.
    static func hostile(port: Int) -> [String] {
        [
            "<script>document.title='pwnedH01'</script>",
            "<img src=\"http://127.0.0.1:\(port)/img\" onerror=\"document.title='pwnedH02'\">",
            "\"><svg onload=\"document.title='pwnedH03'\">",
            "</title></style></table><link rel=\"stylesheet\" href=\"http://127.0.0.1:\(port)/css\">H04",
            "<iframe src=\"http://127.0.0.1:\(port)/frame\"></iframe>H05",
            "\u{1B}]0;pwned\u{07}\u{202E}H06",
        ]
    }

    /// A TCP listener on a free local port; `connections` says how many clients it accepted.
    final class Listener {
        let socket: Int32
        let port: Int
        init() throws {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.socket = socket
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var size = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, size) } }
            guard bound == 0, listen(socket, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &size) } }
            port = Int(UInt16(bigEndian: address.sin_port))
            _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
        }
        var connections: Int {
            var count = 0
            while case let client = accept(socket, nil, nil), client >= 0 { count += 1; close(client) }
            return count
        }
        deinit { close(socket) }
    }

    static func chromium(_ arguments: [String], in dir: String) throws -> String {
        let process = Process()
        process.executableURL = try Tool.chromium.url()
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=\(dir)/chromium-profile", "--virtual-time-budget=3000"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    /// Several -o: each file in its extension's format, from the same counts (as review writes several); the
    /// summary names them all. A file whose extension names no format, or --format beside several, is refused.
    @Test func severalOutputsWriteEachFile() throws {
        let db = Binary.demoDatabase(requests: 200, seed: 11)
        let dir = Binary.temporaryDirectory()
        let period = ["--since", "2025-06-10", "--until", "2025-06-24", "--utc"]
        let run = try Binary.run(["report", "--db", db, "-o", dir + "/rep.csv", "-o", dir + "/rep.json", "-o", dir + "/rep.html",
                                  "-o", dir + "/rep.txt"] + period)
        #expect(run.status == 0 && run.stdout.isEmpty, "\(run.stderr)")
        let json = try Self.json(try String(contentsOfFile: dir + "/rep.json", encoding: .utf8))
        let records = try #require(json["records"] as? Int)
        #expect(try String(contentsOfFile: dir + "/rep.csv", encoding: .utf8).contains("\n# chain head "))
        let html = try String(contentsOfFile: dir + "/rep.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Working hours 08-18, weekend sat, sun (local time)."))
        // Working hours said as the review says them.
        #expect(try String(contentsOfFile: dir + "/rep.txt", encoding: .utf8).contains("\nWorking hours 08-18, weekend sat, sun · "))
        #expect(try String(contentsOfFile: dir + "/rep.txt", encoding: .utf8)
            == (try Binary.run(["report", "--db", db] + period).stdout))
        #expect(run.stderr.hasPrefix("wrote the report of \(records) records to \(dir)/rep.csv and \(dir)/rep.json and "
            + "\(dir)/rep.html and \(dir)/rep.txt; chain head "), "\(run.stderr)")
        let unknown = try Binary.run(["report", "--db", db, "-o", dir + "/a.json", "-o", dir + "/b.pdf"] + period)
        #expect(unknown.status == 2 && unknown.stderr.contains("-o \(dir)/b.pdf: with several outputs each names its format by its extension (.txt .csv .json .html)"),
                "\(unknown.stderr)")
        let both = try Binary.run(["report", "--db", db, "--format", "csv", "-o", dir + "/c.json", "-o", dir + "/c.html"] + period)
        #expect(both.status == 2 && both.stderr.contains("--format names the format of one output"), "\(both.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/a.json") && !FileManager.default.fileExists(atPath: dir + "/c.json"))
    }

    @Test(.requires(.chromium, .pdftotext)) func theHTMLPageInARealBrowser() throws {
        let listener = try Listener()
        let dir = Binary.temporaryDirectory()
        let items = Self.hostile(port: listener.port)
        var lines: [String] = []
        for (index, item) in items.enumerated() {
            let json = { (value: String) in HostileCorpus.json(value) }
            lines.append("{\"message\":\(json("M " + item)),\"context\":{\"customer_id\":\(json("c-" + item)),"
                + "\"field\":\(json("f" + item)),\"old_value\":\"1\",\"new_value\":\"2\"},\"level\":200,\"level_name\":\"INFO\","
                + "\"channel\":\"audit\",\"datetime\":\"2025-02-0\(index + 1)T10:00:00.000000+00:00\","
                + "\"extra\":{\"uid\":\"u\(index)\",\"billing_admin_id\":\(json("adm-" + item))}}")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/hostile.ndjson", atomically: true, encoding: .utf8)
        let db = dir + "/audit.db"
        #expect(try Binary.run(["import", "--db", db, dir + "/hostile.ndjson"]).status == 0)
        let page = dir + "/report.html"
        let made = try Binary.run(["report", "--db", db, "-o", page, "--utc"])
        #expect(made.status == 0, "\(made.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // One file: nothing to fetch, and a policy that forbids fetching anyway.
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<link") && !html.contains("<iframe"))

        let dom = try Self.chromium(["--dump-dom", "file://" + page], in: dir)
        #expect(dom.contains("<h1>Activity report</h1>"), "\(dom.prefix(300))")
        #expect(dom.contains("<title>Activity report"))
        #expect(!dom.contains("pwned") || !dom.contains("<title>pwned"), "no script set the title")
        for marker in ["H01", "H02", "H03", "H04", "H05", "H06"] { #expect(dom.contains(marker), "\(marker) shown as text") }
        #expect(dom.contains("&lt;script&gt;document.title="))
        #expect(!dom.contains("<script") && !dom.contains("<img") && !dom.contains("<iframe") && !dom.contains("<link"))
        #expect(!dom.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })

        _ = try Self.chromium(["--screenshot=\(dir)/report.png", "--window-size=1100,1400", "file://" + page], in: dir)
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/report.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        _ = try Self.chromium(["--print-to-pdf=\(dir)/report.pdf", "--no-pdf-header-footer", "file://" + page], in: dir)
        let pdf = try Data(contentsOf: URL(fileURLWithPath: dir + "/report.pdf"))
        #expect(pdf.starts(with: Array("%PDF".utf8)) && pdf.count > 5_000)
        let text = Process()
        text.executableURL = try Tool.pdftotext.url()
        text.arguments = [dir + "/report.pdf", "-"]
        let pipe = Pipe()
        text.standardOutput = pipe
        try text.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        text.waitUntilExit()
        #expect(printed.contains("Activity report") && printed.contains("H01"), "\(printed.prefix(300))")
        #expect(listener.connections == 0, "the page made no request")
    }
}
}
