using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// An httpTrigger's request as the host forwards it without <c>enableForwardingHttpRequest</c>:
/// <c>Data.req = {"Url", "Method", "Query", "Headers", "Params", "Identities", "Body"}</c>, where <c>Query</c> is a
/// JSON string holding an object (older hosts: an object), <c>Headers</c> maps names to arrays of values and
/// <c>Params</c> holds the route values (azure-functions-host <c>HttpRequestExtensions.GetRequestAsJObject</c>).
/// </summary>
public sealed record HttpTriggerRequest(
    string Method,
    string Url,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string? Body)
{
    public static HttpTriggerRequest From(InvocationRequest request, string bindingName = "req")
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Data.TryGetValue(bindingName, out var req))
        {
            throw new InvalidPayloadException($"Data.{bindingName}", $"missing; function '{request.FunctionName}' is not an httpTrigger invocation");
        }
        return Parse(req, $"Data.{bindingName}");
    }

    public static HttpTriggerRequest Parse(JsonElement req, string path = "Data.req")
    {
        if (req.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidPayloadException(path, $"expected the request object, found {JsonLookup.Describe(req)}");
        }
        return new HttpTriggerRequest(
            Text(req, "Method") ?? "GET",
            Text(req, "Url") ?? "",
            Map(req, "Params", path),
            Map(req, "Query", path),
            Map(req, "Headers", path),
            Text(req, "Body"));
    }

    private static string? Text(JsonElement req, string name) =>
        JsonLookup.TryGet(req, name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static IReadOnlyDictionary<string, string> Map(JsonElement req, string name, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!JsonLookup.TryGet(req, name, out var value) || value.ValueKind == JsonValueKind.Null) return result;
        if (value.ValueKind == JsonValueKind.String)
        {
            value = KafkaTriggerPayload.ParseJson(value.GetString()!, $"{path}.{name}", "an object");
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidPayloadException($"{path}.{name}", $"expected an object, found {JsonLookup.Describe(value)}");
        }
        foreach (var property in value.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Array => string.Join(",", property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                JsonValueKind.Null => "",
                _ => property.Value.GetRawText(),
            };
        }
        return result;
    }
}
