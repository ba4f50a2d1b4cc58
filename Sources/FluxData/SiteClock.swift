import Foundation

/// Converts a site's local-standard time stamps to UTC and to apparent solar time.
///
/// The UTC offset comes from the file (`utc_offset_hours`), the site table, or round(lon/15)
/// (LSM_SPEC.md 1.2). Solar geometry uses the interval mid-point.
public struct SiteClock: Sendable, Hashable {
    /// Local standard time minus UTC, hours.
    public var utcOffsetHours: Double
    /// Degrees east.
    public var longitude: Double

    public init(utcOffsetHours: Double, longitude: Double) {
        self.utcOffsetHours = utcOffsetHours
        self.longitude = longitude
    }

    /// The UTC instant of a local-standard stamp.
    public func utc(_ local: CivilDateTime) -> CivilDateTime {
        local.adding(seconds: -Int((utcOffsetHours * 3600).rounded()))
    }

    /// UTC hour of day (fractional) and UTC day of year at `local + offsetSeconds`.
    public func utcHourAndDayOfYear(_ local: CivilDateTime, offsetSeconds: Int = 0) -> (hour: Double, dayOfYear: Int) {
        let t = utc(local).adding(seconds: offsetSeconds)
        return (Double(t.secondOfDay) / 3600, t.dayOfYear)
    }

    /// Apparent (true) solar time in hours at the mid-point of the interval that starts at `local`
    /// and lasts `stepSeconds`: t_sol = t_UTC + lon/15 + EoT/60 (LSM_SPEC.md 2.3). Not wrapped to 0–24.
    public func solarHour(_ local: CivilDateTime, stepSeconds: Int) -> Double {
        let (hour, doy) = utcHourAndDayOfYear(local, offsetSeconds: stepSeconds / 2)
        return hour + longitude / 15 + SolarPosition.equationOfTime(dayOfYear: doy) / 60
    }
}

/// Spencer (1971) Fourier series for the sun's declination and the equation of time
/// (LSM_SPEC.md 2.3). The day angle is γ = 2π(DOY − 1)/365.
public enum SolarPosition {
    /// Day angle γ_d in radians.
    @inlinable
    public static func dayAngle(dayOfYear: Int) -> Double {
        2 * Double.pi * Double(dayOfYear - 1) / 365
    }

    /// Solar declination δ [rad] (LSM_SPEC.md 2.3).
    @inlinable
    public static func declination(dayOfYear: Int) -> Double {
        let g = dayAngle(dayOfYear: dayOfYear)
        return 0.006918 - 0.399912 * cos(g) + 0.070257 * sin(g) - 0.006758 * cos(2 * g)
            + 0.000907 * sin(2 * g) - 0.002697 * cos(3 * g) + 0.00148 * sin(3 * g)
    }

    /// Equation of time [minutes] (LSM_SPEC.md 2.3).
    @inlinable
    public static func equationOfTime(dayOfYear: Int) -> Double {
        let g = dayAngle(dayOfYear: dayOfYear)
        return 229.18 * (0.000075 + 0.001868 * cos(g) - 0.032077 * sin(g)
                         - 0.014615 * cos(2 * g) - 0.040849 * sin(2 * g))
    }

    /// Cosine of the solar zenith angle at latitude `latitude` (degrees) for declination
    /// `declination` (rad) and solar hour `solarHour` (hours): cosZ = sinφ sinδ + cosφ cosδ cos h,
    /// h = π/12 (t_sol − 12) (LSM_SPEC.md 2.3).
    @inlinable
    public static func cosZenith(latitude: Double, declination: Double, solarHour: Double) -> Double {
        let phi = latitude * Double.pi / 180
        let h = Double.pi / 12 * (solarHour - 12)
        return sin(phi) * sin(declination) + cos(phi) * cos(declination) * cos(h)
    }
}
