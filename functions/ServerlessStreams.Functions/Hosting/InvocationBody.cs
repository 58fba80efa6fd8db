using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// An invocation's body parsed as one document. A body of known length (the host always sends one) is read into a
/// single pooled buffer and parsed where it lies, rather than copied into buffers that grow as it arrives; the
/// buffer goes back to the pool with the document.
/// </summary>
internal sealed class InvocationBody : IDisposable
{
    private byte[]? _rented;

    private InvocationBody(JsonDocument document, byte[]? rented)
    {
        Document = document;
        _rented = rented;
    }

    public JsonDocument Document { get; }

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
            return new InvocationBody(JsonDocument.Parse(buffer.AsMemory(0, read)), buffer);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        Document.Dispose();
        if (Interlocked.Exchange(ref _rented, null) is { } rented) ArrayPool<byte>.Shared.Return(rented);
    }
}
