#if canImport(Glibc)
import Glibc
#endif

/// The two clocks the program reads, in one place: the wall clock (record times, "now") and the monotonic
/// one (durations: rates, polls, quiet periods), both in microseconds.
public enum SystemClock {
    /// Now, in microseconds since 1970.
    public static func nowMicroseconds() -> Int64 { read(CLOCK_REALTIME) }

    /// A monotonic instant in microseconds (for durations only).
    public static func monotonicMicroseconds() -> Int64 { read(CLOCK_MONOTONIC) }

    private static func read(_ clock: clockid_t) -> Int64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000
    }
}
