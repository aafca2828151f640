// Modules see the YAML layer's public types (Diagnostic, SourceLocation, Located, …) through the core.
@_exported public import ThiDuaYAML
