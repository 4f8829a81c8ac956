import Foundation
import TestTools
import Testing

/// The review's HTML page in a real browser (headless Chromium), as the report's: hostile admins and
/// customers shown as text, no script run, no request made; each finding's window marked on its admin's chart.
extension ProcessTests {
@Suite struct ReviewHTMLTests {
    @Test(.requires(.chromium)) func theReviewPageInARealBrowser() throws {
        let listener = try ReportCommandTests.Listener()
        let dir = Binary.temporaryDirectory()
        let json = { (value: String) in HostileCorpus.json(value) }
        // A known admin in the baseline; in the period, each hostile admin (never seen before: dormant) views a
        // hostile customer at night (outside working hours).
        var lines = ["{\"message\":\"Received request to view customer\",\"context\":{\"customer_id\":\"c-1\"},\"level\":200,"
            + "\"level_name\":\"INFO\",\"channel\":\"controller\",\"datetime\":\"2025-02-20T10:00:00.000000+00:00\","
            + "\"extra\":{\"billing_admin_id\":\"known\"}}"]
        for (index, item) in ReportCommandTests.hostile(port: listener.port).enumerated() {
            lines.append("{\"message\":\(json("M " + item)),\"context\":{\"customer_id\":\(json("c-" + item))},\"level\":200,"
                + "\"level_name\":\"INFO\",\"channel\":\"controller\",\"datetime\":\"2025-03-1\(index)T23:00:00.000000+00:00\","
                + "\"extra\":{\"uid\":\"u\(index)\",\"billing_admin_id\":\(json("adm-" + item))}}")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/hostile.ndjson", atomically: true, encoding: .utf8)
        let db = dir + "/audit.db"
        #expect(try Binary.run(["import", "--db", db, dir + "/hostile.ndjson"]).status == 0)
        let page = dir + "/review.html"
        let made = try Binary.run(["review", "--db", db, "-o", page, "--since", "2025-03-10", "--until", "2025-03-16",
                                   "--timezone", "UTC"], environment: ReviewCommandTests.noSettings)
        #expect(made.status == 3, "\(made.stderr)")
        #expect(made.stderr.contains("wrote the review of 6 records to \(page): 12 findings: 12 medium"), "\(made.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<link") && !html.contains("<iframe"))
        // Six admins charted, each with its two findings' windows.
        #expect(html.components(separatedBy: "<figure>").count - 1 == 6)
        #expect(html.components(separatedBy: "class=\"window\"").count - 1 == 12)

        let dom = try ReportCommandTests.chromium(["--dump-dom", "file://" + page], in: dir)
        #expect(dom.contains("<h1>Review</h1>"), "\(dom.prefix(300))")
        #expect(!dom.contains("<title>pwned"), "no script set the title")
        for marker in ["H01", "H02", "H03", "H04", "H05", "H06"] { #expect(dom.contains(marker), "\(marker) shown as text") }
        #expect(dom.contains("&lt;script&gt;document.title="))
        #expect(!dom.contains("<script") && !dom.contains("<img") && !dom.contains("<iframe") && !dom.contains("<link"))
        #expect(!dom.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
        _ = try ReportCommandTests.chromium(["--screenshot=\(dir)/review.png", "--window-size=1100,1400", "file://" + page], in: dir)
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/review.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        #expect(listener.connections == 0, "the page made no request")
    }
}
}
