import Dispatch
import Foundation

extension Array {
    /// `transform` of every element, computed on up to `threads` threads that take the next
    /// unprocessed element as they finish the last (long and short jobs, e.g. sites, balance
    /// themselves). Results keep the input order; the first error (in input order) is rethrown
    /// after every job has finished. `transform` is called from several threads at once: it must
    /// only share state that is safe to use that way.
    public func parallelMap<Result>(threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                    _ transform: (Index, Element) throws -> Result) throws -> [Result] {
        let jobs = JobQueue<Result>(count: count)
        // The jobs only read the elements; `transform` is documented to be thread-safe.
        nonisolated(unsafe) let elements = self
        nonisolated(unsafe) let transform = transform
        DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(threads, count))) { _ in
            while let i = jobs.take() {
                jobs.finish(i, Swift.Result { try transform(i, elements[i]) })
            }
        }
        return try jobs.results.map { try $0!.get() }
    }
}

/// Hands out job indices and collects their results, under one lock.
private final class JobQueue<Value>: @unchecked Sendable {
    private(set) var results: [Result<Value, Error>?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ i: Int, _ result: Result<Value, Error>) {
        lock.lock(); results[i] = result; lock.unlock()
    }
}
