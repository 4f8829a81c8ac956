import AuditStore

/// The time of a screen of records, one width on every row. Wide screens show the local time with seconds;
/// narrower ones `Jun 29 12:52` when every time shown is of this year, else `2025-06-29 12:52` on every row.
/// The time of day is always there: a log is read by the minute, and a date alone says too little.
struct TimeColumn {
    enum Form { case full, day, dayWithYear }
    let clock: Clock
    let form: Form

    init(clock: Clock, wide: Bool, times: some Sequence<Timestamp>) {
        self.clock = clock
        form = wide ? .full : times.allSatisfy(clock.isThisYear) ? .day : .dayWithYear
    }

    /// Columns each time takes.
    var width: Int {
        switch form {
        case .full: 19
        case .day: 12
        case .dayWithYear: 16
        }
    }

    /// Columns more than the twelve of a date of this year (what a narrow row gives up for the year).
    var extraForYear: Int { form == .dayWithYear ? 4 : 0 }

    func text(_ time: Timestamp) -> String {
        switch form {
        case .full: clock.localText(time)
        case .day: clock.shortText(time, withYear: false)
        case .dayWithYear: clock.shortText(time, withYear: true)
        }
    }
}
