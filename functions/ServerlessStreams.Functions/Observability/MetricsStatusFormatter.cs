using System.Globalization;
using System.Text;

namespace ServerlessStreams.Functions.Observability;

/// <summary>The local host's one-line live status and its closing summary, from metric snapshots.</summary>
internal static class MetricsStatusFormatter
{
    /// <summary>
    /// <c>in 1,200.0 rec/s | out 1,150.5 rec/s | windows fired 42 | late 0 | dead letters 0 | watermark lag 1.5 s</c>:
    /// rates over the interval between the snapshots, counts since start.
    /// </summary>
    public static string StatusLine(MetricsSnapshot current, MetricsSnapshot previous)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"in {current.RecordsInPerSecondSince(previous):N1} rec/s");
        line.Append(CultureInfo.InvariantCulture, $" | out {current.RecordsOutPerSecondSince(previous):N1} rec/s");
        line.Append(CultureInfo.InvariantCulture, $" | windows fired {current.WindowsFired:N0}");
        line.Append(CultureInfo.InvariantCulture, $" | late {current.LateRecords:N0}");
        line.Append(CultureInfo.InvariantCulture, $" | dead letters {current.DeadLetters:N0}");
        if (current.WatermarkLag is { } lag)
        {
            line.Append(" | watermark lag ").Append(Duration(lag));
        }

        return line.ToString();
    }

    /// <summary>A few lines summing up a run from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static string Summary(MetricsSnapshot end, MetricsSnapshot start)
    {
        var elapsed = end.Timestamp - start.Timestamp;
        var summary = new StringBuilder();
        summary.AppendLine(CultureInfo.InvariantCulture, $"records in:       {end.RecordsIn - start.RecordsIn:N0} ({end.RecordsInPerSecondSince(start):N1}/s over {Duration(elapsed)})");
        foreach (var (task, totals) in end.Tasks.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var before = start.Tasks.GetValueOrDefault(task) ?? new TaskTotals();
            summary.AppendLine(CultureInfo.InvariantCulture, $"  {task}: {totals.RecordsIn - before.RecordsIn:N0} in, {totals.RecordsOut - before.RecordsOut:N0} out");
        }

        summary.AppendLine(CultureInfo.InvariantCulture, $"records out:      {end.RecordsOut - start.RecordsOut:N0}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"windows fired:    {end.WindowsFired - start.WindowsFired:N0}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"late records:     {end.LateRecords - start.LateRecords:N0}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"dead letters:     {end.DeadLetters - start.DeadLetters:N0}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"duplicates:       {end.DedupeHits - start.DedupeHits:N0}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"transactions:     {end.EntityTransactions - start.EntityTransactions:N0} ({end.EntityConflicts - start.EntityConflicts:N0} conflicts)");
        summary.Append(CultureInfo.InvariantCulture, $"batches:          {end.Batches - start.Batches:N0}, average {AverageBatch(end, start):N1} ms, slowest {end.BatchMillisecondsMax:N1} ms");
        return summary.ToString();
    }

    internal static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms"),
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.0} min"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalDays:0.0} d"),
    };

    private static double AverageBatch(MetricsSnapshot end, MetricsSnapshot start)
    {
        var batches = end.Batches - start.Batches;
        return batches == 0 ? 0 : (end.BatchMillisecondsTotal - start.BatchMillisecondsTotal) / batches;
    }
}
