using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Ingestion;

/// <summary>The answer to an ingestion request: an HTTP status and its JSON body.</summary>
internal sealed record IngestResult(int Status, JsonObject Body)
{
    public static IngestResult Error(int status, string message, IReadOnlyList<IngestProblem>? problems = null)
    {
        var body = new JsonObject { ["error"] = message };
        if (problems is { Count: > 0 })
            body["records"] = new JsonArray(problems.Select(p => (JsonNode)new JsonObject { ["index"] = p.Index, ["problem"] = p.Problem }).ToArray());
        return new IngestResult(status, body);
    }
}
