// The ThiDua side of the benchmark. Only this file imports ThiDuaYAML (whose
// `YAMLDecoder` must not meet any other YAMLDecoder).
import ThiDuaYAML
import ProvinceModel

/// Reads `path` and decodes it into `Province` with ThiDua's own decoder
/// (load + decode + validate), then counts from the result.
func decodeWithThiDua(path: String) throws -> Province.Summary {
    let province = try YAMLDecoder().decode(Province.self, fromFile: path)
    return province.summary
}

/// ThiDua's diagnostics as `path:line:col: error: message` lines, or nil when
/// `error` is not a `DiagnosticsError`.
func thiDuaDiagnostics(_ error: any Error) -> [String]? {
    guard let error = error as? DiagnosticsError else { return nil }
    return error.diagnostics.map { String(describing: $0) }
}
