using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>The body the Functions host POSTs to <c>/{functionName}</c>: <c>{"Data": {...}, "Metadata": {...}}</c>.</summary>
public sealed record InvocationPayload(JsonObject Data, JsonObject Metadata)
{
    public string ToJsonString() =>
        new JsonObject
        {
            ["Data"] = Data.DeepClone(),
            ["Metadata"] = Metadata.DeepClone(),
        }.ToJsonString();
}
