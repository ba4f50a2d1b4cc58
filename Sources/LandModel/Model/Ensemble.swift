import Dispatch
import FluxData
import Foundation

/// Which outputs an ensemble run keeps, and at what resolution.
public struct EnsembleRecording: Sendable, Hashable {
    public enum Resolution: String, Sendable, Codable {
        /// Every model step.
        case native
        /// Calendar-day means (local standard time).
        case daily
    }

    public var fields: [OutputField]
    public var resolution: Resolution

    public init(fields: [OutputField] = [.Qle, .Qh, .NEE], resolution: Resolution = .daily) {
        self.fields = fields
        self.resolution = resolution
    }
}

/// Outputs of K members: `values[field][member]` is one series at the recorded resolution.
public struct EnsembleResult: Sendable {
    public var recording: EnsembleRecording
    /// Start of each recorded period (a step, or a day).
    public var periods: [CivilDateTime]
    public var values: [OutputField: [[Double]]]
    /// Spin-up cycles each member needed.
    public var spinUpCycles: [Int]

    public var memberCount: Int { spinUpCycles.count }
}

/// Runs many parameter sets on one site's forcing: eight members per SIMD vector (`Lanes`,
/// structure of arrays), vectors spread over threads, spin-up with lanes refilled as members settle
/// (`RefilledSpinUp`), then the record. A member's outputs are bit-for-bit those of
/// `Simulation.run` with the same parameters.
public enum Ensemble {
    /// Runs every parameter set in `members` over `forcing`.
    ///
    /// - Parameters:
    ///   - threads: worker threads (default: all cores).
    ///   - progress: called with the number of members finished, from any thread.
    public static func run(_ forcing: PreparedForcing, members: [LandParameters], recording: EnsembleRecording = .init(),
                           options: SimulationOptions = SimulationOptions(),
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: (@Sendable (Int) -> Void)? = nil) -> EnsembleResult {
        let groups = recording.resolution == .daily ? TimeGroups(forcing.time, scale: .daily) : nil
        let periods = groups?.labels ?? (0..<forcing.time.count).map { forcing.time.time(at: $0) }
        let chunkCount = (members.count + Lanes.width - 1) / Lanes.width
        let fieldCount = recording.fields.count
        let order = entryOrder(members)
        // Spin-up first, with lanes refilled as members settle; a member alone in the last vector
        // runs the scalar path, spin-up included.
        let vectorMembers = members.count % Lanes.width == 1 ? Array(order.dropLast()) : order
        let spunUp = options.spinUp && !forcing.steps.isEmpty && !vectorMembers.isEmpty
            ? RefilledSpinUp.run(forcing, members: members, order: vectorMembers, options: options, threads: threads)
            : nil
        let store = ChunkStore(chunks: chunkCount)
        let workers = max(1, min(threads, chunkCount))
        let next = ChunkCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let chunk = next.take(below: chunkCount) {
                let range = (chunk * Lanes.width)..<min((chunk + 1) * Lanes.width, members.count)
                let inVector = range.count > 1 ? spunUp.map { settled in order[range].compactMap { settled[$0] } } : nil
                let result = runChunk(forcing, members: order[range].map { members[$0] }, spunUp: inVector,
                                      fields: recording.fields, groups: groups, options: options)
                store.put(chunk, result)
                progress?(range.count)
            }
        }
        var values: [OutputField: [[Double]]] = [:]
        var cycles = [Int](repeating: 0, count: members.count)
        for f in 0..<fieldCount { values[recording.fields[f]] = [[Double]](repeating: [], count: members.count) }
        for chunk in 0..<chunkCount {
            let (series, chunkCycles) = store.get(chunk)
            for lane in 0..<min(Lanes.width, members.count - chunk * Lanes.width) {
                let m = order[chunk * Lanes.width + lane]
                for f in 0..<fieldCount { values[recording.fields[f]]![m] = series[f][lane] }
                cycles[m] = chunkCycles[lane]
            }
        }
        return EnsembleResult(recording: recording, periods: periods, values: values, spinUpCycles: cycles)
    }

    /// The order in which members enter spin-up and fill vectors: by soil water memory (root depth,
    /// then conductivity), so that the members in flight together settle after similar numbers of
    /// cycles. Lanes are independent: the order changes no member's results, only how long the
    /// vectors run.
    public static func entryOrder(_ members: [LandParameters]) -> [Int] {
        members.indices.sorted { (members[$0].zRoot, members[$0].ksat, $0) < (members[$1].zRoot, members[$1].ksat, $1) }
    }

    /// Up to eight members in one vector, from their spun-up states (`spunUp`; nil: spin-up here,
    /// or none if the options say so): returns per field, per lane, the recorded series.
    /// A single member runs as `Simulation.run`: a vector-step of `Lanes` costs about twice a scalar
    /// step however many lanes are used (README, *Lanes per vector*), and single points are what DDS
    /// and SCE-UA's contractions evaluate.
    static func runChunk(_ forcing: PreparedForcing, members: [LandParameters], spunUp: [RefilledSpinUp.Settled]?,
                         fields: [OutputField], groups: TimeGroups?, options: SimulationOptions) -> ([[[Double]]], [Int]) {
        if members.count == 1 { return runSingle(forcing, parameters: members[0], fields: fields, groups: groups, options: options) }
        let parameters = ModelParameters<Lanes>(members: members)
        let member = MemberConstants(parameters: parameters, site: forcing.site, dt: forcing.dt)
        var state: ModelState<Lanes>, cycles: [Int]
        if let spunUp {
            state = ModelState(members: spunUp.map(\.state))
            cycles = spunUp.map(\.cycles)
        } else {
            (state, cycles, _) = Simulation.spunUpState(forcing, member: member, options: options)
        }
        let n = forcing.steps.count
        let length = groups?.count ?? n
        var series = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: length),
                                                          count: Lanes.width), count: fields.count)
        var sums = [Lanes](repeating: Lanes(0), count: fields.count)
        var group = 0, inGroup = 0
        let irrigated = forcing.site.irrigated, dt = forcing.dt
        for t in 0..<n {
            let out = LandSurface.step(&state, forcing: forcing.steps[t], member: member, irrigated: irrigated, dt: dt,
                                       iterations: options.iterations)
            if let groups {
                for f in fields.indices { sums[f] = sums[f] + fields[f].value(out, state) }
                inGroup += 1
                if t + 1 == groups.ranges[group].upperBound {
                    let scale = 1 / Double(inGroup)
                    for f in fields.indices {
                        let mean = sums[f] * scale
                        for lane in 0..<Lanes.width { series[f][lane][group] = mean[lane] }
                        sums[f] = Lanes(0)
                    }
                    group += 1
                    inGroup = 0
                }
            } else {
                for f in fields.indices {
                    let v = fields[f].value(out, state)
                    for lane in 0..<Lanes.width { series[f][lane][t] = v[lane] }
                }
            }
        }
        return (series, cycles)
    }
}

extension Ensemble {
    /// One member through the scalar path, recorded as `runChunk` records a lane: calendar-day
    /// means summed step by step and scaled by 1/n, the same operations in the same order, so the
    /// result does not depend on which path ran it.
    static func runSingle(_ forcing: PreparedForcing, parameters: LandParameters, fields: [OutputField],
                          groups: TimeGroups?, options: SimulationOptions) -> ([[[Double]]], [Int]) {
        let result = Simulation.run(forcing, parameters: parameters, options: options)
        let series = fields.map { field -> [[Double]] in
            let values = result[field]
            guard let groups else { return [values] }
            return [groups.ranges.map { range in
                var sum = 0.0
                for t in range { sum = sum + values[t] }
                return sum * (1 / Double(range.count))
            }]
        }
        return (series, [result.spinUpCycles])
    }
}

/// Hands out chunk indices to worker threads.
final class ChunkCounter: @unchecked Sendable {
    private var next = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < limit else { return nil }
        next += 1
        return next - 1
    }
}

/// Collects chunk results from worker threads.
final class ChunkStore: @unchecked Sendable {
    private var results: [([[[Double]]], [Int])?]
    private let lock = NSLock()

    init(chunks: Int) { results = Array(repeating: nil, count: chunks) }

    func put(_ chunk: Int, _ value: ([[[Double]]], [Int])) {
        lock.lock(); defer { lock.unlock() }
        results[chunk] = value
    }

    func get(_ chunk: Int) -> ([[[Double]]], [Int]) {
        lock.lock(); defer { lock.unlock() }
        return results[chunk]!
    }
}
