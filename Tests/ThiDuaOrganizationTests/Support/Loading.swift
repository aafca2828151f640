import Testing
import ThiDuaCore
import ThiDuaOrganization

/// The organization file most tests start from (line numbers matter: see the comments).
let sampleOrganization = """
    agency:
      name: Sở Xây dựng
      superior: UBND tỉnh Bình Định
      symbol: SXD
      place: Bình Định
    units:
      - id: bgd
        name: Ban Giám đốc Sở
        kind: leadership
        head: vo-tat-dung
      - id: van-phong
        name: Văn phòng Sở
        kind: division
    people:
      - id: vo-tat-dung
        full_name: Võ Tất Dũng
        unit: bgd
        position: Giám đốc
        kind: civil-servant
      - id: dang-minh-tuan
        full_name: Đặng Minh Tuấn
        unit: van-phong
        kind: civil-servant
        email: tuandm@sxd.example.vn
        phone: 0256 3822 000

    """
// Line 7: first unit (column 5); line 11: second unit; line 15: first person; line 20: second person.

/// The roster header with every column.
let rosterHeader = "id,full_name,unit,position,kind,email,phone\n"

/// A thidua.yaml enabling the organization module with `file` and `rosters`.
/// `file:` is on line 4 (value at column 11); the rosters start on line 6 (values at column 9).
func organizationHostFile(file: String = "organization/org.yaml", rosters: [String] = []) -> String {
    var text = "format: 1\nmodules:\n  organization:\n    file: \(file)\n"
    if !rosters.isEmpty {
        text += "    rosters:\n" + rosters.map { "      - \($0)\n" }.joined()
    }
    return text
}

/// Writes an organization configuration into a temporary directory and loads it through the host
/// with only the organization module linked.
/// - Parameters:
///   - organization: the text of `organization/org.yaml` (nil: do not write it).
///   - rosters: CSV files by name under `organization/`, as bytes, listed in this order.
func loadOrganization<Result>(
    _ organization: String? = sampleOrganization, rosters: [(String, [UInt8])] = [], hostFile: String? = nil,
    _ body: (LoadedHost, TemporaryDirectory) throws -> Result
) throws -> Result {
    try withTemporaryDirectory { directory in
        if let organization { try directory.write("organization/org.yaml", organization) }
        for (name, bytes) in rosters { try directory.write("organization/" + name, bytes: bytes) }
        try directory.write("thidua.yaml", hostFile ?? organizationHostFile(rosters: rosters.map { "organization/" + $0.0 }))
        let host = Host(catalog: ModuleCatalog([OrganizationModule.self])).load(configurationDirectory: directory.path)
        return try body(host, directory)
    }
}

/// UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The Unicode scalars of `text`, as hex (`==` on String does not tell NFC from NFD).
func scalars(_ text: String) -> [String] {
    text.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }
}

extension LoadedHost {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    var organization: Organization? { module(OrganizationModule.self)?.organization }
}

extension Array {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
