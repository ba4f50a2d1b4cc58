/// A problem in a run configuration, naming the key (dotted path), the offending value and the rule.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var key: String
    public var value: String?
    public var problem: String

    public init(file: String, key: String, value: String? = nil, _ problem: String) {
        self.file = file
        self.key = key
        self.value = value
        self.problem = problem
    }

    public var description: String {
        let shown = value.map { " = '\($0)'" } ?? ""
        return "\(file): config key '\(key)'\(shown): \(problem)"
    }
}
