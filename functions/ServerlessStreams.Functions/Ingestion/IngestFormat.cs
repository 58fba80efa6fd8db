using Microsoft.Net.Http.Headers;

namespace ServerlessStreams.Functions.Ingestion;

/// <summary>How a request body holds its records: one JSON value (an object or an array of them), or NDJSON.</summary>
internal enum IngestFormat
{
    Json,
    NdJson,
}

internal static class IngestFormats
{
    /// <summary>The format of a <c>Content-Type</c>, or null when it is none the ingestion takes (answered with 415).</summary>
    public static IngestFormat? Of(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)) return null;
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return null;
        var type = media.MediaType.Value ?? "";
        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)) return IngestFormat.Json;
        if (type.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase)) return IngestFormat.NdJson;
        return null;
    }
}
