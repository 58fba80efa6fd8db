using System.Diagnostics;
using System.Globalization;

namespace ServerlessStreams.Bench.Engine;

/// <summary>
/// <c>engine</c>: a windowed count over in-memory segments through the window state machine, against a hand-written
/// Dictionary loop doing the same counting on the same segments, in the same process. Prints both rates and,
/// on the last line, <c>engine/loop ratio: &lt;number&gt;</c> (DESIGN §10 asks for at least 0.5).
/// Options: <c>--segments N</c> (1000000), <c>--keys N</c> (10000), <c>--batch N</c> (500), <c>--threshold N</c> (100),
/// <c>--runs N</c> (7).
/// </summary>
internal static class EngineBenchmark
{
    public static int Run(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null) return 2;

        Console.WriteLine($"engine benchmark: {options.Segments:N0} segments, {options.Keys:N0} keys, fixed 1-minute windows, " +
                          $"count, segment trigger every {options.Threshold}, batches of {options.Batch}, {options.Runs} runs each");
        var workload = EngineWorkload.Create(options.Segments, options.Keys, options.Threshold);
        var engine = new EngineCount(workload, options.Batch);

        // Warm-up: JIT, tiering, and the nodes' first property reads (which build each object's property list) on both sides.
        var loopTotals = DictionaryCount.Run(workload.Segments, options.Threshold);
        var engineTotals = engine.Run();
        if (!Agree(loopTotals, engineTotals)) return 1;

        var loop = new List<Timing>();
        var engineRuns = new List<Timing>();
        for (var run = 0; run < options.Runs; run++)
        {
            loop.Add(Time(() => DictionaryCount.Run(workload.Segments, options.Threshold)));
            engineRuns.Add(Time(engine.Run));
        }

        // Rates use processor time (the run's thread plus the collector's), so other work on a shared machine does
        // not count against either side; wall-clock times are shown too. Each side's median run is reported.
        var loopRate = options.Segments / Median(loop.Select(t => t.Cpu));
        var engineRate = options.Segments / Median(engineRuns.Select(t => t.Cpu));
        Console.WriteLine($"loop:   {Rate(loopRate)} segments/s ({Runs(loop)})");
        Console.WriteLine($"engine: {Rate(engineRate)} segments/s ({Runs(engineRuns)})");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine/loop ratio: {engineRate / loopRate:F3}"));
        return 0;
    }

    /// <summary>Seconds of wall clock and of processor time one run took.</summary>
    private readonly record struct Timing(double Wall, double Cpu);

    private static bool Agree(CountTotals loop, CountTotals engine)
    {
        if (loop == engine)
        {
            Console.WriteLine($"check: both counted {loop.Segments:N0} segments into {loop.Extents:N0} extents and fired {loop.Firings:N0} times");
            return true;
        }
        Console.Error.WriteLine($"the engine and the loop disagree: loop {loop}, engine {engine}");
        return false;
    }

    private static Timing Time(Func<CountTotals> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        run();
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timing(wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Rate(double rate) => rate.ToString("N0", CultureInfo.InvariantCulture);

    private static string Runs(List<Timing> runs) =>
        "median processor time of runs " + string.Join(", ", runs.Select(r => Milliseconds(r.Cpu))) +
        "; wall clock " + string.Join(", ", runs.Select(r => Milliseconds(r.Wall)));

    private static string Milliseconds(double seconds) => (seconds * 1000).ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private sealed record Options(int Segments, int Keys, int Batch, long Threshold, int Runs)
    {
        public static Options? Parse(string[] args)
        {
            var options = new Options(1_000_000, 10_000, 500, 100, 7);
            for (var i = 0; i < args.Length; i++)
            {
                if (i + 1 >= args.Length || !long.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value <= 0)
                {
                    Console.Error.WriteLine($"engine: option '{args[i]}' needs a positive whole number after it");
                    return null;
                }
                switch (args[i++])
                {
                    case "--segments": options = options with { Segments = checked((int)value) }; break;
                    case "--keys": options = options with { Keys = checked((int)value) }; break;
                    case "--batch": options = options with { Batch = checked((int)value) }; break;
                    case "--threshold": options = options with { Threshold = value }; break;
                    case "--runs": options = options with { Runs = checked((int)value) }; break;
                    default:
                        Console.Error.WriteLine($"engine: unknown option '{args[i - 1]}' (known: --segments, --keys, --batch, --threshold, --runs)");
                        return null;
                }
            }
            return options;
        }
    }
}
