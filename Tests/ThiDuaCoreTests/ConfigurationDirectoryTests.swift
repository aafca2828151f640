import Testing
import ThiDuaCore

@Suite("The configuration directory and thidua.yaml itself: one clear diagnostic each")
struct ConfigurationDirectoryTests {
    let host = Host(catalog: ModuleCatalog(Independent.catalog))

    @Test("a missing configuration directory")
    func missingDirectory() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("no-such-config")
            let loaded = host.load(configurationDirectory: path)
            let error = try #require(loaded.diagnostics.only)
            #expect(error.severity == .error)
            #expect(error.message == "the configuration directory does not exist")
            #expect(error.hint == "pass --config DIR, or run thidua from the directory that holds config/")
            #expect(error.location == .file(path))
            #expect(
                error.description == "\(path): error: the configuration directory does not exist "
                    + "(pass --config DIR, or run thidua from the directory that holds config/)")
            #expect(loaded.configuration == nil)
            #expect(loaded.modules.isEmpty)
        }
    }

    @Test("a file given as the configuration directory")
    func fileInsteadOfDirectory() throws {
        try withTemporaryDirectory { directory in
            try directory.write("thidua.yaml", "format: 1\nmodules:\n  a:\n")
            let path = directory.file("thidua.yaml")
            let loaded = host.load(configurationDirectory: path)
            let error = try #require(loaded.diagnostics.only)
            #expect(error.message == "is not a directory; --config expects the configuration directory")
            #expect(error.hint == "pass the directory that holds thidua.yaml")
            #expect(error.location == .file(path))
            #expect(loaded.configuration == nil)
        }
    }

    @Test("a directory without thidua.yaml")
    func missingHostFile() throws {
        try withTemporaryDirectory { directory in
            let loaded = host.load(configurationDirectory: directory.path)
            let error = try #require(loaded.diagnostics.only)
            #expect(error.severity == .error)
            #expect(error.message == "the configuration directory has no thidua.yaml")
            #expect(error.hint?.contains("pass --config") == true)
            #expect(error.location == .file(directory.file("thidua.yaml")))
            #expect(loaded.hostFile == directory.file("thidua.yaml"))
            #expect(loaded.configuration == nil)
            #expect(loaded.modules.isEmpty)
        }
    }

    @Test("an empty thidua.yaml, or one with only comments", arguments: ["", "\n\n", "# nothing yet\n"])
    func emptyHostFile(text: String) throws {
        try withTemporaryDirectory { directory in
            try directory.write("thidua.yaml", text)
            let loaded = host.load(configurationDirectory: directory.path)
            let error = try #require(loaded.diagnostics.only)
            #expect(error.message == "the file is empty")
            #expect(error.hint == "write the configuration as 'key: value' lines")
            #expect(error.location.description == directory.file("thidua.yaml") + ":1:1")
            #expect(loaded.configuration == nil)
        }
    }

    @Test("a relative configuration directory gives relative paths in diagnostics")
    func relativeDirectoryStaysRelative() {
        let loaded = host.load(configurationDirectory: "./thidua-no-such-directory-\(UInt64.random(in: 0...UInt64.max))")
        #expect(loaded.hostFile.hasPrefix("thidua-no-such-directory-"))
        #expect(loaded.hostFile.hasSuffix("/thidua.yaml"))
        #expect(loaded.diagnostics.only?.message == "the configuration directory does not exist")
    }

    @Test("a minimal valid thidua.yaml loads with no diagnostic and default data directory")
    func minimalHostFile() throws {
        try load(Independent.catalog, hostFile: "format: 1\nmodules:\n  a:\n") { loaded, directory in
            #expect(loaded.diagnostics.isEmpty)
            #expect(!loaded.hasErrors)
            #expect(loaded.configuration?.format == 1)
            #expect(loaded.dataDirectory == ".thidua")
            #expect(loaded.configurationDirectory == directory.path)
            #expect(loaded.files == [directory.file("thidua.yaml")])
        }
    }
}
