using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>A function the worker indexed and loaded: its id for invocations and its bindings as the worker described them.</summary>
internal sealed record WorkerFunction(string Name, string FunctionId, IReadOnlyList<JsonObject> Bindings)
{
    /// <summary>The one binding whose type ends in <c>Trigger</c>.</summary>
    public JsonObject? Trigger => Bindings.SingleOrDefault(b =>
        (b["type"] as JsonValue)?.GetValue<string>().EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);

    public string? TriggerType => (Trigger?["type"] as JsonValue)?.GetValue<string>();

    public string? TriggerName => (Trigger?["name"] as JsonValue)?.GetValue<string>();

    /// <exception cref="InvalidOperationException">A raw binding is not a JSON object.</exception>
    public static WorkerFunction From(RpcFunctionMetadata metadata, string functionId)
    {
        var bindings = new List<JsonObject>();
        foreach (var raw in metadata.RawBindings)
        {
            try
            {
                bindings.Add(JsonNode.Parse(raw) as JsonObject
                    ?? throw new InvalidOperationException($"function '{metadata.Name}': a raw binding is not a JSON object: {raw}"));
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"function '{metadata.Name}': a raw binding is not valid JSON ({e.Message}): {raw}", e);
            }
        }
        return new WorkerFunction(metadata.Name, functionId, bindings);
    }
}
