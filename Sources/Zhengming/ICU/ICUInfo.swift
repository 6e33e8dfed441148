/// Facts about the ICU library in use, for reports.
public enum ICUInfo {
    /// The linked ICU version, e.g. "72.1".
    public static var version: String { ICU.version }
}
