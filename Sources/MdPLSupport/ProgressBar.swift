import Foundation

/// A textual progress bar on standard error with rate and estimated time to completion.
///
/// On a terminal it redraws one line; otherwise (logs, CI) it prints a line at most every
/// `quietInterval` seconds so that long loops still show that they are alive.
public final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let unit: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var done = 0
    private let lock = NSLock()
    private let interactive: Bool
    private let quietInterval: TimeInterval
    private let enabled: Bool

    /// - Parameters:
    ///   - label: what is being done, e.g. "ensemble US-CRT".
    ///   - total: number of work items.
    ///   - unit: name of one item for the rate display, e.g. "members".
    ///   - enabled: set false to silence (tests, nested loops).
    public init(_ label: String, total: Int, unit: String = "it", enabled: Bool = true,
                quietInterval: TimeInterval = 10) {
        self.label = label
        self.total = max(total, 1)
        self.unit = unit
        self.enabled = enabled && ProcessInfo.processInfo.environment["MDPL_NO_PROGRESS"] == nil
        self.interactive = isatty(2) != 0
        self.quietInterval = quietInterval
    }

    /// Records `count` finished items (thread-safe).
    public func advance(by count: Int = 1) {
        lock.lock(); defer { lock.unlock() }
        done += count
        let now = Date()
        let interval = interactive ? 0.2 : quietInterval
        if now.timeIntervalSince(lastDraw) >= interval || done >= total {
            lastDraw = now
            draw(now: now, final: false)
        }
    }

    /// Prints the final line with the total elapsed time.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        draw(now: Date(), final: true)
    }

    private func draw(now: Date, final: Bool) {
        guard enabled else { return }
        let elapsed = now.timeIntervalSince(start)
        let fraction = min(Double(done) / Double(total), 1)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : .infinity
        let width = 24
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var line = "\(label) [\(bar)] \(done)/\(total) \(Self.formatRate(rate)) \(unit)/s"
        line += final ? " done in \(Self.formatDuration(elapsed))"
                      : " ETA \(Self.formatDuration(remaining))"
        let text = interactive ? "\r\u{1B}[2K" + line + (final ? "\n" : "") : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func formatRate(_ rate: Double) -> String {
        rate >= 100 ? String(format: "%.0f", rate) : String(format: "%.2f", rate)
    }

    /// Formats seconds as `1h02m`, `3m05s` or `4.2s`.
    public static func formatDuration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
