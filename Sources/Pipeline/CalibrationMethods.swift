import Surrogate

/// Every calibration method MdPL knows, by name: the one place a method is registered.
public enum CalibrationMethods {
    public static let all: [any CalibrationMethod] = [
        MdPLMethod(),
        DPLMethod(task: .Qle), DPLMethod(task: .Qh), DPLMethod(task: .NEE),
        LeaveOneSiteOutMethod(),
        SCEUAMethod.baseline,
        SCEUAMethod.ceiling,
        LocalSearchMethod(),
    ]

    /// The names of every method.
    public static var names: [String] { all.map(\.name) }

    /// The method called `name`, if there is one.
    public static func named(_ name: String) -> (any CalibrationMethod)? {
        all.first { $0.name == name }
    }

    /// `methods` in the order they run: a method after those it reads, otherwise as given.
    public static func ordered(_ methods: [any CalibrationMethod]) -> [any CalibrationMethod] {
        var done: [any CalibrationMethod] = []
        var pending = methods
        while !pending.isEmpty {
            let names = Set(pending.map(\.name))
            let next = pending.firstIndex { !$0.reads.contains(where: names.contains) } ?? 0
            done.append(pending.remove(at: next))
        }
        return done
    }
}
