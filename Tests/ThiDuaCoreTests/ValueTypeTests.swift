import Foundation
import Testing
import ThiDuaCore

/// The Unicode scalars of `text`, as hex, to compare normalisation forms (`==` on String ignores
/// the difference between NFC and NFD).
func scalars(_ text: String) -> [String] {
    text.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }
}

@Suite("VietnameseText and String.nfc")
struct VietnameseTextTests {
    @Test(
        "searchKey folds case, diacritics and đ",
        arguments: [
            ("Võ Tất Dũng", "vo tat dung"),
            ("ĐẶNG", "dang"),
            ("Đặng Minh Tuấn", "dang minh tuan"),
            ("Nguyễn Thị Phượng", "nguyen thi phuong"),
            ("VO TAT DUNG", "vo tat dung"),
            ("Phòng QH-KT số 2", "phong qh-kt so 2"),
            ("Huỳnh Văn Đức", "huynh van duc"),
        ])
    func searchKeyFolds(text: String, key: String) {
        #expect(VietnameseText.searchKey(text) == key)
    }

    @Test("searchKey folds decomposed (NFD) input like composed input")
    func searchKeyFoldsDecomposedText() {
        let decomposed = "Vo\u{303} Ta\u{302}\u{301}t Du\u{303}ng"
        #expect(scalars(decomposed) != scalars("Võ Tất Dũng"))
        #expect(VietnameseText.searchKey(decomposed) == "vo tat dung")
        #expect(VietnameseText.searchKey("Tru\u{31B}o\u{31B}\u{300}ng Va\u{306}n") == "truong van")
        #expect(VietnameseText.searchKey("D\u{323}A\u{306}\u{323}NG") == "dang")
    }

    @Test("searchKey collapses runs of white space and trims the ends")
    func searchKeyCollapsesWhiteSpace() {
        #expect(VietnameseText.searchKey("  Võ   Tất\tDũng \n") == "vo tat dung")
        #expect(VietnameseText.searchKey("   ") == "")
        #expect(VietnameseText.searchKey("") == "")
    }

    @Test("every Vietnamese letter with a diacritic folds to its base letter, in both cases")
    func everyVietnameseLetterFolds() {
        let letters: [(String, String)] = [
            ("aàáảãạăằắẳẵặâầấẩẫậ", "a"), ("eèéẻẽẹêềếểễệ", "e"), ("iìíỉĩị", "i"),
            ("oòóỏõọôồốổỗộơờớởỡợ", "o"), ("uùúủũụưừứửữự", "u"), ("yỳýỷỹỵ", "y"), ("dđ", "d"),
        ]
        for (group, base) in letters {
            for letter in group {
                #expect(VietnameseText.searchKey(String(letter)) == base, "\(letter)")
                #expect(VietnameseText.searchKey(String(letter).uppercased()) == base, "\(String(letter).uppercased())")
            }
        }
    }

    @Test("letters outside Latin are lower-cased, not dropped")
    func otherScriptsAreLowerCased() {
        #expect(VietnameseText.searchKey("ΩMEGA") == "ωmega")
        #expect(VietnameseText.searchKey("Ü Ñ ß") == "u n ß")
    }

    @Test("String.nfc composes decomposed text and leaves composed and ASCII text as it is")
    func nfc() {
        #expect(scalars("Vo\u{303}".nfc) == ["56", "F5"])
        #expect(scalars("Nguye\u{302}\u{303}n".nfc) == scalars("Nguy\u{1EC5}n"))
        // Marks in either order compose canonically: dot below, then breve.
        #expect(scalars("a\u{323}\u{306}".nfc) == ["1EB7"])
        #expect(scalars("a\u{306}\u{323}".nfc) == ["1EB7"])
        #expect(scalars("Võ Tất Dũng".nfc) == scalars("Võ Tất Dũng"))
        #expect("plain ASCII".nfc == "plain ASCII")
        #expect(scalars(VietnameseText.normalized("Du\u{303}ng")) == ["44", "169", "6E", "67"])
    }
}

@Suite("Paths")
struct PathsTests {
    @Test(
        "join puts relative paths under the base and keeps absolute ones",
        arguments: [
            ("config", "organization/a.yaml", "config/organization/a.yaml"),
            ("config/", "a.yaml", "config/a.yaml"),
            ("./config", "./a.yaml", "config/a.yaml"),
            ("././config", "././a.yaml", "config/a.yaml"),
            ("config", "/srv/thidua/a.yaml", "/srv/thidua/a.yaml"),
            (".", "a.yaml", "a.yaml"),
            ("./", "a.yaml", "a.yaml"),
            ("", "a.yaml", "a.yaml"),
            ("/etc/thidua", "thidua.yaml", "/etc/thidua/thidua.yaml"),
            ("/", "thidua.yaml", "/thidua.yaml"),
            ("config", "../shared/a.yaml", "config/../shared/a.yaml"),
        ])
    func join(base: String, path: String, expected: String) {
        #expect(Paths.join(base, path) == expected)
    }

    @Test("kind tells a missing path, a file and a directory apart")
    func kind() throws {
        try withTemporaryDirectory { directory in
            try directory.write("thidua.yaml", "format: 1\n")
            #expect(Paths.kind(of: directory.path) == .directory)
            #expect(Paths.kind(of: directory.file("thidua.yaml")) == .file)
            #expect(Paths.kind(of: directory.file("absent")) == .missing)
            #expect(Paths.kind(of: "/dev/null") == .other)
        }
    }

    @Test("createDirectory creates parents and accepts an existing directory")
    func createDirectoryCreatesParents() throws {
        try withTemporaryDirectory { directory in
            let nested = directory.file("data/attachments/2024")
            try Paths.createDirectory(nested)
            #expect(Paths.kind(of: nested) == .directory)
            try Paths.createDirectory(nested)
            #expect(Paths.kind(of: nested) == .directory)
        }
    }

    @Test("createDirectory refuses a path where a file is in the way")
    func createDirectoryRefusesFile() throws {
        try withTemporaryDirectory { directory in
            try directory.write("data", "not a directory")
            let below = #expect(throws: ModuleError.self) { try Paths.createDirectory(directory.file("data/attachments")) }
            // The file in the way is named.
            #expect(below?.message == "cannot create the directory '\(directory.file("data"))': File exists")
            let itself = #expect(throws: ModuleError.self) { try Paths.createDirectory(directory.file("data")) }
            #expect(itself?.message == "cannot create the directory '\(directory.file("data"))': File exists")
        }
    }
}

@Suite("JSONText")
struct JSONTextTests {
    @Test("strings escape quotes, backslashes and control characters and keep other text as is")
    func escaping() {
        #expect(JSONText.string("say \"hi\"").description == #""say \"hi\"""#)
        #expect(JSONText.string(#"C:\thidua"#).description == #""C:\\thidua""#)
        #expect(JSONText.string("a\nb\rc\td").description == #""a\nb\rc\td""#)
        #expect(JSONText.string("\u{01}\u{1F}").description == #""\u0001\u001f""#)
        #expect(JSONText.string("Võ Tất Dũng ✓").description == "\"Võ Tất Dũng ✓\"")
        #expect(JSONText.string("/\u{7F}").description == "\"/\u{7F}\"")
    }

    @Test("values print with two-space indentation and keys in the order given")
    func prettyPrinting() {
        let value = JSONText.object([
            ("id", .string("vo-tat-dung")), ("age", .int(-45)), ("active", .bool(true)), ("email", .null),
            ("units", .array([.string("a"), .string("b")])), ("tags", .array([])), ("extra", .object([])),
            ("nested", .object([("ok", .bool(false))])),
        ])
        #expect(
            value.description == """
                {
                  "id": "vo-tat-dung",
                  "age": -45,
                  "active": true,
                  "email": null,
                  "units": [
                    "a",
                    "b"
                  ],
                  "tags": [],
                  "extra": {},
                  "nested": {
                    "ok": false
                  }
                }
                """)
    }

    @Test("output parses as JSON with the same values")
    func outputIsValidJSON() throws {
        let value = JSONText.array([
            .object([("name", .string("Đặng \"Minh\"\n\u{02}\\")), ("n", .int(3))])
        ])
        let parsed = try JSONSerialization.jsonObject(with: Data(value.description.utf8))
        let items = try #require(parsed as? [[String: Any]])
        #expect(items.first?["name"] as? String == "Đặng \"Minh\"\n\u{02}\\")
        #expect(items.first?["n"] as? Int == 3)
    }

    @Test("a diagnostic becomes an object with file, line, column, severity, message and hint")
    func diagnosticJSON() {
        let diagnostic = Diagnostic.error(
            "unknown key 'lable'", at: SourceLocation(file: "config/thidua.yaml", line: 4, column: 5),
            hint: "did you mean 'label'?")
        #expect(
            JSONText(diagnostic).description == """
                {
                  "file": "config/thidua.yaml",
                  "line": 4,
                  "column": 5,
                  "severity": "error",
                  "message": "unknown key 'lable'",
                  "hint": "did you mean 'label'?"
                }
                """)
        let note = Diagnostic(.note, at: .file("config"), "no hint")
        #expect(JSONText(note).description.contains(#""hint": null"#))
        #expect(JSONText(note).description.contains(#""line": 0"#))
    }
}
