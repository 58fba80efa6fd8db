using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>A small valid job to change one thing at a time, and shortcuts to load it.</summary>
internal static class SpecJobs
{
    public const string Minimal = """
        {
          "name": "job",
          "workflow": [["in", "fn"], ["fn", "out"]],
          "catalog": [
            {"name": "in", "type": "input", "medium": "kafka", "topic": "in"},
            {"name": "fn", "type": "function", "fn": "identity"},
            {"name": "out", "type": "output", "medium": "kafka", "topic": "out"}
          ],
          "windows": [{"id": "w", "task": "fn", "type": "fixed", "aggregation": "count", "windowKey": "t", "range": "1m"}],
          "triggers": [{"id": "t", "windowId": "w", "on": "watermark"}]
        }
        """;

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The minimal job after <paramref name="change"/>, as JSON text.</summary>
    public static string With(Action<JsonObject> change)
    {
        var job = Parse(Minimal);
        change(job);
        return job.ToJsonString();
    }

    public static JsonObject Task(JsonObject job, int index) => job["catalog"]![index]!.AsObject();

    public static JsonObject Window(JsonObject job, int index = 0) => job["windows"]![index]!.AsObject();

    public static JsonObject Trigger(JsonObject job, int index = 0) => job["triggers"]![index]!.AsObject();

    public static IReadOnlyList<SpecError> Errors(string json, JobRegistry? registry = null) =>
        JobSpecLoader.Load(json, registry ?? JobRegistry.Default).Errors;

    public static JobSpec Load(string json, JobRegistry? registry = null)
    {
        var result = JobSpecLoader.Load(json, registry ?? JobRegistry.Default);
        Assert.True(result.IsValid, "expected a valid job, got: " + string.Join("; ", result.Errors));
        return result.Job;
    }

    /// <summary>Asserts that the document has exactly this one error.</summary>
    public static void AssertOnlyError(string json, string code, string path, string message, JobRegistry? registry = null) =>
        Assert.Equal([new SpecError(code, path, message)], Errors(json, registry));
}
