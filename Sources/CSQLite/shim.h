// The system SQLite (libsqlite3-dev), for the ZhengmingSQLite target only:
// the core library never links it. SQLite's C API is called from one Swift
// file (SQLiteConnection.swift), as the ICU shim is.
#include <sqlite3.h>
