using System.Text.Json;

namespace ServerlessStreams.Functions.Ingestion;

/// <summary>One record of a request body: its index in the request and its JSON, as the bytes the client sent.</summary>
internal readonly record struct IngestRecord(int Index, ReadOnlyMemory<byte> Json);

/// <summary>A problem with one record (or with the body, at the index where reading stopped).</summary>
internal sealed record IngestProblem(int Index, string Problem);

/// <summary>
/// Splits a body into records without re-encoding them: a record's value stays the client's UTF-8 bytes. A JSON body
/// is one object or an array of values (each checked later); NDJSON is one value per non-blank line.
/// </summary>
internal static class IngestBody
{
    public static IReadOnlyList<IngestRecord> Split(ReadOnlyMemory<byte> body, IngestFormat format, out IngestProblem? problem) =>
        format == IngestFormat.Json ? SplitJson(body, out problem) : SplitLines(body, out problem);

    private static List<IngestRecord> SplitJson(ReadOnlyMemory<byte> body, out IngestProblem? problem)
    {
        problem = null;
        var records = new List<IngestRecord>();
        if (Trim(body).IsEmpty)
        {
            problem = new IngestProblem(0, "the body is empty");
            return records;
        }
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                records.Add(new IngestRecord(0, body[start..(int)reader.BytesConsumed]));
            }
            else
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    records.Add(new IngestRecord(records.Count, body[start..(int)reader.BytesConsumed]));
                }
            }
            if (reader.Read()) problem = new IngestProblem(records.Count, "the body has more than one JSON value; send an array or NDJSON");
        }
        catch (JsonException e)
        {
            problem = new IngestProblem(records.Count, $"not JSON: {FirstSentence(e.Message)}");
        }
        return records;
    }

    private static List<IngestRecord> SplitLines(ReadOnlyMemory<byte> body, out IngestProblem? problem)
    {
        problem = null;
        var records = new List<IngestRecord>();
        var rest = body;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            var trimmed = Trim(line);
            if (!trimmed.IsEmpty) records.Add(new IngestRecord(records.Count, trimmed));
        }
        if (records.Count == 0) problem = new IngestProblem(0, "the body holds no records");
        return records;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        int start = 0, end = span.Length;
        while (start < end && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') end--;
        return line[start..end];
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
