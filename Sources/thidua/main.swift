import ThiDuaCLI

ThiDuaMain.main()
