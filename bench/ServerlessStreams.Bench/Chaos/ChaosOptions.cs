using System.Globalization;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>A chaos run's size and faults: the full run by default, <c>--short</c> for CI.</summary>
internal sealed record ChaosOptions(int Records, int Seed, int RecordsPerSecond, int WorkerKills, int HostKills, TimeSpan Outage, TimeSpan DrainTimeout)
{
    public const int Partitions = 8;

    public static ChaosOptions Parse(string[] args)
    {
        var brief = args.Contains("--short");
        var options = brief
            ? new ChaosOptions(3_000, NewSeed(), 300, 4, 1, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(8))
            : new ChaosOptions(100_000, NewSeed(), 200, 50, 5, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30));
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"{args[i - 1]} takes a whole number");
            options = args[i] switch
            {
                "--short" => options,
                "--records" => options with { Records = Next() },
                "--seed" => options with { Seed = Next() },
                "--rate" => options with { RecordsPerSecond = Math.Max(1, Next()) },
                "--worker-kills" => options with { WorkerKills = Next() },
                "--host-kills" => options with { HostKills = Next() },
                "--outage" => options with { Outage = TimeSpan.FromSeconds(Next()) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }
        return options;
    }

    public TimeSpan Production => TimeSpan.FromSeconds((double)Records / RecordsPerSecond);

    private static int NewSeed() => Random.Shared.Next(1, 1_000_000);
}
