using System.Globalization;
using ServerlessStreams.Durable.Storage.Counters;

namespace ServerlessStreams.Bench.Scale;

/// <summary>What one round measured.</summary>
/// <param name="Records">Records the throughput is measured over.</param>
/// <param name="Seconds">From producing the first of them until the windows held every record exactly.</param>
/// <param name="StartSeconds">From producing the first until the first batch was delivered.</param>
/// <param name="Bare">The plain consumer's records and seconds; null when not compared (a store whose speed is not Azure's).</param>
/// <param name="AllRecords">Every record of the round's measured span (joins included), which the store counters cover.</param>
/// <param name="Settled">Store counters while every consumer group was settled.</param>
/// <param name="Rebalancing">Store counters around rebalances (instances joining).</param>
internal sealed record ScaleResult(
    string Job, string Store, int Instances, int Records, double Seconds, double StartSeconds, BareRate? Bare,
    int AllRecords, StoreCounts Settled, StoreCounts Rebalancing, string? Problem = null)
{
    public bool Exact => Problem is null;

    public double RecordsPerSecond => Records / Seconds;

    public double? BareRecordsPerSecond => Bare?.RecordsPerSecond;

    public double? Ratio => Bare is { } bare ? RecordsPerSecond / bare.RecordsPerSecond : null;

    public StoreCounts Total => Settled + Rebalancing;

    public double TransactionsPerThousand => Total.Transactions * 1000.0 / AllRecords;

    public double? ConflictsPerTransaction(StoreCounts counts) =>
        counts.Transactions + counts.Conflicts == 0 ? null : (double)counts.Conflicts / Math.Max(1, counts.Transactions);

    public static ScaleResult Failed(string job, string store, int instances, string problem) =>
        new(job, store, instances, 0, double.NaN, double.NaN, null, 0, default, default, problem);

    public static string Format(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}

/// <summary>The plain consumer: records read, seconds from joining its group until the last, and until the first.</summary>
internal sealed record BareRate(int Records, double Seconds, double StartSeconds)
{
    public double RecordsPerSecond => Records / Seconds;
}
