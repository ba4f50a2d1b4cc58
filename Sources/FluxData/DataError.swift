import Foundation

/// An input problem, always naming the file, the variable (where there is one) and what is wrong.
public struct DataError: Error, CustomStringConvertible, Equatable {
    /// The file that was being read or written.
    public var file: String
    /// The variable or column concerned, if any.
    public var variable: String?
    /// What is wrong, in words a user can act on.
    public var problem: String

    public init(file: String, variable: String? = nil, _ problem: String) {
        self.file = file
        self.variable = variable
        self.problem = problem
    }

    public var description: String {
        if let variable { return "\(file): variable '\(variable)': \(problem)" }
        return "\(file): \(problem)"
    }
}

extension DataError: LocalizedError {
    public var errorDescription: String? { description }
}
