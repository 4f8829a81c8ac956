// The browser draws with TextCells (its grid, styled lines, widths, escaping, glyphs): what imports the
// browser (the terminal adapter, the command) draws and measures with it too.
@_exported import TextCells
