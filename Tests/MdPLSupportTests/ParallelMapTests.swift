import Foundation
import MdPLSupport
import Testing

@Suite struct ParallelMapTests {
    struct Failure: Error, Equatable { let index: Int }

    @Test func keepsInputOrderAndCallsEachElementOnce() throws {
        let calls = Counter()
        // Uneven job lengths, so threads finish out of order.
        let squares = try Array(0..<200).parallelMap(threads: 4) { i, x -> Int in
            calls.increment()
            if x % 7 == 0 { Thread.sleep(forTimeInterval: 0.001) }
            #expect(i == x)
            return x * x
        }
        #expect(squares == (0..<200).map { $0 * $0 })
        #expect(calls.value == 200)
    }

    @Test func rethrowsTheFirstErrorInInputOrderAfterAllJobs() {
        let calls = Counter()
        let error = #expect(throws: Failure.self) {
            _ = try Array(0..<50).parallelMap(threads: 3) { i, _ -> Int in
                calls.increment()
                if i == 40 || i == 13 { throw Failure(index: i) }
                return i
            }
        }
        #expect(error == Failure(index: 13))
        #expect(calls.value == 50)
    }

    @Test func emptyInputGivesEmptyOutput() throws {
        #expect(try [Int]().parallelMap { _, x in x }.isEmpty)
    }
}

private final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
