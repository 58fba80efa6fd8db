using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// What a custom handler answers: <c>{"Outputs": {...}, "Logs": [...], "ReturnValue": ...}</c>. The host reads output
/// bindings from <c>Outputs</c> by name (an httpTrigger's response from <c>Outputs.res</c>) and writes <c>Logs</c> to
/// the invocation's log.
/// </summary>
public sealed class InvocationResult
{
    /// <summary>The http output binding name generated function.json files use.</summary>
    public const string HttpOutputName = "res";

    public Dictionary<string, JsonNode?> Outputs { get; init; } = new();

    public List<string> Logs { get; init; } = [];

    public JsonNode? ReturnValue { get; init; }

    public static InvocationResult Empty() => new();

    public static InvocationResult WithLogs(params string[] logs) => new() { Logs = [.. logs] };

    /// <summary>An httpTrigger answer: <c>Outputs.res = {statusCode, body, headers}</c>.</summary>
    public static InvocationResult Http(int statusCode, string body, string contentType = "application/json",
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var headerObject = new JsonObject { ["Content-Type"] = contentType };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            headerObject[name] = value;
        }
        var response = new JsonObject
        {
            ["statusCode"] = statusCode,
            ["body"] = body,
            ["headers"] = headerObject,
        };
        return new InvocationResult { Outputs = { [HttpOutputName] = response } };
    }

    /// <summary>An httpTrigger answer with a JSON body.</summary>
    public static InvocationResult HttpJson(int statusCode, JsonNode body) => Http(statusCode, body.ToJsonString());

    public JsonObject ToJson()
    {
        var outputs = new JsonObject();
        foreach (var (name, value) in Outputs)
        {
            outputs[name] = value?.DeepClone();
        }
        return new JsonObject
        {
            ["Outputs"] = outputs,
            ["Logs"] = new JsonArray(Logs.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            ["ReturnValue"] = ReturnValue?.DeepClone(),
        };
    }
}
