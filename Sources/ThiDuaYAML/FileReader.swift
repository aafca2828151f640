/// Reads whole files with the same checks the parser applies: a missing file, a directory, an
/// unreadable file or one over the size limit becomes a ``Diagnostic`` naming the file.
public enum FileReader {
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Diagnostic> {
        readFile(path, limit: limit)
    }
}
