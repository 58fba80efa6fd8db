using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Local.Cli;

/// <summary><c>run</c>'s default results: every Table view the job's triggers keep, one row per key and extent.</summary>
internal static class ViewPrinter
{
    public static async Task PrintAllAsync(LocalPipeline pipeline, TextWriter output, CancellationToken ct)
    {
        foreach (var trigger in pipeline.Job.Triggers.Where(t => t.Sync?.Table is not null))
        {
            var rows = await pipeline.ReadViewAsync(trigger.Sync!.Table!, trigger.WindowId, ct);
            output.WriteLine($"{trigger.Sync.Table} (window {trigger.WindowId}, trigger {trigger.Id}): {rows.Count} row{(rows.Count == 1 ? "" : "s")}");
            foreach (var row in rows.OfType<JsonObject>().OrderBy(Describe, StringComparer.Ordinal))
                output.WriteLine($"  {Describe(row)}");
        }
    }

    private static string Describe(JsonObject row)
    {
        var key = row["groupKey"]?.ToJsonString() ?? "null";
        var extent = row["lowerBound"] is { } lower ? $" {lower} .. {row["upperBound"]}" : "";
        return $"{key}{extent}  {row["state"]?.ToJsonString() ?? "null"}";
    }
}
