import Foundation

/// A climatological seasonal cycle of leaf area index for sites without LAI data: the double
/// logistic of Beck et al. (2006, Remote Sens. Environ. 100, 321–334, eq. 3),
///
///     LAI(t) = LAImin + (LAImax − LAImin) · [1/(1 + e^(−m (t − S))) + 1/(1 + e^(m (t − A))) − 1],
///
/// with t the day of year of the step's start, with its fraction (1.0 at 1 January 00:00), S and
/// A the days of half green-up and half senescence, and slope m = 0.125 d⁻¹ (10 % → 90 % of the
/// rise in 35 days; the slope of the shared curated US-CRT file, whose LAI this reproduces to
/// 2e-7 m2 m-2 for the same parameters). For southern-hemisphere sites (latitude < 0) the season is shifted by half a
/// year: t is replaced by the day of year 182 days later.
public struct LAIClimatology: Sendable, Hashable {
    /// Seasonal maximum and minimum, m2 m-2.
    public var maximum: Double
    public var minimum: Double
    /// Day of year of half green-up (S) and half senescence (A), northern-hemisphere calendar.
    public var greenUpDay: Double
    public var senescenceDay: Double
    /// Logistic slope m, d⁻¹.
    public var slope: Double = 0.125
    /// Where the parameters come from (written to the Met file's `LAI_source`).
    public var source: String

    public init(maximum: Double, minimum: Double, greenUpDay: Double, senescenceDay: Double, source: String) {
        self.maximum = maximum
        self.minimum = minimum
        self.greenUpDay = greenUpDay
        self.senescenceDay = senescenceDay
        self.source = source
    }

    /// LAI at the (fractional) day of year `t` at latitude `latitude`.
    public func value(dayOfYear t: Double, latitude: Double) -> Double {
        let day = latitude < 0 ? (t - 1 + 182).truncatingRemainder(dividingBy: 365) + 1 : t
        let rise = 1 / (1 + exp(-slope * (day - greenUpDay)))
        let fall = 1 / (1 + exp(slope * (day - senescenceDay)))
        return minimum + (maximum - minimum) * (rise + fall - 1)
    }

    /// The seasonal cycle on every step of `time` (qc = 5, synthesised).
    public func series(time: TimeAxis, latitude: Double) -> Series {
        let values = (0..<time.count).map { i -> Double in
            let t = time.time(at: i)
            return value(dayOfYear: Double(t.dayOfYear) + Double(t.secondOfDay) / 86400, latitude: latitude)
        }
        return Series(values: values, qc: [Int8](repeating: QualityFlag.synthesised, count: values.count))
    }

    /// Problems with the parameters, in words (nil if they are usable).
    public var problem: String? {
        guard minimum >= 0, maximum <= 12, minimum <= maximum else {
            return "LAI minimum \(minimum) and maximum \(maximum) must satisfy 0 <= min <= max <= 12"
        }
        guard (1...366).contains(greenUpDay), (1...366).contains(senescenceDay), greenUpDay < senescenceDay else {
            return "half green-up day \(greenUpDay) must come before half senescence day \(senescenceDay), both 1-366"
        }
        return nil
    }

    /// Default parameters by IGBP class: peak LAI, minimum as a fraction of it, half green-up and
    /// half senescence days (northern temperate calendar).
    ///
    /// These are generic values, not site values, and should be replaced by site data where they
    /// exist (`--lai-max` ..., or `--lai FILE`). Peak LAI values are round numbers within the
    /// biome means compiled by Asner, Scurlock & Hicke (2003, Global Ecol. Biogeogr. 12, 191–205;
    /// 1.3 for deserts to 5.1–6.7 for temperate evergreen forests). Minimum fractions: 0.8 for
    /// needleleaf evergreens and 0.1 for deciduous canopies (pyAPES parameter sets,
    /// LukeEcomod/pyAPES_main), 0.9 for broadleaf evergreens; crops fall to bare soil (0.02 of the
    /// peak, 0.1 m2 m-2 at peak 5). Dates are assumptions for the northern temperate zone.
    public static let igbpDefaults: [String: (maximum: Double, minimumFraction: Double, greenUp: Double, senescence: Double)] = [
        "ENF": (4.5, 0.8, 130, 290),
        "EBF": (4.5, 0.9, 130, 330),
        "DNF": (3.5, 0.1, 150, 270),
        "DBF": (5.0, 0.1, 115, 290),
        "MF": (4.5, 0.5, 125, 290),
        "CSH": (2.0, 0.4, 120, 290),
        "OSH": (1.0, 0.4, 120, 290),
        "WSA": (2.0, 0.4, 120, 290),
        "SAV": (1.5, 0.3, 120, 290),
        "GRA": (2.5, 0.2, 110, 280),
        "WET": (3.0, 0.2, 130, 280),
        "CRO": (5.0, 0.02, 175, 250),
        "CVM": (3.0, 0.2, 130, 270),
    ]

    /// The climatology for vegetation class `igbp`, with any of the parameters overridden.
    ///
    /// - Throws: `DataError` (for `file`, variable `LAI`) if the class has no defaults and the
    ///   four parameters are not all given, or if the result is implausible.
    public static func forSite(igbp: String, maximum: Double?, minimum: Double?, greenUpDay: Double?,
                               senescenceDay: Double?, file: String) throws -> LAIClimatology {
        let defaults = igbpDefaults[igbp.uppercased()]
        guard let peak = maximum ?? defaults?.maximum,
              let low = minimum ?? defaults.map({ peak * $0.minimumFraction }),
              let greenUp = greenUpDay ?? defaults?.greenUp,
              let senescence = senescenceDay ?? defaults?.senescence else {
            throw DataError(file: file, variable: "LAI",
                            "no LAI defaults for IGBP class '\(igbp)'; give --lai-max, --lai-min, --lai-green-up and --lai-senescence, or --lai FILE")
        }
        let given = [maximum.map { "max \($0)" }, minimum.map { "min \($0)" },
                     greenUpDay.map { "half green-up DOY \($0)" }, senescenceDay.map { "half senescence DOY \($0)" }]
            .compactMap { $0 }
        var source = "climatological seasonal LAI (double logistic, Beck et al. 2006, slope 0.125/day): "
            + String(format: "LAImax %.2f, LAImin %.2f m2/m2, half green-up DOY %.0f, half senescence DOY %.0f", peak, low, greenUp, senescence)
        source += given.isEmpty ? "; all IGBP \(igbp) defaults of MdPL (generic, not site values)"
            : "; given: \(given.joined(separator: ", "))" + (given.count < 4 ? "; the rest IGBP \(igbp) defaults of MdPL" : "")
        let climatology = LAIClimatology(maximum: peak, minimum: low, greenUpDay: greenUp, senescenceDay: senescence,
                                         source: source)
        if let problem = climatology.problem { throw DataError(file: file, variable: "LAI", problem) }
        return climatology
    }
}
