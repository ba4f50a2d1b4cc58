import Dispatch
import Foundation

/// Spin-up of many members on one site, with a vector's lanes refilled as their members settle.
///
/// `Simulation.spunUpState` runs a vector until its slowest lane settles: eight members that need
/// 2 and 9 cycles cost nine vector-cycles. Here a lane whose member has settled (or run
/// `maxSpinUpCycles`) hands its state over and takes the next member waiting, which starts from the
/// initial state of LSM_SPEC.md 2.14 at the next cycle. Lanes never interact, so each member's
/// spun-up state and cycle count are those of its own spin-up (`Simulation.run`) bit for bit; only
/// the number of vector-cycles changes.
enum RefilledSpinUp {
    /// A member's state after spin-up and the cycles it ran.
    struct Settled: Sendable {
        var state: ModelState<Double>
        var cycles: Int
    }

    /// Spins up `members[order[0]]`, `members[order[1]]`, ... in that order of entry, on `threads`
    /// vectors; returns each member's result, indexed like `members` (nil for members not in `order`).
    static func run(_ forcing: PreparedForcing, members: [LandParameters], order: [Int], options: SimulationOptions,
                    threads: Int) -> [Settled?] {
        let store = SettledStore(count: members.count)
        let queue = ChunkCounter()
        let workers = max(1, min(threads, (order.count + Lanes.width - 1) / Lanes.width))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var vector = Vector(forcing, options: options)
            while vector.refill(from: queue, members: members, order: order) {
                for (member, settled) in vector.runCycle() { store.put(member, settled) }
            }
        }
        return store.all()
    }

    /// One SIMD vector of members in spin-up. Lanes without a member repeat the first occupied
    /// lane (its parameters and state), so every lane computes finite, ordinary values.
    struct Vector {
        let forcing: PreparedForcing
        let options: SimulationOptions
        let length: Int
        let years: Double
        let temperature: Double
        /// The member each lane is spinning up, its parameters and the cycles it has run.
        var occupant = [Int?](repeating: nil, count: Lanes.width)
        var parameters = [LandParameters](repeating: .defaults(for: .DBF), count: Lanes.width)
        var cycles = [Int](repeating: 0, count: Lanes.width)
        var state: ModelState<Lanes>?
        var constants: MemberConstants<Lanes>?

        init(_ forcing: PreparedForcing, options: SimulationOptions) {
            self.forcing = forcing
            self.options = options
            length = Simulation.spinUpLength(forcing)
            years = Double(length) / Double(365 * forcing.time.stepsPerDay)
            temperature = Simulation.initialTemperature(forcing)
        }

        /// Gives each free lane the next waiting member; false when no lane has a member left.
        mutating func refill(from queue: ChunkCounter, members: [LandParameters], order: [Int]) -> Bool {
            var entered: [Int] = []
            for lane in 0..<Lanes.width where occupant[lane] == nil {
                guard let next = queue.take(below: order.count) else { break }
                occupant[lane] = order[next]
                parameters[lane] = members[order[next]]
                cycles[lane] = 0
                entered.append(lane)
            }
            guard let first = occupant.firstIndex(where: { $0 != nil }) else { return false }
            if entered.isEmpty && occupant.allSatisfy({ $0 != nil }) { return true }
            let laneParameters = (0..<Lanes.width).map { occupant[$0] == nil ? parameters[first] : parameters[$0] }
            let member = MemberConstants(parameters: ModelParameters<Lanes>(members: laneParameters), site: forcing.site,
                                         dt: forcing.dt)
            let initial = member.initialState(temperature: temperature)
            var lanes = (0..<Lanes.width).map { state?.member($0) ?? initial.member($0) }
            for lane in entered { lanes[lane] = initial.member(lane) }
            for lane in 0..<Lanes.width where occupant[lane] == nil { lanes[lane] = lanes[first] }
            state = ModelState(members: lanes)
            constants = member
            return true
        }

        /// Runs one spin-up cycle; returns the members that settled in it (or reached the cycle
        /// limit) and frees their lanes.
        mutating func runCycle() -> [(Int, Settled)] {
            guard let before = state, let member = constants else { return [] }
            var current = before
            for t in 0..<length {
                _ = LandSurface.step(&current, forcing: forcing.steps[t], member: member, irrigated: forcing.site.irrigated,
                                     dt: forcing.dt, iterations: options.iterations)
            }
            let converged = Simulation.hasSettled(before: before, after: current, years: years, options: options)
            var finished: [(Int, Settled)] = []
            for lane in 0..<Lanes.width {
                guard let m = occupant[lane] else { continue }
                cycles[lane] += 1
                if converged[lane] || cycles[lane] == options.maxSpinUpCycles {
                    finished.append((m, Settled(state: current.member(lane), cycles: cycles[lane])))
                    occupant[lane] = nil
                }
            }
            state = current
            return finished
        }
    }
}

/// Collects settled members from worker threads.
final class SettledStore: @unchecked Sendable {
    private var results: [RefilledSpinUp.Settled?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func put(_ member: Int, _ value: RefilledSpinUp.Settled) {
        lock.lock(); defer { lock.unlock() }
        results[member] = value
    }

    func all() -> [RefilledSpinUp.Settled?] {
        lock.lock(); defer { lock.unlock() }
        return results
    }
}
