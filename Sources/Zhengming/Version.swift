/// The version, shown by `zhengming --version` and written into the
/// `model_version` of Label Studio pre-annotations.
public enum ZhengmingVersion {
    public static let string = "0.1.0"
}
