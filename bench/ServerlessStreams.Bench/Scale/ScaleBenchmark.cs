using System.Globalization;
using ServerlessStreams.Local.Azurite;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// How a job scales with instances, on 8 partitions, with 1, 2 and 4 instances (each a local host and its worker
/// process, in the same consumer groups), for the election sample and for a job with a single hot key. With each
/// worker's in-process store: records/s against a plain consumer of the same records on the same broker, entity
/// transactions per 1,000 records and conflicts per transaction. With a store the instances share (Azurite):
/// instances join while records flow, and conflicts are told apart by whether the groups were settled.
/// Every round checks that its windows, and their views, hold exactly what its records must give.
/// </summary>
internal static class ScaleBenchmark
{
    private static readonly int[] DefaultInstances = [1, 2, 4];

    public static async Task<int> RunAsync(string[] args)
    {
        ScaleOptions options;
        try
        {
            options = ScaleOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"scale: {e.Message}");
            return 2;
        }
        var run = Guid.NewGuid().ToString("N")[..4];
        var workloads = new ScaleWorkload[] { new ElectionWorkload(), new HotKeyWorkload() }
            .Where(w => options.Jobs is null || options.Jobs.Contains(w.Name.Replace(' ', '-'))).ToList();
        var instanceCounts = options.Instances ?? DefaultInstances;
        Console.WriteLine($"scale: {RoundSetup.Partitions} partitions, {string.Join("/", instanceCounts)} instances (each a local host and its worker process); " +
                          $"{Environment.ProcessorCount} cores, load average {LoadAverage()}");

        var results = new List<ScaleResult>();
        using var kafka = EmbeddedKafka.Start();
        using var producer = new RecordProducer(kafka.BootstrapServers);
        await using var progress = new ProgressLine();

        if (options.InProcess)
        {
            progress.WriteLine($"in-process store: measured records produced while the instances run, after a fifth as many to warm up (at least {2 * ThroughputRound.PacedWarmUp:N0}, the first {ThroughputRound.PacedWarmUp:N0} a hundred at a time) and the workers idle again, timed from producing the first " +
                               "until the windows hold every record; the plain consumer reads the same records as in e2e, from joining its group until the last");
            foreach (var workload in workloads)
            {
                var measured = options.Records ?? workload.DefaultRecords;
                var warm = Math.Max(2 * ThroughputRound.PacedWarmUp, measured / 5);
                var records = workload.Records(warm + measured);
                foreach (var count in instanceCounts)
                {
                    var tag = $"{Abbreviation(workload)}{count}m{run}";
                    results.Add(await RoundAsync(workload, count, ThroughputRound.Store, progress, () =>
                        ThroughputRound.RunAsync(kafka, producer, workload, count, records.Take(warm).ToList(), records.Skip(warm).ToList(), tag, progress)));
                }
            }
        }

        if (options.Shared)
        {
            await using var azurite = await AzuriteRunner.StartAsync();
            progress.WriteLine($"shared store (Azurite): instances join one by one while records flow, then {options.Burst:N0} records are timed with all of them");
            foreach (var workload in workloads)
            {
                var stream = workload.Records(options.Burst + 200 * 1000);
                foreach (var count in instanceCounts)
                {
                    var tag = $"{Abbreviation(workload)}{count}t{run}";
                    results.Add(await RoundAsync(workload, count, JoinRound.Store, progress, () =>
                        JoinRound.RunAsync(kafka, producer, azurite.ConnectionString, workload, count, stream, options.Burst, tag, progress)));
                }
            }
        }

        progress.WriteLine("");
        progress.WriteLine(ScaleReport.Table(results));
        foreach (var line in ScaleReport.Summary(results)) progress.WriteLine(line);
        progress.WriteLine($"load average at the end: {LoadAverage()}");
        return results.All(r => r.Exact) ? 0 : 1;
    }

    private static async Task<ScaleResult> RoundAsync(ScaleWorkload workload, int instances, string store, ProgressLine progress, Func<Task<ScaleResult>> round)
    {
        var load = LoadAverage();
        ScaleResult result;
        try
        {
            result = await round();
        }
        catch (Exception e) when (e is InexactException or TimeoutException)
        {
            result = ScaleResult.Failed(workload.Name, store, instances, e.Message);
        }
        progress.WriteLine($"{ScaleReport.Round(result)} (load average {load} before, {LoadAverage()} after)");
        return result;
    }

    private static string Abbreviation(ScaleWorkload workload) => workload is ElectionWorkload ? "el" : "hk";

    /// <summary>The 1-minute load average, as <c>uptime</c> shows it; "?" where there is no /proc/loadavg.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <param name="Records">Measured records per in-process round; null: each job's own default.</param>
    private sealed record ScaleOptions(int? Records, int Burst, bool InProcess, bool Shared, IReadOnlyList<int>? Instances, IReadOnlyList<string>? Jobs)
    {
        /// <summary><c>[records] [--burst N] [--only in-process|azurite] [--instances 1,2,4] [--jobs election,hot-key]</c></summary>
        public static ScaleOptions Parse(string[] args)
        {
            var options = new ScaleOptions(null, 5_000, true, true, null, null);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                options = args[i] switch
                {
                    "--burst" => options with { Burst = Count("--burst", Next()) },
                    "--only" => Next() switch
                    {
                        "in-process" => options with { Shared = false },
                        "azurite" => options with { InProcess = false },
                        var other => throw new ArgumentException($"--only takes in-process or azurite, not {other}"),
                    },
                    "--instances" => options with { Instances = [.. Next().Split(',').Select(n => Count("--instances", n))] },
                    "--jobs" => options with { Jobs = Next().Split(',') },
                    var option when option.StartsWith("--", StringComparison.Ordinal) =>
                        throw new ArgumentException($"unknown option {option} (--burst, --only, --instances, --jobs; the records per round are a bare number)"),
                    var records => options with { Records = Count("records", records) },
                };
            }
            return options;
        }

        private static int Count(string what, string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                ? count
                : throw new ArgumentException($"{what} takes a whole number above 0, not '{text}'");
    }
}
