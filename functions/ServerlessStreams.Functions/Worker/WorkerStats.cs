using System.Text.Json;
using ServerlessStreams.Durable.Storage.Counters;
using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// One worker's counters since it started, as its <c>stats</c> function answers them: the window store's
/// (transactions, rows written, conflicts…) and the stream metrics' totals (records in and out, batches, late records,
/// dead letters, windows fired…). Subtract two to measure what happened between them.
/// </summary>
internal sealed record WorkerStats(string Job, StoreCounts Store, MetricsSnapshot Stream)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <exception cref="JsonException">The text is not a stats answer.</exception>
    public static WorkerStats Parse(string json) =>
        JsonSerializer.Deserialize<WorkerStats>(json, Options) ?? throw new JsonException("the stats answer is null");
}
