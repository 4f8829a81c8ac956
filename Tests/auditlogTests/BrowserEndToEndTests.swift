import Foundation
import TestTools
import Testing

/// The built binary in tmux on a demo database: what an agent on SSH would see and press.
extension ProcessTests {
@Suite struct BrowserEndToEndTests {
    static let database = Binary.demoDatabase(requests: 3_000, seed: 5)

    func browser(_ arguments: String = "", width: Int = 80, height: Int = 24,
                 environment: [String: String] = [:]) throws -> Tmux {
        let tmux = try Tmux(width: width, height: height,
                            command: "\(Binary.path) --db \(Self.database) \(arguments)", environment: environment)
        tmux.waitFor("row 1 of")
        return tmux
    }

    /// Key sequences ncurses does not know (Ctrl-Right on some terminals, F13, Alt-1) are ignored: in the
    /// prompt they neither cancel it nor type their bytes, and outside it none of their bytes runs a command.
    @Test(.requires(.tmux)) func unknownKeySequencesAreIgnored() throws {
        let t = try browser()
        try t.keys("/")
        try t.type("refund")
        for sequence in ["1b 5b 31 3b 35 43", "1b 5b 32 35 7e", "1b 31"] { // Ctrl-Right, F13, Alt-1
            try t.tmux(["send-keys", "-t", t.name, "-H"] + sequence.split(separator: " ").map(String.init))
        }
        try t.type("s")
        let prompt = t.waitFor("filter: refunds")
        #expect(prompt.split(separator: "\n").last?.hasPrefix("filter: refunds") == true, "\(prompt)")
        try t.keys("Enter", until: .showsAll(["All records  filter: refunds", "row 1 of"]))
        for sequence in ["1b 5b 31 3b 35 43", "1b 32", "1b 5b 32 35 7e"] { // none may switch tab or quit
            try t.tmux(["send-keys", "-t", t.name, "-H"] + sequence.split(separator: " ").map(String.init))
        }
        let screen = try t.keys("j", until: .shows("row 2 of"), settled: true)
        #expect(screen.contains("All records  filter: refunds"), "\(screen)")
        #expect(screen.contains("row 2 of"), "\(screen)")
    }

    /// A bad line in review.conf (the agent's or /etc's) does not stop the browser: it opens, and `!` shows the
    /// line's error instead of a review (the browser used to exit with it).
    @Test(.requires(.tmux)) func aBadReviewSettingsFileStillBrowses() throws {
        let config = Binary.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: config + "/auditlog", withIntermediateDirectories: true)
        try "burst.windw = 10m\n".write(toFile: config + "/auditlog/review.conf", atomically: true, encoding: .utf8)
        let t = try browser(environment: ["XDG_CONFIG_HOME": config])
        try t.keys("!", until: .shows("/auditlog/review.conf:1:"))
        #expect(t.screen.contains("1 Overall"), "\(t.screen)")
    }

    @Test(.requires(.tmux)) func theFourTabs() throws {
        let t = try browser()
        #expect(t.screen.contains("All records"))
        try t.keys("2")
        t.wait(.showsAll(["last activ", "Customers · pick one"])) // the picker's header and title: its table is drawn
        try t.keys("3")
        t.wait(.showsAll([" customer ", "Subscriptions · pick one"]))
        // Waits for the title and the table: a frame read mid-draw can show the new title over the old table.
        try t.keys("4", until: .showsAll(["Billing Admins · pick one", "ops@acme.example"]))
        try t.keys("Tab")
        t.wait(.showsAll(["All records", "row 1 of"])) // title and status line: a frame read mid-draw has one only (CI)
    }

    @Test(.requires(.tmux)) func expandedChangeShowsContextAdminAndDiff() throws {
        let t = try browser()
        try t.keys("/")
        try t.type("channel:audit billingEmail")
        try t.keys("Enter", until: .showsAll(["All records  filter: channel:audit billingEmail", "row 1 of"]))
        try t.keys("Enter")
        let screen = t.waitFor("Change  billingEmail")
        #expect(screen.contains("Context"))
        #expect(screen.contains("customer_id"))
        #expect(screen.contains("Billing admin") )
        #expect(screen.contains("Request"))
        #expect(screen.range(of: #"- (billing|accounts\+)[^ ]*@"#, options: .regularExpression) != nil, "\(screen)")
        #expect(screen.range(of: #"\+ accounts\+"#, options: .regularExpression) != nil, "\(screen)")
    }

    @Test(.requires(.tmux)) func pivotToTheAdminAndBack() throws {
        let t = try browser()
        try t.keys("/")
        try t.type("channel:audit admin:finance@acme.example")
        try t.keys("Enter", until: .showsAll(["All records  filter: channel:audit", "row 1 of"]))
        // Once the count is in too: the screen it is compared with after the round trip has it.
        let before = try t.keys("j", "j", until: .matches("row 3 of [0-9]"), settled: true)
        // The title changes with the key; the admin's first page and row follow it (later on a slow binary, as
        // under valgrind): wait for both.
        let admin = try t.keys("a", until: .showsAll(["Billing admin · finance@acme.example", "row 1 of"]))
        #expect(!admin.contains("filter: channel:audit"))
        try t.keys("BSpace")
        #expect(t.waitForScreen(before, seconds: 10) == before)
    }

    @Test(.requires(.tmux)) func noLogsAfterAFilterAndTheWayOut() throws {
        let t = try browser()
        try t.keys("/")
        try t.type("level:emergency zzzz-no-such-text")
        try t.keys("Enter")
        let screen = t.waitFor("No logs found")
        #expect(screen.contains("level:emergency"))
        #expect(screen.contains("x clears filters"))
        try t.keys("x")
        t.wait(.showsAll(["Filters cleared", "All records"]))
    }

    @Test(.requires(.tmux, .bash)) func quitAndSignalsRestoreTheTerminal() throws {
        // Ctrl-C is SIGINT from the terminal; here it is sent directly, like TERM and HUP.
        for ending in ["q", "Q", "INT", "TERM", "HUP"] {
            let dir = Binary.temporaryDirectory()
            // The shells ignore SIGINT so that Ctrl-C reaches only auditlog (which handles it itself).
            let t = try Tmux(command: "bash --norc -c \"trap '' INT; stty -a > \(dir)/before; \(Binary.path) --db "
                + "\(Self.database); stty -a > \(dir)/after\"")
            t.waitFor("row 1 of")
            if ["INT", "TERM", "HUP"].contains(ending) {
                // The browser's command line, not the shells around it (which go on after it), however the
                // binary is started (.ci/valgrind runs it under valgrind: its command line starts with that).
                let killer = try Tmux.shell("pkill -\(ending) -f ' --db \(Self.database)$'")
                #expect(killer == 0, "\(ending)")
            } else {
                try t.keys(ending)
            }
            let screen = t.waitFor("EXITED:")
            #expect(screen.contains("EXITED:0"), "\(ending): \(screen)")
            let before = try String(contentsOfFile: dir + "/before", encoding: .utf8)
            let after = try String(contentsOfFile: dir + "/after", encoding: .utf8)
            #expect(!before.isEmpty && before == after, "\(ending)")
        }
    }

    @Test(.requires(.tmux)) func smallAndOddTerminals() throws {
        let small = try Tmux(width: 30, height: 6, command: "\(Binary.path) --db \(Self.database)")
        // Waits for the last line of the message: a frame caught mid-draw has its first line only (seen under valgrind).
        small.wait(.showsAll(["needs 40×8", "Terminal too small"]))
        for term in ["vt100", "xterm-256color", "tmux-256color"] {
            let t = try browser(environment: ["TERM": term, "NO_COLOR": "1"])
            #expect(t.screen.contains("1 Overall"), "\(term)")
        }
    }

    /// `e` in the browser writes the file `auditlog export` writes with the same filters, byte for byte.
    @Test(.requires(.tmux)) func theBrowsersExportEqualsTheCommands() throws {
        let dir = Binary.temporaryDirectory()
        let t = try browser("--admin ops@acme.example --level warning")
        try t.keys("e", "C-u")
        try t.type(dir + "/view.csv")
        try t.keys("Enter")
        let screen = t.waitFor(" wrote ")
        #expect(screen.contains(" wrote "), "\(screen)")
        let command = try Binary.run(["export", "--db", Self.database, "--admin", "ops@acme.example", "--level", "warning",
                                      "-o", dir + "/command.csv"])
        #expect(command.status == 0, "\(command.stderr)")
        let browser = try String(contentsOfFile: dir + "/view.csv", encoding: .utf8)
        #expect(browser == (try String(contentsOfFile: dir + "/command.csv", encoding: .utf8)))
        #expect(browser.split(separator: "\n").count > 2)
    }
}
}
