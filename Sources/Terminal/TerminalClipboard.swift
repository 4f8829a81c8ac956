#if canImport(Glibc)
import Glibc
#endif

/// The OSC 52 sequence that sets the clipboard of the terminal the user sits at — through SSH, and through
/// tmux when its `set-clipboard` is on (`set -g set-clipboard on` in ~/.tmux.conf). Understood by xterm,
/// kitty, iTerm2, WezTerm, Windows Terminal and others; the terminal answers nothing, so it is only sent.
public enum TerminalClipboard {
    /// `ESC ] 52 ; c ; BASE64 BEL`: the text's UTF-8 bytes in base64, and nothing else.
    public static func sequence(_ text: String) -> [UInt8] {
        Array("\u{1B}]52;c;".utf8) + base64(Array(text.utf8)) + [0x07]
    }

    /// Standard base64 (RFC 4648, with padding).
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * position) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return out
    }

    /// Sends it to standard output when that is a terminal (between frames: it moves no cursor, draws
    /// nothing); never to a file or a pipe.
    static func send(_ text: String) {
        guard isatty(STDOUT_FILENO) == 1 else { return }
        let bytes = sequence(text)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return }
            written += result
        }
    }
}
