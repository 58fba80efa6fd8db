using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Local;

/// <summary>The counters of several instances of one app, added up per function.</summary>
internal static class LocalHostSummaries
{
    public static LocalHostSummary Add(IReadOnlyList<LocalHostSummary> summaries)
    {
        if (summaries.Count == 1) return summaries[0];
        var functions = summaries.SelectMany(s => s.Functions)
            .GroupBy(f => f.FunctionName, StringComparer.OrdinalIgnoreCase)
            .Select(g => new FunctionSummary(
                g.Key,
                g.First().Trigger,
                g.Sum(f => f.RecordsDelivered),
                g.Sum(f => f.Invocations),
                g.Sum(f => f.Failures),
                g.All(f => f.Lag is null) ? null : g.Sum(f => f.Lag ?? 0),
                g.Select(f => f.LastError).LastOrDefault(e => e is not null)))
            .ToList();
        return new LocalHostSummary(functions, summaries.Max(s => s.Elapsed));
    }
}
