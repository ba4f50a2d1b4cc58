import Surrogate

/// Every calibration method MdPL knows, by name: the one place a method is registered.
public enum CalibrationMethods {
    public static let all: [any CalibrationMethod] = [
        MdPLMethod(),
        DPLMethod(task: .Qle), DPLMethod(task: .Qh), DPLMethod(task: .NEE),
        LeaveOneSiteOutMethod(), LeaveOneSiteOutMethod(withinPFT: true),
        SCEUAMethod.baseline,
        SCEUAMethod.ceiling,
        LocalSearchMethod(), LocalSearchMethod(usesDerivatives: true),
        GradientMethod(),
        PhysicsGeneratorMethod(),
        ParetoMethod(),
    ]

    /// The names of every method.
    public static var names: [String] { all.map(\.name) }

    /// The method called `name`, if there is one: a registered method, or one with its objective
    /// at a single time scale, `<method>@half-hourly`, `@daily` or `@monthly`.
    public static func named(_ name: String) -> (any CalibrationMethod)? {
        if let method = all.first(where: { $0.name == name }) { return method }
        let parts = name.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let base = all.first(where: { $0.name == parts[0] }),
              let scales = SingleScaleMethod.scales(parts[1]) else { return nil }
        return SingleScaleMethod(base: base, scaleName: parts[1], scales: scales)
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
