using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// An invocation's body parsed as one document. A body of known length (the host always sends one) is read into a
/// single pooled buffer and parsed where it lies, rather than copied into buffers that grow as it arrives; the
/// buffer goes back to the pool with the document. Large strings under <c>Data</c> (Kafka batches) are left out of
/// the document and handed over as they are (<see cref="UnparsedDataStrings"/>).
/// </summary>
internal sealed class InvocationBody : IDisposable
{
    private static readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>> NoneUnparsed =
        new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.OrdinalIgnoreCase);

    private byte[]? _rented;
    private byte[]? _rentedDocument;

    private InvocationBody(JsonDocument document, byte[]? rented, byte[]? rentedDocument = null,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? unparsed = null)
    {
        Document = document;
        _rented = rented;
        _rentedDocument = rentedDocument;
        UnparsedData = unparsed ?? NoneUnparsed;
    }

    public JsonDocument Document { get; }

    /// <summary>The escaped contents of the strings under <c>Data</c> that the document holds as empty strings.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> UnparsedData { get; }

    /// <summary>The request for a handler; valid until this body is disposed.</summary>
    public InvocationRequest Borrow(string functionName, string invocationId) =>
        InvocationRequest.Borrow(functionName, invocationId, Document.RootElement, UnparsedData);

    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static async Task<InvocationBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not { } length || length <= 0 || length > Array.MaxLength)
        {
            return new InvocationBody(await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false), null);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var count = await request.Body.ReadAsync(buffer.AsMemory(read, (int)length - read), cancellationToken).ConfigureAwait(false);
                if (count == 0) break;
                read += count;
            }
            return Parse(buffer, read, UnparsedDataStrings.DefaultMinLength);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Parses the first <paramref name="length"/> bytes of a pooled buffer, which the body then owns.</summary>
    internal static InvocationBody Parse(byte[] rented, int length, int minUnparsedLength)
    {
        var body = rented.AsMemory(0, length);
        var found = UnparsedDataStrings.Find(body.Span, minUnparsedLength);
        if (found.Count > 0 && TryParseWithout(body, found) is { } parsed)
        {
            var (document, compact) = parsed;
            var unparsed = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.OrdinalIgnoreCase);
            foreach (var text in found) unparsed[text.Name] = body.Slice(text.Start, text.Length);
            return new InvocationBody(document, rented, compact, unparsed);
        }
        return new InvocationBody(JsonDocument.Parse(body), rented);
    }

    /// <summary>
    /// The body parsed with the found strings' contents cut out; null when that is not JSON, so the whole body is
    /// parsed and its own error reported.
    /// </summary>
    private static (JsonDocument Document, byte[] Compact)? TryParseWithout(ReadOnlyMemory<byte> body, List<UnparsedDataStrings.Found> found)
    {
        var cut = 0;
        foreach (var text in found) cut += text.Length;
        var compact = ArrayPool<byte>.Shared.Rent(body.Length - cut);
        var written = 0;
        var from = 0;
        foreach (var text in found)
        {
            body.Span[from..text.Start].CopyTo(compact.AsSpan(written));
            written += text.Start - from;
            from = text.Start + text.Length;
        }
        body.Span[from..].CopyTo(compact.AsSpan(written));
        written += body.Length - from;
        try
        {
            return (JsonDocument.Parse(compact.AsMemory(0, written)), compact);
        }
        catch (JsonException)
        {
            ArrayPool<byte>.Shared.Return(compact);
            return null;
        }
    }

    public void Dispose()
    {
        Document.Dispose();
        if (Interlocked.Exchange(ref _rented, null) is { } rented) ArrayPool<byte>.Shared.Return(rented);
        if (Interlocked.Exchange(ref _rentedDocument, null) is { } compact) ArrayPool<byte>.Shared.Return(compact);
    }
}
