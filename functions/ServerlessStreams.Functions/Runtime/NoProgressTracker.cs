namespace ServerlessStreams.Functions.Runtime;

/// <summary>A tracker with no watermark: nothing is late and no watermark trigger fires (for runs without time).</summary>
internal sealed class NoProgressTracker : IProgressTracker
{
    public Task<double?> WatermarkAsync(string task, CancellationToken ct) => Task.FromResult<double?>(null);

    public Task ReportAsync(string task, IReadOnlyDictionary<(string Topic, int Partition), double> maxEventTimes, CancellationToken ct) =>
        Task.CompletedTask;

    public Task ReportRepartitionedAsync(string task, string internalTopic,
        IReadOnlyDictionary<(string Topic, int Partition, int Via), double> maxEventTimes, CancellationToken ct) => Task.CompletedTask;
}
