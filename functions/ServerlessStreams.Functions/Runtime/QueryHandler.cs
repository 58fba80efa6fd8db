using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// <c>GET /api/jobs/{job}/windows/{window}/keys/{key}[?extent=N]</c>: the current state of a window for one key.
/// The key is JSON (<c>"Alice"</c>, <c>null</c>, <c>["a",1]</c>) or, when it is not valid JSON, a plain string.
/// </summary>
public sealed class QueryHandler(string jobName, WindowQuery query) : IInvocationHandler
{
    public async Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        if (!request.Data.TryGetValue("req", out var req) || req.ValueKind != JsonValueKind.Object)
            return Error(400, "the request has no Data.req object");
        var parameters = Property(req, "Params");
        var job = Text(parameters, "job");
        var window = Text(parameters, "window");
        var key = Text(parameters, "key");
        if (job is null || window is null || key is null) return Error(400, "the route needs job, window and key");
        if (job != jobName) return Error(404, $"this app runs job '{jobName}', not '{job}'");

        long? extent = null;
        if (Text(Property(req, "Query"), "extent") is { } extentText)
        {
            if (!long.TryParse(extentText, out var parsed)) return Error(400, $"extent '{extentText}' is not an integer");
            extent = parsed;
        }

        var result = await query.QueryAsync(window, ParseKey(Uri.UnescapeDataString(key)), extent, cancellationToken);
        return result is null ? Error(404, $"job '{jobName}' has no window '{window}'") : InvocationResult.HttpJson(200, result);
    }

    public static GroupKey ParseKey(string key)
    {
        try
        {
            return GroupKey.From(JsonNode.Parse(key));
        }
        catch (JsonException)
        {
            return GroupKey.From(JsonValue.Create(key));
        }
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { } e && Property(e, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static InvocationResult Error(int status, string message) =>
        InvocationResult.HttpJson(status, new JsonObject { ["error"] = message });
}
