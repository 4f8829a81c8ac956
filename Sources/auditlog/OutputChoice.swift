import AuditBrowser

/// Where `report` and `review` write, and in which format, from one reading: standard output or one `-o FILE`
/// (in `--format`, else the file's extension's, else text), or several `-o FILE`, each in its extension's format
/// (the timer writes the week's JSON and HTML). An extension that names no format is refused, naming those that do.
enum OutputChoice {
    static func outputs<Format: RawRepresentable & CaseIterable & Equatable>(
        _ arguments: Arguments, format option: OptionSpec, text: Format
    ) throws -> [(path: String?, format: Format)] where Format.RawValue == String {
        let paths = arguments.values(Common.output)
        let extensions = Format.allCases.map { $0 == text ? "txt" : $0.rawValue }
        /// The format a file's extension names, nil for none or another.
        func named(by path: String) -> Format? {
            guard let name = ViewExportFormat.fileExtension(of: path) else { return nil }
            return name == "txt" ? text : Format.allCases.first { $0 != text && $0.rawValue == name }
        }
        guard paths.count > 1 else {
            let path = paths.first
            if let name = arguments.value(option) { return [(path, Format(rawValue: name) ?? text)] } // a declared choice
            guard let path, path != "-", ViewExportFormat.fileExtension(of: path) != nil else { return [(path, text)] }
            guard let format = named(by: path) else {
                throw CommandError.usage(ViewExportFormat.unknownExtension(path, known: extensions) + ", or name the format with --format")
            }
            return [(path, format)]
        }
        if arguments.value(option) != nil {
            throw CommandError.usage("\(option.name) names the format of one output; with several -o each file's extension names its own")
        }
        return try paths.map { path in
            guard let format = named(by: path) else {
                throw CommandError.usage("-o \(path): with several outputs each names its format by its extension ("
                    + extensions.map { "." + $0 }.joined(separator: " ") + ")")
            }
            return (path, format)
        }
    }

    /// Records a look for each output first (nothing is written unless every look is recorded), then writes
    /// each output in its format.
    static func write<Format>(_ outputs: [(path: String?, format: Format)], look: (String?) throws -> Void,
                              _ body: (Format, Output) -> Void) throws {
        for (path, _) in outputs { try look(path) }
        for (path, format) in outputs {
            let output = try Output(path: path)
            body(format, output)
            try output.close()
        }
    }
}
