using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using System.Text.RegularExpressions;
using ServerlessStreams.Bench.Scale;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Local;
using ServerlessStreams.Local.Cli;
using ServerlessStreams.Testing;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>
/// <c>chaos</c>: the chaos job end to end in real processes — Kafka, Azurite, local hosts and their workers — while
/// workers and hosts are killed with kill -9, instances join and leave, Azurite and a broker go down and come back.
/// Then every window entity and view is compared with an oracle computed from the input, and every dead letter and
/// late record with what the input must give. Exit code 0 only when nothing was lost or counted twice.
/// </summary>
internal static partial class ChaosBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ChaosOptions.Parse(args);
        // Ctrl+C or SIGTERM ends the run through Environment.Exit, whose exit handlers stop every process it started.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Environment.Exit(130));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Environment.Exit(143));
        var job = ChaosJob.Load();
        var random = new Random(options.Seed);
        var input = ChaosInput.Generate(options.Seed, options.Records, new HostileLimits(MaxMessageBytes: HostileLimits.KafkaMessageBytes));
        var faults = FaultPlan.Draw(random, options.Production, new FaultCounts(options.WorkerKills, options.HostKills, options.Outage));
        Console.WriteLine($"chaos: seed {options.Seed}; {input.Count:N0} records at {options.RecordsPerSecond:N0}/s on {ChaosOptions.Partitions} partitions; " +
                          $"{faults.Count} faults over {options.Production.TotalSeconds:F0} s (repeat with --seed {options.Seed})");

        var work = Directory.CreateTempSubdirectory("serverlessstreams-chaos-").FullName;
        var clock = Stopwatch.StartNew();
        try
        {
            var jobPath = Path.Combine(work, "job.json");
            await File.WriteAllTextAsync(jobPath, ChaosJob.Json());
            var topics = JobTopics.Of(job).DistinctBy(t => t.Name).Select(t => (t.Name, t.Partitions ?? ChaosOptions.Partitions));
            await using var cluster = await ChaosCluster.StartAsync(AppDll(), jobPath, work, topics, clock);
            await cluster.StartHostAsync(0);
            using var commits = new JobCommits(job, cluster.BootstrapServers);
            var producer = new ChaosProducer(cluster.BootstrapServers, ChaosJob.Input);
            var done = 0;
            var lag = "lag 0";
            var progress = new ProgressLine();
            progress.Show(() => $"produced {producer.Produced:N0}/{input.Count:N0}  faults {Volatile.Read(ref done)}/{faults.Count}  " +
                                $"instances {cluster.RunningSlots.Count}  {Volatile.Read(ref lag)}");

            using var stopWatching = new CancellationTokenSource();
            var watching = WatchLagAsync(job, cluster.BootstrapServers, value => Volatile.Write(ref lag, value), stopWatching.Token);
            var producing = producer.ProduceAsync(input, options.RecordsPerSecond);
            await foreach (var fault in Strike(faults, clock))
            {
                var started = clock.Elapsed;
                var what = await DoAsync(cluster, fault, random);
                Interlocked.Increment(ref done);
                progress.WriteLine($"{started.TotalSeconds,6:F1} s  {what}; back in {(clock.Elapsed - started).TotalSeconds:F1} s");
            }
            var produced = await producing;

            var drained = Stopwatch.StartNew();
            while (!await AllCommittedAsync(commits))
            {
                if (drained.Elapsed > options.DrainTimeout)
                    throw new TimeoutException($"the job did not commit every topic to its end within {options.DrainTimeout.TotalMinutes:F0} minutes after the faults");
                await Task.Delay(500);
            }
            await stopWatching.CancelAsync();
            await watching;

            var mismatches = new List<string>();
            var deadLetters = ChaosReadback.Letters(cluster.BootstrapServers, ChaosJob.DeadLetters);
            var late = ChaosReadback.Letters(cluster.BootstrapServers, ChaosJob.Late);
            mismatches.AddRange(ChaosVerdict.Letters(produced, ChaosJob.Input, deadLetters, late));
            var lateAt = late.Select(l => (l.Partition, l.Offset)).ToHashSet();
            var wentLate = new HashSet<ChaosRecord>(produced.Where(p => lateAt.Contains((p.Partition, p.Offset))).Select(p => p.Record), ReferenceEqualityComparer.Instance);
            var expected = ChaosOracle.Expected(input, wentLate.Contains);
            var keys = expected.Keys.Select(k => (k.Window, k.Key)).Distinct().ToList();
            var entities = await ChaosReadback.EntitiesAsync(job, cluster.StorageConnectionString, keys);
            mismatches.AddRange(ChaosVerdict.Extents("entity", expected, entities));
            var views = await SettledViewsAsync(cluster.StorageConnectionString, expected, TimeSpan.FromMinutes(2));
            mismatches.AddRange(ChaosVerdict.Extents("view", expected, views));
            await progress.DisposeAsync();
            if (Environment.GetEnvironmentVariable("CHAOS_LOGS") is { } logs)
            {
                Directory.CreateDirectory(logs);
                foreach (var (host, i) in cluster.AllHosts.Select((h, i) => (h, i))) await File.WriteAllLinesAsync(Path.Combine(logs, $"{host.Name.Replace(' ', '-')}-{i}.log"),
                    host.Lines("").Select(l => $"{l.At.TotalSeconds,7:F1} {l.Line}"));
            }

            var tallied = entities.Where(e => e.Key.Window == "count-fixed").Sum(e => (long)e.Value);
            var absorbed = input.Count(r => r.Duplicate && r.Record.Expect == HostileExpectation.Processed);
            var deadCount = deadLetters.Select(l => (l.Topic, l.Partition, l.Offset)).Distinct().Count();
            var lateCount = late.Select(l => (l.Topic, l.Partition, l.Offset)).Distinct().Count();
            var processed = tallied + absorbed;
            var balance = processed + deadCount + lateCount == input.Count ? "exact" : $"off by {input.Count - processed - deadCount - lateCount:+#;-#;0}";
            if (balance != "exact") mismatches.Add($"records in {input.Count} ≠ processed {processed} + dead-lettered {deadCount} + late {lateCount}");
            var hosts = cluster.AllHosts.ToList();
            var ended = hosts.SelectMany(h => h.Lines("")).Select(l => InFlight().Match(l.Line)).Where(m => m.Success).ToList();

            Console.WriteLine($"seed: {options.Seed}");
            Console.WriteLine($"records in: {input.Count:N0} ({input.Count(r => r.Duplicate):N0} sent twice, {input.Count(r => r.Record.Kind != "valid"):N0} hostile, out of order by up to 30 minutes)");
            Console.WriteLine($"processed: {processed:N0} ({tallied:N0} counted once each, {absorbed:N0} copies absorbed by the uniqueness key)");
            Console.WriteLine($"dead-lettered: {deadCount:N0} records ({deadLetters.Count:N0} dead letters, copies from batches delivered again included)");
            Console.WriteLine($"late: {lateCount:N0} (of {input.Count(r => r.Record.Expect == HostileExpectation.Late)} records a day behind; the others met no watermark yet and were counted)");
            Console.WriteLine($"records in = processed + dead-lettered + late: {balance}");
            var midBatch = ended.Count(m => m.Groups[2].Value.Split(", ").Any(f => f.StartsWith("stage-", StringComparison.Ordinal) || f.StartsWith("keyed-", StringComparison.Ordinal)));
            var midSweep = ended.Count(m => m.Groups[2].Value.Contains("sweeper", StringComparison.Ordinal));
            Console.WriteLine($"worker kills survived: {cluster.Tally.WorkerKills}; of the {ended.Count} worker endings the hosts saw, {midBatch} cut a batch short, " +
                              $"{midSweep} a sweep (some both), {ended.Count(m => m.Groups[1].Value == "0")} came between invocations");
            Console.WriteLine($"host kills survived: {cluster.Tally.HostKills}");
            Console.WriteLine($"restarts: {cluster.Tally.HostRestarts} hosts, {hosts.Sum(h => h.Lines("worker: process ").Count(l => !l.Line.EndsWith("(start 1)", StringComparison.Ordinal)))} workers");
            Console.WriteLine($"instances joined: {cluster.Tally.Joins}, left: {cluster.Tally.Leaves}");
            Console.WriteLine($"rebalances: {Rebalances(hosts)} (consumer-group assignment changes, over all groups)");
            Console.WriteLine($"outages: Azurite {cluster.Tally.AzuriteOutages} × {options.Outage.TotalSeconds:F0} s, broker {cluster.Tally.BrokerOutages} × {options.Outage.TotalSeconds:F0} s");
            Console.WriteLine($"windows compared: {expected.Count:N0} extents, in the entities and in the views");
            Console.WriteLine($"mismatches: {mismatches.Count}");
            foreach (var mismatch in mismatches.Take(200)) Console.WriteLine("  " + mismatch);
            Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s");
            return mismatches.Count == 0 ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    private static async IAsyncEnumerable<Fault> Strike(IReadOnlyList<Fault> faults, Stopwatch clock)
    {
        foreach (var fault in faults)
        {
            if (fault.At > clock.Elapsed) await Task.Delay(fault.At - clock.Elapsed);
            yield return fault;
        }
    }

    /// <summary>
    /// Reports the records not yet committed (by the first group that lags) every second, until stopped. A read is never
    /// cancelled midway: librdkafka aborts when an admin client is destroyed with a request in flight.
    /// </summary>
    private static async Task WatchLagAsync(ServerlessStreams.Spec.JobSpec job, string bootstrapServers, Action<string> report, CancellationToken stop)
    {
        using var commits = new JobCommits(job, bootstrapServers);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                report(await commits.FirstLagAsync(CancellationToken.None) is { } lag ? $"{lag.Task} lags {lag.Records:N0} on {lag.Topic}" : "lag 0");
            }
            catch (KafkaException)
            {
                // A broker is down for a moment: the line keeps the last lag known.
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Whether every group is at the end of its topic; a broker that does not answer in time means not yet.</summary>
    private static async Task<bool> AllCommittedAsync(JobCommits commits)
    {
        try
        {
            return await commits.AllCommittedAsync();
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    /// <summary>Does the fault and says what it did.</summary>
    private static async Task<string> DoAsync(ChaosCluster cluster, Fault fault, Random random)
    {
        var slot = fault.Slot >= 0 ? fault.Slot : cluster.RunningSlots[random.Next(cluster.RunningSlots.Count)];
        switch (fault.Kind)
        {
            case Fault.KillWorker: await cluster.KillWorkerAsync(slot); break;
            case Fault.KillHost: await cluster.KillHostAsync(slot); break;
            case Fault.Join: await cluster.JoinAsync(slot); break;
            case Fault.LeaveCleanly: await cluster.StopHostAsync(slot, kill: false); break;
            case Fault.LeaveKilled: await cluster.StopHostAsync(slot, kill: true); break;
            case Fault.AzuriteOutage: await cluster.AzuriteOutageAsync(fault.Outage); return $"{fault.Kind} for {fault.Outage.TotalSeconds:F0} s";
            case Fault.BrokerOutage: await cluster.BrokerOutageAsync(fault.Slot, fault.Outage); return $"broker {fault.Slot} down for {fault.Outage.TotalSeconds:F0} s";
            default: throw new InvalidOperationException($"no such fault: {fault.Kind}");
        }
        return $"{fault.Kind}, instance {slot + 1}";
    }

    /// <summary>
    /// The views once they hold the expected extents: their timer triggers write the final state at the first sweep
    /// after the last change. Returns what they hold at the deadline otherwise, so the differences are reported.
    /// </summary>
    private static async Task<Dictionary<ExtentKey, double>> SettledViewsAsync(string storage, IReadOnlyDictionary<ExtentKey, double> expected, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var views = new Dictionary<ExtentKey, double>();
            foreach (var (window, view) in ChaosJob.Views)
                foreach (var (extent, value) in await ChaosReadback.ViewAsync(storage, view, window))
                    views[extent] = value;
            if ((views.Count == expected.Count && expected.All(e => views.TryGetValue(e.Key, out var value) && value == e.Value)) || waited.Elapsed > timeout)
                return views;
            await Task.Delay(1000);
        }
    }

    /// <summary>Assignment changes, per consumer group counted once however many members saw them (changes within 2 s are one).</summary>
    private static int Rebalances(IEnumerable<AppProcess> hosts)
    {
        var changes = hosts.SelectMany(h => h.Lines(HostCommand.AssignedPrefix))
            .Select(l => (l.At, Function: l.Line[HostCommand.AssignedPrefix.Length..].Split(' ')[0]))
            .GroupBy(c => c.Function);
        var rebalances = 0;
        foreach (var group in changes)
        {
            TimeSpan? last = null;
            foreach (var at in group.Select(c => c.At).Order())
            {
                if (last is null || at - last > TimeSpan.FromSeconds(2)) rebalances++;
                last = at;
            }
        }
        return rebalances;
    }

    /// <summary>The built app's assembly, which runs the CLI's commands: the worker path its worker.config.json names.</summary>
    private static string AppDll()
    {
        var folder = FunctionAppFolder.Locate();
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "worker.config.json")));
        return Path.Combine(folder, config.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString()!);
    }

    [GeneratedRegex(@"(\d+) invocations in flight fail \(([^)]*)\)")]
    private static partial Regex InFlight();
}
