namespace ServerlessStreams.Local.Host;

/// <summary>What the local trigger host did: per function counters and how long it ran.</summary>
internal sealed record LocalHostSummary(IReadOnlyList<FunctionSummary> Functions, TimeSpan Elapsed)
{
    public FunctionSummary this[string functionName] =>
        Functions.FirstOrDefault(f => string.Equals(f.FunctionName, functionName, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"the local host ran no function '{functionName}'");

    public long RecordsDelivered => Functions.Sum(f => f.RecordsDelivered);

    public long Failures => Functions.Sum(f => f.Failures);

    /// <summary>One line for a console: records per second overall, then each function.</summary>
    public string StatusLine()
    {
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        return $"{RecordsDelivered} records ({RecordsDelivered / seconds:0}/s) | " + string.Join(" | ", Functions);
    }
}
