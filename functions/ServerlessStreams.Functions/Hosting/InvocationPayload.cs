using System.Buffers;
using System.Text;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// The body the Functions host POSTs to <c>/{functionName}</c>, <c>{"Data": {...}, "Metadata": {...}}</c>, as UTF-8
/// JSON. A kafkaTrigger batch's body lives in a pooled buffer: dispose the payload once it has been sent.
/// </summary>
public sealed class InvocationPayload : IDisposable
{
    private readonly int _length;
    private readonly bool _pooled;
    private byte[]? _buffer;

    private InvocationPayload(byte[] buffer, int length, bool pooled)
    {
        _buffer = buffer;
        _length = length;
        _pooled = pooled;
    }

    /// <summary>The body as UTF-8 JSON; valid until the payload is disposed.</summary>
    public ReadOnlyMemory<byte> Utf8Body =>
        (_buffer ?? throw new ObjectDisposedException(nameof(InvocationPayload))).AsMemory(0, _length);

    public static InvocationPayload FromUtf8(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new InvocationPayload(body, body.Length, pooled: false);
    }

    /// <summary>Takes ownership of a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    internal static InvocationPayload FromRented(byte[] buffer, int length) => new(buffer, length, pooled: true);

    public string ToJsonString() => Encoding.UTF8.GetString(Utf8Body.Span);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && _pooled) ArrayPool<byte>.Shared.Return(buffer);
    }
}
