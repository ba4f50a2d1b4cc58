import Foundation
import LandModel
import RealModule
import Testing

/// The energy fluxes of one step recomputed in the test from LSM_SPEC.md 2.2, 2.4, 2.7, 2.8 and 2.9, written
/// in the spec's own form (not by calling the model's functions), from the forcing, the states before and
/// after the step, the member's constants and the step's reported evaporation and r_ah.
///
/// The model's Qh is a remainder (Qh := Rnet − Qle − Qg, 2.9), so Rnet − Qle − Qh − Qg = 0 holds by
/// construction and proves nothing about the fluxes. This oracle checks what the closure hides: Rnet, Qg,
/// Qle and T2 against the spec formulas, and Qh against the bulk sensible heat H = ρ cp (Ts − θ_a)/r_ah,
/// from which it may depart only by the two reported diagnostics, the SEB residual and the limiter energy.
struct EnergyOracle {
    /// Rnet = (1 − α) SWdown + ε LWdown − ε σ Ts⁴ (2.4.4–2.4.5) [W m-2].
    var rnet: Double
    /// G = (1/C_T) [ω (Ts − T2') + (Ts − Ts_prev)/Δt] (2.8) [W m-2].
    var qg: Double
    /// λ(Ta) (E_tr + E_wet + E_soil) (2.2, 2.9) [W m-2].
    var qle: Double
    /// H_bulk = ρ cp (Ts − θ_a)/r_ah (2.9) [W m-2].
    var sensibleBulk: Double
    /// T2' = (T2 + (Δt/τ) Ts)/(1 + Δt/τ) (2.8) [K].
    var t2: Double

    /// From plain values: `ts` after the step, the previous step's Ts and T2, the step's limited
    /// evaporation terms [kg m-2 s-1] and its r_ah [s m-1].
    init(forcing f: ForcingStep, member m: MemberConstants<Double>, dt: Double, skinTemperature ts: Double,
         previousSkinTemperature tsPrevious: Double, previousDeepTemperature t2Previous: Double,
         transpiration: Double, canopyEvaporation: Double, soilEvaporation: Double, aerodynamicResistance rah: Double) {
        let p = m.parameters
        let sigma = PhysicalConstants.stefanBoltzmann, cp = PhysicalConstants.cp
        let tau = ModelConstants.restorePeriod, omega = 2 * Double.pi / tau
        let eps = m.emissivity
        let albedo = p.albC + (ModelConstants.soilAlbedo - p.albC) * exp(-1.1 * f.lai)                     // 2.4.4
        rnet = (1 - albedo) * f.swdown + eps * f.lwdown - eps * sigma * pow(ts, 4)                       // 2.4.5
        let fVeg = 1 - exp(-0.7 * f.lai)                                                                  // 2.7.6
        let cG = 2 * (Double.pi / (p.gammaSoil * p.gammaSoil * tau)).squareRoot()                        // 2.8
        let cT = cG * exp(2 * fVeg)                                                                       // s_β = −2
        t2 = (t2Previous + dt / tau * ts) / (1 + dt / tau)
        qg = (omega * (ts - t2) + (ts - tsPrevious) / dt) / cT
        let lambda = (2.501 - 0.002361 * (f.tair - PhysicalConstants.freezing)) * 1e6                      // 2.2
        qle = lambda * (transpiration + canopyEvaporation + soilEvaporation)                              // 2.9
        let rho = f.psurf / (PhysicalConstants.dryAirGasConstant * f.tair
                             * (1 + PhysicalConstants.virtualTemperatureFactor * f.qair))               // 2.2
        let z = m.referenceHeight - m.displacementScale * f.roughnessWeight                               // 2.7.1
        let thetaAir = f.tair + PhysicalConstants.dryAdiabaticLapseRate * z                               // 2.8
        sensibleBulk = rho * cp * (ts - thetaAir) / rah                                                   // 2.9
    }

    /// From a step run in the test: the states before and after it and its output.
    init(forcing f: ForcingStep, member m: MemberConstants<Double>, dt: Double, before: ModelState<Double>,
         after: ModelState<Double>, output o: StepOutput<Double>) {
        self.init(forcing: f, member: m, dt: dt, skinTemperature: after.skinTemperature,
                  previousSkinTemperature: before.skinTemperature, previousDeepTemperature: before.deepTemperature,
                  transpiration: o.transpiration, canopyEvaporation: o.canopyEvaporation, soilEvaporation: o.soilEvaporation,
                  aerodynamicResistance: o.aerodynamicResistance)
    }

    /// The SEB residual F(Ts_N) = Rnet − H_bulk − λ E_raw − G of 2.9 from these fluxes, with λ E_raw = Qle +
    /// the limiter energy.
    func sebResidual(limiterEnergy: Double) -> Double { rnet - sensibleBulk - (qle + limiterEnergy) - qg }
}

/// The model's energy fluxes over the steps of a run against `EnergyOracle`, accumulated so that a run
/// asserts once (a failing `#expect` per step would record thousands of issues).
struct EnergyClosureCheck {
    /// Agreement of a model flux with the oracle's: round-off of fluxes up to ~1000 W m-2 (the oracle
    /// uses glibc's exp and pow, the model its own functions and algebraic rewrites, docs/spec-changes.md).
    static let absoluteTolerance = 1e-9
    static let relativeTolerance = 1e-12

    private(set) var steps = 0
    /// Steps where some quantity disagreed, and the first few disagreements.
    private(set) var disagreements = 0
    private(set) var examples: [String] = []
    /// |F(Ts_N)| of every step from the oracle's fluxes [W m-2].
    private(set) var residuals: [Double] = []
    /// The smallest limiter energy and the sum over the steps [W m-2].
    private(set) var minimumLimiterEnergy = Double.infinity
    private(set) var limiterEnergySum = 0.0

    /// Compares one step's reported values with the oracle.
    mutating func add(step: Int, rnet: Double, qle: Double, qh: Double, qg: Double, t2: Double, sebResidual: Double,
                      limiterEnergy: Double, oracle: EnergyOracle) {
        steps += 1
        let a = Self.absoluteTolerance, r = Self.relativeTolerance
        let independentResidual = oracle.sebResidual(limiterEnergy: limiterEnergy)
        let agree = [
            rnet.isApproximatelyEqual(to: oracle.rnet, absoluteTolerance: a, relativeTolerance: r),
            qg.isApproximatelyEqual(to: oracle.qg, absoluteTolerance: a, relativeTolerance: r),
            qle.isApproximatelyEqual(to: oracle.qle, absoluteTolerance: a, relativeTolerance: r),
            t2.isApproximatelyEqual(to: oracle.t2, absoluteTolerance: a),
            // Qh departs from the bulk sensible heat exactly by the two reported diagnostics (2.9).
            (qh - oracle.sensibleBulk).isApproximatelyEqual(to: sebResidual + limiterEnergy, absoluteTolerance: a),
            sebResidual.isApproximatelyEqual(to: independentResidual, absoluteTolerance: a),
        ]
        if agree.contains(false) {
            disagreements += 1
            if examples.count < 5 {
                let descriptions = [
                    "Rnet \(rnet) vs \(oracle.rnet)", "Qg \(qg) vs \(oracle.qg)", "Qle \(qle) vs \(oracle.qle)",
                    "T2 \(t2) vs \(oracle.t2)",
                    "Qh − H_bulk \(qh - oracle.sensibleBulk) vs SEB residual + limiter energy \(sebResidual + limiterEnergy)",
                    "SEB residual \(sebResidual) vs \(independentResidual) from the independent fluxes",
                ]
                examples.append("step \(step): " + zip(descriptions, agree).filter { !$0.1 }.map(\.0).joined(separator: "; "))
            }
        }
        residuals.append(abs(independentResidual))
        minimumLimiterEnergy = min(minimumLimiterEnergy, limiterEnergy)
        limiterEnergySum += limiterEnergy
    }

    /// Compares a step run in the test.
    mutating func add(step: Int, output o: StepOutput<Double>, after: ModelState<Double>, oracle: EnergyOracle) {
        add(step: step, rnet: o.rnet, qle: o.qle, qh: o.qh, qg: o.qg, t2: after.deepTemperature, sebResidual: o.sebResidual,
            limiterEnergy: o.limiterEnergy, oracle: oracle)
    }

    /// The 99.9th percentile of |F(Ts_N)| from the independent fluxes (6.4(c)).
    var residualP999: Double {
        let sorted = residuals.sorted()
        return sorted.isEmpty ? 0 : sorted[Int(0.999 * Double(sorted.count - 1))]
    }

    /// Every step agreed with the oracle, and the limiters only ever removed energy (the water limiters
    /// satisfy 0 ≤ E_lim ≤ E_raw for E_raw ≥ 0 and pass E_raw < 0, 2.9; −1e-9 allows for round-off).
    func expectAgreement(_ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(steps > 0, "\(what) no steps checked", sourceLocation: sourceLocation)
        #expect(disagreements == 0, "\(what) \(disagreements) of \(steps) steps disagree with the independently computed fluxes: \(examples)",
                sourceLocation: sourceLocation)
        #expect(minimumLimiterEnergy >= -1e-9, "\(what) limiter energy \(minimumLimiterEnergy) W m-2", sourceLocation: sourceLocation)
    }
}
