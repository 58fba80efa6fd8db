using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// The host.json settings the local host honours: <c>extensions.kafka</c>'s batch size, retries and commit interval,
/// and <c>extensions.http.routePrefix</c>, under which the HTTP functions' routes are (empty: at the root).
/// </summary>
internal sealed record HostJsonSettings(int MaxBatchSize, int MaxRetries, int AutoCommitIntervalMs, string HttpRoutePrefix = HostJsonSettings.DefaultHttpRoutePrefix)
{
    /// <summary>The Kafka extension's defaults when host.json does not set them.</summary>
    public const int DefaultMaxBatchSize = 64;
    public const int DefaultMaxRetries = 5;
    public const int DefaultAutoCommitIntervalMs = 200;
    /// <summary>The Functions host's route prefix when host.json does not set one.</summary>
    public const string DefaultHttpRoutePrefix = "api";

    private static readonly JsonDocumentOptions Lenient = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="InvalidOperationException">host.json is missing or malformed; the message names the file and property.</exception>
    public static HostJsonSettings Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} does not exist: the local host needs the app's host.json");
        }
        JsonObject host;
        try
        {
            host = JsonNode.Parse(File.ReadAllText(path), documentOptions: Lenient) as JsonObject
                ?? throw new InvalidOperationException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {e.Message}", e);
        }

        var kafka = host["extensions"]?["kafka"] as JsonObject;
        var maxBatchSize = Integer(kafka, "maxBatchSize", path) ?? DefaultMaxBatchSize;
        if (maxBatchSize <= 0)
        {
            throw new InvalidOperationException($"{path}: extensions.kafka.maxBatchSize must be positive, found {maxBatchSize}");
        }
        var maxRetries = Integer(kafka, "maxRetries", path) ?? DefaultMaxRetries;
        var autoCommitInterval = Integer(kafka, "autoCommitIntervalMs", path) ?? DefaultAutoCommitIntervalMs;
        if (autoCommitInterval <= 0)
        {
            throw new InvalidOperationException($"{path}: extensions.kafka.autoCommitIntervalMs must be positive, found {autoCommitInterval}");
        }
        return new HostJsonSettings(maxBatchSize, maxRetries, autoCommitInterval, RoutePrefix(host, path));
    }

    private static string RoutePrefix(JsonObject host, string path)
    {
        var value = host["extensions"]?["http"]?["routePrefix"];
        if (value is null) return DefaultHttpRoutePrefix;
        if (value is JsonValue json && json.GetValueKind() == JsonValueKind.String) return json.GetValue<string>().Trim().Trim('/');
        throw new InvalidOperationException($"{path}: extensions.http.routePrefix must be a string, found {value.ToJsonString()}");
    }

    private static int? Integer(JsonObject? kafka, string name, string path)
    {
        var value = kafka?[name];
        if (value is null) return null;
        if (value is JsonValue json && json.GetValueKind() == JsonValueKind.Number && json.GetValue<JsonElement>().TryGetInt32(out var number))
        {
            return number;
        }
        throw new InvalidOperationException($"{path}: extensions.kafka.{name} must be an integer, found {value.ToJsonString()}");
    }
}
