// swift-tools-version:6.0
// MdPL — multi-task differentiable parameter learning for land surface models.
import PackageDescription

let package = Package(
    name: "MdPL",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mdpl", targets: ["mdpl"]),
        .library(name: "FluxData", targets: ["FluxData"]),
        .library(name: "NeuralKit", targets: ["NeuralKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Tests only: RealModule's isApproximatelyEqual(to:absoluteTolerance:relativeTolerance:).
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // System libraries (Debian: libnetcdf-dev, libopenblas-dev), found through pkg-config.
        .systemLibrary(
            name: "CNetCDF", pkgConfig: "netcdf",
            providers: [.apt(["libnetcdf-dev"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),

        // Header-only vector square root and rounding for SIMD ensembles.
        .systemLibrary(name: "CVectorMath", path: "Sources/CVectorMath"),

        // Small shared utilities: atomic files, progress reporting, log set-up.
        .target(
            name: "MdPLSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")]),

        // Sites, forcing and observations: PLUMBER2/ALMA NetCDF, CSV importers, QC, time, splits.
        .target(
            name: "FluxData",
            dependencies: ["CNetCDF", "MdPLSupport",
                           .product(name: "Logging", package: "swift-log")]),

        // The land surface model of LSM_SPEC.md: parameters, physics by process, simulation, ensembles.
        .target(name: "LandModel", dependencies: ["FluxData", "CVectorMath"]),

        // Parameter learning through the surrogate (dPL, MdPL) and the calibration baselines.
        .target(name: "Calibration", dependencies: ["Surrogate", "LandModel", "NeuralKit", "FluxData", "MdPLSupport",
                                                     .product(name: "Logging", package: "swift-log")]),

        // Synthetic twin sites (forcing, and fluxes from the land model with known parameters) for
        // tests that must not depend on real data.
        .target(name: "SyntheticSites", dependencies: ["FluxData", "LandModel"]),

        // PLUMBER empirical benchmarks (1lin, 2lin, 3km27).
        .target(name: "Benchmarks", dependencies: ["FluxData", "NeuralKit"]),

        // Metrics, aggregation to time scales, skill tables.
        .target(name: "Evaluation", dependencies: ["FluxData"]),

        // Run configuration (YAML), run directories and the stages of an experiment.
        .target(
            name: "Pipeline",
            dependencies: ["FluxData", "LandModel", "Evaluation", "Surrogate", "Calibration", "Benchmarks", "MdPLSupport", "NeuralKit",
                           .product(name: "Yams", package: "Yams"),
                           .product(name: "Logging", package: "swift-log")]),

        // Tensors on BLAS, layers with hand-written backward passes, losses, optimisers, checkpoints.
        .target(name: "NeuralKit", dependencies: ["CBLAS", "CVectorMath"]),

        // LSM ensembles and the multi-task surrogate of the land model.
        .target(name: "Surrogate", dependencies: ["LandModel", "NeuralKit", "Evaluation", "FluxData", "MdPLSupport",
                                                   .product(name: "Logging", package: "swift-log")]),

        // Training-throughput benchmark of NeuralKit (compare with bench/pytorch; `make bench-neural`).
        .executableTarget(
            name: "bench-neural",
            dependencies: ["NeuralKit", "CVectorMath",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "bench/neural"),

        .executableTarget(
            name: "mdpl",
            dependencies: ["Pipeline", "FluxData", "Evaluation", "MdPLSupport", "Calibration", "LandModel",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]),

        // Benchmarks (release builds for the host CPU; see Makefile `bench-*`).
        .executableTarget(name: "bench-lsm", dependencies: ["LandModel", "FluxData", "CVectorMath"], path: "bench/lsm"),

        .testTarget(name: "MdPLSupportTests", dependencies: ["MdPLSupport"]),
        .testTarget(name: "FluxDataTests", dependencies: ["FluxData", "CNetCDF", .product(name: "RealModule", package: "swift-numerics")]),
        .testTarget(name: "LandModelTests", dependencies: ["LandModel", "FluxData", "SyntheticSites",
                                                           .product(name: "RealModule", package: "swift-numerics")]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "FluxData"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "FluxData", "LandModel", "SyntheticSites", "MdPLSupport"]),
        .testTarget(name: "NeuralKitTests", dependencies: ["NeuralKit", .product(name: "RealModule", package: "swift-numerics")]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "FluxData", "NeuralKit"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Surrogate", "NeuralKit", "LandModel", "FluxData",
                                                             "SyntheticSites", .product(name: "RealModule", package: "swift-numerics")]),
        .testTarget(name: "SurrogateTests", dependencies: ["Surrogate", "NeuralKit", "LandModel", "FluxData"]),
    ]
)
