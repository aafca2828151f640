/// Reads whole files with the same checks the parser applies: a missing file, a directory, an
/// unreadable file or one over the size limit becomes a ``Diagnostic`` naming the file.
public enum FileReader {
    /// The bytes of the file at `path`, or a diagnostic naming it when it is missing, not a file, unreadable or larger than `limit` bytes.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Diagnostic> {
        readFile(path, limit: limit)
    }
}
