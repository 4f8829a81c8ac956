#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the store needs, with errors worded for one line of output.
enum FileSystem {
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Whether the path names something, asked with the process's effective ids: a setgid auditlog sees the store's
    /// `-wal` and `-shm` through its group, where access(2), which asks with the real ids, would say they are absent
    /// (and the reader would take a store whose records are still in its log for an empty one).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// What tells one version of a file from another: size and modification time (zero when absent).
    struct Identity: Equatable {
        var size: Int64 = 0
        var seconds = 0
        var nanoseconds = 0
    }

    static func identity(_ path: String) -> Identity {
        var info = stat()
        guard stat(path, &info) == 0 else { return Identity() }
        return Identity(size: Int64(info.st_size), seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Why a writer cannot write the database at `path` and the `-wal` and `-shm` files SQLite keeps beside
    /// it; nil when it can. Checked before SQLite opens anything, so a refused import leaves no file behind
    /// (SQLite alone says only "attempt to write a readonly database", after creating both).
    static func whyNotWritable(_ path: String) -> String? {
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        if exists(path), access(path, W_OK) != 0 {
            let code = errno
            var info = stat()
            let owner = stat(path, &info) == 0
                ? " (owner \(getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(info.st_uid)), "
                    + "mode \(String(info.st_mode & 0o777, radix: 8)))"
                : ""
            return code == EROFS ? "cannot write \(path): it is on a read-only file system"
                : "cannot write \(path): the file is not writable by you" + owner
        }
        if access(directory, W_OK) != 0 {
            return errno == EROFS ? "cannot write \(path): it is on a read-only file system"
                : "cannot write \(path): its directory \(directory) is not writable by you, and SQLite keeps its -wal "
                    + "and -shm files beside the database"
        }
        return nil
    }

    /// Why a source at `path` cannot be read, as `LineReader` says when it opens it; nil when it can.
    static func whyUnreadable(_ path: String) -> String? {
        if isDirectory(path) { return "is a directory" }
        return access(path, R_OK) == 0 ? nil : errorText()
    }

    /// The reason `errno` gives, in lower case as a one-line error wants it.
    static func errorText(_ code: Int32 = errno) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    static func readText(_ path: String) throws -> String {
        let reader = try LineReader(path: path)
        var bytes: [UInt8] = []
        while let line = try reader.next() { bytes.append(contentsOf: line); bytes.append(0x0A) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads a file (or standard input, for `-`) one line at a time without holding it whole. A compressed
/// file (gzip, xz, bzip2, zstd: by its first bytes) is read through its decompressor.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// The number of the line read last (reading from the middle of a file: set to the lines before it).
    var lineNumber = 0
    /// Whether the line read last ended with its `\n` (the last line of a file being written may not yet).
    private(set) var lineEnded = true
    private let decompressor: Decompressor?
    /// Set at the end when the decompressor failed (a cut-short archive): what it said.
    private(set) var decompressionFailure: String?

    var compression: Compression? { decompressor?.compression }
    /// Whether a line keeps the carriage return before its `\n` (logs: a CR LF inside a record's value is
    /// kept as written; the framing drops one that ends a record). Off: both go (CSV, text).
    var keepsCarriageReturn = false

    /// `from`: a byte offset into a plain file; reading starts at the first whole line after it (the
    /// newest records of a log are at its end).
    init(path: String, from offset: Int64 = 0) throws {
        if path == "-" {
            guard let handle = fdopen(STDIN_FILENO, "rb") else { throw StoreError(FileSystem.errorText()) }
            // A compressed stream cannot be handed to a tool once read from: say how to read it.
            let first = getc(handle)
            if first != EOF { ungetc(first, handle) }
            if let compression = [0x1F: Compression.gzip, 0xFD: .xz, 0x28: .zstd][Int(first)] {
                throw StoreError("\(compression.rawValue)-compressed input; give the file itself, or pipe it through "
                    + "`\(compression.tool) -dc`")
            }
            file = handle
            ownsFile = false
            decompressor = nil
            return
        }
        if let reason = FileSystem.whyUnreadable(path) { throw StoreError(reason) }
        if let compression = Compression.of(path: path) {
            let running = try Decompressor(compression, path: path)
            decompressor = running
            file = running.output
            ownsFile = false
            return
        }
        guard let handle = fopen(path, "rb") else { throw StoreError(FileSystem.errorText()) }
        file = handle
        ownsFile = true
        decompressor = nil
        if offset > 0, fseeko(handle, off_t(offset - 1), SEEK_SET) == 0 {
            // Skip to the start of the next line (the byte before the offset may end the previous one).
            var byte = getc(handle)
            while byte != EOF, byte != 0x0A { byte = getc(handle) }
        }
    }

    /// Bytes read so far from a plain file (nil for a pipe or a decompressor). A decompressor's stream is
    /// never asked: it is closed once read to its end (`Decompressor.finish`), and asking a closed stream
    /// read freed memory (valgrind, on every compressed import).
    var position: Int64? {
        guard decompressor == nil else { return nil }
        let offset = ftello(file)
        return offset >= 0 ? Int64(offset) : nil
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line without its line ending, or nil at the end.
    func next() throws -> [UInt8]? {
        try withNextLine { Array($0) }
    }

    /// Calls `body` with the next line's bytes (valid only inside the call); nil at the end.
    func withNextLine<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
        let count = getline(&buffer, &capacity, file)
        if count < 0 {
            if ferror(file) != 0 { throw StoreError(FileSystem.errorText()) }
            if let decompressor, decompressionFailure == nil { decompressionFailure = decompressor.finish() }
            return nil
        }
        lineNumber += 1
        lineEnded = count > 0 && buffer![count - 1] == 0x0A
        var length = count
        if keepsCarriageReturn {
            if length > 0, buffer![length - 1] == 0x0A { length -= 1 }
        } else {
            while length > 0, buffer![length - 1] == 0x0A || buffer![length - 1] == 0x0D { length -= 1 }
        }
        return try buffer!.withMemoryRebound(to: UInt8.self, capacity: max(count, 1)) {
            try body(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
