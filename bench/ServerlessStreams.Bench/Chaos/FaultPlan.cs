namespace ServerlessStreams.Bench.Chaos;

/// <summary>A fault and when, into the run, it strikes.</summary>
internal sealed record Fault(TimeSpan At, string Kind, int Slot = 0, TimeSpan Outage = default)
{
    public const string KillWorker = "kill -9 worker";
    public const string KillHost = "kill -9 host";
    public const string Join = "instance joins";
    public const string LeaveCleanly = "instance leaves (SIGTERM)";
    public const string LeaveKilled = "instance leaves (kill -9)";
    public const string AzuriteOutage = "Azurite down";
    public const string BrokerOutage = "broker down";
}

/// <summary>How many faults of each kind a run does.</summary>
internal sealed record FaultCounts(int WorkerKills, int HostKills, TimeSpan Outage);

/// <summary>
/// The faults of a run, drawn from its seed over the time records are produced: worker and host kills at random
/// moments on random instances, instances 2 and 3 joining and leaving (one cleanly, one by kill -9), Azurite and
/// one broker each down once. Kills aim at instance 1 only while it is the only one running.
/// </summary>
internal static class FaultPlan
{
    public static IReadOnlyList<Fault> Draw(Random random, TimeSpan production, FaultCounts counts)
    {
        TimeSpan At(double from, double to) => production * (from + random.NextDouble() * (to - from));
        var faults = new List<Fault>
        {
            new(At(0.10, 0.20), Fault.Join, Slot: 1),
            new(At(0.25, 0.35), Fault.Join, Slot: 2),
            new(At(0.55, 0.65), Fault.LeaveCleanly, Slot: 1),
            new(At(0.75, 0.85), Fault.LeaveKilled, Slot: 2),
            new(At(0.38, 0.48), Fault.AzuriteOutage, Outage: counts.Outage),
            new(At(0.62, 0.72), Fault.BrokerOutage, Slot: 1 + random.Next(ChaosCluster.Brokers), Outage: counts.Outage),
        };
        for (var i = 0; i < counts.WorkerKills; i++) faults.Add(new(At(0.02, 0.98), Fault.KillWorker, Slot: -1));
        for (var i = 0; i < counts.HostKills; i++) faults.Add(new(At(0.05, 0.95), Fault.KillHost, Slot: -1));
        return [.. faults.OrderBy(f => f.At)];
    }
}
