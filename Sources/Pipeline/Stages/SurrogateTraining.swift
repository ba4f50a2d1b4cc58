import Evaluation
import FluxData
import Foundation
import Logging
import MdPLSupport
import Surrogate

/// Everything the surrogate stage yields for the sites of a run: the ensembles, the daily
/// surrogate, the sub-daily decoder (if the config asks for one) and the fidelity tables.
public struct SurrogateOutcome {
    public var data: [SurrogateSiteData]
    public var model: SurrogateModel
    public var decoder: DiurnalDecoder?
    public var steps: [StepSiteData]
    /// The fidelity tables as text (`surrogate/fidelity.txt`).
    public var fidelity: String
    /// The fingerprint of the trained model (what downstream outputs depend on).
    public var fingerprint: String
    /// Per site, the fingerprint of its daily ensemble.
    public var ensembleFingerprints: [String]
}

/// The work of the surrogate stage: ensembles, training (with resume), the sub-daily decoder and
/// fidelity on unseen parameter sets and sites, each reused when its manifest entry matches.
public struct SurrogateTraining {
    public let run: RunContext
    private let logger = Logger(label: "mdpl.surrogate")

    public init(_ run: RunContext) {
        self.run = run
    }

    private var directory: RunDirectory { run.directory }

    /// Runs (or reuses) every part of the surrogate stage; `trainIfMissing: false` only loads
    /// (an error if the model has not been trained).
    public func outcome(trainIfMissing: Bool = true) throws -> SurrogateOutcome {
        let runner = EnsembleRunner(run)
        let data = Self.siteData(run.sites, try runner.daily())
        let ensembleFingerprints = run.sites.indices.map { runner.fingerprint($0) }
        let modelFingerprint = fingerprint(tasks: run.config.calibration.tasks, ensembles: ensembleFingerprints)
        let model = trainIfMissing ? try train(data, tasks: run.config.calibration.tasks, folder: "surrogate",
                                               fingerprint: modelFingerprint)
            : try SurrogateModel.load(modelFile)
        var decoder: DiurnalDecoder?
        var steps: [StepSiteData] = []
        var fidelityFingerprint = Fingerprint("fidelity", version: 1)
        fidelityFingerprint.add(modelFingerprint)
        let members = run.config.surrogate.subDailyMembers
        if members > 0 {
            steps = Self.stepData(run.sites, data, try runner.steps(members: members))
            var f = Fingerprint("decoder", version: 1)
            f.add(modelFingerprint)
            f.add("decoder", [run.config.surrogate.decoderHidden, run.config.surrogate.decoderEpochs, members])
            for i in run.sites.indices { f.add(runner.fingerprint(i, firstMembers: members)) }
            decoder = trainIfMissing ? try trainDecoder(steps, model: model, folder: "surrogate", fingerprint: f.hex)
                : try DiurnalDecoder.load(decoderFile)
            fidelityFingerprint.add(f.hex)
        }
        let manifest = StageManifest(directory, folder: "surrogate")
        let text = directory.file("surrogate/fidelity.txt")
        let summary = try manifest.reuseOrCompute("fidelity", fingerprint: fidelityFingerprint.hex,
                                                  outputs: [text, directory.file("surrogate/fidelity.csv")],
                                                  load: { try String(contentsOf: text, encoding: .utf8) }) {
            _ = try fidelity(model, data: data, decoder: decoder, steps: steps)
        }
        return SurrogateOutcome(data: data, model: model, decoder: decoder, steps: steps, fidelity: summary,
                                fingerprint: modelFingerprint, ensembleFingerprints: ensembleFingerprints)
    }

    /// The fingerprint of a surrogate of `tasks` trained on ensembles with `ensembles` fingerprints.
    public func fingerprint(tasks: [FluxTask], ensembles: [String]) -> String {
        var f = Fingerprint("surrogate", version: 1)
        f.add("surrogate", run.config.surrogate)
        f.add("tasks", tasks)
        f.add("seed", run.config.seed)
        f.add("sites", run.codes)
        ensembles.forEach { f.add($0) }
        return f.hex
    }

    /// Pairs each site's daily inputs with its ensemble.
    public static func siteData(_ sites: [ModelledSite], _ ensembles: [EnsembleData]) -> [SurrogateSiteData] {
        zip(sites, ensembles).map { site, ensemble in
            SurrogateSiteData(inputs: SiteInputs(site: site.data.info.code, data: site.data, model: site.model,
                                                 defaults: site.defaultParameters), ensemble: ensemble)
        }
    }

    /// Training sites and held-out sites of the config.
    public func partition(_ data: [SurrogateSiteData]) -> (training: [SurrogateSiteData], heldOut: [SurrogateSiteData]) {
        let heldOut = Set(run.config.surrogate.holdOutSites)
        return (data.filter { !heldOut.contains($0.inputs.site) }, data.filter { heldOut.contains($0.inputs.site) })
    }

    public var modelFile: URL { directory.file("surrogate/model.ckpt") }
    public var decoderFile: URL { directory.file("surrogate/decoder.ckpt") }

    /// Pairs each site's per-step inputs with its step ensemble.
    public static func stepData(_ sites: [ModelledSite], _ daily: [SurrogateSiteData], _ ensembles: [EnsembleData]) -> [StepSiteData] {
        zip(zip(sites, daily), ensembles).map { pair, ensemble in
            StepSiteData(steps: StepInputs(site: pair.0.data.info.code, data: pair.0.data, forcing: pair.0.forcing),
                         inputs: pair.1.inputs, ensemble: ensemble)
        }
    }

    /// Trains (or reloads) the sub-daily decoder of `model`'s tasks on the training sites' step
    /// ensembles, in `<folder>/decoder.ckpt`.
    public func trainDecoder(_ steps: [StepSiteData], model: SurrogateModel, folder: String, fingerprint: String) throws -> DiurnalDecoder {
        let manifest = StageManifest(directory, folder: folder)
        let decoderFile = directory.file("\(folder)/decoder.ckpt")
        return try manifest.reuseOrCompute("decoder", fingerprint: fingerprint, outputs: [decoderFile],
                                           load: { try DiurnalDecoder.load(decoderFile) }) {
            let config = run.config
            let heldOut = Set(config.surrogate.holdOutSites)
            let settings = config.surrogate.settings
            let trainer = DiurnalDecoderTrainer(hidden: config.surrogate.decoderHidden, epochs: config.surrogate.decoderEpochs,
                                                seed: config.seed &+ 101, isHeldOut: { settings.isHeldOut(member: $0) })
            let start = Date()
            let decoder = trainer.train(steps.filter { !heldOut.contains($0.inputs.site) }, tasks: model.tasks, siteScaling: model.scaling)
            try decoder.save(to: decoderFile)
            let seconds = Date().timeIntervalSince(start)
            try WallTimes(directory).record("\(folder) decoder", sites: run.sites.count, seconds: seconds)
            logger.notice("sub-daily decoder trained in \(ProgressBar.formatDuration(seconds))")
        }
    }

    /// Trains (or reloads) a surrogate of `tasks` in `<folder>/model.ckpt` (the run's surrogate, or
    /// a single-task surrogate for dPL on the same ensembles), resuming from `<folder>/resume.ckpt`
    /// when that state was saved by a training with the same fingerprint.
    public func train(_ data: [SurrogateSiteData], tasks: [FluxTask], folder: String, fingerprint: String) throws -> SurrogateModel {
        let modelFile = directory.file("\(folder)/model.ckpt")
        let manifest = StageManifest(directory, folder: folder)
        return try manifest.reuseOrCompute("model", fingerprint: fingerprint, outputs: [modelFile],
                                           load: { try SurrogateModel.load(modelFile) }) {
            let config = run.config
            let (training, heldOut) = partition(data)
            let trainer = SurrogateTrainer(settings: config.surrogate.settings, tasks: tasks, seed: config.seed)
            let resumeFile = directory.file("\(folder)/resume.ckpt")
            let shape = SurrogateModel(architecture: config.surrogate.settings.architecture, tasks: tasks,
                                       scaling: trainer.scaling(training), seed: config.seed).network.parameters
            var resume: TrainingState?
            if manifest.isCurrent("resume", fingerprint: fingerprint, outputs: [resumeFile]) {
                resume = try TrainingState.read(resumeFile, parameterNames: shape.map(\.name), shapes: shape.map(\.shape))
                logger.notice("resuming the surrogate training after epoch \(resume!.epoch)")
            }
            let start = Date()
            let (model, _) = try trainer.train(training, heldOutSites: heldOut, resume: resume) { _, _, _, state in
                try AtomicFile.write(Self.trainingLog(state.log), to: directory.file("\(folder)/training.csv"))
                try state.write(to: resumeFile, parameterNames: shape.map(\.name))
                try manifest.record("resume", fingerprint: fingerprint)
            }
            let seconds = Date().timeIntervalSince(start)
            try WallTimes(directory).record("\(folder) training", sites: run.sites.count, seconds: seconds)
            try model.save(to: modelFile, metadata: ["mdpl.trainingSites": training.map(\.inputs.site).joined(separator: ",")])
            try manifest.invalidate("resume")
            try? FileManager.default.removeItem(at: resumeFile)
            logger.notice("surrogate of \(tasks.map(\.rawValue).joined(separator: ", ")) trained in \(ProgressBar.formatDuration(seconds)) on \(training.count) sites")
        }
    }

    static func trainingLog(_ rows: [SurrogateEpoch]) -> String {
        var t = TextTable(header: ["epoch", "training_loss", "heldout_members_loss", "heldout_sites_loss", "learning_rate", "seconds"])
        for r in rows {
            t.append(["\(r.epoch)", String(format: "%.5f", r.trainingLoss), String(format: "%.5f", r.heldOutMembersLoss),
                      String(format: "%.5f", r.heldOutSitesLoss), String(format: "%.6f", r.learningRate), String(format: "%.1f", r.seconds)])
        }
        return t.csv
    }

    /// Fidelity on unseen parameter sets (held-out members of training sites) and unseen sites
    /// (held-out sites, all members); writes `surrogate/fidelity.csv` and `surrogate/fidelity.txt`.
    /// With a decoder, the members that also have step ensembles are scored at the model step too.
    public func fidelity(_ model: SurrogateModel, data: [SurrogateSiteData], decoder: DiurnalDecoder? = nil,
                         steps: [StepSiteData] = []) throws -> (unseenParameters: SurrogateFidelity, unseenSites: SurrogateFidelity) {
        let settings = run.config.surrogate.settings
        let (training, heldOut) = partition(data)
        var members = SurrogateFidelity(), sites = SurrogateFidelity()
        for site in training {
            members.add(model: model, site: site, members: (0..<site.ensemble.header.members).filter { settings.isHeldOut(member: $0) })
        }
        for site in heldOut { sites.add(model: model, site: site, members: Array(0..<site.ensemble.header.members)) }
        if let decoder {
            let heldOutCodes = Set(heldOut.map(\.inputs.site))
            for (site, step) in zip(data, steps) {
                let k = step.ensemble.header.members
                if heldOutCodes.contains(site.inputs.site) {
                    sites.addSteps(model: model, decoder: decoder, site: site, steps: step, members: Array(0..<k))
                } else {
                    members.addSteps(model: model, decoder: decoder, site: site, steps: step,
                                     members: (0..<k).filter { settings.isHeldOut(member: $0) })
                }
            }
        }
        var csv = TextTable(header: ["set", "site", "member", "task", "scale", "n", "KGE", "RMSE", "r", "bias", "NSE"])
        for (name, f) in [("unseen-parameters", members), ("unseen-sites", sites)] {
            for r in f.records {
                let s = r.scores
                csv.append([name, r.site, "\(r.member)", r.task.rawValue, r.scale.rawValue, "\(s.count)", String(format: "%.5f", s.kge),
                            String(format: "%.4f", s.rmse), String(format: "%.5f", s.r), String(format: "%.4f", s.bias),
                            String(format: "%.5f", s.nse)])
            }
        }
        try AtomicFile.write(csv.csv, to: directory.file("surrogate/fidelity.csv"))
        try AtomicFile.write(Self.summary(members, sites, tasks: model.tasks), to: directory.file("surrogate/fidelity.txt"))
        return (members, sites)
    }

    /// The ensemble-size experiment: one surrogate per size, trained on the first `size` members of
    /// each training site's ensemble (minus the held-out ones), all scored on the same held-out
    /// members and sites. Writes `surrogate/curve.csv`; returns its text table.
    public func sizeCurve(_ data: [SurrogateSiteData], sizes: [Int]) throws -> TextTable {
        let config = run.config
        let available = data.map(\.ensemble.header.members).min() ?? 0
        guard let largest = sizes.max(), largest <= available else {
            throw ConfigError(file: directory.file("config.yaml").path, key: "ensemble.members", value: "\(available)",
                              "the ensemble-size curve needs at least \(sizes.max() ?? 0) members")
        }
        let (training, heldOut) = partition(data)
        let settings = config.surrogate.settings
        var table = TextTable(header: ["members", "training members", "epochs", "training s", "KGE Qle unseen parameters",
                                       "KGE Qh unseen parameters", "KGE Qle unseen sites", "KGE Qh unseen sites"])
        for size in sizes.sorted() {
            let trainer = SurrogateTrainer(settings: settings, tasks: config.calibration.tasks, seed: config.seed)
            let start = Date()
            let (model, log) = try trainer.train(training, heldOutSites: heldOut, memberLimit: size)
            let seconds = Date().timeIntervalSince(start)
            var members = SurrogateFidelity(), sites = SurrogateFidelity()
            for site in training {
                members.add(model: model, site: site, members: (0..<site.ensemble.header.members).filter { settings.isHeldOut(member: $0) })
            }
            for site in heldOut { sites.add(model: model, site: site, members: Array(0..<min(64, site.ensemble.header.members))) }
            let used = (0..<size).filter { !settings.isHeldOut(member: $0) }.count
            func k(_ f: SurrogateFidelity, _ task: FluxTask) -> String { Format.fixed(f.median(\.kge, task: task, scale: .daily), 3) }
            table.append(["\(size)", "\(used)", "\(log.count)", String(format: "%.0f", seconds), k(members, .Qle), k(members, .Qh),
                          k(sites, .Qle), k(sites, .Qh)])
            try AtomicFile.write(table.csv, to: directory.file("surrogate/curve.csv"))
            logger.notice("ensemble-size curve: \(size) members done")
        }
        return table
    }

    /// `median KGE daily: Qle …, Qh …; 30 min: …`.
    static func medians(_ f: SurrogateFidelity, tasks: [FluxTask]) -> String {
        var parts: [String] = []
        for scale in [TimeScale.daily, .monthly, .native] {
            let values = tasks.map { "\($0.rawValue) \(Format.fixed(f.median(\.kge, task: $0, scale: scale), 3))" }
            if f.records.contains(where: { $0.scale == scale }) {
                parts.append("\(scale == .native ? "30 min" : scale.rawValue): " + values.joined(separator: ", "))
            }
        }
        return "median KGE " + parts.joined(separator: "; ") + "\n"
    }

    /// The fidelity tables as text.
    public static func summary(_ members: SurrogateFidelity, _ sites: SurrogateFidelity, tasks: [FluxTask]) -> String {
        var out = "Surrogate vs land model on parameter sets never seen in training (held-out members of training sites)\n"
        out += members.table(tasks: tasks).text
        out += medians(members, tasks: tasks) + "\n"
        if !sites.records.isEmpty {
            out += "Surrogate vs land model on sites never seen in training (all members)\n" + sites.table(tasks: tasks).text
            out += medians(sites, tasks: tasks) + "\n"
        }
        out += "worst members (daily KGE):\n"
        for r in (members.worst(5) + sites.worst(5)).sorted(by: { $0.scores.kge < $1.scores.kge }).prefix(8) where r.scale == .daily {
            out += "  \(r.site) member \(r.member) \(r.task.rawValue): KGE \(Format.fixed(r.scores.kge, 3)), RMSE \(Format.fixed(r.scores.rmse, 2)), bias \(Format.fixed(r.scores.bias, 2))\n"
        }
        return out
    }
}
