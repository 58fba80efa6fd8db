using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>One invocation as the Functions host POSTs it to <c>/{functionName}</c>.</summary>
public sealed class InvocationRequest
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    private static readonly IReadOnlyDictionary<string, JsonElement> None =
        new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);

    private IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? _unparsed;

    public required string FunctionName { get; init; }

    /// <summary>From the <c>X-Azure-Functions-InvocationId</c> header; empty when the caller sent none.</summary>
    public string InvocationId { get; init; } = string.Empty;

    /// <summary>Trigger and input binding values by binding name (case-insensitive, as the host treats them).</summary>
    public IReadOnlyDictionary<string, JsonElement> Data { get; init; } = None;

    /// <summary>Trigger metadata: <c>sys</c>, Kafka's <c>OffsetArray</c> and friends, <c>RetryContext</c> when retrying.</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = None;

    /// <summary>Reads <c>{"Data": {...}, "Metadata": {...}}</c>; either part may be absent.</summary>
    /// <exception cref="InvalidPayloadException">The body is not an object or its parts are not objects.</exception>
    public static InvocationRequest Parse(string functionName, string invocationId, JsonElement body) =>
        Read(functionName, invocationId, body, copy: true);

    /// <summary>
    /// As <see cref="Parse"/>, but the values stay in <paramref name="body"/>'s document instead of being copied out
    /// (a Kafka batch is hundreds of kilobytes): the request is valid only while that document is not disposed.
    /// </summary>
    public static InvocationRequest Borrow(string functionName, string invocationId, JsonElement body) =>
        Read(functionName, invocationId, body, copy: false);

    /// <summary>
    /// As <see cref="Borrow(string, string, JsonElement)"/> for a body parsed without some large strings under
    /// <c>Data</c> (<paramref name="unparsedData"/>: their escaped contents, by name; the document holds empty strings
    /// in their place). <see cref="Data"/> parses such a string when it is first read.
    /// </summary>
    internal static InvocationRequest Borrow(string functionName, string invocationId, JsonElement body,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> unparsedData)
    {
        var request = Read(functionName, invocationId, body, copy: false);
        if (unparsedData.Count == 0) return request;
        return new InvocationRequest
        {
            FunctionName = request.FunctionName,
            InvocationId = request.InvocationId,
            Data = new DataWithUnparsedStrings(request.Data, unparsedData),
            Metadata = request.Metadata,
            _unparsed = unparsedData,
        };
    }

    /// <summary>
    /// The contents of <c>Data.&lt;name&gt;</c>, still escaped and without quotes, when the body was parsed without
    /// that string; its reader must validate what it reads, or read <see cref="Data"/>, which does.
    /// </summary>
    public bool TryGetUnparsedString(string name, out ReadOnlyMemory<byte> escapedContents)
    {
        escapedContents = default;
        return _unparsed is not null && _unparsed.TryGetValue(name, out escapedContents);
    }

    /// <summary>A copy that no longer depends on the document a borrowed request reads from.</summary>
    public InvocationRequest Detach() => new()
    {
        FunctionName = FunctionName,
        InvocationId = InvocationId,
        Data = Data.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.OrdinalIgnoreCase),
        Metadata = Metadata.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.OrdinalIgnoreCase),
    };

    private static InvocationRequest Read(string functionName, string invocationId, JsonElement body, bool copy)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidPayloadException("$", $"an invocation body must be a JSON object {{\"Data\", \"Metadata\"}}, found {JsonLookup.Describe(body)}");
        }
        return new InvocationRequest
        {
            FunctionName = functionName,
            InvocationId = invocationId,
            Data = ReadSection(body, "Data", copy),
            Metadata = ReadSection(body, "Metadata", copy),
        };
    }

    private static IReadOnlyDictionary<string, JsonElement> ReadSection(JsonElement body, string name, bool copy)
    {
        if (!JsonLookup.TryGet(body, name, out var section) || section.ValueKind == JsonValueKind.Null)
        {
            return None;
        }
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidPayloadException(name, $"expected an object, found {JsonLookup.Describe(section)}");
        }
        var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in section.EnumerateObject())
        {
            result[property.Name] = copy ? property.Value.Clone() : property.Value;
        }
        return result;
    }
}
