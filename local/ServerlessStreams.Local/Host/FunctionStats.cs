namespace ServerlessStreams.Local.Host;

/// <summary>Live counters of one function, updated by its trigger loop and read by the status line.</summary>
internal sealed class FunctionStats(string functionName, string trigger)
{
    private long _records;
    private long _invocations;
    private long _failures;
    private long _lost;
    private long _lag = -1;
    private long _buffered;
    private string? _lastError;
    private IReadOnlyList<int>? _assigned;

    public string FunctionName { get; } = functionName;

    /// <summary><c>kafka</c> or <c>timer</c>.</summary>
    public string Trigger { get; } = trigger;

    internal void Succeeded(int records)
    {
        Interlocked.Add(ref _records, records);
        Interlocked.Increment(ref _invocations);
    }

    internal void Failed(string error)
    {
        Interlocked.Increment(ref _failures);
        Volatile.Write(ref _lastError, error);
    }

    /// <summary>Records the broker deleted before they were read: never delivered, so never processed.</summary>
    internal void Lost(long records, string error)
    {
        Interlocked.Add(ref _lost, records);
        Volatile.Write(ref _lastError, error);
    }

    /// <summary>Records not yet read from the broker, as the consumer last said.</summary>
    internal void ReportLag(long? lag) => Interlocked.Exchange(ref _lag, lag ?? -1);

    /// <summary>The partitions the function's consumer holds, as it last said.</summary>
    internal void ReportAssignment(IReadOnlyList<int> partitions) => Volatile.Write(ref _assigned, partitions);

    /// <summary>Records read but not yet delivered: they count as lag too.</summary>
    internal void Buffered(int change) => Interlocked.Add(ref _buffered, change);

    public FunctionSummary Snapshot()
    {
        var lag = Interlocked.Read(ref _lag);
        return new FunctionSummary(
            FunctionName,
            Trigger,
            Interlocked.Read(ref _records),
            Interlocked.Read(ref _invocations),
            Interlocked.Read(ref _failures),
            lag < 0 ? null : lag + Interlocked.Read(ref _buffered),
            Volatile.Read(ref _lastError),
            Volatile.Read(ref _assigned),
            Interlocked.Read(ref _lost));
    }
}
