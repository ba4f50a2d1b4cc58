/// Physical range screening of imported forcing (data README, "Processing" 2–3): values outside
/// the range are set missing (and then gap-filled), and counted.
///
/// Before screening, values that only overshoot a physical bound through sensor noise are set to
/// the bound: negative SWdown (radiometer offsets at night) → 0, RH of 100–105 % → 100, negative
/// VPD (saturated air) → 0.
public enum MetRangeScreening {
    /// The accepted range of `variable` in MdPL units (`TowerVariable.units`) for a step of
    /// `stepSeconds`: Tair −60…60 °C, SWdown ≤ 1400 W m-2, LWdown 100–550 W m-2, RH 0–105 %,
    /// VPD ≤ 100 hPa, Psurf 50–110 kPa, Wind 0–40 m s-1, P 0–100 mm per step, CO2 250–600 ppm.
    public static func range(_ variable: TowerVariable, stepSeconds: Int) -> ClosedRange<Double>? {
        switch variable {
        case .Tair: 213.15...333.15
        case .SWdown: 0...1400
        case .LWdown: 100...550
        case .RH: 0...105
        case .VPD: 0...100
        case .Psurf: 50_000...110_000
        case .Wind: 0...40
        case .Precip: 0...(100 / Double(stepSeconds))
        case .CO2air: 250...600
        default: nil
        }
    }

    /// The screening rule of `variable`, in words (for file attributes).
    public static func description(_ variable: TowerVariable) -> String {
        switch variable {
        case .Tair: "range -60..60 degC"
        case .SWdown: "negatives set to 0; range <= 1400 W/m2"
        case .LWdown: "range 100..550 W/m2"
        case .RH: "values 100-105 % set to 100; range 0..105 %"
        case .VPD: "negatives set to 0; range <= 100 hPa"
        case .Psurf: "range 50..110 kPa"
        case .Wind: "range 0..40 m/s"
        case .Precip: "range 0..100 mm per step"
        case .CO2air: "range 250..600 ppm"
        default: "no range screening"
        }
    }

    /// Clamps noise at physical bounds, then sets values outside the range to NaN; returns how
    /// many were set missing.
    public static func screen(_ variable: TowerVariable, values: inout [Double], stepSeconds: Int) -> Int {
        guard let range = range(variable, stepSeconds: stepSeconds) else { return 0 }
        var removed = 0
        for i in values.indices where !values[i].isNaN {
            switch variable {
            case .SWdown, .VPD: values[i] = max(values[i], 0)
            case .RH where values[i] > 100 && values[i] <= 105: values[i] = 100
            default: break
            }
            if !range.contains(values[i]) {
                values[i] = .nan
                removed += 1
            }
        }
        return removed
    }
}
