import ThiDuaCore
public import ThiDuaYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kinds of file a dossier may hold, recognised by extension AND by their first bytes.
public enum AttachmentType: String, CaseIterable, Decodable, Sendable, Hashable {
    case pdf, docx, doc, jpg, png

    /// The file name endings of the type (lower case, without the dot).
    public var extensions: [String] {
        switch self {
        case .pdf: return ["pdf"]
        case .docx: return ["docx"]
        case .doc: return ["doc"]
        case .jpg: return ["jpg", "jpeg"]
        case .png: return ["png"]
        }
    }

    /// For messages: "a PDF document".
    public var described: String {
        switch self {
        case .pdf: return "a PDF document"
        case .docx: return "a Word document (.docx)"
        case .doc: return "a Word 97–2003 document (.doc)"
        case .jpg: return "a JPEG image"
        case .png: return "a PNG image"
        }
    }

    /// The type whose extension `name` ends with (ignoring case), if any.
    public static func byExtension(of name: String) -> AttachmentType? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ending = String(name[name.index(after: dot)...]).lowercased()
        return allCases.first { $0.extensions.contains(ending) }
    }

    /// The type the content is, by its magic bytes: `%PDF-`, a ZIP holding `word/document.xml`,
    /// an OLE2 compound file, `FF D8 FF`, the PNG signature.
    public static func byContent(_ bytes: [UInt8]) -> AttachmentType? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpg }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .doc }
        // A .docx is a ZIP archive; entry names are stored uncompressed, so the main part's name
        // is in the bytes (a renamed .xlsx or plain .zip is not a Word document).
        if starts([0x50, 0x4B, 0x03, 0x04]), contains(bytes, Array("word/document.xml".utf8)) { return .docx }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

/// A size in bytes written as `20 MB`, `512 KB`, `1 GB` or a plain number of bytes (KB, MB and GB
/// are binary: 1 MB = 1,048,576 bytes).
public struct ByteSize: Sendable, Hashable, CustomStringConvertible, YAMLScalarDecodable {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    public init?(_ text: String) {
        let trimmed = text.split(separator: " ").joined()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unit = trimmed.dropFirst(digits.count).uppercased()
        guard !digits.isEmpty, let value = Int(digits) else { return nil }
        let factor: Int
        switch unit {
        case "", "B": factor = 1
        case "KB", "KIB": factor = 1024
        case "MB", "MIB": factor = 1024 * 1024
        case "GB", "GIB": factor = 1024 * 1024 * 1024
        default: return nil
        }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow, product > 0 else { return nil }
        bytes = product
    }

    public init(yamlScalar scalar: YAMLScalar) throws(ScalarError) {
        guard let size = ByteSize(scalar.value) else {
            throw ScalarError("'\(scalar.value)' is not a size", hint: "write e.g. 20 MB, 512 KB or a number of bytes")
        }
        self = size
    }

    /// `20 MB`, `512 KB`, `1234 bytes`.
    public var description: String {
        for (unit, factor) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor) \(unit)"
        }
        for (unit, factor) in [("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= factor {
            let tenths = (bytes * 10 + factor / 2) / factor
            return "\(tenths / 10).\(tenths % 10) \(unit)"
        }
        return "\(bytes) bytes"
    }
}

/// A user's file read for attaching: its original name (data only), bytes, type and hash.
public struct IncomingFile: Sendable {
    /// The last component of the path the user gave, kept only as data (never as a path).
    public var name: String
    public var bytes: [UInt8]
    public var type: AttachmentType
    /// SHA-256 of the bytes, lower-case hexadecimal: the file's name in the store.
    public var sha256: String

    public var size: Int { bytes.count }

    /// Reads `path`, refusing a missing or unreadable file, one over `maxSize` (before reading
    /// it), one whose extension is not allowed, and one whose content is not what its extension says.
    public static func read(_ path: String, shownAs shown: String? = nil, settings: AttachmentSettings) throws(DossierError)
        -> IncomingFile
    {
        let label = shown ?? path
        let name = IncomingFile.displayName(of: path)
        guard let type = AttachmentType.byExtension(of: name), settings.types.contains(type) else {
            let allowed = settings.types.flatMap(\.extensions).map { ".\($0)" }.joined(separator: ", ")
            throw DossierError(
                "'\(label)' is not an allowed type of file", hint: "attach one of: \(allowed)")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            throw DossierError(
                code == ENOENT ? "there is no file '\(label)'" : "cannot read '\(label)': \(String(cString: strerror(code)))",
                hint: code == ENOENT
                    ? "check the path; relative paths are read from \(shown == nil ? "the current directory" : "the import file's directory")"
                    : nil)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw DossierError("'\(label)' is not a regular file")
        }
        let size = Int(info.st_size)
        if size > settings.maxSize.bytes {
            throw DossierError(
                "'\(label)' is \(ByteSize(bytes: size)), more than the \(settings.maxSize) an attachment may have",
                hint:
                    "reduce it (scan at a lower resolution, save as PDF), or raise 'max_size' under the dossiers module's 'attachments' in thidua.yaml"
            )
        }
        if size == 0 { throw DossierError("'\(label)' is empty") }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                readFrom(descriptor, buffer.baseAddress.map { $0 + offset }, size - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw DossierError("cannot read '\(label)': it changed while it was read") }
            offset += count
        }
        let actual = AttachmentType.byContent(bytes)
        guard actual == type else {
            let content = actual.map { "its content is \($0.described)" } ?? "its content is none of the allowed types"
            throw DossierError(
                "'\(label)' is named as \(type.described), but \(content)",
                hint: "attach the real file; a renamed file is refused")
        }
        return IncomingFile(name: name, bytes: bytes, type: type, sha256: SHA256.hexString(SHA256.hash(bytes)))
    }

    /// The last path component, with control characters replaced: what is shown and stored.
    static func displayName(of path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return String(String.UnicodeScalarView(last.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

/// `read(2)`, outside types that have a `read` of their own.
private func readFrom(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// The attachment settings of the dossiers module (`attachments:` in thidua.yaml).
public struct AttachmentSettings: Decodable, Sendable {
    /// Allowed types; by default all five.
    public var types: [AttachmentType]
    /// The largest file accepted; by default 20 MB.
    public var maxSize: ByteSize

    public static let defaultMaxSize = ByteSize(bytes: 20 * 1024 * 1024)

    public init(types: [AttachmentType] = AttachmentType.allCases, maxSize: ByteSize = AttachmentSettings.defaultMaxSize) {
        self.types = types
        self.maxSize = maxSize
    }

    enum CodingKeys: String, CodingKey { case types, maxSize = "max_size" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        types = try container.decodeIfPresent([AttachmentType].self, forKey: .types) ?? AttachmentType.allCases
        maxSize = try container.decodeIfPresent(ByteSize.self, forKey: .maxSize) ?? Self.defaultMaxSize
        if types.isEmpty {
            try container.superDecoder(forKey: .types).report(
                .error, "no type of attachment is allowed", hint: "list some of: pdf, docx, doc, jpg, png")
        }
    }
}

/// The content-addressed file store under the data directory: `attachments/sha256/ab/cdef…`.
///
/// A file is stored under the SHA-256 of its content, written to a temporary file, synced, then
/// linked into place: an existing file is never replaced (same name, same content), and a process
/// killed half-way leaves at most a temporary file or an unreferenced blob, never a wrong one.
/// Names users gave never become paths.
public struct AttachmentStore: Sendable {
    /// `<data directory>/attachments`.
    public let directory: String

    public init(dataDirectory: String) {
        directory = Paths.join(dataDirectory, "attachments")
    }

    /// Where the blob with `sha256` is kept.
    public func path(of sha256: String) -> String {
        "\(directory)/sha256/\(sha256.prefix(2))/\(sha256.dropFirst(2))"
    }

    /// Stores `file` unless a blob with its hash is already there. Returns whether it was new.
    @discardableResult
    public func put(_ file: IncomingFile) throws(DossierError) -> Bool {
        precondition(file.sha256.count == 64 && file.sha256.allSatisfy(\.isHexDigit), "a SHA-256 in hexadecimal")
        let target = path(of: file.sha256)
        if Paths.kind(of: target) == .file { return false }
        let folder = "\(directory)/sha256/\(file.sha256.prefix(2))"
        do {
            try Paths.createDirectory(folder)
        } catch {
            throw DossierError("cannot create the attachment store '\(folder)': \(error)")
        }
        var template = Array("\(folder)/.incoming-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw DossierError("cannot write into the attachment store '\(folder)': \(String(cString: strerror(errno)))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The temporary name goes away whatever happens; the blob stays under its hash.
        defer { unlink(temporary) }
        var offset = 0
        while offset < file.bytes.count {
            let count = file.bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, file.bytes.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let message = String(cString: strerror(errno))
                close(descriptor)
                throw DossierError("cannot write into the attachment store '\(folder)': \(message)")
            }
            offset += count
        }
        fchmod(descriptor, 0o444)
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw DossierError("cannot write into the attachment store '\(folder)': the disk refused to sync") }
        if link(temporary, target) != 0, errno != EEXIST {
            throw DossierError("cannot store the attachment in '\(folder)': \(String(cString: strerror(errno)))")
        }
        syncDirectory(folder)
        return true
    }

    /// Whether the blob `sha256` is there with that content; a problem otherwise.
    public func check(_ sha256: String, size: Int) -> String? {
        let target = path(of: sha256)
        guard Paths.kind(of: target) == .file else { return "the file \(target) is missing" }
        switch FileReader.read(target, limit: max(size, 1) + 1) {
        case .failure(let diagnostic): return diagnostic.message
        case .success(let bytes):
            if bytes.count != size { return "the file \(target) has \(bytes.count) bytes, not \(size)" }
            if SHA256.hexString(SHA256.hash(bytes)) != sha256 { return "the file \(target) does not hash to its name (changed)" }
            return nil
        }
    }

    private func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
