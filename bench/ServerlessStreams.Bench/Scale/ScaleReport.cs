using System.Globalization;
using System.Text;

namespace ServerlessStreams.Bench.Scale;

/// <summary>The results table, the ratios against the targets, and how throughput moved with instances.</summary>
internal static class ScaleReport
{
    public const double RatioTarget = 0.25;
    public const double ConflictTarget = 0.01;

    public static string Round(ScaleResult r)
    {
        if (!r.Exact) return $"{r.Job} ×{r.Instances} {r.Store}: NOT EXACT: {r.Problem}";
        var bare = r.Bare is { } b
            ? string.Create(CultureInfo.InvariantCulture,
                $", plain consumer {b.Seconds:F2} s = {b.RecordsPerSecond:N0} records/s (first record after {b.StartSeconds:F2} s), ratio {r.Ratio:F3}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Job} ×{r.Instances} {r.Store}: {r.Records:N0} records in {r.Seconds:F2} s = {r.RecordsPerSecond:N0} records/s (first batch after {r.StartSeconds:F2} s){bare}; ") +
            string.Create(CultureInfo.InvariantCulture,
            $"{r.Total.Transactions:N0} transactions ({r.TransactionsPerThousand:F1} per 1,000 records, {r.Total.RowsWritten * 1000.0 / r.AllRecords:F0} rows written), " +
            $"{r.Settled.Conflicts:N0} conflicts in {r.Settled.Transactions:N0} transactions while settled, " +
            $"{r.Rebalancing.Conflicts:N0} in {r.Rebalancing.Transactions:N0} around rebalances; exact");
    }

    public static string Table(IReadOnlyList<ScaleResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| job | store | instances | records/s | plain consumer records/s | ratio | transactions per 1,000 records | conflicts per transaction, settled | conflicts per transaction, rebalancing | exact |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Job} | {r.Store} | {r.Instances} | {ScaleResult.Format(r.RecordsPerSecond, "N0")} | {ScaleResult.Format(r.BareRecordsPerSecond, "N0")} | " +
                $"{ScaleResult.Format(r.Ratio, "F3")} | {ScaleResult.Format(r.Exact ? r.TransactionsPerThousand : null, "F1")} | " +
                $"{ScaleResult.Format(r.ConflictsPerTransaction(r.Settled), "F3")} | {ScaleResult.Format(r.ConflictsPerTransaction(r.Rebalancing), "F3")} | {(r.Exact ? "yes" : "NO")} |"));
        }
        return text.ToString();
    }

    public static IEnumerable<string> Summary(IReadOnlyList<ScaleResult> results)
    {
        foreach (var job in results.Where(r => r.Exact && r.Ratio is not null).GroupBy(r => r.Job))
        {
            var ratios = string.Join(", ", job.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Ratio:F3} with {r.Instances}")));
            var one = job.FirstOrDefault(r => r.Instances == 1);
            var growth = one is null ? "" : "; records/s against 1 instance: " + string.Join(", ", job.Where(r => r.Instances != 1)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"×{r.RecordsPerSecond / one.RecordsPerSecond:F2} with {r.Instances}")));
            yield return $"{job.Key}, pipeline/plain-consumer ratio: {ratios}{growth}";
        }
        var settled = results.Where(r => r.Exact).Select(r => (r, Value: r.ConflictsPerTransaction(r.Settled))).Where(x => x.Value is not null).ToList();
        if (settled.Count > 0)
        {
            var worst = settled.MaxBy(x => x.Value)!;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"conflicts per transaction while settled: at most {worst.Value:F3} ({worst.r.Job} ×{worst.r.Instances} {worst.r.Store}); target ≤ {ConflictTarget}: {(worst.Value <= ConflictTarget ? "met" : "missed")}");
        }
        foreach (var r in results.Where(r => r.Exact && r.Job == "election" && r.Ratio is not null))
            yield return string.Create(CultureInfo.InvariantCulture,
                $"election ×{r.Instances}: ratio {r.Ratio:F3}, target ≥ {RatioTarget}: {(r.Ratio >= RatioTarget ? "met" : "missed")}");
        var inexact = results.Count(r => !r.Exact);
        yield return inexact == 0 ? "every round exact" : $"{inexact} round(s) NOT EXACT";
    }
}
