import AuditBrowser
import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// Buffered output to standard output or to a file. A file is written beside its final name and moved
/// into place when complete, so a failed export never leaves half a report under the name asked for.
/// Standard output that is a terminal gets every control character from the data shown, not obeyed (an
/// OSC 52 in a CSV cell would otherwise write the clipboard); a file or a pipe gets the exact bytes.
final class Output {
    private let file: UnsafeMutablePointer<FILE>
    private let finalPath: String?
    private let temporaryPath: String?
    private let toTerminal: Bool

    init(path: String?) throws {
        guard let path, path != "-" else {
            guard let handle = fdopen(STDOUT_FILENO, "wb") else {
                throw CommandError.failure("cannot write to standard output")
            }
            file = handle
            finalPath = nil
            temporaryPath = nil
            toTerminal = isatty(STDOUT_FILENO) == 1
            return
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written where it is: moving a file
            // onto its name would replace it (as root, /dev/null itself).
            guard let handle = try UserRights.asUser({ fopen(path, "wb") }) else {
                throw CommandError.failure("\(path): \(String(cString: strerror(errno)))")
            }
            file = handle
            finalPath = path
            temporaryPath = nil
            toTerminal = isatty(fileno(handle)) == 1
            return
        }
        let temporary = path + ".part"
        guard let handle = try UserRights.asUser({ fopen(temporary, "wb") }) else {
            throw CommandError.failure("\(path): \(String(cString: strerror(errno)))")
        }
        file = handle
        finalPath = path
        temporaryPath = temporary
        toTerminal = false
    }

    func write(_ text: String) {
        var text = toTerminal ? Sanitizer.keepingLineBreaks(text) : text
        text.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, file) }
    }

    func line(_ text: String) {
        write(text)
        fputc(0x0A, file)
    }

    /// Finishes the output: flushes, and moves a file into place.
    func close() throws {
        let failed = fflush(file) != 0 || ferror(file) != 0
        guard let finalPath else {
            if failed { throw CommandError.failure("cannot write to standard output") }
            return
        }
        guard let temporaryPath else {
            let closed = fclose(file) == 0
            if failed || !closed { throw CommandError.failure("\(finalPath): \(String(cString: strerror(errno)))") }
            return
        }
        fclose(file)
        if failed || UserRights.asUserIfPossible({ rename(temporaryPath, finalPath) }) != 0 {
            let reason = String(cString: strerror(errno))
            _ = UserRights.asUserIfPossible { unlink(temporaryPath) }
            throw CommandError.failure("\(finalPath): \(reason)")
        }
    }

    /// Removes an unfinished file.
    func abandon() {
        guard let temporaryPath else {
            if finalPath != nil { fclose(file) }
            return
        }
        fclose(file)
        _ = UserRights.asUserIfPossible { unlink(temporaryPath) }
    }
}
